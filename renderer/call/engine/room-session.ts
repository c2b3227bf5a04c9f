// The encrypted signaling layer of one room (DESIGN.md "Rooms and the handshake"; PROTOCOL.md
// §5-7): publishes our sealed prekey bundle, runs the X3DH + ML-KEM handshake with every member
// (the newcomer initiates), then carries typed payloads inside one Double Ratchet per pair. The
// relay only ever sees sealed blobs and ratchet envelopes. Everything above this (lobby, media,
// chat) deals in payloads and identity keys, never in keys or bytes on the wire.
import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CryptoProvider } from '../../../protocol/crypto/provider';
import { ProtocolError } from '../../../protocol/errors';
import { acceptSession, initiateSession } from '../../../protocol/handshake/handshake';
import type { HandshakeKeyOperations } from '../../../protocol/handshake/key-operations';
import type { PublicPrekeys } from '../../../protocol/ipc-contract';
import { openMemberBundle, sealBaseBundle, sealOneTimePrekey } from '../../../protocol/keys/sealed-bundle';
import type { RatchetSession } from '../../../protocol/ratchet/session';
import type { RoomKeys } from '../../../protocol/room/room';
import { decodeEnvelope, encodeRatchetEnvelope } from '../../../protocol/wire/envelope';
import { decodePayload, encodePayload } from '../../../protocol/wire/payload';
import { deriveEnvelopeKey, openEnvelope, sealEnvelope } from '../../../protocol/wire/sealed-envelope';
import type { Payload } from '../../../protocol/wire/payload';

export interface RelayMember {
  peerId: string;
  base: Uint8Array;
  oneTime: Uint8Array | null;
}

/** The relay as the session uses it (renderer/call/engine/relay-port.ts adapts the relay client). */
export interface RelayPort {
  join(roomId: Uint8Array, bundle: { base: Uint8Array; oneTime: Uint8Array[] }): Promise<{ peerId: string; members: RelayMember[] }>;
  /** False when the relay is not connected: the envelope was not sent. */
  send(to: string, envelope: Uint8Array): boolean;
}

export interface SessionEvents {
  /**
   * A pairwise session exists; for a responder this comes with the initiator's first payload.
   * `authenticated`: the peer proved the identity key — true for a session they opened (their
   * init's first message decrypted: X3DH needs their identity's private key, and a replayed init
   * is refused, PROTOCOL.md §5.5); false for one we opened from a bundle, which anyone with the
   * link can copy and republish, until a message from them decrypts under it (onPayload).
   */
  onSession(peerId: string, remoteIdentityKey: Uint8Array, authenticated: boolean): void;
  onPayload(peerId: string, payload: Payload): void;
  /** A message that failed to open or decode (counted; never fatal to the call). */
  onRejected(peerId: string, error: ProtocolError): void;
  /**
   * Whether the peer is someone we know to be in the meeting (admitted). Everyone else — a
   * knocker, a stranger with the link — gets the stranger bounds below. Default: nobody is.
   */
  isTrusted?(peerId: string): boolean;
  /** A peer went over a bound: its session is gone and nothing more from that peer id is read. */
  onPeerDropped?(peerId: string, reason: PeerDropReason): void;
}

/** How many one-time prekeys we publish per room (each newcomer takes one). */
export const ONE_TIME_PREKEYS_PER_ROOM = 16;

/**
 * Bounds on the work any peer can cause (issue 16 "bounded work for strangers"; PROTOCOL.md
 * §7.5). Envelopes are opened one at a time per peer; these many may wait, from anyone.
 */
export const MAX_QUEUED_ENVELOPES = 256;
export const MAX_QUEUED_BYTES = 2 * 1024 * 1024;
/**
 * Skipped ratchet keys one message from a stranger may cost (the ratchet derives them before the
 * message authenticates, PROTOCOL.md §6.5). An honest knocker sends its knock and nothing until it
 * is admitted, so it never skips more than the few messages a relay outage loses.
 */
export const STRANGER_MAX_SKIP = 32;
/** Messages from a stranger that fail to open or decode before the stranger is dropped. */
export const STRANGER_MAX_REJECTED = 16;
/**
 * Handshake inits one peer id may send. An honest peer sends one per join (a re-join has a new
 * peer id); each costs us DH steps in main (a one-time prekey only if the init authenticates).
 */
