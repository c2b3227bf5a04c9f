// The SFrame fast path for one peer connection: the same bytes as protocol/sframe.ts (RFC 9605),
// but AES-GCM runs on WebCrypto and each KID's key and salt are derived and imported once, so a
// frame costs one crypto.subtle call. Only globalThis.crypto: it runs in the Worker that hosts the
// encoded-frame transform. docs/PROTOCOL.md §8.
import { ProtocolError } from '../../protocol/errors';
import { sframeLabels, sframeSuite } from '../../protocol/sframe/cipher-suites';
import type { SframeSuite } from '../../protocol/sframe/cipher-suites';
import { decodeHeader, encodeHeader } from '../../protocol/sframe/header';
import { ReplayWindow } from '../../protocol/sframe/replay-window';
import { aesGcmOpenWithKey, aesGcmSealWithKey, importAesGcmKey, subtleHkdf } from './webcrypto-primitives';

/**
 * Parley's media suite: AES_256_GCM_SHA512_128 (RFC 9605 suite 5). AES-GCM is what WebCrypto
 * accelerates (the CTR+HMAC suites would take two subtle calls per frame); the 256-bit key matches
 * the rest of Parley's symmetric crypto and keeps a margin against recorded calls being attacked
 * later (the reason the handshake is post-quantum hybrid). PROTOCOL.md §8 has the measurements.
 */
export const PARLEY_MEDIA_SUITE = 5;

const MAX_U64 = (1n << 64n) - 1n;
const EMPTY = new Uint8Array(0);

interface FrameKey {
  key: CryptoKey;
  /** The first Nn-8 bytes of sframe_salt, and its last 8 bytes as an integer (the CTR's lane). */
  saltHead: Uint8Array;
  saltTail: bigint;
}

function gcmSuite(id: number): SframeSuite {
  const suite = sframeSuite(id);
  if (suite.aead.kind !== 'aes-gcm') throw new ProtocolError('unsupported-suite', `The WebCrypto SFrame path supports the AES-GCM suites, not ${suite.name}`);
  return suite;
}

/** §4.4.2 derive_key_salt on WebCrypto: HKDF(base_key, salt "", label) = Expand(Extract("", base_key), label). */
async function deriveFrameKey(suite: SframeSuite, kid: bigint, baseKey: Uint8Array): Promise<FrameKey> {
  if (!(baseKey instanceof Uint8Array) || baseKey.length === 0) {
    throw new ProtocolError('invalid-key', 'SFrame base key must be a non-empty byte string');
  }
  const hash = suite.hash.outputLen === 64 ? 'SHA-512' : 'SHA-256';
  const { keyLabel, saltLabel } = sframeLabels(suite, kid);
  const empty = new Uint8Array(0);
  const [key, salt] = await Promise.all([
    subtleHkdf(hash, baseKey, empty, keyLabel, suite.keyLength),
    subtleHkdf(hash, baseKey, empty, saltLabel, suite.nonceLength),
  ]);
  const saltTail = new DataView(salt.buffer, salt.byteOffset + salt.length - 8, 8).getBigUint64(0);
  return { key: await importAesGcmKey(key), saltHead: salt.slice(0, salt.length - 8), saltTail };
}

/**
 * Per-context buffers for the nonce and the AAD. WebCrypto copies its inputs before encrypt() or
 * decrypt() returns (WebCrypto "normalize an algorithm" copies BufferSource members), so they
 * can be reused from frame to frame; and being views of an explicit ArrayBuffer, they spare V8
 * from turning a fresh small on-heap array into a real ArrayBuffer on every call.
 */
class FrameScratch {
  private readonly nonce = new Uint8Array(new ArrayBuffer(12));
  private readonly nonceView = new DataView(this.nonce.buffer);
  private aad = new Uint8Array(new ArrayBuffer(64));

  /** §4.4.3: nonce = sframe_salt XOR CTR (big-endian; a 64-bit CTR touches only the last 8 bytes). */
  nonceFor(frameKey: FrameKey, ctr: bigint): Uint8Array {
    this.nonce.set(frameKey.saltHead);
    this.nonceView.setBigUint64(frameKey.saltHead.length, frameKey.saltTail ^ ctr);
    return this.nonce;
  }

  /** AAD = header || metadata. */
  aadFor(header: Uint8Array, metadata: Uint8Array): Uint8Array {
    const length = header.length + metadata.length;
    if (length > this.aad.length) this.aad = new Uint8Array(new ArrayBuffer(Math.max(length, 2 * this.aad.length)));
    this.aad.set(header);
    this.aad.set(metadata, header.length);
    return this.aad.subarray(0, length);
  }
}

/**
 * Encrypts one sender's frames. RFC 9605 §4.4.1: a base key is for encryption or decryption,
 * never both, and each (KID, CTR) is used once; so KIDs only move forward and the CTR starts at 0
 * for each new KID.
 */
export class SframeSender {
  private current: { kid: bigint; frameKey: FrameKey } | undefined;
  private ctr = 0n;
  private readonly scratch = new FrameScratch();

  constructor(readonly suite: number = PARLEY_MEDIA_SUITE) {
    gcmSuite(suite);
  }

