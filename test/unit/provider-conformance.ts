// The provider equivalence rule (docs/PROTOCOL.md §2) as a test suite: on random inputs an
// accelerated CryptoProvider returns exactly the bytes of the @noble reference, and fails in the
// same cases with the same ProtocolError codes. Used by each accelerated provider's test file.
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider as noble } from '../../protocol/crypto/noble-provider';
import type { CryptoProvider, HashName } from '../../protocol/crypto/provider';

/** X25519 public keys that give an all-zero shared secret (the low-order points of Curve25519 and
 * their non-canonical encodings), after the list libsodium rejects. */
export const LOW_ORDER_X25519 = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880',
].map(hexToBytes);

const rand = (n: number) => noble.randomBytes(n);
const randInt = (max: number) => Math.floor(Math.random() * (max + 1));

async function outcome<T>(run: () => Promise<T>): Promise<{ ok: T } | { error: string }> {
  try {
    return { ok: await run() };
  } catch (error) {
    return { error: `${(error as Error).name}:${(error as { code?: string }).code ?? (error as Error).message}` };
  }
}

export function describeProviderConformance(provider: CryptoProvider, rounds = { curve: 48, symmetric: 96 }): void {
  describe(`${provider.name} provider matches the @noble reference`, () => {
    it('randomBytes gives the requested length, different each time', () => {
      expect(provider.randomBytes(32)).toHaveLength(32);
      expect(provider.randomBytes(32)).not.toEqual(provider.randomBytes(32));
    });

    it(`X25519 public keys and shared secrets (${rounds.curve} random keys, arbitrary public bytes)`, async () => {
      for (let i = 0; i < rounds.curve; i++) {
        const priv = rand(32);
        expect(await provider.x25519PublicKey(priv)).toEqual(await noble.x25519PublicKey(priv));
        // Random 32 bytes: half have the top bit set, some are >= p; both must be read alike.
        const pub = rand(32);
        expect(await outcome(() => provider.x25519(priv, pub))).toEqual(await outcome(() => noble.x25519(priv, pub)));
      }
    });

    it('X25519 reads non-canonical public keys (u >= p, top bit set) as the reference does', async () => {
      const priv = rand(32);
      const p = 2n ** 255n - 19n;
      for (let k = 2n; k < 20n; k++) {
        for (const value of [p + k, k + (1n << 255n)]) {
          const pub = new Uint8Array(32);
          for (let i = 0, v = value; i < 32; i++, v >>= 8n) pub[i] = Number(v & 0xffn);
          expect(await outcome(() => provider.x25519(priv, pub))).toEqual(await outcome(() => noble.x25519(priv, pub)));
        }
      }
    });

    it('X25519 rejects every low-order point with invalid-key, as the reference does', async () => {
      const priv = rand(32);
      for (const pub of LOW_ORDER_X25519) {
        await expect(noble.x25519(priv, pub)).rejects.toMatchObject({ name: 'ProtocolError', code: 'invalid-key' });
        await expect(provider.x25519(priv, pub)).rejects.toMatchObject({ name: 'ProtocolError', code: 'invalid-key' });
      }
      await expect(provider.x25519(rand(31), rand(32))).rejects.toMatchObject({ code: 'invalid-key' });
      await expect(provider.x25519PublicKey(rand(33))).rejects.toMatchObject({ code: 'invalid-key' });
    });

    it(`Ed25519 keys, signatures and verification (${rounds.curve} rounds)`, async () => {
      for (let i = 0; i < rounds.curve; i++) {
        const seed = rand(32);
        const message = rand(randInt(300));
        const pub = await provider.ed25519PublicKey(seed);
        expect(pub).toEqual(await noble.ed25519PublicKey(seed));
        const signature = await provider.ed25519Sign(seed, message);
        expect(signature).toEqual(await noble.ed25519Sign(seed, message));
        expect(await provider.ed25519Verify(pub, message, signature)).toBe(true);
        const forged = Uint8Array.from(signature);
        forged[randInt(63)]! ^= 1 << randInt(7);
        expect(await provider.ed25519Verify(pub, message, forged)).toBe(false);
        expect(await noble.ed25519Verify(pub, message, forged)).toBe(false);
        // Random bytes as key and signature: false, never an exception.
        expect(await provider.ed25519Verify(rand(32), message, rand(64))).toBe(false);
      }
      const seed = rand(32);
      const pub = await provider.ed25519PublicKey(seed);
      const signature = await provider.ed25519Sign(seed, new Uint8Array([1]));
      expect(await provider.ed25519Verify(pub.subarray(1), new Uint8Array([1]), signature)).toBe(false);
      expect(await provider.ed25519Verify(pub, new Uint8Array([1]), signature.subarray(1))).toBe(false);
    });

    it(`HKDF, HMAC and SHA-512 (${rounds.symmetric} random inputs each, empty and long edge cases)`, async () => {
      const hashes: HashName[] = ['SHA-256', 'SHA-512'];
      for (let i = 0; i < rounds.symmetric; i++) {
        const hash = hashes[i % 2]!;
        const ikm = rand(randInt(80));
        const salt = rand(i % 5 === 0 ? 0 : randInt(80));
        const info = rand(i % 7 === 0 ? 1025 + randInt(200) : randInt(100));
        const length = 1 + randInt(hash === 'SHA-256' ? 255 * 32 - 1 : 200);
        expect(await provider.hkdf(hash, ikm, salt, info, length)).toEqual(await noble.hkdf(hash, ikm, salt, info, length));
        const key = rand(i % 6 === 0 ? 0 : randInt(200));
        const data = rand(randInt(2000));
        expect(await provider.hmac(hash, key, data)).toEqual(await noble.hmac(hash, key, data));
        expect(await provider.sha512(data)).toEqual(await noble.sha512(data));
      }
    });

    it(`AES-GCM with 128- and 256-bit keys (${rounds.symmetric} rounds), tampering -> authentication-failed`, async () => {
      for (let i = 0; i < rounds.symmetric; i++) {
        const key = rand(i % 2 ? 16 : 32);
        const nonce = rand(12);
        const plaintext = rand(randInt(i % 10 === 0 ? 65_536 : 1500)); // getRandomValues gives at most 64 KiB
        const aad = rand(randInt(40));
        const sealed = await provider.aesGcmEncrypt(key, nonce, plaintext, aad);
        expect(sealed).toEqual(await noble.aesGcmEncrypt(key, nonce, plaintext, aad));
        expect(await provider.aesGcmDecrypt(key, nonce, sealed, aad)).toEqual(plaintext);
        const bit = randInt(sealed.length * 8 - 1);
        sealed[bit >> 3]! ^= 1 << (bit & 7);
        await expect(provider.aesGcmDecrypt(key, nonce, sealed, aad)).rejects.toMatchObject({ name: 'ProtocolError', code: 'authentication-failed' });
        await expect(noble.aesGcmDecrypt(key, nonce, sealed, aad)).rejects.toMatchObject({ name: 'ProtocolError', code: 'authentication-failed' });
      }
      const key = rand(16);
      await expect(provider.aesGcmDecrypt(key, rand(12), rand(15), new Uint8Array(0))).rejects.toMatchObject({ code: 'authentication-failed' });
      await expect(provider.aesGcmEncrypt(rand(24), rand(12), rand(5), new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-key' });
      await expect(provider.aesGcmEncrypt(key, rand(16), rand(5), new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-key' });
    });

    it('XChaCha20-Poly1305 (reference fallback) and ML-KEM-768 interoperate with the reference', async () => {
      const key = rand(32);
      const nonce = rand(24);
      const plaintext = rand(500);
      const aad = rand(3);
      const sealed = await provider.xchachaEncrypt(key, nonce, plaintext, aad);
      expect(sealed).toEqual(await noble.xchachaEncrypt(key, nonce, plaintext, aad));
      sealed[0]! ^= 1;
      await expect(provider.xchachaDecrypt(key, nonce, sealed, aad)).rejects.toMatchObject({ code: 'authentication-failed' });

      const seed = rand(64);
      const pair = await provider.mlKemKeygen(seed);
      expect(pair).toEqual(await noble.mlKemKeygen(seed));
      const { cipherText, sharedSecret } = await provider.mlKemEncapsulate(pair.publicKey);
      expect(await noble.mlKemDecapsulate(cipherText, pair.secretKey)).toEqual(sharedSecret);
      expect(await provider.mlKemDecapsulate(cipherText, pair.secretKey)).toEqual(sharedSecret);
    });
  });
}
