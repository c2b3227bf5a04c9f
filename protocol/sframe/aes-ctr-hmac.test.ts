import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { sframeVectors } from '../../test/fixtures/vectors/sframe-rfc9605';
import { ProtocolError } from '../errors';
import { aesCtrHmacOpen, aesCtrHmacSeal } from './aes-ctr-hmac';

// Nt per suite id: RFC 9605 Table 1 for 1-3; the upstream AES-256 vectors (6-8) use the same tags.
const TAG_LENGTH: Record<number, number> = { 1: 10, 2: 8, 3: 4, 6: 10, 7: 8, 8: 4 };

describe('AES-CTR + HMAC AEAD (RFC 9605 §4.5.1)', () => {
  const cases = [
    ...sframeVectors.aesCtrHmac.map((v) => ({ v, params: { encKeyLength: 16, hash: sha256, tagLength: TAG_LENGTH[v.cipher_suite]! } })),
    ...sframeVectors.aes256CtrHmac.map((v) => ({ v, params: { encKeyLength: 32, hash: sha512, tagLength: TAG_LENGTH[v.cipher_suite]! } })),
  ];

  it.each(cases.map((c) => [c.v.cipher_suite, c] as const))('matches the vector for suite %i', (_suite, { v, params }) => {
    // The vector's subkeys are the key split at Nka (derive_subkeys).
    expect(bytesToHex(v.key)).toBe(bytesToHex(v.enc_key) + bytesToHex(v.auth_key));
    expect(bytesToHex(aesCtrHmacSeal(params, v.key, v.nonce, v.aad, v.pt))).toBe(bytesToHex(v.ct));
    expect(bytesToHex(aesCtrHmacOpen(params, v.key, v.nonce, v.aad, v.ct))).toBe(bytesToHex(v.pt));
  });

  it('rejects every flipped bit of ciphertext and tag, and a changed AAD', () => {
    const { v, params } = cases[0]!;
    for (let bit = 0; bit < v.ct.length * 8; bit++) {
      const bad = Uint8Array.from(v.ct);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => aesCtrHmacOpen(params, v.key, v.nonce, v.aad, bad)).toThrow(ProtocolError);
    }
    expect(() => aesCtrHmacOpen(params, v.key, v.nonce, new Uint8Array(0), v.ct)).toThrow(
      expect.objectContaining({ code: 'authentication-failed' }),
    );
    expect(() => aesCtrHmacOpen(params, v.key, v.nonce, v.aad, v.ct.subarray(0, 3))).toThrow(ProtocolError);
  });

  it('rejects a key of the wrong length', () => {
    const { v, params } = cases[0]!;
    expect(() => aesCtrHmacSeal(params, v.key.subarray(1), v.nonce, v.aad, v.pt)).toThrow(
      expect.objectContaining({ code: 'invalid-key' }),
    );
  });
});