  /** Switches to a new key. The KID must be larger than every KID this sender used before. */
  async setKey(kid: bigint, baseKey: Uint8Array): Promise<void> {
    if (typeof kid !== 'bigint' || kid < 0n || kid > MAX_U64) throw new ProtocolError('invalid-key', 'SFrame KID must be an unsigned 64-bit integer');
    if (this.current && kid <= this.current.kid) throw new ProtocolError('invalid-state', 'SFrame sender KIDs must increase');
    const frameKey = await deriveFrameKey(gcmSuite(this.suite), kid, baseKey);
    // Again after the await: a concurrent setKey may have moved on meanwhile.
    if (this.current && kid <= this.current.kid) throw new ProtocolError('invalid-state', 'SFrame sender KIDs must increase');
    this.current = { kid, frameKey };
    this.ctr = 0n;
  }

  get kid(): bigint | undefined {
    return this.current?.kid;
  }

  /**
   * header || AES-GCM(plaintext) with header || metadata as AAD. `prefix` (e.g. the codec bytes a
   * frame keeps in clear) is written in front of the SFrame frame in the same buffer, which saves
   * the caller a copy of the whole frame. The CTR is taken before anything is awaited.
   */
  encrypt(plaintext: Uint8Array, metadata: Uint8Array, prefix: Uint8Array = EMPTY): Promise<Uint8Array> {
    if (!this.current) return Promise.reject(new ProtocolError('invalid-state', 'SFrame sender has no key yet'));
    if (this.ctr > MAX_U64) return Promise.reject(new ProtocolError('invalid-state', 'SFrame counter exhausted; set a new key'));
    const { kid, frameKey } = this.current;
    const ctr = this.ctr++;
    const header = encodeHeader(kid, ctr);
    return aesGcmSealWithKey(frameKey.key, this.scratch.nonceFor(frameKey, ctr), plaintext, this.scratch.aadFor(header, metadata)).then((sealed) => {
      const out = new Uint8Array(prefix.length + header.length + sealed.length);
      out.set(prefix);
      out.set(header, prefix.length);
      out.set(sealed, prefix.length + header.length);
      return out;
    });
  }
}

/**
 * Decrypts one sender's frames under whichever of its KIDs the frame names, each (KID, CTR) once:
 * a replay window per KID (RFC 9605 §9.3) refuses frames seen before or older than the window.
 */
export class SframeReceiver {
  private readonly ready = new Map<bigint, FrameKey>();
  /**
   * Per KID: the replay window and the key it is for. Another key under a KID we had (a rebuilt
   * connection starts again at KID 1) starts again at CTR 0, so it gets a window of its own.
   */
  private readonly windows = new Map<bigint, { window: ReplayWindow; frameKey: FrameKey }>();
  /** Keys still being derived; frames naming them wait for the derivation. */
  private readonly pending = new Map<bigint, Promise<FrameKey>>();
  private readonly scratch = new FrameScratch();

  constructor(readonly suite: number = PARLEY_MEDIA_SUITE) {
    gcmSuite(suite);
  }

  async addKey(kid: bigint, baseKey: Uint8Array): Promise<void> {
    const derivation = deriveFrameKey(gcmSuite(this.suite), kid, baseKey);
    this.ready.delete(kid);
    this.pending.set(kid, derivation);
    try {
      const frameKey = await derivation;
      // Unless removed or replaced meanwhile.
      if (this.pending.get(kid) === derivation) this.ready.set(kid, frameKey);
    } finally {
      if (this.pending.get(kid) === derivation) this.pending.delete(kid);
    }
  }

  /** Forget a KID (after rotation, once late frames under it no longer matter). */
  removeKey(kid: bigint): void {
    this.ready.delete(kid);
    this.pending.delete(kid);
    this.windows.delete(kid);
  }

  private windowFor(kid: bigint, frameKey: FrameKey): ReplayWindow {
    let entry = this.windows.get(kid);
    if (entry?.frameKey !== frameKey) this.windows.set(kid, (entry = { window: new ReplayWindow(), frameKey }));
    return entry.window;
  }

  get kids(): bigint[] {
    return [...new Set([...this.ready.keys(), ...this.pending.keys()])];
  }

  /**
   * §4.4.4. Rejects with ProtocolError: 'malformed' (header, length), 'invalid-key' (no key for
   * the KID: the caller may hold the frame until the key arrives), 'authentication-failed' (tag),
   * 'replay' (§9.3: this KID's CTR was seen, or is older than the window).
   */
  async decrypt(frame: Uint8Array, metadata: Uint8Array): Promise<Uint8Array> {
    const { kid, ctr, length } = decodeHeader(frame);
    if (frame.length - length < 16) throw new ProtocolError('malformed', 'SFrame ciphertext shorter than its authentication tag');
    const frameKey = this.ready.get(kid) ?? (await this.pending.get(kid));
    if (!frameKey) throw new ProtocolError('invalid-key', `No SFrame key for KID ${kid}`);
    const window = this.windowFor(kid, frameKey);
    if (!window.mayAccept(ctr)) throw replay(kid, ctr);
    const header = frame.subarray(0, length);
    const plaintext = await aesGcmOpenWithKey(frameKey.key, this.scratch.nonceFor(frameKey, ctr), frame.subarray(length), this.scratch.aadFor(header, metadata));
    // Marked only now, after the tag verified (a forged frame must not move the window), and
    // checked again: a copy of the frame may have been decrypting at the same time.
    if (!window.accept(ctr)) throw replay(kid, ctr);
    return plaintext;
  }
}

function replay(kid: bigint, ctr: bigint): ProtocolError {
  return new ProtocolError('replay', `SFrame frame KID ${kid} CTR ${ctr} was seen before or is older than the replay window`);
}
