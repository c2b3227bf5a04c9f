// Argument validation for every IPC channel: the renderer is untrusted, so main checks the
// shape of everything it receives before any handler sees it.
import type { IpcArgs, IpcChannel } from '../../protocol/ipc-contract';

export type ArgsValidator<C extends IpcChannel> = (args: readonly unknown[]) => args is IpcArgs<C>;

const noArgs = (args: readonly unknown[]): args is [] => args.length === 0;

export const VALIDATORS: { [C in IpcChannel]: ArgsValidator<C> } = {
  'app:getInfo': noArgs,
};
