import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes';
import { nobleProvider } from '../crypto/noble-provider';
import { generateIdentityKeyPair } from './identity';
import { MemoryKeyOperations } from './memory-key-operations';
import { generateKemPrekey, generateOneTimePrekeys, generateSignedPrekey, verifyPrekeySignatures } from './prekeys';

describe('prekeys (§3.2)', () => {
  it('signs 0x05 || SPK and 0x0B || PQSPK with the identity key', async () => {
    const identity = await generateIdentityKeyPair(nobleProvider);
    const ops = new MemoryKeyOperations(nobleProvider, identity);
    const spk = await generateSignedPrekey(nobleProvider, ops, 7);
    const kem = await generateKemPrekey(nobleProvider, ops, 9);
    expect(spk.id).toBe(7);
    expect(kem.publicKey).toHaveLength(1184);
    expect(ed25519.verify(spk.signature, concatBytes(new Uint8Array([0x05]), spk.publicKey), identity.publicKey)).toBe(true);
    expect(ed25519.verify(kem.signature, concatBytes(new Uint8Array([0x0b]), kem.publicKey), identity.publicKey)).toBe(true);
    await expect(verifyPrekeySignatures(nobleProvider, identity.publicKey, spk, kem)).resolves.toBeUndefined();
  });

  it('rejects a prekey signed by another identity or a swapped key', async () => {
    const ops = await MemoryKeyOperations.generate(nobleProvider);
    const other = await MemoryKeyOperations.generate(nobleProvider);
    const mine = ops.publicPrekeys();
    const theirs = other.publicPrekeys();
    await expect(verifyPrekeySignatures(nobleProvider, mine.identityKey, theirs.signedPrekey, mine.kemPrekey)).rejects.toMatchObject({
      code: 'authentication-failed',
      message: expect.stringMatching(/Signed prekey/),
    });
    await expect(
      verifyPrekeySignatures(nobleProvider, mine.identityKey, mine.signedPrekey, { ...mine.kemPrekey, publicKey: theirs.kemPrekey.publicKey }),
    ).rejects.toMatchObject({ code: 'authentication-failed', message: expect.stringMatching(/ML-KEM/) });
  });

  it('numbers one-time prekeys consecutively and rejects ids beyond u32', async () => {
    const opks = await generateOneTimePrekeys(nobleProvider, 10, 3);
    expect(opks.map((k) => k.id)).toEqual([10, 11, 12]);
    expect(new Set(opks.map((k) => k.publicKey.join())).size).toBe(3);
    await expect(generateOneTimePrekeys(nobleProvider, 0xffffffff, 2)).rejects.toMatchObject({ code: 'invalid-key' });
  });
});
