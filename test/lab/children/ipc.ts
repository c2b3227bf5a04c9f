// The child side of test/lab/child-process.ts: the parent sends one 'start' with the child's
// parameters, then requests; the child answers each request and may push events. On SIGTERM or
// when the parent's channel closes, the child runs its clean-up and exits.

export type ParentMessage =
  | { kind: 'start'; params: unknown }
  | { kind: 'request'; id: number; method: string; params: unknown };

export type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'event'; event: string; data: unknown }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'failure'; id: number; error: string };

export type Emit = (event: string, data: unknown) => void;

export interface ChildService {
  methods: Record<string, (params: never) => unknown>;
  /** Clean-up before the process exits. */
  stop(): Promise<void>;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

export function serveParent<P>(start: (params: P, emit: Emit) => Promise<ChildService>): void {
  if (!process.send) throw new Error('a lab child must be started with an IPC channel (test/lab/child-process.ts)');
  let service: ChildService | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await service?.stop().catch((error: unknown) => console.error('stop failed:', error));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
  const emit: Emit = (event, data) => send({ kind: 'event', event, data });
  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    if (message.kind === 'start') {
      start(message.params as P, emit).then(
        (started) => {
          service = started;
          send({ kind: 'ready' });
        },
        (error: unknown) => {
          console.error('start failed:', error);
          process.exit(1);
        },
      );
      return;
    }
    const method = service?.methods[message.method] as ((params: unknown) => unknown) | undefined;
    if (!method) {
      send({ kind: 'failure', id: message.id, error: `unknown method ${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => method(message.params))
      .then(
        (value) => send({ kind: 'result', id: message.id, value }),
        (error: unknown) => send({ kind: 'failure', id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}
