// Auto-update, decided by admin policy and by whether updates can be verified.
//
// The `autoUpdate` policy wins when an organisation sets it. When it is not set, the user may
// turn auto-update off in Settings, and Parley updates itself only where one user installed it;
// per-machine installs are IT's to update (MSI, package repositories, MDM). Updates are only ever installed where the publisher's signature is checked:
// on Windows electron-updater checks each downloaded installer's Authenticode signature against
// the publisher name in app-update.yml, and on macOS Squirrel.Mac accepts only an update signed
// like the running app. On Linux electron-updater checks nothing but the feed's checksum, so
// Parley does not update itself there: deb/rpm come from a signed repository, AppImages by hand.
//
// Electron and electron-updater stay behind the Updater interface (electron-updater.ts), so this
// module runs and is tested under plain Node.
import type { InstallScope } from './install-scope';
import { parseUpdateFeedConfig } from './update-feed';

export interface Updater {
  checkForUpdates(): Promise<void>;
  onError(listener: (error: Error) => void): void;
  onUpdateDownloaded(listener: (version: string) => void): void;
}

export type AutoUpdateOffReason =
  | 'policy-disabled' // the organisation set autoUpdate: false
  | 'user-disabled' // no policy, and the user turned auto-update off in Settings
  | 'not-packaged' // running from a development checkout
  | 'unverifiable-platform' // Linux: no publisher signature to check
  | 'per-machine-default' // per-machine install and no policy asks for auto-update
  | 'no-update-feed' // built without PARLEY_UPDATE_URL (no app-update.yml)
  | 'invalid-update-feed' // app-update.yml unreadable, or not HTTPS
  | 'unsigned-build'; // Windows build without a publisher name: signatures would go unchecked

export type AutoUpdateDecision = { enabled: true } | { enabled: false; reason: AutoUpdateOffReason };

export interface AutoUpdateContext {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** The `autoUpdate` admin policy; undefined when the organisation has not set it. */
  policy: boolean | undefined;
  /** The user's `autoUpdate` setting; only consulted when no policy is set. */
  userSetting?: boolean;
  installScope: InstallScope;
  /** Text of resources/app-update.yml, or null when the build has none. */
  updateFeed: string | null;
}

export function decideAutoUpdate(context: AutoUpdateContext): AutoUpdateDecision {
  const off = (reason: AutoUpdateOffReason): AutoUpdateDecision => ({ enabled: false, reason });
  if (context.policy === false) return off('policy-disabled');
  if (context.policy === undefined && context.userSetting === false) return off('user-disabled');
  if (!context.isPackaged) return off('not-packaged');
  if (context.platform !== 'win32' && context.platform !== 'darwin') return off('unverifiable-platform');
  if (context.policy === undefined && context.installScope === 'per-machine') return off('per-machine-default');
  if (context.updateFeed === null) return off('no-update-feed');
  const feed = parseUpdateFeedConfig(context.updateFeed);
  if (!feed || feed.provider !== 'generic' || !feed.url?.startsWith('https://')) return off('invalid-update-feed');
  if (context.platform === 'win32' && feed.publisherNames.length === 0) return off('unsigned-build');
  return { enabled: true };
}

/** How often a running app looks for a new version (and once right at start). */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface AutoUpdateDeps extends AutoUpdateContext {
  /** Creates the updater; only called when auto-update is on. */
  createUpdater(): Updater | Promise<Updater>;
  /** Runs task every intervalMs; returns a function that stops it. */
  every(intervalMs: number, task: () => void): () => void;
  log(message: string): void;
  /** A verified update is downloaded and installs when the app quits. */
  onUpdateReady?(version: string): void;
}

export interface AutoUpdateHandle {
  readonly decision: AutoUpdateDecision;
  stop(): void;
}

export async function startAutoUpdate(deps: AutoUpdateDeps): Promise<AutoUpdateHandle> {
  const decision = decideAutoUpdate(deps);
  if (!decision.enabled) {
    deps.log(`auto-update off: ${decision.reason}`);
    return { decision, stop: () => {} };
  }
  const updater = await deps.createUpdater();
  updater.onError((error) => deps.log(`auto-update error: ${error.message}`));
  updater.onUpdateDownloaded((version) => {
    deps.log(`auto-update: version ${version} downloaded and verified; installs on quit`);
    deps.onUpdateReady?.(version);
  });
  let stopped = false;
  const check = () => {
    if (stopped) return;
    updater.checkForUpdates().catch((error: unknown) => {
      deps.log(`auto-update check failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  const cancel = deps.every(CHECK_INTERVAL_MS, check);
  check();
  deps.log('auto-update on');
  return {
    decision,
    stop: () => {
      stopped = true;
      cancel();
    },
  };
}
