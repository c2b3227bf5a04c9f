// The SFrame cipher suites registered by RFC 9605 (§4.5, Table 1; IANA registry §8.1), the key
// schedule of §4.4.2, and one AEAD entry point per suite.
import { gcm } from '@noble/ciphers/aes.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from '../errors';
import { aesCtrHmacOpen, aesCtrHmacSeal } from './aes-ctr-hmac';

export interface SframeSuite {
  id: number;
  name: string;
  /** Hash for HKDF (and HMAC in the CTR suites); Nh = hash.outputLen. */
  hash: CHash;
  /** Nk: AEAD key length (for the CTR suites Nka + Nh). */
  keyLength: number;
  /** Nn: nonce length. */
  nonceLength: number;
  /** Nt: tag length. */
  tagLength: number;
  aead: { kind: 'aes-gcm' } | { kind: 'aes-ctr-hmac'; encKeyLength: number };
}

const ctrHmac = (id: number, name: string, tagLength: number): SframeSuite => ({
  id, name, hash: sha256, keyLength: 16 + 32, nonceLength: 12, tagLength, aead: { kind: 'aes-ctr-hmac', encKeyLength: 16 },
});

const SUITES: SframeSuite[] = [
  ctrHmac(0x0001, 'AES_128_CTR_HMAC_SHA256_80', 10),
  ctrHmac(0x0002, 'AES_128_CTR_HMAC_SHA256_64', 8),
  ctrHmac(0x0003, 'AES_128_CTR_HMAC_SHA256_32', 4),
  { id: 0x0004, name: 'AES_128_GCM_SHA256_128', hash: sha256, keyLength: 16, nonceLength: 12, tagLength: 16, aead: { kind: 'aes-gcm' } },
  { id: 0x0005, name: 'AES_256_GCM_SHA512_128', hash: sha512, keyLength: 32, nonceLength: 12, tagLength: 16, aead: { kind: 'aes-gcm' } },
];

export const SFRAME_SUITES: ReadonlyMap<number, SframeSuite> = new Map(SUITES.map((s) => [s.id, s]));

export function sframeSuite(id: number): SframeSuite {
  const suite = SFRAME_SUITES.get(id);
  if (!suite) throw new ProtocolError('unsupported-suite', `Unknown SFrame cipher suite ${id}`);
  return suite;
}

const KEY_LABEL = utf8ToBytes('SFrame 1.0 Secret key ');
const SALT_LABEL = utf8ToBytes('SFrame 1.0 Secret salt ');

/** The labels of §4.4.2: prefix || KID as 8-byte big-endian || cipher suite as 2-byte big-endian. */
export function sframeLabels(suite: SframeSuite, kid: bigint): { keyLabel: Uint8Array; saltLabel: Uint8Array } {
  const tail = new Uint8Array(10);
  const view = new DataView(tail.buffer);
  view.setBigUint64(0, kid);
  view.setUint16(8, suite.id);
  return { keyLabel: concatBytes(KEY_LABEL, tail), saltLabel: concatBytes(SALT_LABEL, tail) };
}

/**
 * §4.4.2 derive_key_salt: sframe_secret = HKDF-Extract("", base_key); the key and salt are
 * HKDF-Expand(sframe_secret, label, Nk / Nn).
 */
export function deriveKeySalt(suite: SframeSuite, kid: bigint, baseKey: Uint8Array): { key: Uint8Array; salt: Uint8Array } {
  if (!(baseKey instanceof Uint8Array) || baseKey.length === 0) {
    throw new ProtocolError('invalid-key', 'SFrame base key must be a non-empty byte string');
  }
  const secret = extract(suite.hash, baseKey, new Uint8Array(0));
  const { keyLabel, saltLabel } = sframeLabels(suite, kid);
  return { key: expand(suite.hash, secret, keyLabel, suite.keyLength), salt: expand(suite.hash, secret, saltLabel, suite.nonceLength) };
}

/** §4.4.3: nonce = sframe_salt XOR CTR, the CTR as a big-endian integer of Nn bytes. */
export function sframeNonce(salt: Uint8Array, counter: bigint): Uint8Array {
  const nonce = Uint8Array.from(salt);
  let c = counter;
  for (let i = nonce.length - 1; i >= 0 && c > 0n; i--) {
    nonce[i]! ^= Number(c & 0xffn);
    c >>= 8n;
  }
  return nonce;
}

export function aeadSeal(suite: SframeSuite, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  if (suite.aead.kind === 'aes-gcm') return gcm(key, nonce, aad).encrypt(pt);
  return aesCtrHmacSeal({ encKeyLength: suite.aead.encKeyLength, hash: suite.hash, tagLength: suite.tagLength }, key, nonce, aad, pt);
}

export function aeadOpen(suite: SframeSuite, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (suite.aead.kind === 'aes-ctr-hmac') {
    return aesCtrHmacOpen({ encKeyLength: suite.aead.encKeyLength, hash: suite.hash, tagLength: suite.tagLength }, key, nonce, aad, sealed);
  }
  try {
    return gcm(key, nonce, aad).decrypt(sealed);
  } catch {
    throw new ProtocolError('authentication-failed', 'SFrame tag did not verify');
  }
}
