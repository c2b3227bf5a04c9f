// The Double Ratchet (PROTOCOL.md §6; Signal's Double Ratchet spec §3.3-§3.5) over one pair of
// participants. Every operation works on a copy of the state and commits it only when the whole
// operation succeeded (spec §3.5: "if an exception is raised ... discard any changes to the
// state"), so a forged, corrupted or replayed message never disturbs the session. Operations on
// one session run one at a time, in call order.
import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { concatBytes } from '../bytes';
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';
import { decodeRatchetMessage, encodeHeader, encodeRatchetMessage, type RatchetMessage } from '../wire/ratchet-message';
import { kdfCk, kdfRk, messageKeys } from './kdf';
import {
  copyState,
  deserializeState,
  type DhKeyPair,
  MAX_ASSOCIATED_DATA_LENGTH,
  MAX_PREVIOUS_REMOTE_KEYS,
  MAX_SKIP,
  MAX_STORED_SKIPPED_KEYS,
  type RatchetState,
  serializeState,
  skippedKeyId,
} from './state';

const MAX_MESSAGE_NUMBER = 0xffffffff;

async function generateDh(provider: CryptoProvider): Promise<DhKeyPair> {
  const privateKey = provider.randomBytes(32);
  return { privateKey, publicKey: await provider.x25519PublicKey(privateKey) };
}

function checkAd(ad: Uint8Array): void {
  if (ad.length > MAX_ASSOCIATED_DATA_LENGTH) throw new ProtocolError('invalid-state', 'Associated data is too long');
}

