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
  /** A pairwise session exists; for a responder this comes with the initiator's first payload. */
  onSession(peerId: string, remoteIdentityKey: Uint8Array): void;
  onPayload(peerId: string, payload: Payload): void;
  /** A message that failed to open or decode (counted; never fatal to the call). */
  onRejected(peerId: string, error: ProtocolError): void;
}

/** How many one-time prekeys we publish per room (each newcomer takes one). */
export const ONE_TIME_PREKEYS_PER_ROOM = 16;

interface PeerSession {
  ratchet: RatchetSession;
  identityKey: Uint8Array;
}

export class RoomSession {
  private readonly sessions = new Map<string, PeerSession>();
  /** Envelopes are processed one at a time per peer, in arrival order. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Ephemeral keys of accepted handshakes: a replayed init must not reset a session (§5.5). */
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
    this.events.onSession(member.peerId, bundle.identityKey);
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
    const previous = this.queues.get(peerId) ?? Promise.resolve();
    const next = previous.then(() => this.process(peerId, envelope));
    this.queues.set(peerId, next);
    return next;
  }

  forget(peerId: string): void {
    this.sessions.delete(peerId);
    this.queues.delete(peerId);
  }

  private async process(peerId: string, sealed: Uint8Array): Promise<void> {
    try {
      const envelope = decodeEnvelope(await openEnvelope(this.provider, await this.envelopeKey, this.room, sealed));
      if (envelope.type === 'handshake-init') {
        const existing = this.sessions.get(peerId);
        if (existing && !equalBytes(existing.identityKey, envelope.init.identityKey)) {
          throw new ProtocolError('invalid-state', 'A peer id cannot change its identity');
        }
        const ephemeral = bytesToHex(envelope.init.ephemeralKey);
        if (this.seenEphemeralKeys.has(ephemeral)) throw new ProtocolError('replay', 'Handshake already accepted');
        const accepted = await acceptSession({ provider: this.provider, keys: this.keys, room: this.room, init: envelope.init });
        this.seenEphemeralKeys.add(ephemeral);
        this.sessions.set(peerId, { ratchet: accepted.session, identityKey: accepted.remoteIdentityKey });
        this.events.onSession(peerId, accepted.remoteIdentityKey);
        this.events.onPayload(peerId, decodePayload(accepted.firstPayload));
        return;
      }
      const peer = this.sessions.get(peerId);
      if (!peer) throw new ProtocolError('invalid-state', 'Ratchet message before any handshake');
      this.events.onPayload(peerId, decodePayload(await peer.ratchet.decrypt(envelope.message)));
    } catch (error) {
      const rejection = error instanceof ProtocolError ? error : new ProtocolError('malformed', 'Message could not be processed');
      this.events.onRejected(peerId, rejection);
    }
  }
}

export function peerIdHex(peerId: Uint8Array): string {
  return bytesToHex(peerId);
}
