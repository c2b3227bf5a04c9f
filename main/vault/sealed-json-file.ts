// A JSON document stored encrypted under the vault key, written atomically with a rolling
// backup (`<file>.prev`). Reads distinguish "missing" from "damaged" so callers never mistake a
// corrupt file for a fresh start.
import { readFile } from 'node:fs/promises';
import { backupPathOf, removeStaleTemps, writeFileAtomic } from '../storage/atomic-file';
import type { BackupKind } from '../storage/atomic-file';
import type { Vault } from './vault';
import { VaultDataError } from './vault';

export type SealedRead = { kind: 'missing' } | { kind: 'ok'; value: unknown } | { kind: 'damaged'; reason: string };

async function readBytes(file: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export class SealedJsonFile {
  constructor(
    readonly file: string,
    private readonly label: string,
    /** What the `.prev` backup holds (storage/atomic-file.ts): by default the replaced version. */
    private readonly backup: BackupKind = 'previous',
  ) {}

  async read(vault: Vault): Promise<SealedRead> {
    await removeStaleTemps(this.file);
    return this.readAt(this.file, vault);
  }

  async readBackup(vault: Vault): Promise<SealedRead> {
    return this.readAt(backupPathOf(this.file), vault);
  }

  async write(vault: Vault, value: unknown): Promise<void> {
    await writeFileAtomic(this.file, vault.encrypt(this.label, new TextEncoder().encode(JSON.stringify(value))), { backup: this.backup });
  }

  private async readAt(file: string, vault: Vault): Promise<SealedRead> {
    const bytes = await readBytes(file);
    if (!bytes) return { kind: 'missing' };
    try {
      return { kind: 'ok', value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(vault.decrypt(this.label, bytes))) as unknown };
    } catch (error) {
      return { kind: 'damaged', reason: error instanceof VaultDataError ? error.message : `The ${this.label} file is not valid JSON` };
    }
  }
}
