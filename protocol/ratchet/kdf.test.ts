// Known answers for the ratchet KDFs, computed here from the Double Ratchet spec §5.2 formulas with
// @noble/hashes directly (not through the implementation), with the labels from PROTOCOL.md §6.2.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { kdfCk, kdfRk, messageKeys } from './kdf';

const rk = hexToBytes('0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000');
const dhOut = hexToBytes('a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0');
const ck = hexToBytes('5555555555555555555555555555555555555555555555555555555555555555');

describe('ratchet KDFs (§6.2)', () => {
  it('KDF_RK is HKDF-SHA-256(salt = RK, IKM = DH output, info "Parley v1 ratchet root") split 32/32', async () => {
    const okm = hkdf(sha256, dhOut, rk, utf8ToBytes('Parley v1 ratchet root'), 64);
    expect(await kdfRk(nobleProvider, rk, dhOut)).toEqual([okm.slice(0, 32), okm.slice(32)]);
  });

  it('KDF_CK is HMAC-SHA-256(CK, 0x02) for the next chain key and HMAC-SHA-256(CK, 0x01) for the message key', async () => {
    expect(await kdfCk(nobleProvider, ck)).toEqual([hmac(sha256, ck, new Uint8Array([2])), hmac(sha256, ck, new Uint8Array([1]))]);
  });

  it('message keys are HKDF-SHA-256(mk, 32 zero bytes, "Parley v1 message keys") -> key 32 || nonce 12', async () => {
    const mk = hmac(sha256, ck, new Uint8Array([1]));
    const okm = hkdf(sha256, mk, new Uint8Array(32), utf8ToBytes('Parley v1 message keys'), 44);
    expect(await messageKeys(nobleProvider, mk)).toEqual({ key: okm.slice(0, 32), nonce: okm.slice(32) });
  });
});
