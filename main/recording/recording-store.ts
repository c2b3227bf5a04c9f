// The recordings on disk (DESIGN.md "Recording"): one folder per recording under the
// recording folder (<data>/recordings unless settings or policy say otherwise; see
// recording-folders.ts), <folder>/<id>/, with
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
import type { RecordingFolderSource } from './recording-folders';
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
  /** Where each recording seen so far lives (recordings stay where they were written). */
  private readonly located = new Map<string, string>();

  constructor(
    private readonly folders: RecordingFolderSource,
    private readonly vault: () => Promise<Vault>,
  ) {}

  /** The recording's own folder, in whichever recording folder holds it. */
  async folderOf(id: string): Promise<string> {
    if (!ID_PATTERN.test(id)) throw new RecordingNotFound(id);
    const known = this.located.get(id);
    if (known) return path.join(known, id);
    for (const dir of await this.folders.all()) {
      if (await stat(path.join(dir, id)).then((s) => s.isDirectory(), () => false)) {
        this.located.set(id, dir);
        return path.join(dir, id);
      }
    }
    throw new RecordingNotFound(id);
  }

  async mediaPath(id: string): Promise<string> {
    return path.join(await this.folderOf(id), MEDIA_FILE);
  }

  /** Makes the folder (in the current recording folder) and seals the new recording's key; returns the media file's path. */
  async create(recordingId: Uint8Array, key: Uint8Array): Promise<string> {
    const id = bytesToHex(recordingId);
    const dir = await this.folders.current();
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await mkdir(path.join(dir, id), { mode: 0o700 });
    this.located.set(id, dir);
    await writeFile(path.join(dir, id, KEY_FILE), (await this.vault()).encrypt(keyLabel(id), key), { mode: 0o600, flag: 'wx' });
    return this.mediaPath(id);
  }

  async writeManifest(manifest: RecordingManifest): Promise<void> {
    await (await this.manifestFile(manifest.id)).write(await this.vault(), manifest);
  }

  /**
   * Reads without SealedJsonFile.read()'s clean-up of temp files: listing runs while the
   * recorder rewrites the manifest, and must not delete the write in progress.
   */
  async readManifest(id: string): Promise<RecordingManifest | null> {
    let sealed: Uint8Array;
    try {
      sealed = new Uint8Array(await readFile(path.join(await this.folderOf(id), MANIFEST_FILE)));
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
      const sizeBytes = await stat(await this.mediaPath(id)).then((s) => s.size, () => 0);
      out.push({ manifest, sizeBytes });
    }
    return out.sort((a, b) => b.manifest.startedAt - a.manifest.startedAt);
  }

  /** Decrypts the recording to `target` as the WebM MediaRecorder produced. */
  async exportTo(id: string, target: string): Promise<ExportResult> {
    const manifest = await this.readManifest(id);
    if (!manifest) throw new RecordingNotFound(id);
    const key = await this.readKey(id);
    const opened = openStream(key, new Uint8Array(await readFile(await this.mediaPath(id))), manifest.endedAt === null ? 'recover' : 'strict');
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
    const folder = await this.folderOf(id);
    try {
      sealed = new Uint8Array(await readFile(path.join(folder, KEY_FILE)));
    } catch {
      throw new RecordingNotFound(id);
    }
    return (await this.vault()).decrypt(keyLabel(id), sealed);
  }

  /** The key first, then everything else. */
  async delete(id: string): Promise<void> {
    const folder = await this.folderOf(id);
    await rm(path.join(folder, KEY_FILE), { force: true });
    await rm(folder, { recursive: true, force: true });
    this.located.delete(id);
  }

  /**
   * "Erase everything": every recording in every recording folder, key first. Only the
   * recordings' own folders go; a folder the user chose (say, Documents) stays.
   */
  async deleteAll(): Promise<void> {
    for (const id of await this.ids()) await this.delete(id);
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

  private async manifestFile(id: string): Promise<SealedJsonFile> {
    return new SealedJsonFile(path.join(await this.folderOf(id), MANIFEST_FILE), manifestLabel(id));
  }

  /** The ids in every recording folder (the first folder wins if one id is in two). */
  private async ids(): Promise<string[]> {
    const seen = new Set<string>();
    for (const dir of await this.folders.all()) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!ID_PATTERN.test(name) || seen.has(name)) continue;
        seen.add(name);
        if (!this.located.has(name)) this.located.set(name, dir);
      }
    }
    return [...seen];
  }

}

function manifestLabel(id: string): string {
  return `recording-manifest:${id}`;
}

function keyLabel(id: string): string {
  return `recording-key:${id}`;
}
