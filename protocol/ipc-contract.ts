// The typed IPC contract between renderer (through preload) and main.
// One entry per channel: its arguments and its result. Main validates every argument
// (main/ipc/validators.ts) and checks the sender; preload exposes one named function per channel.

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** ws:// URL of the relay embedded in main, when one is running. */
  embeddedRelayUrl: string | null;
}

export interface IpcContract {
  'app:getInfo': { args: []; result: AppInfo };
}

export type IpcChannel = keyof IpcContract;
export type IpcArgs<C extends IpcChannel> = IpcContract[C]['args'];
export type IpcResult<C extends IpcChannel> = IpcContract[C]['result'];

/** What crosses the process boundary: Electron loses error classes, so errors travel as data. */
export type IpcOutcome<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Every channel name, for validation in main and the exhaustive mapping in preload. */
export const IPC_CHANNELS = ['app:getInfo'] as const satisfies readonly IpcChannel[];

/** The API object preload exposes to the renderer as `window.parley`. */
export interface ParleyApi {
  getAppInfo(): Promise<AppInfo>;
}

/** Which channel each named API function calls (preload builds the API from this). */
export const API_CHANNELS = {
  getAppInfo: 'app:getInfo',
} as const satisfies { [K in keyof ParleyApi]: IpcChannel };
