// The crypto.subtle calls shared by the WebCrypto provider and the SFrame fast path (which imports
// each frame key once and then pays one subtle call per frame). Only globalThis.crypto: runs in a
// Worker.
import { ProtocolError } from '../../protocol/errors';
import type { HashName } from '../../protocol/crypto/provider';

/**
 * WebCrypto takes views of an ArrayBuffer (not a SharedArrayBuffer). Our bytes almost always are;
 * the rare other case is copied.
 */
export function toBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

export function importAesGcmKey(key: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', toBufferSource(key), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** ciphertext || 16-byte tag. */
export function aesGcmSealWithKey(key: CryptoKey, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const params = { name: 'AES-GCM', iv: toBufferSource(nonce), additionalData: toBufferSource(aad), tagLength: 128 };
  return globalThis.crypto.subtle.encrypt(params, key, toBufferSource(plaintext)).then((sealed) => new Uint8Array(sealed));
}

/** Throws ProtocolError('authentication-failed') when the tag does not verify. */
export async function aesGcmOpenWithKey(key: CryptoKey, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  if (sealed.length < 16) throw new ProtocolError('authentication-failed', 'Ciphertext did not authenticate');
  const params = { name: 'AES-GCM', iv: toBufferSource(nonce), additionalData: toBufferSource(aad), tagLength: 128 };
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt(params, key, toBufferSource(sealed)));
  } catch {
    throw new ProtocolError('authentication-failed', 'Ciphertext did not authenticate');
  }
}

/** HKDF (RFC 5869) extract-then-expand; `length` bytes (1 .. 255 * hash length). */
export async function subtleHkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  const key = await globalThis.crypto.subtle.importKey('raw', toBufferSource(ikm), 'HKDF', false, ['deriveBits']);
  const params = { name: 'HKDF', hash, salt: toBufferSource(salt), info: toBufferSource(info) };
  return new Uint8Array(await globalThis.crypto.subtle.deriveBits(params, key, length * 8));
}
