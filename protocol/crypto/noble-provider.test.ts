import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors';
import { nobleProvider as c } from './noble-provider';

describe('noble provider', () => {
  it('agrees on X25519 shared secrets and rejects a low-order point', async () => {
    const a = c.randomBytes(32);
    const b = c.randomBytes(32);
    const ab = await c.x25519(a, await c.x25519PublicKey(b));
    expect(ab).toEqual(await c.x25519(b, await c.x25519PublicKey(a)));
    await expect(c.x25519(a, new Uint8Array(32))).rejects.toBeInstanceOf(ProtocolError);
  });

  it('AES-GCM and XChaCha20-Poly1305 reject a flipped bit with ProtocolError', async () => {
    const key = c.randomBytes(32);
    const gcmNonce = c.randomBytes(12);
    const sealed = await c.aesGcmEncrypt(key, gcmNonce, new Uint8Array([1, 2, 3]), new Uint8Array([9]));
    sealed[0]! ^= 1;
    await expect(c.aesGcmDecrypt(key, gcmNonce, sealed, new Uint8Array([9]))).rejects.toMatchObject({ code: 'authentication-failed' });
    const xNonce = c.randomBytes(24);
    const xs = await c.xchachaEncrypt(key, xNonce, new Uint8Array([1, 2, 3]), new Uint8Array());
    await expect(c.xchachaDecrypt(key, xNonce, xs, new Uint8Array([1]))).rejects.toMatchObject({ code: 'authentication-failed' });
  });

  it('ML-KEM-768 encapsulates to the same secret the holder decapsulates', async () => {
    const { publicKey, secretKey } = await c.mlKemKeygen();
    const { cipherText, sharedSecret } = await c.mlKemEncapsulate(publicKey);
    expect(await c.mlKemDecapsulate(cipherText, secretKey)).toEqual(sharedSecret);
  });

  it('Ed25519 verify returns false, never throws, for garbage', async () => {
    const seed = c.randomBytes(32);
    const sig = await c.ed25519Sign(seed, new Uint8Array([1]));
    expect(await c.ed25519Verify(await c.ed25519PublicKey(seed), new Uint8Array([1]), sig)).toBe(true);
    expect(await c.ed25519Verify(new Uint8Array(5), new Uint8Array([1]), sig)).toBe(false);
    expect(await c.ed25519Verify(await c.ed25519PublicKey(seed), new Uint8Array([2]), sig)).toBe(false);
  });
});
