// The recordings on disk (DESIGN.md "Recording"): one folder per recording under
// <data>/recordings/<id>/ with
//   key.sealed       the per-recording key, sealed under the vault key (label binds the id),
//   media.prec       the chunks, sealed STREAM-style under that key (sealed-stream.ts),
//   manifest.sealed  participants, consent receipts, times and retention date (vault-sealed JSON).
// Deleting removes the key first: once it is gone the media file is noise, whatever an SSD's
// wear levelling keeps of it. Then the files and the folder go.
import { bytesToHex } from '@noble/hashes/utils.js';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file';
import { SealedJsonFile } from '../vault/sealed-json-file';
import type { Vault } from '../vault/vault';
import { openStream } from './sealed-stream';
import type { RecordingManifest } from './manifest';
import { manifestFromJson } from './manifest';

export const KEY_FILE = 'key.sealed';
export const MEDIA_FILE = 'media.prec';
export const MANIFEST_FILE = 'manifest.sealed';
const ID_PATTERN = /^[0-9a-f]{32}$/;

export interface StoredRecording {
  manifest: RecordingManifest;
  sizeBytes: number;
}

export interface ExportResult {
  bytes: number;
  /** False when the recording was cut off (a crash): everything up to the last whole chunk was exported. */
  complete: boolean;
}

export class RecordingNotFound extends Error {
  constructor(id: string) {
    super(`No recording ${id.slice(0, 8)}…`);
    this.name = 'RecordingNotFound';
  }
}

export class RecordingStore {
  constructor(
    readonly dir: string,
    private readonly vault: () => Promise<Vault>,
  ) {}

  folderOf(id: string): string {
    if (!ID_PATTERN.test(id)) throw new RecordingNotFound(id);
    return path.join(this.dir, id);
  }

  mediaPath(id: string): string {
    return path.join(this.folderOf(id), MEDIA_FILE);
  }

  /** Makes the folder and seals the new recording's key; returns the media file's path. */
  async create(recordingId: Uint8Array, key: Uint8Array): Promise<string> {
    const id = bytesToHex(recordingId);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await mkdir(this.folderOf(id), { mode: 0o700 });
    await writeFile(path.join(this.folderOf(id), KEY_FILE), (await this.vault()).encrypt(keyLabel(id), key), { mode: 0o600, flag: 'wx' });
    return this.mediaPath(id);
  }

  async writeManifest(manifest: RecordingManifest): Promise<void> {
    await this.manifestFile(manifest.id).write(await this.vault(), manifest);
  }

  /**
   * Reads without SealedJsonFile.read()'s clean-up of temp files: listing runs while the
   * recorder rewrites the manifest, and must not delete the write in progress.
   */
  async readManifest(id: string): Promise<RecordingManifest | null> {
    let sealed: Uint8Array;
    try {
      sealed = new Uint8Array(await readFile(path.join(this.folderOf(id), MANIFEST_FILE)));
    } catch {
      return null;
    }
    const json = new TextDecoder('utf-8', { fatal: true }).decode((await this.vault()).decrypt(manifestLabel(id), sealed));
    return manifestFromJson(JSON.parse(json), id);
  }

  /** Every recording whose manifest opens, newest first. */
  async list(): Promise<StoredRecording[]> {
    const out: StoredRecording[] = [];
    for (const id of await this.ids()) {
      const manifest = await this.readManifest(id).catch(() => null);
      if (!manifest) continue;
      const sizeBytes = await stat(this.mediaPath(id)).then((s) => s.size, () => 0);
      out.push({ manifest, sizeBytes });
    }
    return out.sort((a, b) => b.manifest.startedAt - a.manifest.startedAt);
  }

  /** Decrypts the recording to `target` as the WebM MediaRecorder produced. */
  async exportTo(id: string, target: string): Promise<ExportResult> {
    const manifest = await this.readManifest(id);
    if (!manifest) throw new RecordingNotFound(id);
    const key = await this.readKey(id);
    const opened = openStream(key, new Uint8Array(await readFile(this.mediaPath(id))), manifest.endedAt === null ? 'recover' : 'strict');
    const size = opened.chunks.reduce((n, c) => n + c.length, 0);
    const webm = new Uint8Array(size);
    let offset = 0;
    for (const chunk of opened.chunks) {
      webm.set(chunk, offset);
      offset += chunk.length;
    }
    await writeFileAtomic(target, webm, { keepBackup: false });
    return { bytes: size, complete: opened.complete };
  }

  async readKey(id: string): Promise<Uint8Array> {
    let sealed: Uint8Array;
    try {
      sealed = new Uint8Array(await readFile(path.join(this.folderOf(id), KEY_FILE)));
    } catch {
      throw new RecordingNotFound(id);
    }
    return (await this.vault()).decrypt(keyLabel(id), sealed);
  }

  /** The key first, then everything else. */
  async delete(id: string): Promise<void> {
    const folder = this.folderOf(id);
    await rm(path.join(folder, KEY_FILE), { force: true });
    await rm(folder, { recursive: true, force: true });
  }

  /** Deletes exactly the recordings whose retention date has passed; returns their ids. */
  async sweep(now: number, keep: ReadonlySet<string> = new Set()): Promise<string[]> {
    const deleted: string[] = [];
    for (const id of await this.ids()) {
      if (keep.has(id)) continue;
      // A manifest that does not open cannot say when it expires: keep the recording.
      const manifest = await this.readManifest(id).catch(() => null);
      if (manifest && manifest.expiresAt <= now) {
        await this.delete(id);
        deleted.push(id);
      }
    }
    return deleted;
  }

  private manifestFile(id: string): SealedJsonFile {
    return new SealedJsonFile(path.join(this.folderOf(id), MANIFEST_FILE), manifestLabel(id));
  }

  private async ids(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => ID_PATTERN.test(name));
    } catch {
      return [];
    }
  }
}

function manifestLabel(id: string): string {
  return `recording-manifest:${id}`;
}

function keyLabel(id: string): string {
  return `recording-key:${id}`;
}
