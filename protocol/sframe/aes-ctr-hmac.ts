// The compound AEAD of RFC 9605 §4.5.1: AES-CTR encryption then a truncated HMAC tag
// (encrypt-then-MAC as in SRTP), used by the suites with short tags.
import { ctr } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { equalBytes } from '@noble/curves/utils.js';
import type { CHash } from '@noble/hashes/utils.js';
import { ProtocolError } from '../errors';

export interface AesCtrHmacParams {
  /** Nka: AES key size in bytes (16 or 32). */
  encKeyLength: number;
  /** The HMAC hash; its output size is Nh, the length of the authentication subkey. */
  hash: CHash;
  /** Nt: tag length in bytes (HMAC output truncated). */
  tagLength: number;
}

function u64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** derive_subkeys: enc_key = key[..Nka], auth_key = key[Nka..] (Nh bytes). */
function deriveSubkeys(p: AesCtrHmacParams, key: Uint8Array): { encKey: Uint8Array; authKey: Uint8Array } {
  if (key.length !== p.encKeyLength + p.hash.outputLen) {
    throw new ProtocolError('invalid-key', `AES-CTR-HMAC key must be ${p.encKeyLength + p.hash.outputLen} bytes`);
  }
  return { encKey: key.subarray(0, p.encKeyLength), authKey: key.subarray(p.encKeyLength) };
}

/** compute_tag: HMAC(auth_key, len(aad) || len(ct) || Nt || nonce || aad || ct), 8-byte big-endian lengths. */
function computeTag(p: AesCtrHmacParams, authKey: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array {
  const mac = hmac.create(p.hash, authKey);
  mac.update(u64(aad.length)).update(u64(ct.length)).update(u64(p.tagLength));
  mac.update(nonce).update(aad).update(ct);
  return mac.digest().subarray(0, p.tagLength);
}

/** initial_counter = nonce || 0x00000000 (the 12-byte nonce, then a 32-bit block counter from 0). */
function aesCtr(encKey: Uint8Array, nonce: Uint8Array, data: Uint8Array): Uint8Array {
  const counter = new Uint8Array(16);
  counter.set(nonce);
  return ctr(encKey, counter).encrypt(data);
}

function checkNonce(nonce: Uint8Array): void {
  if (nonce.length !== 12) throw new ProtocolError('malformed', 'AES-CTR-HMAC nonce must be 12 bytes');
}

/** AEAD.Encrypt: ct || tag. */
export function aesCtrHmacSeal(p: AesCtrHmacParams, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  checkNonce(nonce);
  const { encKey, authKey } = deriveSubkeys(p, key);
  const ct = aesCtr(encKey, nonce, pt);
  const out = new Uint8Array(ct.length + p.tagLength);
  out.set(ct);
  out.set(computeTag(p, authKey, nonce, aad, ct), ct.length);
  return out;
}

/** AEAD.Decrypt: verifies the tag in constant time before decrypting. */
export function aesCtrHmacOpen(p: AesCtrHmacParams, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  checkNonce(nonce);
  const { encKey, authKey } = deriveSubkeys(p, key);
  if (sealed.length < p.tagLength) throw new ProtocolError('authentication-failed', 'SFrame ciphertext shorter than its tag');
  const ct = sealed.subarray(0, sealed.length - p.tagLength);
  const tag = sealed.subarray(sealed.length - p.tagLength);
  if (!equalBytes(tag, computeTag(p, authKey, nonce, aad, ct))) {
    throw new ProtocolError('authentication-failed', 'SFrame tag did not verify');
  }
  return aesCtr(encKey, nonce, ct);
}
