// What a help desk can read when something goes wrong: a local, opt-in diagnostics log
// (setting and policy diagnosticsLog, off by default) and the recent error codes of this session
// (memory only, for "Copy diagnostics"). Privacy by construction: an entry is one of a few typed
// events made of codes from fixed lists (IPC channel names, main's refusal codes, the call error
// codes of the contract) and version strings — there is no field that could carry a name, a
// key, an address or a message. The log rotates at MAX_LOG_BYTES into one older file, so it
// never holds more than twice that; turning it off deletes both files.
import { appendFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CallErrorCode, IpcChannel } from '../../protocol/ipc-contract';
import { CALL_ERROR_CODES, IPC_CHANNELS } from '../../protocol/ipc-contract';

export const DIAGNOSTICS_LOG_FILE = 'diagnostics.log';
/** The rotated (older) log. */
export const DIAGNOSTICS_LOG_OLD = `${DIAGNOSTICS_LOG_FILE}.1`;
export const MAX_LOG_BYTES = 128 * 1024;
/** Recent errors kept in memory for "Copy diagnostics". */
export const MAX_RECENT_ERRORS = 20;

export type DiagnosticEvent =
  | { event: 'app-start'; version: string; platform: string }
  /** A refusal or failure of an IPC call: which channel, which code (never the arguments). */
  | { event: 'ipc-failure'; channel: IpcChannel; code: string }
  | { event: 'call-error'; code: CallErrorCode }
  /** How many problems the admin policy has (never its values). */
  | { event: 'policy-problems'; count: number };

export type DiagnosticEntry = DiagnosticEvent & { at: string };

/** Main's own refusal codes are kebab-case constants in the code; anything else becomes 'other'. */
const CODE = /^[a-z][a-z0-9-]{0,47}$/;
const VERSION = /^[0-9A-Za-z.+-]{1,32}$/;

/** Keeps only what an entry may hold: a code that is not a code, or a channel that is not one, is replaced. */
export function sanitize(event: DiagnosticEvent): DiagnosticEvent {
  switch (event.event) {
    case 'app-start':
      return { event: 'app-start', version: VERSION.test(event.version) ? event.version : 'other', platform: VERSION.test(event.platform) ? event.platform : 'other' };
    case 'ipc-failure':
      return { event: 'ipc-failure', channel: (IPC_CHANNELS as readonly string[]).includes(event.channel) ? event.channel : ('other' as IpcChannel), code: CODE.test(event.code) ? event.code : 'other' };
    case 'call-error':
      return { event: 'call-error', code: (CALL_ERROR_CODES as readonly string[]).includes(event.code) ? event.code : 'internal' };
    case 'policy-problems':
      return { event: 'policy-problems', count: Number.isSafeInteger(event.count) && event.count >= 0 ? event.count : 0 };
  }
}

export interface DiagnosticsLogOptions {
  dataDir: string;
  /** The effective diagnosticsLog setting. */
  enabled: () => Promise<boolean>;
  now?: () => number;
}

export class DiagnosticsLog {
  private readonly file: string;
  private readonly oldFile: string;
  private readonly recentErrors: DiagnosticEntry[] = [];
  /** Appends run one after another, so rotation never races a write. */
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: DiagnosticsLogOptions) {
    this.file = path.join(options.dataDir, DIAGNOSTICS_LOG_FILE);
    this.oldFile = path.join(options.dataDir, DIAGNOSTICS_LOG_OLD);
    this.now = options.now ?? Date.now;
  }

  record(event: DiagnosticEvent): Promise<void> {
    const entry: DiagnosticEntry = { ...sanitize(event), at: new Date(this.now()).toISOString() };
    if (entry.event === 'ipc-failure' || entry.event === 'call-error') {
      this.recentErrors.push(entry);
      if (this.recentErrors.length > MAX_RECENT_ERRORS) this.recentErrors.shift();
    }
    this.queue = this.queue.then(() => this.write(entry)).catch(() => undefined);
    return this.queue;
  }

  /** This session's recent errors, oldest first. */
  recent(): readonly DiagnosticEntry[] {
    return [...this.recentErrors];
  }

  /** Deletes the log (the setting turned off; erase everything removes the files with the data folder). */
  clear(): Promise<void> {
    this.queue = this.queue.then(async () => {
      await rm(this.file, { force: true });
      await rm(this.oldFile, { force: true });
    });
    return this.queue;
  }

  /** Applies the setting: off deletes what was logged. */
  async apply(): Promise<void> {
    if (!(await this.options.enabled())) await this.clear();
  }

  private async write(entry: DiagnosticEntry): Promise<void> {
    if (!(await this.options.enabled())) return;
    const line = `${JSON.stringify(entry)}\n`;
    const size = await stat(this.file).then((s) => s.size, () => 0);
    if (size + Buffer.byteLength(line) > MAX_LOG_BYTES) await rename(this.file, this.oldFile);
    await appendFile(this.file, line, { mode: 0o600 });
  }
}
