// The vault key: 32 random bytes, sealed by a Sealer (safeStorage or passphrase) into
// `vault-key.sealed`, that encrypts every secret file Parley writes (XChaCha20-Poly1305).
// One Sealer call per start-up instead of one per write, and a passphrase change only
// re-seals this key.
//
// Sealed file format: "PLYV" | version 0x01 | nonce 24 | ciphertext+tag. The associated data
// is the header plus the file's label ("keystore", "identities"), so files cannot be swapped.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sealer } from '../keystore/sealer';
import { writeFileAtomic } from '../storage/atomic-file';

export const VAULT_KEY_FILE = 'vault-key.sealed';
const MAGIC = [0x50, 0x4c, 0x59, 0x56]; // "PLYV"
const VERSION = 1;
const NONCE_LENGTH = 24;
const HEADER_LENGTH = MAGIC.length + 1 + NONCE_LENGTH;

/** A sealed file that does not authenticate or is not in our format. */
export class VaultDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultDataError';
  }
}

export async function readVaultKeyFile(dataDir: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(path.join(dataDir, VAULT_KEY_FILE)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export class Vault {
  private constructor(
    private readonly key: Uint8Array,
    readonly sealerKind: Sealer['kind'],
  ) {}

  /** Creates a new vault key and writes it sealed (replacing any previous one). */
  static async create(dataDir: string, sealer: Sealer): Promise<Vault> {
    const key = new Uint8Array(randomBytes(32));
    await writeFileAtomic(path.join(dataDir, VAULT_KEY_FILE), await sealer.seal(key), { keepBackup: false });
    return new Vault(key, sealer.kind);
  }

  /** Opens the existing vault key; SealerError when the sealer cannot open it. */
  static async open(sealedKey: Uint8Array, sealer: Sealer): Promise<Vault> {
    const key = await sealer.open(sealedKey);
    if (key.length !== 32) throw new VaultDataError('The vault key has the wrong length');
    return new Vault(key, sealer.kind);
  }

  /** Re-seals the same vault key with another sealer (e.g. a new passphrase). */
  async reseal(dataDir: string, sealer: Sealer): Promise<Vault> {
    await writeFileAtomic(path.join(dataDir, VAULT_KEY_FILE), await sealer.seal(this.key), { keepBackup: false });
    return new Vault(this.key, sealer.kind);
  }

  encrypt(label: string, plaintext: Uint8Array): Uint8Array {
    const out = new Uint8Array(HEADER_LENGTH + plaintext.length + 16);
    out.set(MAGIC);
    out[MAGIC.length] = VERSION;
    out.set(randomBytes(NONCE_LENGTH), MAGIC.length + 1);
    const header = out.subarray(0, HEADER_LENGTH);
    out.set(xchacha20poly1305(this.key, header.subarray(MAGIC.length + 1), aad(header, label)).encrypt(plaintext), HEADER_LENGTH);
    return out;
  }

  decrypt(label: string, sealed: Uint8Array): Uint8Array {
    if (sealed.length < HEADER_LENGTH + 16 || MAGIC.some((b, i) => sealed[i] !== b) || sealed[MAGIC.length] !== VERSION) {
      throw new VaultDataError(`The ${label} file is not in Parley's sealed format`);
    }
    const header = sealed.subarray(0, HEADER_LENGTH);
    try {
      return xchacha20poly1305(this.key, header.subarray(MAGIC.length + 1), aad(header, label)).decrypt(sealed.subarray(HEADER_LENGTH));
    } catch {
      throw new VaultDataError(`The ${label} file does not decrypt (damaged, or sealed with another key)`);
    }
  }
}

function aad(header: Uint8Array, label: string): Uint8Array {
  const labelBytes = utf8ToBytes(label);
  const out = new Uint8Array(header.length + labelBytes.length);
  out.set(header);
  out.set(labelBytes, header.length);
  return out;
}
