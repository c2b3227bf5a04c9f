// The real relay (relay/server.ts) inside a lab namespace. Every frame it sends is streamed to
// the parent (in batches, and on 'flush'), so the relay scan (test/harness/relay-scan.ts) can
// run on what it really forwarded; its log lines go to the parent too. stop/start keep the port.
import { startRelay } from '../../../relay/server';
import type { RelayOptions, RunningRelay } from '../../../relay/server';
import { serveParent } from './ipc';

/** Everything but the hooks, which cannot cross a process boundary. */
export type RelayChildOptions = Omit<RelayOptions, 'logger' | 'onForward'> & { host: string; port: number };

const BATCH_MS = 50;

serveParent<RelayChildOptions>(async (options, emit) => {
  let running: RunningRelay | null = null;
  let port = options.port;
  let batch: Uint8Array[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (batch.length > 0) emit('forwarded', batch);
    batch = [];
  };
  const log = (level: string) => (event: string, fields?: Record<string, unknown>) => emit('log', JSON.stringify({ level, event, ...fields }));
  const start = async () => {
    running = await startRelay({
      ...options,
      port,
      logger: { info: log('info'), warn: log('warn') },
      onForward: (bytes) => {
        batch.push(bytes.slice());
        timer ??= setTimeout(flush, BATCH_MS);
      },
    });
    port = running.port;
    return { port };
  };
  const stop = async () => {
    await running?.close();
    running = null;
    flush();
  };
  await start();
  return {
    methods: {
      port: () => port,
      start,
      stop,
      /** Sends every frame captured so far; its answer arrives after them (one ordered channel). */
      flush: () => (flush(), null),
      metrics: () => running?.metricsText() ?? null,
    },
    stop,
  };
});
