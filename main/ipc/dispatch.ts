// One entry point for every IPC call, used by the Electron bridge and by the test harness:
// unknown channels and invalid arguments are refused before a handler runs, and handler
// errors come back as data (never as a thrown object whose details might leak).
import type { IpcChannel, IpcContract, IpcOutcome, IpcResult } from '../../protocol/ipc-contract';
import { IPC_CHANNELS } from '../../protocol/ipc-contract';
import { VALIDATORS } from './validators';

export type IpcHandlers = {
  [C in IpcChannel]: (...args: IpcContract[C]['args']) => Promise<IpcResult<C>>;
};

/** An error whose code and message are safe to show the renderer. */
export class IpcRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IpcRefusal';
  }
}

function isChannel(channel: unknown): channel is IpcChannel {
  return typeof channel === 'string' && (IPC_CHANNELS as readonly string[]).includes(channel);
}

export async function dispatchIpc(
  handlers: IpcHandlers,
  channel: unknown,
  args: unknown,
  onUnexpectedError: (channel: string, error: unknown) => void = () => {},
): Promise<IpcOutcome<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: 'Unknown IPC channel' } };
  }
  const validate = VALIDATORS[channel] as (a: readonly unknown[]) => boolean;
  if (!Array.isArray(args) || !validate(args)) {
    return { ok: false, error: { code: 'invalid-argument', message: `Invalid arguments for ${channel}` } };
  }
  const handler = handlers[channel] as (...a: unknown[]) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(...args) };
  } catch (error) {
    if (error instanceof IpcRefusal) return { ok: false, error: { code: error.code, message: error.message } };
    onUnexpectedError(channel, error);
    return { ok: false, error: { code: 'internal', message: `${channel} failed` } };
  }
}