export const MAX_HANDSHAKES_PER_PEER = 2;
/** Dropped peer ids remembered (their envelopes are ignored unread); the oldest are forgotten. */
const MAX_DROPPED_PEERS = 1024;

export type PeerDropReason = 'queue-full' | 'rejected-messages' | 'too-many-handshakes' | 'held-signals';

interface PeerSession {
  ratchet: RatchetSession;
  identityKey: Uint8Array;
}

export class RoomSession {
  private readonly sessions = new Map<string, PeerSession>();
  /** Envelopes are processed one at a time per peer, in arrival order. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Per peer: envelopes waiting in its queue and their bytes, rejections, handshakes (the bounds above). */
  private readonly load = new Map<string, { queued: number; bytes: number; rejected: number; handshakes: number }>();
  /** Peer ids dropped for going over a bound, oldest first. */
  private readonly dropped = new Set<string>();
  /**
   * Ephemeral keys of accepted handshakes: a replayed init must not reset a session (§5.5). The
   * keystore refuses repeats too, across meetings and restarts; this spares main the DH work.
   */
  private readonly seenEphemeralKeys = new Set<string>();
  /** Every envelope is sealed for room members only (PROTOCOL.md §7.6). */
  private readonly envelopeKey: Promise<Uint8Array>;

  constructor(
    private readonly provider: CryptoProvider,
    private readonly keys: HandshakeKeyOperations,
    private readonly room: RoomKeys,
    private readonly relay: RelayPort,
    private readonly events: SessionEvents,
  ) {
    this.envelopeKey = deriveEnvelopeKey(provider, room);
  }

  private async seal(envelope: Uint8Array): Promise<Uint8Array> {
    return sealEnvelope(this.provider, await this.envelopeKey, this.room, envelope);
  }

  /** Our sealed blobs: the base bundle and some one-time prekeys, opaque to the relay. */
  async sealedBundle(prekeys: PublicPrekeys): Promise<{ base: Uint8Array; oneTime: Uint8Array[] }> {
    const base = await sealBaseBundle(this.provider, this.room, {
      identityKey: prekeys.identityKey,
      signedPrekey: prekeys.signedPrekey,
      kemPrekey: prekeys.kemPrekey,
    });
    const oneTime = await Promise.all(
      prekeys.oneTimePrekeys.slice(0, ONE_TIME_PREKEYS_PER_ROOM).map((p) => sealOneTimePrekey(this.provider, this.room, prekeys.identityKey, p)),
    );
    return { base, oneTime };
  }

  identityOf(peerId: string): Uint8Array | undefined {
    return this.sessions.get(peerId)?.identityKey;
  }

  hasSession(peerId: string): boolean {
    return this.sessions.has(peerId);
  }

  /** The identity key inside a member's sealed base bundle (to recognise a returning peer). */
  async memberIdentity(member: RelayMember): Promise<Uint8Array> {
    return (await openMemberBundle(this.provider, this.room, member.base)).identityKey;
  }

  /** X3DH as the initiator towards a member; `first` rides in the first ratchet message. */
  async connect(member: RelayMember, first: Payload): Promise<Uint8Array> {
    const bundle = await openMemberBundle(this.provider, this.room, member.base, member.oneTime ?? undefined);
    const { session, envelope } = await initiateSession({
      provider: this.provider,
      keys: this.keys,
      room: this.room,
      bundle,
      firstPayload: encodePayload(first),
    });
    this.sessions.set(member.peerId, { ratchet: session, identityKey: bundle.identityKey });
    this.relay.send(member.peerId, await this.seal(envelope));
    this.events.onSession(member.peerId, bundle.identityKey, false);
    return bundle.identityKey;
  }

  /**
   * Encrypts a payload for a peer; the envelope goes through the relay unless `via` carries it.
   * False when the relay was not connected (the message is lost; the ratchet has moved on, which
   * the receiver's skipped-key handling absorbs).
   */
  send(peerId: string, payload: Payload, via?: (envelope: Uint8Array) => void): Promise<boolean> {
    return this.sendPlaintext(peerId, encodePayload(payload), via);
  }

