// Identities for the adversary kit (README.md "Identities"): a fresh one, the one someone stole
// (any IdentityKeyOperations with its public prekeys), or the negation of a key: the Ed25519
// point -A of a key A. -A has the same X25519 form, so the same handshakes and the same safety
// number; whoever holds A's private scalar signs for -A with its negation (RFC 8032 verification
// does not ask how a scalar was made). That is the "one identity, two faces" attack of issue 16.
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../../protocol/bytes';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import type { AcceptedInit, IdentityKeyOperations, PrekeyRef } from '../../protocol/handshake/key-operations';
import type { PublicPrekeys } from '../../protocol/ipc-contract';
import { generateIdentityKeyPair } from '../../protocol/keys/identity';
import type { IdentityKeyPair } from '../../protocol/keys/identity';
import { MemoryKeyOperations } from '../../protocol/keys/memory-key-operations';
import { generateKemPrekey, generateOneTimePrekeys, generateSignedPrekey } from '../../protocol/keys/prekeys';

/** What a client needs of an identity: the key operations and the public prekeys it publishes. */
export interface ClientIdentity extends IdentityKeyOperations {
  publicPrekeys(): PublicPrekeys;
}

/** A new identity with `oneTimePrekeys` one-time prekeys, and its seed (so it can be stolen, or negated). */
export async function freshIdentity(oneTimePrekeys = 16): Promise<{ identity: ClientIdentity; pair: IdentityKeyPair }> {
  const pair = await generateIdentityKeyPair(nobleProvider);
  const ops = new MemoryKeyOperations(nobleProvider, pair);
  ops.addSignedPrekey(await generateSignedPrekey(nobleProvider, ops, 1));
  ops.addKemPrekey(await generateKemPrekey(nobleProvider, ops, 1));
  ops.addOneTimePrekeys(await generateOneTimePrekeys(nobleProvider, 1, oneTimePrekeys));
  return { identity: ops, pair };
}

/** The Ed25519 point -A. */
export function negatePublicKey(publicKey: Uint8Array): Uint8Array {
  return ed25519.Point.fromBytes(publicKey).negate().toBytes();
}

/** An Ed25519 signature under -A by the owner of A's seed (deterministic nonce as RFC 8032 §5.1.6). */
export function signAsNegation(seed: Uint8Array, message: Uint8Array): Uint8Array {
  const { scalar, prefix } = ed25519.utils.getExtendedPublicKey(seed);
  const order = ed25519.Point.Fn.ORDER;
  const negated = (order - scalar) % order;
  const publicKey = ed25519.Point.BASE.multiply(negated).toBytes();
  const r = bytesToNumberLE(sha512(concatBytes(prefix, message))) % order;
  const R = ed25519.Point.BASE.multiply(r === 0n ? 1n : r).toBytes();
  const k = bytesToNumberLE(sha512(concatBytes(R, publicKey, message))) % order;
  const s = ((r === 0n ? 1n : r) + k * negated) % order;
  return concatBytes(R, numberToBytesLE(s, 32));
}

/**
 * The owner of `pair` presenting -A: every DH is A's (same X25519 key), every signature, the
 * prekey signatures included, is made under -A.
 */
export async function negatedIdentity(pair: IdentityKeyPair, oneTimePrekeys = 16): Promise<ClientIdentity> {
  const base = new MemoryKeyOperations(nobleProvider, pair);
  const identityKey = negatePublicKey(pair.publicKey);
  const signer = { sign: async (message: Uint8Array) => signAsNegation(pair.seed, message) };
  base.addSignedPrekey(await generateSignedPrekey(nobleProvider, signer, 1));
  base.addKemPrekey(await generateKemPrekey(nobleProvider, signer, 1));
  base.addOneTimePrekeys(await generateOneTimePrekeys(nobleProvider, 1, oneTimePrekeys));
  return {
    publicPrekeys: () => ({ ...base.publicPrekeys(), identityKey }),
    identityPublicKey: async () => identityKey,
    dhIdentity: (remote: Uint8Array) => base.dhIdentity(remote),
    dhPrekey: (ref: PrekeyRef, remote: Uint8Array) => base.dhPrekey(ref, remote),
    commitInit: (init: AcceptedInit) => base.commitInit(init),
    kemDecapsulate: (id: number, cipherText: Uint8Array) => base.kemDecapsulate(id, cipherText),
    sign: signer.sign,
  };
}
