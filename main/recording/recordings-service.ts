// Recording as main offers it over IPC: the Recorder (policy and consent, the writer) and the
// library (list, export, delete), plus the retention sweep at start-up, after unlocking, and
// daily. Errors the renderer may see are IpcRefusals with stable codes.
import path from 'node:path';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import type { ConsentsExport, RecordingExport, RecordingSummary } from '../../protocol/ipc-contract';
import { consentExportSigningBytes, encodeConsentExport } from '../../protocol/recording/consent-export';
import { writeFileAtomic } from '../storage/atomic-file';
import { IpcRefusal } from '../ipc/dispatch';
import type { Vault } from '../vault/vault';
import { VaultDataError } from '../vault/vault';
import type { RecordingPolicy } from './recorder';
import { DAY_MS, Recorder, summaryOf } from './recorder';
import type { RecordingFolderSource } from './recording-folders';
import { consentExportBodyOf } from './manifest';
import { RecordingNotFound, RecordingStore } from './recording-store';
import { RecordingDataError } from './sealed-stream';

/** Where to save an export (a video, or a consent receipts file): a save dialog in the app, a temp path in tests; null = cancelled. */
export type ChooseExportPath = (suggestedName: string, kind: 'video' | 'consents') => Promise<string | null>;

export interface RecordingsServiceOptions {
  /** Where recordings are written and found (RecordingFolders in the app). */
  folders: RecordingFolderSource;
  vault: () => Promise<Vault>;
  identityKey: () => Promise<Uint8Array>;
  policy: () => Promise<RecordingPolicy>;
  crypto: CryptoProvider;
  now: () => number;
  chooseExportPath: ChooseExportPath | null;
  /** Main's signature with the identity key (signingInput(purpose, payload)). */
  sign: (purpose: 'consent-export', payload: Uint8Array) => Promise<Uint8Array>;
}

export class RecordingsService {
  readonly store: RecordingStore;
  readonly recorder: Recorder;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: RecordingsServiceOptions) {
    this.store = new RecordingStore(options.folders, options.vault);
    this.recorder = new Recorder({ store: this.store, crypto: options.crypto, identityKey: options.identityKey, policy: options.policy, now: options.now });
  }

  /** Sweeps now (quietly skipped while the keystore is locked) and then once a day. */
  startRetention(): void {
    void this.sweep().catch(() => undefined);
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), DAY_MS);
    this.timer.unref?.();
  }

  async sweep(): Promise<string[]> {
    const active = this.recorder.activeId;
    return this.store.sweep(this.options.now(), new Set(active ? [active] : []));
  }

  async list(): Promise<RecordingSummary[]> {
    return (await this.store.list()).map(summaryOf);
  }

  async export(id: string): Promise<RecordingExport | null> {
    if (!this.options.chooseExportPath) throw new IpcRefusal('export-unavailable', 'Exporting is not available here');
    if (id === this.recorder.activeId) throw new IpcRefusal('recording-active', 'Stop the recording before exporting it');
    const manifest = await this.guard(() => this.store.readManifest(id));
    if (!manifest) throw new IpcRefusal('recording-not-found', 'There is no such recording');
    const target = await this.options.chooseExportPath(`parley-recording-${new Date(manifest.startedAt).toISOString().slice(0, 10)}.webm`, 'video');
    if (target === null) return null;
    if (!path.isAbsolute(target)) throw new IpcRefusal('invalid-path', 'The export path must be absolute');
    const result = await this.guard(() => this.store.exportTo(id, target));
    return { path: target, ...result };
  }

  /**
   * PROTOCOL.md §12.6: the recording's consent receipts as one file, signed by this recorder,
   * that anyone can check offline (`parley-verify-consent`). Not while it runs: its consents
   * are not final.
   */
  async exportConsents(id: string): Promise<ConsentsExport | null> {
    if (!this.options.chooseExportPath) throw new IpcRefusal('export-unavailable', 'Exporting is not available here');
    if (id === this.recorder.activeId) throw new IpcRefusal('recording-active', 'Stop the recording before exporting its consents');
    const manifest = await this.guard(() => this.store.readManifest(id));
    if (!manifest) throw new IpcRefusal('recording-not-found', 'There is no such recording');
    const body = consentExportBodyOf(manifest, this.options.now());
    const signature = await this.options.sign('consent-export', consentExportSigningBytes(body));
    const target = await this.options.chooseExportPath(`parley-consents-${new Date(manifest.startedAt).toISOString().slice(0, 10)}.json`, 'consents');
    if (target === null) return null;
    if (!path.isAbsolute(target)) throw new IpcRefusal('invalid-path', 'The export path must be absolute');
    await writeFileAtomic(target, new TextEncoder().encode(encodeConsentExport(body, signature)), { keepBackup: false });
    return { path: target, consents: body.consents.length };
  }

  async delete(id: string): Promise<void> {
    if (id === this.recorder.activeId) throw new IpcRefusal('recording-active', 'Stop the recording before deleting it');
    await this.guard(() => this.store.delete(id));
  }

  /** "Erase everything": stops any recording, then deletes the recordings in every recording folder. */
  async eraseAll(): Promise<void> {
    this.recorder.abandon();
    await this.store.deleteAll();
  }

  /** After "erase everything" and on shutdown: no timer, no running recording. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.recorder.abandon();
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof RecordingNotFound) throw new IpcRefusal('recording-not-found', 'There is no such recording');
      if (error instanceof RecordingDataError) throw new IpcRefusal(`recording-${error.problem}`, error.message);
      if (error instanceof VaultDataError) throw new IpcRefusal('recording-corrupt', error.message);
      throw error;
    }
  }
}
