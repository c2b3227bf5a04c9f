// Connects ipcMain to dispatchIpc: every channel of the contract gets one handler that first
// checks who is calling (our app:// page, top frame) and then lets dispatchIpc validate the
// arguments. Nothing else is ever registered on ipcMain.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../protocol/ipc-contract';
import type { IpcOutcome } from '../../protocol/ipc-contract';
import type { IpcHandlers } from '../ipc/dispatch';
import { dispatchIpc } from '../ipc/dispatch';
import { isAppUrl } from './app-protocol';

interface SenderFrame {
  url: string;
  parent: unknown;
}

/** Only the top frame of our own renderer may call main (no iframes, no other origins). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

export const FORBIDDEN_SENDER: IpcOutcome<never> = { ok: false, error: { code: 'forbidden-sender', message: 'IPC from an unexpected frame' } };

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, handlers: IpcHandlers, onError: (channel: string) => void): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event.senderFrame)) return FORBIDDEN_SENDER;
      return dispatchIpc(handlers, channel, args, (c) => onError(c));
    });
  }
}
