// Passphrase sealing, for Linux desktops where safeStorage only has the `basic_text` backend
// (a hard-coded key, i.e. no protection): the vault key is encrypted with XChaCha20-Poly1305
// under a key derived from the user's passphrase with scrypt (RFC 7914).
//
// Format (all integers big-endian):
//   "PLYP" | version 0x01 | log2(N) u8 | r u8 | p u8 | salt 16 | nonce 24 | ciphertext+tag
// The header (everything before the ciphertext) is the AEAD's associated data, so the cost
// parameters cannot be lowered by editing the file.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes, scrypt } from 'node:crypto';
import type { Sealer } from './sealer';
import { SealerError } from './sealer';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
}

/**
 * Production parameters: N = 2^17, r = 8, p = 1 (128 MiB, ~0.3 s here), OWASP's current
 * recommendation for scrypt. A new random 16-byte salt is drawn for every seal.
 */
export const SCRYPT_PRODUCTION: ScryptParams = { logN: 17, r: 8, p: 1 };

const MAGIC = [0x50, 0x4c, 0x59, 0x50]; // "PLYP"
const VERSION = 1;
const SALT_LENGTH = 16;
const NONCE_LENGTH = 24;
const HEADER_LENGTH = MAGIC.length + 4 + SALT_LENGTH + NONCE_LENGTH;
const MIN_PASSPHRASE_LENGTH = 8;

function deriveKey(passphrase: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, 32, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(new Uint8Array(key)),
    );
  });
}

export function checkPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new SealerError('wrong-passphrase', `The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
}

export function createPassphraseSealer(passphrase: string, params: ScryptParams = SCRYPT_PRODUCTION): Sealer {
  checkPassphrase(passphrase);
  return {
    kind: 'passphrase',
    async seal(secret) {
      const header = new Uint8Array(HEADER_LENGTH);
      header.set(MAGIC, 0);
      header.set([VERSION, params.logN, params.r, params.p], MAGIC.length);
      const salt = randomBytes(SALT_LENGTH);
      const nonce = randomBytes(NONCE_LENGTH);
      header.set(salt, MAGIC.length + 4);
      header.set(nonce, MAGIC.length + 4 + SALT_LENGTH);
      const key = await deriveKey(passphrase, salt, params);
      const ciphertext = xchacha20poly1305(key, nonce, header).encrypt(secret);
      const out = new Uint8Array(HEADER_LENGTH + ciphertext.length);
      out.set(header);
      out.set(ciphertext, HEADER_LENGTH);
      return out;
    },
    async open(sealed) {
      if (sealed.length < HEADER_LENGTH + 16 || MAGIC.some((b, i) => sealed[i] !== b) || sealed[4] !== VERSION) {
        throw new SealerError('malformed', 'Not a Parley passphrase-sealed file');
      }
      const stored: ScryptParams = { logN: sealed[5]!, r: sealed[6]!, p: sealed[7]! };
      // Refuse parameters weaker than ours (a tampered header) or absurdly expensive ones.
      if (stored.logN < params.logN || stored.logN > 22 || stored.r < 1 || stored.r > 32 || stored.p < 1 || stored.p > 16) {
        throw new SealerError('malformed', 'Unsupported passphrase parameters');
      }
      const header = sealed.subarray(0, HEADER_LENGTH);
      const salt = sealed.subarray(MAGIC.length + 4, MAGIC.length + 4 + SALT_LENGTH);
      const nonce = sealed.subarray(MAGIC.length + 4 + SALT_LENGTH, HEADER_LENGTH);
      const key = await deriveKey(passphrase, salt, stored);
      try {
        return xchacha20poly1305(key, nonce, header).decrypt(sealed.subarray(HEADER_LENGTH));
      } catch {
        throw new SealerError('wrong-passphrase', 'Wrong passphrase');
      }
    },
  };
}

/**
 * For tests and the e2e harness only (no Electron, no keychain): a real passphrase sealer with
 * a fixed, public passphrase and cheap scrypt parameters. It protects nothing; it exists so the
 * code paths are the same as in production and nothing is ever written in plaintext.
 */
export const TEST_SCRYPT: ScryptParams = { logN: 10, r: 8, p: 1 };
export function createTestSealer(): Sealer {
  return createPassphraseSealer('parley-test-passphrase (not secret)', TEST_SCRYPT);
}
