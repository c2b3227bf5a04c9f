import { describe, expect, it } from 'vitest';
import type { SafeStorageLike } from './safe-storage-sealer';
import { chooseSealing, createSafeStorageSealer } from './safe-storage-sealer';

/** A stand-in for Electron's safeStorage: XOR "encryption", enough to see what crosses the API. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; failDecrypt?: boolean } = {}): SafeStorageLike & { seen: string[] } {
  const seen: string[] = [];
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    seen,
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (text) => (seen.push(text), xor(Buffer.from(text))),
    decryptStringAsync: async (data) => {
      if (options.failDecrypt) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: xor(data).toString(), shouldReEncrypt: false };
    },
  };
}

describe('safeStorage sealer', () => {
  it('round-trips through encryptStringAsync/decryptStringAsync', async () => {
    const storage = fakeSafeStorage();
    const sealer = createSafeStorageSealer(storage);
    const secret = new Uint8Array([0, 1, 2, 250, 255]);
    const sealed = await sealer.seal(secret);
    expect(await sealer.open(sealed)).toEqual(secret);
    expect(storage.seen).toEqual([Buffer.from(secret).toString('base64')]);
  });

  it('reports a keychain that cannot decrypt as undecryptable', async () => {
    const sealed = await createSafeStorageSealer(fakeSafeStorage()).seal(new Uint8Array(32));
    await expect(createSafeStorageSealer(fakeSafeStorage({ failDecrypt: true })).open(sealed)).rejects.toMatchObject({ code: 'undecryptable' });
    await expect(createSafeStorageSealer(fakeSafeStorage()).open(new Uint8Array([1, 2, 3, 4, 5, 6]))).rejects.toMatchObject({ code: 'malformed' });
  });

  it('asks for a passphrase where safeStorage would only use basic_text (no keyring)', async () => {
    expect(await chooseSealing(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toMatchObject({ kind: 'passphrase' });
    expect(await chooseSealing(fakeSafeStorage({ backend: 'kwallet6' }), 'linux')).toEqual({ kind: 'safe-storage' });
    expect(await chooseSealing(fakeSafeStorage({ available: false }), 'darwin')).toMatchObject({ kind: 'passphrase' });
    expect(await chooseSealing(fakeSafeStorage({ backend: 'basic_text' }), 'win32')).toEqual({ kind: 'safe-storage' });
  });
});

describe('safeStorage key rotation', () => {
  it('asks for a re-seal when decryptStringAsync says shouldReEncrypt', async () => {
    const storage = fakeSafeStorage();
    const sealed = await createSafeStorageSealer(storage).seal(new Uint8Array([7]));
    const rotating = { ...storage, decryptStringAsync: async (b: Buffer) => ({ ...(await storage.decryptStringAsync(b)), shouldReEncrypt: true }) };
    const sealer = createSafeStorageSealer(rotating);
    expect(sealer.wantsReseal!()).toBe(false);
    expect(await sealer.open(sealed)).toEqual(new Uint8Array([7]));
    expect(sealer.wantsReseal!()).toBe(true);
  });
});
