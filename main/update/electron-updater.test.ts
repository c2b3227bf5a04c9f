import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// electron-updater's autoUpdater needs Electron; a plain emitter with its settings stands in.
const mockUpdater = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('electron-updater', () => ({
  get autoUpdater() {
    return mockUpdater.current;
  },
}));

const { readUpdateFeed, startAppAutoUpdate, wrapElectronUpdater } = await import('./electron-updater');

function freshUpdater() {
  const emitter = Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: true,
    forceDevUpdateConfig: true,
    disableWebInstaller: false,
    logger: null as unknown,
    checkForUpdates: vi.fn(async () => null),
    // electron-updater's Lazy: the installation id, created on first use.
    stagingUserIdPromise: { value: null as Promise<string> | null },
    isUserWithinRollout: null as unknown,
  });
  mockUpdater.current = emitter;
  return emitter;
}

let resources: string;
beforeEach(async () => {
  resources = await mkdtemp(path.join(os.tmpdir(), 'parley-update-'));
});
afterEach(async () => {
  await rm(resources, { recursive: true, force: true });
});

describe('wrapElectronUpdater', () => {
  it('applies Parley’s fixed settings: background download, install on quit, no downgrade, no pre-release', () => {
    const updater = freshUpdater();
    const log: string[] = [];
    wrapElectronUpdater(updater as never, (m) => log.push(m));
    expect(updater).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      allowPrerelease: false,
      forceDevUpdateConfig: false,
      disableWebInstaller: true,
    });
    expect(typeof updater.isUserWithinRollout).toBe('function');
    (updater.logger as { warn(m: string): void }).warn('slow');
    expect(log).toEqual(['updater warning: slow']);
  });

  it('forwards errors and downloaded versions from electron-updater’s events', async () => {
    const updater = freshUpdater();
    const wrapped = wrapElectronUpdater(updater as never, () => {});
    const errors: string[] = [];
    const versions: string[] = [];
    wrapped.onError((e) => errors.push(e.message));
    wrapped.onUpdateDownloaded((v) => versions.push(v));
    updater.emit('error', new Error('sha512 checksum mismatch'));
    updater.emit('update-downloaded', { version: '1.2.3', downloadedFile: '/tmp/x' });
    await wrapped.checkForUpdates();
    expect(errors).toEqual(['sha512 checksum mismatch']);
    expect(versions).toEqual(['1.2.3']);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });
});

describe('startAppAutoUpdate', () => {
  const windowsUser = {
    platform: 'win32' as const,
    executablePath: 'C:\\Users\\ana\\AppData\\Local\\Programs\\Parley\\Parley.exe',
    env: { ProgramFiles: 'C:\\Program Files' },
  };

  it('reads app-update.yml from the resources folder and starts electron-updater', async () => {
    await writeFile(
      path.join(resources, 'app-update.yml'),
      'provider: generic\nurl: https://updates.example.com/parley\npublisherName:\n  - Parley Contributors\n',
    );
    const updater = freshUpdater();
    const handle = await startAppAutoUpdate({ ...windowsUser, isPackaged: true, resourcesPath: resources, policy: undefined, log: () => {} });
    handle.stop();
    expect(handle.decision).toEqual({ enabled: true });
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('leaves a per-machine install alone unless policy enables auto-update', async () => {
    await writeFile(path.join(resources, 'app-update.yml'), 'provider: generic\nurl: https://u.example.com\npublisherName: P\n');
    const updater = freshUpdater();
    const perMachine = { ...windowsUser, executablePath: 'C:\\Program Files\\Parley\\Parley.exe' };
    const off = await startAppAutoUpdate({ ...perMachine, isPackaged: true, resourcesPath: resources, policy: undefined, log: () => {} });
    expect(off.decision).toEqual({ enabled: false, reason: 'per-machine-default' });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    const on = await startAppAutoUpdate({ ...perMachine, isPackaged: true, resourcesPath: resources, policy: true, log: () => {} });
    on.stop();
    expect(on.decision).toEqual({ enabled: true });
  });

  it('on macOS, updates an app bundle the user can write (checked on the real file system)', async () => {
    await writeFile(path.join(resources, 'app-update.yml'), 'provider: generic\nurl: https://u.example.com\n');
    const updater = freshUpdater();
    const executablePath = path.join(resources, 'Parley.app', 'Contents', 'MacOS', 'Parley');
    await mkdir(path.dirname(executablePath), { recursive: true });
    const handle = await startAppAutoUpdate({ platform: 'darwin', executablePath, env: {}, isPackaged: true, resourcesPath: resources, policy: undefined, log: () => {} });
    handle.stop();
    expect(handle.decision).toEqual({ enabled: true });
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    const missing = path.join(resources, 'Gone.app', 'Contents', 'MacOS', 'Parley');
    const off = await startAppAutoUpdate({ platform: 'darwin', executablePath: missing, env: {}, isPackaged: true, resourcesPath: resources, policy: undefined, log: () => {} });
    expect(off.decision).toEqual({ enabled: false, reason: 'per-machine-default' });
  });

  it('treats a missing app-update.yml as a build without an update feed', async () => {
    expect(readUpdateFeed(resources)).toBeNull();
    freshUpdater();
    const handle = await startAppAutoUpdate({ ...windowsUser, isPackaged: true, resourcesPath: resources, policy: true, log: () => {} });
    expect(handle.decision).toEqual({ enabled: false, reason: 'no-update-feed' });
  });
});
