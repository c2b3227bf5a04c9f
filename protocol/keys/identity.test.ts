import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { canonicalIdentity, canonicalIdentityHex, generateIdentityKeyPair, identityDhPrivateKey, identityDhPublicKey } from './identity';

describe('identity keys (§3.1)', () => {
  it('an Ed25519 identity does X25519 DH through the birational map', async () => {
    const alice = await generateIdentityKeyPair(nobleProvider);
    const bob = await generateIdentityKeyPair(nobleProvider);
    expect(alice.publicKey).toEqual(ed25519.getPublicKey(alice.seed));
    // The Montgomery private scalar's X25519 public key is the mapped Edwards public key.
    expect(x25519.getPublicKey(identityDhPrivateKey(alice.seed))).toEqual(identityDhPublicKey(alice.publicKey));
    const ab = x25519.getSharedSecret(identityDhPrivateKey(alice.seed), identityDhPublicKey(bob.publicKey));
    const ba = x25519.getSharedSecret(identityDhPrivateKey(bob.seed), identityDhPublicKey(alice.publicKey));
    expect(ab).toEqual(ba);
  });

  it('rejects identity keys of the wrong length or off the curve', () => {
    expect(() => identityDhPublicKey(new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'invalid-key' }));
    // y = 2 is not the y-coordinate of any point on edwards25519.
    const notOnCurve = new Uint8Array(32);
    notOnCurve[0] = 2;
    expect(() => identityDhPublicKey(notOnCurve)).toThrow(expect.objectContaining({ code: 'invalid-key' }));
  });

  it('a key and its negation are one canonical identity; other keys are not', async () => {
    const alice = await generateIdentityKeyPair(nobleProvider);
    const bob = await generateIdentityKeyPair(nobleProvider);
    const negated = ed25519.Point.fromBytes(alice.publicKey).negate().toBytes();
    expect(negated).not.toEqual(alice.publicKey);
    expect(canonicalIdentity(negated)).toEqual(canonicalIdentity(alice.publicKey));
    expect(canonicalIdentityHex(negated)).toBe(canonicalIdentityHex(alice.publicKey));
    expect(canonicalIdentityHex(bob.publicKey)).not.toBe(canonicalIdentityHex(alice.publicKey));
    expect(canonicalIdentityHex(alice.publicKey)).toMatch(/^[0-9a-f]{64}$/);
  });
});
