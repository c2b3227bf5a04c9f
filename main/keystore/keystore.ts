// The unlocked keystore: implements IdentityKeyOperations (protocol/handshake/key-operations.ts)
// over the key material, and keeps the prekeys fresh (weekly signed-prekey rotation with a
// grace period, one-time prekeys refilled below 20). Every change is persisted before the
// operation that caused it returns; operations run one at a time, so a one-time prekey, and an
// init, can be consumed exactly once even under concurrent requests.
import { ed25519 } from '@noble/curves/ed25519.js';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { ProtocolError } from '../../protocol/errors';
import { equalBytes } from '@noble/curves/utils.js';
import type { AcceptedInit, IdentityKeyOperations, PrekeyRef } from '../../protocol/handshake/key-operations';
import type { PublicPrekeys } from '../../protocol/ipc-contract';
import type { KeyMaterial } from './key-material';
import {
  MAX_ACCEPTED_INITS,
  ONE_TIME_PREKEY_REFILL_BELOW,
  ONE_TIME_PREKEY_TARGET,
  SIGNED_PREKEY_GRACE_MS,
  SIGNED_PREKEY_ROTATION_MS,
  generateKemPrekey,
  generateSignedPrekey,
} from './key-material';
import { ML_KEM_768_CIPHERTEXT_LENGTH } from '../../protocol/keys/encoding';
import { generateOneTimePrekeys } from '../../protocol/keys/prekeys';


export interface KeystoreOptions {
  crypto: CryptoProvider;
  now: () => number;
  /** Writes the material durably; called with the lock held, before results are returned. */
  persist: (material: KeyMaterial) => Promise<void>;
}

export class Keystore implements IdentityKeyOperations {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly identityDhSecret: Uint8Array;

  constructor(
    private material: KeyMaterial,
    private readonly options: KeystoreOptions,
  ) {
    this.identityDhSecret = ed25519.utils.toMontgomerySecret(material.identitySeed);
  }

  /** Runs fn after every earlier operation has finished (a simple mutex). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  async identityPublicKey(): Promise<Uint8Array> {
    return this.material.identityPublicKey.slice();
  }

  /** Rotates and refills as needed (persisting), then returns the public prekeys. */
  publicPrekeys(): Promise<PublicPrekeys> {
    return this.exclusive(async () => {
      await this.maintainLocked();
      const m = this.material;
      const signed = m.signedPrekeys.find((k) => k.replacedAt === null)!;
      const kem = m.kemPrekeys.find((k) => k.replacedAt === null)!;
      return {
        identityKey: m.identityPublicKey.slice(),
        signedPrekey: { id: signed.id, publicKey: signed.publicKey.slice(), signature: signed.signature.slice() },
        kemPrekey: { id: kem.id, publicKey: kem.publicKey.slice(), signature: kem.signature.slice() },
        oneTimePrekeys: m.oneTimePrekeys.map((k) => ({ id: k.id, publicKey: k.publicKey.slice() })),
      };
    });
  }

  maintain(): Promise<void> {
    return this.exclusive(() => this.maintainLocked());
  }

  oneTimePrekeyCount(): number {
    return this.material.oneTimePrekeys.length;
  }

  async dhIdentity(remotePublic: Uint8Array): Promise<Uint8Array> {
    return this.options.crypto.x25519(this.identityDhSecret, remotePublic);
  }

  dhPrekey(ref: PrekeyRef, remotePublic: Uint8Array): Promise<Uint8Array> {
    return this.exclusive(async () => {
      if (ref.kind === 'signed') {
        const key = this.usable(this.material.signedPrekeys).find((k) => k.id === ref.id);
        if (!key) throw new ProtocolError('invalid-key', `No signed prekey ${ref.id}`);
        return this.options.crypto.x25519(key.privateKey, remotePublic);
      }
      const key = this.material.oneTimePrekeys.find((k) => k.id === ref.id);
      if (!key) throw new ProtocolError('invalid-key', `One-time prekey ${ref.id} is unknown or already used`);
      // Not consumed here: an init that does not authenticate must not burn it (commitInit does).
      return this.options.crypto.x25519(key.privateKey, remotePublic);
    });
  }

