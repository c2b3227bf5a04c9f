// The Updater (auto-update.ts) backed by electron-updater, and the one call main makes at start:
//   startAppAutoUpdate({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath,
//                        policy: <autoUpdate from the admin policy, or undefined>,
//                        userSetting: <the user's autoUpdate setting>, log })
// electron-updater is loaded only when auto-update is on.
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppUpdater, Logger } from 'electron-updater';
import { startAutoUpdate } from './auto-update';
import type { AutoUpdateHandle, Updater } from './auto-update';
import { detectInstallScope } from './install-scope';

/**
 * The installation id electron-updater sends: the same for every Parley installation.
 * electron-updater would otherwise create a random id in `<userData>/.updaterId` and send it as
 * `x-user-staging-id` with every update check, for staged rollouts (a release reaching a
 * percentage of installations first), which Parley does not use: it would let the update server
 * tell installations apart and follow each one over time. electron-updater has no setting for
 * this; the id is a lazily created value behind a protected member, which is given this value
 * before the first check, so no file is written and the header identifies nobody.
 * main/update/updater-installation-id.test.ts runs the real electron-updater against a local feed
 * to keep this true across its versions.
 */
export const SHARED_UPDATER_ID = '00000000-0000-0000-0000-000000000000';
/** Where electron-updater keeps the id in the data folder (erase deletes one an earlier build left). */
export const UPDATER_ID_FILE = '.updaterId';

function withoutInstallationId(updater: AppUpdater): void {
  const id = (updater as unknown as { stagingUserIdPromise?: { value: Promise<string> } }).stagingUserIdPromise;
  // Fail closed: rather no updates than an update check that identifies the installation.
  if (!id || !('value' in id)) throw new Error('electron-updater changed: its installation id cannot be replaced (main/update/electron-updater.ts)');
  id.value = Promise.resolve(SHARED_UPDATER_ID);
  // Every installation is in every rollout (the shared id would put them all in anyway).
  updater.isUserWithinRollout = () => true;
}

/**
 * Parley's fixed settings on electron-updater: no installation id (above), download in the background, install on quit,
 * never move to an older version or a pre-release, never read a development update config.
 * Signature checks stay electron-updater's defaults (Windows: verifyUpdateCodeSignature against
 * the publisher name; macOS: Squirrel.Mac's code-signature check), which nothing here overrides.
 */
export function wrapElectronUpdater(updater: AppUpdater, log: (message: string) => void): Updater {
  withoutInstallationId(updater);
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.forceDevUpdateConfig = false;
  updater.disableWebInstaller = true;
  const logger: Logger = {
    info: (message?: unknown) => log(`updater: ${String(message)}`),
    warn: (message?: unknown) => log(`updater warning: ${String(message)}`),
    error: (message?: unknown) => log(`updater error: ${String(message)}`),
  };
  updater.logger = logger;
  return {
    checkForUpdates: async () => {
      await updater.checkForUpdates();
    },
    onError: (listener) => {
      updater.on('error', (error) => listener(error));
    },
    onUpdateDownloaded: (listener) => {
      updater.on('update-downloaded', (event) => listener(event.version));
    },
  };
}

export async function createElectronUpdater(log: (message: string) => void): Promise<Updater> {
  const { autoUpdater } = await import('electron-updater');
  return wrapElectronUpdater(autoUpdater, log);
}

/** resources/app-update.yml, written by electron-builder when the build has an update feed. */
export function readUpdateFeed(resourcesPath: string): string | null {
  try {
    return readFileSync(path.join(resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    return null;
  }
}

function canWrite(target: string): boolean {
  try {
    accessSync(target, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function every(intervalMs: number, task: () => void): () => void {
  const timer = setInterval(task, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface AppAutoUpdateOptions {
  isPackaged: boolean;
  resourcesPath: string;
  /** The `autoUpdate` admin policy; undefined when the organisation has not set it. */
  policy: boolean | undefined;
  /** The user's `autoUpdate` setting (Settings); only consulted when no policy is set. */
  userSetting?: boolean;
  log(message: string): void;
  onUpdateReady?(version: string): void;
  /** Defaults to this process's. */
  platform?: NodeJS.Platform;
  executablePath?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

export function startAppAutoUpdate(options: AppAutoUpdateOptions): Promise<AutoUpdateHandle> {
  const platform = options.platform ?? process.platform;
  return startAutoUpdate({
    platform,
    isPackaged: options.isPackaged,
    policy: options.policy,
    ...(options.userSetting === undefined ? {} : { userSetting: options.userSetting }),
    installScope: detectInstallScope({
      platform,
      executablePath: options.executablePath ?? process.execPath,
      env: options.env ?? process.env,
      canWrite,
    }),
    updateFeed: readUpdateFeed(options.resourcesPath),
    createUpdater: () => createElectronUpdater(options.log),
    every,
    log: options.log,
    ...(options.onUpdateReady ? { onUpdateReady: options.onUpdateReady } : {}),
  });
}
