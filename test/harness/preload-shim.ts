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

export async function installPreloadShim(page: Page, services: MainServices, log: IpcRecord[]): Promise<void> {
  await page.exposeBinding(BINDING, (_source, channel: unknown, args: unknown) => {
    log.push({ channel, args });
    return dispatchIpc(services.handlers, channel, args);
  });
  await page.addInitScript({ content: await bundleShim() });
}