  commitInit(init: AcceptedInit): Promise<void> {
    return this.exclusive(async () => {
      const m = this.material;
      if (!this.usable(m.signedPrekeys).some((k) => k.id === init.signedPrekeyId)) {
        throw new ProtocolError('invalid-key', `No signed prekey ${init.signedPrekeyId}`);
      }
      if (m.acceptedInits.some((a) => a.signedPrekeyId === init.signedPrekeyId && equalBytes(a.ephemeralKey, init.ephemeralKey))) {
        throw new ProtocolError('replay', 'This handshake init was accepted before');
      }
      const opk = init.oneTimePrekeyId;
      if (opk !== undefined && !m.oneTimePrekeys.some((k) => k.id === opk)) throw new ProtocolError('replay', `One-time prekey ${opk} is already used`);
      // Consumed and persisted before the session is used (DESIGN.md "Identity and keys").
      await this.commit({
        ...m,
        oneTimePrekeys: opk === undefined ? m.oneTimePrekeys : m.oneTimePrekeys.filter((k) => k.id !== opk),
        acceptedInits: [...m.acceptedInits, { signedPrekeyId: init.signedPrekeyId, ephemeralKey: init.ephemeralKey.slice() }].slice(-MAX_ACCEPTED_INITS),
      });
    });
  }

  kemDecapsulate(kemPrekeyId: number, cipherText: Uint8Array): Promise<Uint8Array> {
    return this.exclusive(async () => {
      if (!(cipherText instanceof Uint8Array) || cipherText.length !== ML_KEM_768_CIPHERTEXT_LENGTH) {
        throw new ProtocolError('malformed', `ML-KEM-768 ciphertext must be ${ML_KEM_768_CIPHERTEXT_LENGTH} bytes`);
      }
      const key = this.usable(this.material.kemPrekeys).find((k) => k.id === kemPrekeyId);
      if (!key) throw new ProtocolError('invalid-key', `No KEM prekey ${kemPrekeyId}`);
      return this.options.crypto.mlKemDecapsulate(cipherText, key.secretKey);
    });
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return this.options.crypto.ed25519Sign(this.material.identitySeed, message);
  }

  /** Current keys plus replaced ones still inside their grace period. */
  private usable<K extends { replacedAt: number | null }>(keys: K[]): K[] {
    const now = this.options.now();
    return keys.filter((k) => k.replacedAt === null || now - k.replacedAt < SIGNED_PREKEY_GRACE_MS);
  }

  private async commit(next: KeyMaterial): Promise<void> {
    // Adopt first: even if the write fails, a consumed one-time prekey is gone from memory.
    this.material = next;
    await this.options.persist(next);
  }

  private async maintainLocked(): Promise<void> {
    const { crypto } = this.options;
    const now = this.options.now();
    let m = this.material;
    let changed = false;

    const currentSigned = m.signedPrekeys.find((k) => k.replacedAt === null)!;
    if (now - currentSigned.createdAt >= SIGNED_PREKEY_ROTATION_MS) {
      const fresh = await generateSignedPrekey(crypto, m.identitySeed, m.nextSignedPrekeyId, now);
      m = {
        ...m,
        signedPrekeys: [...m.signedPrekeys.map((k) => (k.replacedAt === null ? { ...k, replacedAt: now } : k)), fresh],
        nextSignedPrekeyId: m.nextSignedPrekeyId + 1,
      };
      changed = true;
    }
    const currentKem = m.kemPrekeys.find((k) => k.replacedAt === null)!;
    if (now - currentKem.createdAt >= SIGNED_PREKEY_ROTATION_MS) {
      const fresh = await generateKemPrekey(crypto, m.identitySeed, m.nextKemPrekeyId, now);
      m = {
        ...m,
        kemPrekeys: [...m.kemPrekeys.map((k) => (k.replacedAt === null ? { ...k, replacedAt: now } : k)), fresh],
        nextKemPrekeyId: m.nextKemPrekeyId + 1,
      };
      changed = true;
    }
    const expired = (k: { replacedAt: number | null }) => k.replacedAt !== null && now - k.replacedAt >= SIGNED_PREKEY_GRACE_MS;
    if (m.signedPrekeys.some(expired) || m.kemPrekeys.some(expired)) {
      const signedPrekeys = m.signedPrekeys.filter((k) => !expired(k));
      // An init for a signed prekey that is gone is refused anyway: its record can go with it.
      const acceptedInits = m.acceptedInits.filter((a) => signedPrekeys.some((k) => k.id === a.signedPrekeyId));
      m = { ...m, signedPrekeys, kemPrekeys: m.kemPrekeys.filter((k) => !expired(k)), acceptedInits };
      changed = true;
    }
    if (m.oneTimePrekeys.length < ONE_TIME_PREKEY_REFILL_BELOW) {
      const count = ONE_TIME_PREKEY_TARGET - m.oneTimePrekeys.length;
      const fresh = await generateOneTimePrekeys(crypto, m.nextOneTimePrekeyId, count);
      m = { ...m, oneTimePrekeys: [...m.oneTimePrekeys, ...fresh], nextOneTimePrekeyId: m.nextOneTimePrekeyId + count };
      changed = true;
    }
    if (changed) await this.commit(m);
  }
}
