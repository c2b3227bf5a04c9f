// Identity keys (PROTOCOL.md §3.1). The identity key is Ed25519 (it signs prekeys, admissions and
// consents); for X3DH it is used as an X25519 key through the birational map between the Edwards
// and Montgomery forms of Curve25519, so one key does both jobs (as Signal's XEdDSA does the other
// way round).
import { ed25519 } from '@noble/curves/ed25519.js';
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';

export const IDENTITY_KEY_LENGTH = 32;

export interface IdentityKeyPair {
  /** Ed25519 public key (RFC 8032 encoding). */
  publicKey: Uint8Array;
  /** Ed25519 32-byte seed: the private key. Never leaves main in the app. */
  seed: Uint8Array;
}

export async function generateIdentityKeyPair(provider: CryptoProvider): Promise<IdentityKeyPair> {
  const seed = provider.randomBytes(32);
  return { publicKey: await provider.ed25519PublicKey(seed), seed };
}

/** The X25519 public key of an Ed25519 identity key (u = (1 + y) / (1 - y)). */
export function identityDhPublicKey(identityKey: Uint8Array): Uint8Array {
  if (!(identityKey instanceof Uint8Array) || identityKey.length !== IDENTITY_KEY_LENGTH) {
    throw new ProtocolError('invalid-key', `Identity key must be ${IDENTITY_KEY_LENGTH} bytes`);
  }
  try {
    return ed25519.utils.toMontgomery(identityKey);
  } catch {
    throw new ProtocolError('invalid-key', 'Identity key is not a valid Ed25519 point');
  }
}

/**
 * The X25519 private scalar of an Ed25519 seed: the clamped first half of SHA-512(seed), the
 * same scalar Ed25519 signs with, so X25519(this, peer) pairs with identityDhPublicKey(publicKey).
 */
export function identityDhPrivateKey(seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new ProtocolError('invalid-key', 'Ed25519 seed must be 32 bytes');
  return ed25519.utils.toMontgomerySecret(seed);
}

/**
 * The one name of a person (PROTOCOL.md §3.1): the X25519 form of their identity key. An Ed25519
 * key A and its negation −A map to the same X25519 key, and whoever holds the private scalar of
 * one can sign for the other, so they are one person; everything that tells people apart
 * (participants, removals, known identities, verification) keys on this, never on the Ed25519 bytes.
 */
export function canonicalIdentity(identityKey: Uint8Array): Uint8Array {
  return identityDhPublicKey(identityKey);
}

/** canonicalIdentity as lower-case hex, for maps and stores. */
export function canonicalIdentityHex(identityKey: Uint8Array): string {
  return Array.from(canonicalIdentity(identityKey), (b) => b.toString(16).padStart(2, '0')).join('');
}
