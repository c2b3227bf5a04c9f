// "Erase everything": deletes the vault key (the safeStorage- or passphrase-sealed key), the
// keystore, known identities, settings and recordings, including backups, temp files and
// damaged copies. Two steps: request() hands out a one-time token, confirm(token) erases, so
// one stray IPC call cannot wipe a user's identity.
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { equalBytes } from '@noble/curves/utils.js';
import type { EraseRequest } from '../../protocol/ipc-contract';
import { IpcRefusal } from '../ipc/dispatch';
import { isParleyEntry } from '../settings/data-paths';
import { erasedByEraseEverything } from '../privacy/inventory';

export const ERASE_TOKEN_TTL_MS = 60_000;

export interface EraseOptions {
  dataDir: string;
  now?: () => number;
  /** Runs before the data folder is erased (recordings in folders outside it). */
  beforeErase?: () => Promise<void>;
  /** Runs after the files are gone (e.g. clearing Chromium's storage, resetting services). */
  afterErase: () => Promise<void>;
}

export class EraseEverything {
  private pending: { token: Uint8Array; expiresAt: number } | null = null;
  private readonly now: () => number;

  constructor(private readonly options: EraseOptions) {
    this.now = options.now ?? Date.now;
  }

  request(): EraseRequest {
    const token = new Uint8Array(randomBytes(32));
    const expiresAt = this.now() + ERASE_TOKEN_TTL_MS;
    this.pending = { token, expiresAt };
    return {
      token: Buffer.from(token).toString('hex'),
      expiresAt,
      willDelete: erasedByEraseEverything(),
    };
  }

  async confirm(token: string): Promise<void> {
    const pending = this.pending;
    this.pending = null; // one attempt per token
    const given = /^[0-9a-f]{64}$/.test(token) ? new Uint8Array(Buffer.from(token, 'hex')) : new Uint8Array(0);
    if (!pending || this.now() > pending.expiresAt || !equalBytes(given, pending.token)) {
      throw new IpcRefusal('erase-not-confirmed', 'Confirmation expired or did not match; nothing was erased');
    }
    await this.options.beforeErase?.();
    await eraseParleyData(this.options.dataDir);
    await this.options.afterErase();
  }
}

export async function eraseParleyData(dataDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    return;
  }
  await Promise.all(names.filter(isParleyEntry).map((name) => rm(path.join(dataDir, name), { recursive: true, force: true })));
}
