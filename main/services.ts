// Everything main does for the renderer, as plain Node code with no Electron import: the
// Electron bridge (main/electron/) and the e2e harness (test/harness/) both drive this.
import type { AppInfo } from '../protocol/ipc-contract';
import type { IpcHandlers } from './ipc/dispatch';

export interface MainServicesOptions {
  /** Folder for this installation's data (keystore, settings, recordings). */
  dataDir: string;
  appVersion: string;
  platform: string;
  embeddedRelayUrl?: string | null;
}

export interface MainServices {
  readonly handlers: IpcHandlers;
  close(): Promise<void>;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const appInfo: AppInfo = {
    name: 'Parley',
    version: options.appVersion,
    platform: options.platform,
    embeddedRelayUrl: options.embeddedRelayUrl ?? null,
  };
  const handlers: IpcHandlers = {
    'app:getInfo': async () => ({ ...appInfo }),
  };
  return {
    handlers,
    close: async () => {},
  };
}
