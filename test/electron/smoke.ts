// `npm run test:electron`: the built app (npm run build) in real Electron, driven by
// playwright-core's Electron support. It checks what the unit tests can only check with
// `electron` mocked: the window loads from app://parley, the CSP is in force, `window.parley` is
// exactly the API of protocol/ipc-contract.ts, page scripts have no Node or Electron capability,
// and a meeting starts on the embedded relay and shows its invite link.
// Exit codes: 0 every check passed; 1 a check failed (each failure is printed); 77 no Electron
// binary here (it is downloaded on demand, which machines without internet cannot do): one line
// says so. `npm test` does not run this; the release workflow does, on each OS, before packaging.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type ElectronApplication, type Page, _electron } from 'playwright-core';
import { parseInvite } from '../../protocol/room/invite';
import { isEntryPoint } from '../../scripts/entry-point.mjs';
import { en } from '../../renderer/i18n/messages.en';
import { startMeeting } from '../harness/call-flow';
import { cspProbe, nodeCapabilitiesInRenderer, parleyApiProblems } from '../harness/renderer-checks';

export const EXIT_NO_ELECTRON = 77;
const ROOT = path.resolve(import.meta.dirname, '../..');

/** The Electron executable npm installed, without triggering electron's download-on-require. */
export function installedElectron(env: NodeJS.ProcessEnv = process.env): string | null {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const executable = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron')
    : relative && path.join(packageDir, 'dist', relative);
  return executable && existsSync(executable) ? executable : null;
}

async function check(failures: string[], what: string, run: () => Promise<string[]>): Promise<void> {
  try {
    const problems = await run();
    for (const problem of problems) failures.push(`${what}: ${problem}`);
    console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${what}`);
  } catch (error) {
    failures.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
    console.log(`FAIL ${what}`);
  }
}

/** Sets a passphrase where the OS offers no key store (Linux without a keyring, as on CI). */
async function passKeystoreGate(page: Page): Promise<void> {
  const home = page.getByLabel(en['home.nameLabel']);
  const setup = page.getByLabel(en['keystore.newLabel']);
  await home.or(setup).first().waitFor({ timeout: 30_000 });
  if (await setup.isVisible()) {
    const passphrase = 'smoke test passphrase of some length';
    await setup.fill(passphrase);
    await page.getByLabel(en['keystore.repeatLabel']).fill(passphrase);
    await page.getByRole('button', { name: en['keystore.setUp'], exact: true }).click();
    await home.waitFor({ timeout: 30_000 });
  }
}

export async function runSmokeTest(executable: string): Promise<string[]> {
  if (!existsSync(path.join(ROOT, 'dist', 'main', 'main.cjs'))) return ['dist/main/main.cjs is missing: run `npm run build` first'];
  const userData = await mkdtemp(path.join(os.tmpdir(), 'parley-electron-smoke-'));
  const failures: string[] = [];
  let app: ElectronApplication | undefined;
  try {
    app = await _electron.launch({
      executablePath: executable,
      args: [
        ROOT,
        `--user-data-dir=${userData}`,
        // A camera and microphone to start a meeting with, on runners that have none.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        // Linux runners allow neither a setuid chrome-sandbox nor user namespaces; the checks
        // here are about the renderer's isolation (context isolation, sandboxed preload, CSP).
        ...(process.platform === 'linux' ? ['--no-sandbox'] : []),
      ],
      timeout: 60_000,
    });
    const page = await app.firstWindow({ timeout: 60_000 });
    await page.waitForLoadState('load');

    await check(failures, 'the window loads from app://parley', async () => {
      const url = new URL(page.url());
      const fromMain = await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
      return [
        ...(url.protocol === 'app:' && url.host === 'parley' ? [] : [`page URL is ${page.url()}`]),
        ...fromMain.filter((u) => !u.startsWith('app://parley/')).map((u) => `a window shows ${u}`),
      ];
    });
    await check(failures, 'the CSP blocks inline scripts and eval', async () => {
      const csp = await cspProbe(page);
      return [
        ...(csp.inlineRan ? ['an inserted inline script ran'] : []),
        ...(csp.evalRan ? ['eval ran'] : []),
        ...(csp.violations.some((v) => v.startsWith('script-src')) ? [] : ['no script-src violation was reported']),
      ];
    });
    await check(failures, 'window.parley is exactly the API of API_CHANNELS', () => parleyApiProblems(page));
    await check(failures, 'page scripts have no Node or Electron capability', async () =>
      (await nodeCapabilitiesInRenderer(page)).map((name) => `${name} is defined`),
    );
    await check(failures, 'a meeting starts on the embedded relay and shows its invite link', async () => {
      await passKeystoreGate(page);
      const link = await startMeeting(page, 'Smoke Test');
      const invite = parseInvite(link);
      const relayError = await page.getByRole('heading', { name: en['error.relay.title'] }).isVisible();
      return [
        ...(invite.secret.length === 32 ? [] : [`the invite link holds no room secret: ${link}`]),
        ...(relayError ? ['the meeting shows the relay error'] : []),
      ];
    });
  } catch (error) {
    failures.push(`Electron did not start the app: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await app?.close().catch(() => {});
    await rm(userData, { recursive: true, force: true });
  }
  return failures;
}

if (isEntryPoint(import.meta.url)) {
  const executable = installedElectron();
  if (!executable) {
    console.log('test:electron: no Electron binary is installed here (none in node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH), so nothing was run.');
    process.exit(EXIT_NO_ELECTRON);
  }
  const failures = await runSmokeTest(executable);
  for (const failure of failures) console.error(`test:electron: ${failure}`);
  console.log(failures.length === 0 ? 'test:electron: all checks passed' : `test:electron: ${failures.length} check(s) failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}
