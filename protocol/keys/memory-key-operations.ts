// An in-memory IdentityKeyOperations: the same contract main implements over its sealed keystore,
// here over plain fields. Used by tests, benchmarks and anything that needs a throwaway identity.
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { AcceptedInit, IdentityKeyOperations, PrekeyRef } from '../handshake/key-operations';
import { generateIdentityKeyPair, identityDhPrivateKey, type IdentityKeyPair } from './identity';
import {
  generateKemPrekey,
  generateOneTimePrekeys,
  generateSignedPrekey,
  type KemPrekey,
  type KemPrekeyPair,
  type OneTimePrekey,
  type OneTimePrekeyPair,
  type SignedPrekey,
  type SignedPrekeyPair,
} from './prekeys';

/** Everything a member publishes: the public halves of its keys. */
export interface PublicPrekeys {
  identityKey: Uint8Array;
  signedPrekey: SignedPrekey;
  kemPrekey: KemPrekey;
  oneTimePrekeys: OneTimePrekey[];
}

export class MemoryKeyOperations implements IdentityKeyOperations {
  private readonly identityDh: Uint8Array;
  private readonly signedPrekeys = new Map<number, SignedPrekeyPair>();
  private readonly kemPrekeys = new Map<number, KemPrekeyPair>();
  private readonly oneTimePrekeys = new Map<number, OneTimePrekeyPair>();
  /** Inits that authenticated (signed prekey id and ephemeral key): each is accepted once. */
  private readonly acceptedInits = new Set<string>();
  private currentSignedPrekeyId: number | undefined;
  private currentKemPrekeyId: number | undefined;

  constructor(
    private readonly provider: CryptoProvider,
    private readonly identity: IdentityKeyPair,
  ) {
    this.identityDh = identityDhPrivateKey(identity.seed);
  }

  /** A fresh identity with signed prekey id 1, KEM prekey id 1 and `oneTimePrekeyCount` one-time prekeys (ids 1..n). */
  static async generate(provider: CryptoProvider, oneTimePrekeyCount = 0): Promise<MemoryKeyOperations> {
    const ops = new MemoryKeyOperations(provider, await generateIdentityKeyPair(provider));
    ops.addSignedPrekey(await generateSignedPrekey(provider, ops, 1));
    ops.addKemPrekey(await generateKemPrekey(provider, ops, 1));
    ops.addOneTimePrekeys(await generateOneTimePrekeys(provider, 1, oneTimePrekeyCount));
    return ops;
  }

  /** Adds a signed prekey and makes it the one published; older ones stay usable until removed. */
  addSignedPrekey(pair: SignedPrekeyPair): void {
    this.signedPrekeys.set(pair.id, pair);
    this.currentSignedPrekeyId = pair.id;
  }

  removeSignedPrekey(id: number): void {
    this.signedPrekeys.delete(id);
  }

  addKemPrekey(pair: KemPrekeyPair): void {
    this.kemPrekeys.set(pair.id, pair);
    this.currentKemPrekeyId = pair.id;
  }

  addOneTimePrekeys(pairs: OneTimePrekeyPair[]): void {
    for (const pair of pairs) this.oneTimePrekeys.set(pair.id, pair);
  }

  publicPrekeys(): PublicPrekeys {
    const spk = this.currentSignedPrekeyId === undefined ? undefined : this.signedPrekeys.get(this.currentSignedPrekeyId);
    const kem = this.currentKemPrekeyId === undefined ? undefined : this.kemPrekeys.get(this.currentKemPrekeyId);
    if (!spk || !kem) throw new ProtocolError('invalid-state', 'No signed prekey or KEM prekey to publish');
    return {
      identityKey: this.identity.publicKey,
      signedPrekey: { id: spk.id, publicKey: spk.publicKey, signature: spk.signature },
      kemPrekey: { id: kem.id, publicKey: kem.publicKey, signature: kem.signature },
      oneTimePrekeys: [...this.oneTimePrekeys.values()].map(({ id, publicKey }) => ({ id, publicKey })),
    };
  }

  async identityPublicKey(): Promise<Uint8Array> {
    return this.identity.publicKey;
  }

  async dhIdentity(remotePublic: Uint8Array): Promise<Uint8Array> {
    return this.provider.x25519(this.identityDh, remotePublic);
  }

  async dhPrekey(ref: PrekeyRef, remotePublic: Uint8Array): Promise<Uint8Array> {
    if (ref.kind === 'signed') {
      const spk = this.signedPrekeys.get(ref.id);
      if (!spk) throw new ProtocolError('invalid-key', `Unknown signed prekey ${ref.id}`);
      return this.provider.x25519(spk.privateKey, remotePublic);
    }
    const opk = this.oneTimePrekeys.get(ref.id);
    if (!opk) throw new ProtocolError('invalid-key', `One-time prekey ${ref.id} is unknown or already used`);
    // Not consumed yet: only an init that authenticates consumes it (commitInit).
    return this.provider.x25519(opk.privateKey, remotePublic);
  }

  async commitInit(init: AcceptedInit): Promise<void> {
    const id = `${init.signedPrekeyId}:${bytesToHex(init.ephemeralKey)}`;
    if (this.acceptedInits.has(id)) throw new ProtocolError('replay', 'This handshake init was accepted before');
    if (init.oneTimePrekeyId !== undefined && !this.oneTimePrekeys.delete(init.oneTimePrekeyId)) {
      throw new ProtocolError('replay', `One-time prekey ${init.oneTimePrekeyId} is already used`);
    }
    this.acceptedInits.add(id);
  }

  async kemDecapsulate(kemPrekeyId: number, cipherText: Uint8Array): Promise<Uint8Array> {
    const kem = this.kemPrekeys.get(kemPrekeyId);
    if (!kem) throw new ProtocolError('invalid-key', `Unknown KEM prekey ${kemPrekeyId}`);
    return this.provider.mlKemDecapsulate(cipherText, kem.secretKey);
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return this.provider.ed25519Sign(this.identity.seed, message);
  }
}