  /** As send(), with the ratchet plaintext given as bytes (test/adversary sends malformed ones). */
  async sendPlaintext(peerId: string, plaintext: Uint8Array, via?: (envelope: Uint8Array) => void): Promise<boolean> {
    const peer = this.sessions.get(peerId);
    if (!peer) throw new ProtocolError('invalid-state', 'No session with this peer');
    const envelope = await this.seal(encodeRatchetEnvelope(await peer.ratchet.encrypt(plaintext)));
    if (!via) return this.relay.send(peerId, envelope);
    via(envelope);
    return true;
  }

  /** Every sealed envelope from a peer, from the relay or a data channel. */
  receive(peerId: string, envelope: Uint8Array): Promise<void> {
    if (this.dropped.has(peerId)) return Promise.resolve();
    const load = this.loadOf(peerId);
    if (load.queued + 1 > MAX_QUEUED_ENVELOPES || load.bytes + envelope.length > MAX_QUEUED_BYTES) {
      this.drop(peerId, 'queue-full');
      return Promise.resolve();
    }
    load.queued += 1;
    load.bytes += envelope.length;
    const previous = this.queues.get(peerId) ?? Promise.resolve();
    const next = previous.then(async () => {
      load.queued -= 1;
      load.bytes -= envelope.length;
      if (!this.dropped.has(peerId)) await this.process(peerId, envelope);
    });
    this.queues.set(peerId, next);
    return next;
  }

  forget(peerId: string): void {
    this.sessions.delete(peerId);
    this.queues.delete(peerId);
    this.load.delete(peerId);
  }

  /** Forgets the peer and reads nothing more from this peer id (it is per join: a re-join gets a new one). */
  drop(peerId: string, reason: PeerDropReason): void {
    if (this.dropped.has(peerId)) return;
    this.dropped.add(peerId);
    if (this.dropped.size > MAX_DROPPED_PEERS) this.dropped.delete(this.dropped.values().next().value!);
    this.forget(peerId);
    this.events.onPeerDropped?.(peerId, reason);
  }

  private loadOf(peerId: string): { queued: number; bytes: number; rejected: number; handshakes: number } {
    let load = this.load.get(peerId);
    if (!load) this.load.set(peerId, (load = { queued: 0, bytes: 0, rejected: 0, handshakes: 0 }));
    return load;
  }

  private trusted(peerId: string): boolean {
    return this.events.isTrusted?.(peerId) ?? false;
  }

  private async process(peerId: string, sealed: Uint8Array): Promise<void> {
    try {
      const envelope = decodeEnvelope(await openEnvelope(this.provider, await this.envelopeKey, this.room, sealed));
      if (envelope.type === 'handshake-init') {
        if (++this.loadOf(peerId).handshakes > MAX_HANDSHAKES_PER_PEER) {
          this.drop(peerId, 'too-many-handshakes');
          return;
        }
        const existing = this.sessions.get(peerId);
        if (existing && !equalBytes(existing.identityKey, envelope.init.identityKey)) {
          throw new ProtocolError('invalid-state', 'A peer id cannot change its identity');
        }
        const ephemeral = bytesToHex(envelope.init.ephemeralKey);
        if (this.seenEphemeralKeys.has(ephemeral)) throw new ProtocolError('replay', 'Handshake already accepted');
        const accepted = await acceptSession({ provider: this.provider, keys: this.keys, room: this.room, init: envelope.init });
        this.seenEphemeralKeys.add(ephemeral);
        this.sessions.set(peerId, { ratchet: accepted.session, identityKey: accepted.remoteIdentityKey });
        this.events.onSession(peerId, accepted.remoteIdentityKey, true);
        this.events.onPayload(peerId, decodePayload(accepted.firstPayload));
        return;
      }
      const peer = this.sessions.get(peerId);
      if (!peer) throw new ProtocolError('invalid-state', 'Ratchet message before any handshake');
      const maxSkip = this.trusted(peerId) ? undefined : STRANGER_MAX_SKIP;
      this.events.onPayload(peerId, decodePayload(await peer.ratchet.decrypt(envelope.message, maxSkip === undefined ? {} : { maxSkip })));
    } catch (error) {
      const rejection = error instanceof ProtocolError ? error : new ProtocolError('malformed', 'Message could not be processed');
      this.events.onRejected(peerId, rejection);
      if (!this.trusted(peerId) && ++this.loadOf(peerId).rejected >= STRANGER_MAX_REJECTED) this.drop(peerId, 'rejected-messages');
    }
  }
}

export function peerIdHex(peerId: Uint8Array): string {
  return bytesToHex(peerId);
}
