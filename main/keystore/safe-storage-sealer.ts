// Sealing with Electron's safeStorage async API (Electron >= 38: encryptStringAsync /
// decryptStringAsync; the sync variants are deprecated). safeStorage is passed in through the
// small SafeStorageLike interface so this runs under plain Node in tests.
//
// Format: "PLYS" | version 0x01 | safeStorage ciphertext of base64(secret).
import type { Sealer } from './sealer';
import { SealerError } from './sealer';

export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: which OS secret store backs safeStorage. */
  getSelectedStorageBackend?(): string;
}

const MAGIC = [0x50, 0x4c, 0x59, 0x53]; // "PLYS"
const VERSION = 1;

export type SealingChoice = { kind: 'safe-storage' } | { kind: 'passphrase'; reason: string };

/**
 * Chooses how to seal. On Linux, `basic_text` means safeStorage would encrypt with a
 * hard-coded password (no keyring available), which is no protection: use a passphrase.
 */
export async function chooseSealing(safeStorage: SafeStorageLike, platform: string): Promise<SealingChoice> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return { kind: 'passphrase', reason: 'The system keychain is not available' };
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return { kind: 'passphrase', reason: `No desktop keyring (safeStorage backend "${backend}")` };
    }
  }
  return { kind: 'safe-storage' };
}

export function createSafeStorageSealer(safeStorage: SafeStorageLike): Sealer {
  let reseal = false;
  return {
    kind: 'safe-storage',
    wantsReseal: () => reseal,
    async seal(secret) {
      const encrypted = await safeStorage.encryptStringAsync(Buffer.from(secret).toString('base64'));
      const out = new Uint8Array(MAGIC.length + 1 + encrypted.length);
      out.set(MAGIC);
      out[MAGIC.length] = VERSION;
      out.set(encrypted, MAGIC.length + 1);
      return out;
    },
    async open(sealed) {
      if (sealed.length <= MAGIC.length + 1 || MAGIC.some((b, i) => sealed[i] !== b) || sealed[MAGIC.length] !== VERSION) {
        throw new SealerError('malformed', 'Not a Parley safeStorage-sealed file');
      }
      let result: string;
      try {
        let shouldReEncrypt: boolean;
        ({ result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(sealed.subarray(MAGIC.length + 1))));
        reseal = shouldReEncrypt;
      } catch {
        throw new SealerError('undecryptable', 'The system keychain could not decrypt the vault key');
      }
      return new Uint8Array(Buffer.from(result, 'base64'));
    },
  };
}
