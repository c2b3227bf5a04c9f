// Encode(PK) for signatures and key identification (PROTOCOL.md §3.1). Signal's X3DH §2.5 encodes
// an X25519 key as a type byte 0x05 followed by the little-endian u-coordinate; Parley signs exactly
// that for the signed prekey, and the same shape with its own type byte for the ML-KEM-768 prekey
// (PQXDH §2.5 EncodeKEM: a type byte, then the encapsulation key).
import { concatBytes } from '../bytes';
import { ProtocolError } from '../errors';

export const X25519_KEY_TYPE = 0x05;
/** Parley's type byte for an ML-KEM-768 encapsulation key (libsignal uses others for its KEMs). */
export const ML_KEM_768_KEY_TYPE = 0x0b;

export const X25519_PUBLIC_KEY_LENGTH = 32;
export const ML_KEM_768_PUBLIC_KEY_LENGTH = 1184;
export const ML_KEM_768_CIPHERTEXT_LENGTH = 1088;
export const SIGNATURE_LENGTH = 64;

export function encodeX25519PublicKey(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== X25519_PUBLIC_KEY_LENGTH) throw new ProtocolError('invalid-key', 'X25519 public key must be 32 bytes');
  return concatBytes(new Uint8Array([X25519_KEY_TYPE]), publicKey);
}

export function encodeKemPublicKey(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== ML_KEM_768_PUBLIC_KEY_LENGTH) {
    throw new ProtocolError('invalid-key', `ML-KEM-768 public key must be ${ML_KEM_768_PUBLIC_KEY_LENGTH} bytes`);
  }
  return concatBytes(new Uint8Array([ML_KEM_768_KEY_TYPE]), publicKey);
}