export class RatchetSession {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly provider: CryptoProvider,
    private state: RatchetState,
  ) {}

  /**
   * Spec §3.3 RatchetInitAlice: the initiator knows SK and the responder's signed prekey, which is
   * the responder's first ratchet public key.
   */
  static async initAsInitiator(
    provider: CryptoProvider,
    p: { sharedSecret: Uint8Array; remoteRatchetKey: Uint8Array; associatedData: Uint8Array },
  ): Promise<RatchetSession> {
    checkAd(p.associatedData);
    const dhs = await generateDh(provider);
    const [rk, cks] = await kdfRk(provider, p.sharedSecret, await provider.x25519(dhs.privateKey, p.remoteRatchetKey));
    return new RatchetSession(provider, {
      dhs,
      dhr: p.remoteRatchetKey,
      rk,
      cks,
      ckr: undefined,
      ns: 0,
      nr: 0,
      pn: 0,
      ad: p.associatedData,
      skipped: new Map(),
      previousRemoteKeys: [],
    });
  }

  /**
   * Spec §3.3 RatchetInitBob with DHs = the signed prekey, followed at once by the DH ratchet step
   * (§3.5 DHRatchet) that the initiator's first message triggers. That step's one DH with the
   * signed prekey's private key (`prekeyDhOutput` = DH(SPK_B, remoteRatchetKey)) is computed by
   * the key store, so the prekey's private key never enters the ratchet.
   */
  static async initAsResponder(
    provider: CryptoProvider,
    p: { sharedSecret: Uint8Array; remoteRatchetKey: Uint8Array; prekeyDhOutput: Uint8Array; associatedData: Uint8Array },
  ): Promise<RatchetSession> {
    checkAd(p.associatedData);
    const [rk1, ckr] = await kdfRk(provider, p.sharedSecret, p.prekeyDhOutput);
    const dhs = await generateDh(provider);
    const [rk, cks] = await kdfRk(provider, rk1, await provider.x25519(dhs.privateKey, p.remoteRatchetKey));
    return new RatchetSession(provider, {
      dhs,
      dhr: p.remoteRatchetKey,
      rk,
      cks,
      ckr,
      ns: 0,
      nr: 0,
      pn: 0,
      ad: p.associatedData,
      skipped: new Map(),
      previousRemoteKeys: [],
    });
  }

  /** Restores a session from serialize(); throws ProtocolError for anything else. */
  static restore(provider: CryptoProvider, serialized: Uint8Array): RatchetSession {
    return new RatchetSession(provider, deserializeState(serialized));
  }

  /** The session state as versioned bytes (§6.6), after every operation queued so far. */
  serialize(): Promise<Uint8Array> {
    return this.exclusive(async () => serializeState(this.state));
  }

  /** Spec §3.4 RatchetEncrypt: returns the encoded ratchet message (header || ciphertext). */
  encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    return this.exclusive(async () => {
      const s = copyState(this.state);
      if (!s.cks) throw new ProtocolError('invalid-state', 'Session has no sending chain');
      if (s.ns >= MAX_MESSAGE_NUMBER) throw new ProtocolError('invalid-state', 'Sending chain is exhausted');
      const [cks, mk] = await kdfCk(this.provider, s.cks);
      const headerBytes = encodeHeader({ dh: s.dhs.publicKey, pn: s.pn, n: s.ns });
      s.cks = cks;
      s.ns += 1;
      const ciphertext = await this.seal(mk, plaintext, s.ad, headerBytes);
      this.state = s;
      return encodeRatchetMessage(headerBytes, ciphertext);
    });
  }

  /**
   * Spec §3.5 RatchetDecrypt. Throws ProtocolError: 'replay' for a message already decrypted (or
   * whose key was discarded), 'too-many-skipped' past `maxSkip` (MAX_SKIP unless the caller
   * gives a smaller bound), 'authentication-failed' for anything forged or corrupted, 'malformed'
   * for bytes that are not a ratchet message.
   *
   * The skipped keys are derived before the message authenticates (spec §3.5), so a forged header
   * costs the receiver up to `maxSkip` chain steps per chain for nothing: a caller that does not
   * trust the sender yet (a knocker, PROTOCOL.md §6.5) passes a small `maxSkip`.
   */
  decrypt(message: Uint8Array | RatchetMessage, { maxSkip = MAX_SKIP }: { maxSkip?: number } = {}): Promise<Uint8Array> {
    const limit = Math.min(maxSkip, MAX_SKIP);
    return this.exclusive(async () => {
      const { header, headerBytes, ciphertext } = message instanceof Uint8Array ? decodeRatchetMessage(message) : message;
      const s = copyState(this.state);

      const stored = skippedKeyId(header.dh, header.n);
      const skippedKey = s.skipped.get(stored);
      if (skippedKey) {
        const plaintext = await this.open(skippedKey, ciphertext, s.ad, headerBytes);
        s.skipped.delete(stored);
        this.state = s;
        return plaintext;
      }

      if (s.dhr && equalBytes(header.dh, s.dhr)) {
        if (header.n < s.nr) throw new ProtocolError('replay', `Message ${header.n} of this chain was already received (or its key was discarded)`);
      } else if (s.previousRemoteKeys.includes(bytesToHex(header.dh))) {
        throw new ProtocolError('replay', `Message ${header.n} of an ended chain was already received (or its key was discarded)`);
      } else {
        await this.skipMessageKeys(s, header.pn, limit);
        await this.dhRatchet(s, header.dh);
      }
      await this.skipMessageKeys(s, header.n, limit);
      if (!s.ckr) throw new ProtocolError('authentication-failed', 'Message uses a ratchet key with no receiving chain');
      const [ckr, mk] = await kdfCk(this.provider, s.ckr);
      s.ckr = ckr;
      s.nr += 1;
      const plaintext = await this.open(mk, ciphertext, s.ad, headerBytes);
      this.state = s;
      return plaintext;
    });
  }

  /** Spec §3.5 SkipMessageKeys, with at most `limit` (<= MAX_SKIP) per chain and a bounded store (oldest evicted). */
  private async skipMessageKeys(s: RatchetState, until: number, limit: number): Promise<void> {
    if (until - s.nr > limit) throw new ProtocolError('too-many-skipped', `Message would skip ${until - s.nr} keys (limit ${limit})`);
    if (!s.ckr || !s.dhr) return;
    while (s.nr < until) {
      const [ckr, mk] = await kdfCk(this.provider, s.ckr);
      s.ckr = ckr;
      s.skipped.set(skippedKeyId(s.dhr, s.nr), mk);
      if (s.skipped.size > MAX_STORED_SKIPPED_KEYS) {
        const oldest = s.skipped.keys().next().value;
        if (oldest !== undefined) s.skipped.delete(oldest);
      }
      s.nr += 1;
    }
  }

  /** Spec §3.5 DHRatchet. */
  private async dhRatchet(s: RatchetState, remoteKey: Uint8Array): Promise<void> {
    s.pn = s.ns;
    s.ns = 0;
    s.nr = 0;
    if (s.dhr) {
      s.previousRemoteKeys.push(bytesToHex(s.dhr));
      if (s.previousRemoteKeys.length > MAX_PREVIOUS_REMOTE_KEYS) s.previousRemoteKeys.shift();
    }
    s.dhr = remoteKey;
    [s.rk, s.ckr] = await kdfRk(this.provider, s.rk, await this.provider.x25519(s.dhs.privateKey, s.dhr));
    s.dhs = await generateDh(this.provider);
    [s.rk, s.cks] = await kdfRk(this.provider, s.rk, await this.provider.x25519(s.dhs.privateKey, s.dhr));
  }

  /** ENCRYPT(mk, plaintext, CONCAT(AD, header)) with AES-256-GCM (spec §3.4, §5.2). */
  private async seal(mk: Uint8Array, plaintext: Uint8Array, ad: Uint8Array, headerBytes: Uint8Array): Promise<Uint8Array> {
    const { key, nonce } = await messageKeys(this.provider, mk);
    return this.provider.aesGcmEncrypt(key, nonce, plaintext, concatBytes(ad, headerBytes));
  }

  private async open(mk: Uint8Array, ciphertext: Uint8Array, ad: Uint8Array, headerBytes: Uint8Array): Promise<Uint8Array> {
    const { key, nonce } = await messageKeys(this.provider, mk);
    return this.provider.aesGcmDecrypt(key, nonce, ciphertext, concatBytes(ad, headerBytes));
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
