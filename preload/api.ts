// Builds the named-function API object exposed to the renderer. Shared by the real preload
// (invoke = ipcRenderer.invoke) and the test harness (invoke = a playwright binding), so both
// expose exactly the same surface.
import type { IpcChannel, IpcOutcome, ParleyApi } from '../protocol/ipc-contract';
import { API_CHANNELS } from '../protocol/ipc-contract';

export type Invoke = (channel: IpcChannel, args: unknown[]) => Promise<IpcOutcome<unknown>>;

/** An error from main, with the code main gave it (e.g. "invalid-argument"). */
export class ParleyIpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParleyIpcError';
  }
}

export function createParleyApi(invoke: Invoke): ParleyApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [name, channel] of Object.entries(API_CHANNELS)) {
    api[name] = async (...args: unknown[]) => {
      const outcome = await invoke(channel, args);
      if (!outcome.ok) throw new ParleyIpcError(outcome.error.code, outcome.error.message);
      return outcome.value;
    };
  }
  return Object.freeze(api) as unknown as ParleyApi;
}
