// Supplies window.parley in a plain Chromium page the way preload does in Electron: the same
// createParleyApi (preload/api.ts), with invoke routed through a playwright binding to a real
// main-services instance: in the test process (harness.ts) or in a lab machine's own process
// (test/lab/machine.ts). `invoke` is main's side of one IPC call, dispatchIpc's outcome.
import { build } from 'esbuild';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { IpcOutcome } from '../../protocol/ipc-contract';

const BINDING = '__parleyHarnessInvoke';
let shimSource: Promise<string> | undefined;

function bundleShim(): Promise<string> {
  shimSource ??= build({
    stdin: {
      contents: `import { createParleyApi } from './preload/api';
        const invoke = (channel, args) => window.${BINDING}(channel, args);
        Object.defineProperty(window, 'parley', { value: createParleyApi(invoke), enumerable: true });`,
      resolveDir: path.resolve(import.meta.dirname, '..', '..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  }).then((result) => result.outputFiles[0]!.text);
  return shimSource;
}

export type MainInvoke = (channel: unknown, args: unknown) => Promise<IpcOutcome<unknown>>;

/** Every IPC call a page made, for tests that assert what crossed the boundary. */
export interface IpcRecord {
  channel: unknown;
  args: unknown;
}

/**
 * `delays` (channel -> ms) makes main answer those channels only after a pause: a test's way to
 * make one page slow at one step (e.g. accepting handshakes) and so force an ordering of events.
 */
export async function installPreloadShim(page: Page, invoke: MainInvoke, log: IpcRecord[], delays: ReadonlyMap<string, number> = new Map()): Promise<void> {
  await page.exposeBinding(BINDING, async (_source, channel: unknown, args: unknown) => {
    log.push({ channel, args });
    const delay = typeof channel === 'string' ? delays.get(channel) : undefined;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    return invoke(channel, args);
  });
  await page.addInitScript({ content: await bundleShim() });
}

/** What the harness records about a page: errors, IPC calls, and the per-channel delays a test sets. */
export interface PageRecord {
  /** console.error messages and uncaught page errors seen so far. */
  errors: string[];
  ipcLog: IpcRecord[];
  /** IPC channels (e.g. 'identity:kemDecapsulate') this page's main answers only after a pause, in ms. */
  ipcDelays: Map<string, number>;
}

/** Everything a Parley page gets before it loads, in the harness and in the lab alike. */
export async function prepareParleyPage(page: Page, invoke: MainInvoke): Promise<PageRecord> {
  const record: PageRecord = { errors: [], ipcLog: [], ipcDelays: new Map() };
  page.on('console', (message) => {
    if (message.type() === 'error') record.errors.push(message.text());
  });
  page.on('pageerror', (error) => record.errors.push(`pageerror: ${error.message}`));
  // Scripts run through tsx (the demo, benchmarks) compile with esbuild's keepNames, which
  // wraps functions in __name(); functions that playwright serialises into the page need it.
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await installPreloadShim(page, invoke, record.ipcLog, record.ipcDelays);
  return record;
}
