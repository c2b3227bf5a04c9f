// Supplies window.parley in a plain Chromium page the way preload does in Electron: the same
// createParleyApi (preload/api.ts), with invoke routed through a playwright binding to a real
// main-services instance in the test process.
import { build } from 'esbuild';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dispatchIpc } from '../../main/ipc/dispatch';
import type { MainServices } from '../../main/services';

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

/** Every IPC call a page made, for tests that assert what crossed the boundary. */
export interface IpcRecord {
  channel: unknown;
  args: unknown;
}

/**
 * `delays` (channel -> ms) makes main answer those channels only after a pause: a test's way to
 * make one page slow at one step (e.g. accepting handshakes) and so force an ordering of events.
 */
export async function installPreloadShim(page: Page, services: MainServices, log: IpcRecord[], delays: ReadonlyMap<string, number> = new Map()): Promise<void> {
  await page.exposeBinding(BINDING, async (_source, channel: unknown, args: unknown) => {
    log.push({ channel, args });
    const delay = typeof channel === 'string' ? delays.get(channel) : undefined;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    return dispatchIpc(services.handlers, channel, args);
  });
  await page.addInitScript({ content: await bundleShim() });
}
