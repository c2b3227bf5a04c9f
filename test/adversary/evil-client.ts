// The evil client (README.md): a participant in Node that holds a room's invite link and speaks
// Parley's wire format exactly — the real relay codec, the real sealed bundles and envelopes, the
// real X3DH + ML-KEM handshake and Double Ratchet (renderer/call/engine/room-session.ts, which
// imports nothing from the DOM) — but sends whatever its test tells it to: knocks, any payload,
// forged statements and chains, raw frames, and verbatim replays of what it recorded.
import WebSocket from 'ws';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import type { ProtocolError } from '../../protocol/errors';
import { signingInput } from '../../protocol/ipc-contract';
import type { SignPurpose } from '../../protocol/ipc-contract';
import { canonicalIdentityHex } from '../../protocol/keys/identity';
import { encodeAdmissionMessage } from '../../protocol/admission/messages';
import type { AdmissionMessage } from '../../protocol/admission/messages';
import { signedOf, statementSigningInput } from '../../protocol/admission/statement';
import type { Signed, Statement } from '../../protocol/admission/statement';
import { decodeServerFrame, encodeClientFrame } from '../../protocol/relay-wire/codec';
import type { BlobBundle } from '../../protocol/relay-wire/codec';
import { parseInvite } from '../../protocol/room/invite';
import type { ParsedInvite } from '../../protocol/room/invite';
import { deriveRoomKeys } from '../../protocol/room/room';
import type { RoomKeys } from '../../protocol/room/room';
import { encodePayload, PAYLOAD_TYPE_CODES } from '../../protocol/wire/payload';
import type { Payload } from '../../protocol/wire/payload';
import { deriveEnvelopeKey, sealEnvelope } from '../../protocol/wire/sealed-envelope';
import { encodeAdmission as encodeLobbyV1 } from '../../renderer/call/engine/access-control';
import type { AdmissionMessage as LobbyV1Message } from '../../renderer/call/engine/access-control';
import { RoomSession } from '../../renderer/call/engine/room-session';
import type { RelayMember } from '../../renderer/call/engine/room-session';
import { freshIdentity } from './identity';
import type { ClientIdentity } from './identity';
import { Waiters } from './waiters';

/**
 * Which admission messages `knock` and `sendAdmission` speak: 'v1' = PROTOCOL.md §11.1 (the app
 * today), 'v2' = §14.5 (the admission state machine, protocol/admission).
 */
export type AdmissionFormat = 'v1' | 'v2';

export interface EvilJoinOptions {
  /** The relay to join; default: the one the invite names (an https link's relay). */
  relayUrl?: string;
  /** Own or stolen keys; default: a fresh identity. */
  identity?: ClientIdentity;
  displayName?: string;
  admission?: AdmissionFormat;
  /** Publish these blobs instead of our own sealed bundle (e.g. someone else's copied base blob). */
  bundle?: BlobBundle;
  /** Knock on every member right after joining (default true). */
  knock?: boolean;
}

export interface ReceivedPayload {
  /** Relay peer id (hex) of the sender. */
  from: string;
  identityKey: Uint8Array | undefined;
  payload: Payload;
  at: number;
}

export interface RecordedEnvelope {
  direction: 'sent' | 'received';
  /** The other end's relay peer id (hex). */
  peerId: string;
  /** The sealed envelope exactly as it crossed the relay. */
  sealed: Uint8Array;
  at: number;
}

export interface RelayEvent {
  type: 'peer-joined' | 'peer-left' | 'error';
  peerId?: string;
  code?: number;
  at: number;
}

export class EvilClient {
  /** Everything decrypted from the members, in order. */
  readonly received: ReceivedPayload[] = [];
  /** Envelopes that did not open or decode (the protocol's refusal code), e.g. a replay. */
  readonly rejected: Array<{ peerId: string; code: string }> = [];
  /** Every envelope sent and received, sealed, as the relay carried it: replay material. */
  readonly recorded: RecordedEnvelope[] = [];
  readonly relayEvents: RelayEvent[] = [];
  /** Members as the relay announced them (peer id hex -> their blobs, or null for a later joiner). */
  readonly members = new Map<string, RelayMember | null>();
  private readonly greeted = new Set<string>();
  private readonly waiters = new Waiters();

  private constructor(
    readonly invite: ParsedInvite,
    readonly room: RoomKeys,
    readonly identity: ClientIdentity,
    readonly identityKey: Uint8Array,
    readonly displayName: string,
    readonly admission: AdmissionFormat,
    private readonly socket: WebSocket,
    private readonly envelopeKey: Uint8Array,
    readonly session: RoomSession,
    readonly peerId: string,
  ) {}

  /** The canonical identity (PROTOCOL.md §3.1) we present. */
  get id(): string {
    return canonicalIdentityHex(this.identityKey);
  }

  /** Joins the invite's room on the relay; knocks on every member unless told not to. */
  static async join(inviteLink: string, options: EvilJoinOptions = {}): Promise<EvilClient> {
    const invite = parseInvite(inviteLink);
    // A link names its relay as `relayUrl` (ws://…) or, in older forms, as the https page `relayBase`.
    const named = invite as { relayUrl?: string; relayBase?: string };
    const relayUrl = options.relayUrl ?? named.relayUrl ?? named.relayBase?.replace(/^http/, 'ws');
    if (!relayUrl) throw new Error('EvilClient.join: the invite names no relay; pass relayUrl');
    const room = await deriveRoomKeys(nobleProvider, invite.secret);
    const identity = options.identity ?? (await freshIdentity()).identity;
    const identityKey = await identity.identityPublicKey();
    const socket = new WebSocket(relayUrl);
    socket.binaryType = 'arraybuffer';
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    // The session's callbacks and the socket handler reach the client once it exists.
    const ref: { client?: EvilClient } = {};
    const early: Uint8Array[] = [];
    const joined = new Promise<{ peerId: string; members: RelayMember[] }>((resolve, reject) => {
      socket.on('message', (data: ArrayBuffer) => {
        const bytes = new Uint8Array(data);
        if (ref.client) return ref.client.onFrame(bytes);
        let frame;
        try {
          frame = decodeServerFrame(bytes);
        } catch (error) {
          return reject(error as Error);
        }
        if (frame.type === 'joined') {
          resolve({ peerId: bytesToHex(frame.peerId), members: frame.members.map((m) => ({ peerId: bytesToHex(m.peerId), base: m.base, oneTime: m.oneTime.length > 0 ? m.oneTime : null })) });
        } else if (frame.type === 'error') reject(new Error(`relay refused the join (error ${frame.code})`));
        else early.push(bytes);
      });
    });
    const port = { join: async () => joined, send: (to: string, sealed: Uint8Array) => ref.client?.transmit(to, sealed) ?? false };
    const envelopeKey = await deriveEnvelopeKey(nobleProvider, room);
    const events = {
      onSession: () => ref.client?.wake(),
      onPayload: (peerId: string, payload: Payload) => {
        ref.client?.received.push({ from: peerId, identityKey: ref.client.session.identityOf(peerId), payload, at: Date.now() });
        ref.client?.wake();
      },
      onRejected: (peerId: string, error: ProtocolError) => {
        ref.client?.rejected.push({ peerId, code: error.code });
        ref.client?.wake();
      },
    };
    const session = new RoomSession(nobleProvider, identity, room, port, events);
    const bundle = options.bundle ?? (await session.sealedBundle(identity.publicPrekeys()));
    socket.send(encodeClientFrame({ type: 'join', roomId: room.roomId, bundle }));
    const { peerId, members } = await joined;
    const client = new EvilClient(invite, room, identity, identityKey, options.displayName ?? 'Mallory', options.admission ?? 'v1', socket, envelopeKey, session, peerId);
    ref.client = client;
    for (const member of members) client.members.set(member.peerId, member);
    for (const bytes of early) client.onFrame(bytes);
    if (options.knock ?? true) await client.knock();
    return client;
  }

  private onFrame(bytes: Uint8Array): void {
    let frame;
    try {
      frame = decodeServerFrame(bytes);
    } catch {
      this.relayEvents.push({ type: 'error', code: -1, at: Date.now() });
      return;
    }
    if (frame.type === 'message') {
      const from = bytesToHex(frame.from);
      this.recorded.push({ direction: 'received', peerId: from, sealed: frame.envelope, at: Date.now() });
      void this.session.receive(from, frame.envelope);
    } else if (frame.type === 'peer-joined' || frame.type === 'peer-left') {
      const peerId = bytesToHex(frame.peerId);
      if (frame.type === 'peer-joined') this.members.set(peerId, null);
      else this.members.delete(peerId);
      this.relayEvents.push({ type: frame.type, peerId, at: Date.now() });
    } else if (frame.type === 'error') this.relayEvents.push({ type: 'error', code: frame.code, at: Date.now() });
    this.wake();
  }

  private transmit(to: string, sealed: Uint8Array): boolean {
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    this.recorded.push({ direction: 'sent', peerId: to, sealed, at: Date.now() });
    this.socket.send(encodeClientFrame({ type: 'send', to: hexToBytes(to), envelope: sealed }));
    return true;
  }

  private wake(): void {
    this.waiters.wake();
  }

  /** Resolves with the first truthy value of `pick`, re-checked after every frame and payload. */
  waitFor<T>(pick: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    return this.waiters.waitFor('EvilClient', pick, timeoutMs);
  }

  /** The knock body in our admission format. */
  knockBody(displayName = this.displayName): Uint8Array {
    return this.admission === 'v1' ? encodeLobbyV1({ kind: 'knock', displayName }) : encodeAdmissionMessage({ kind: 'knock', displayName });
  }

  /**
   * Runs the handshake with every member not greeted yet (the knock rides in the first ratchet
   * message, as the app does), or with `peerIds`. Returns their identity keys.
   */
  async knock(peerIds: string[] = [...this.members.keys()], displayName = this.displayName): Promise<Uint8Array[]> {
    const keys: Uint8Array[] = [];
    for (const peerId of peerIds) {
      const body = this.knockBody(displayName);
      if (this.greeted.has(peerId) || !this.members.get(peerId)) await this.send(peerId, { type: 'admission', body });
      else keys.push(await this.greet(peerId, { type: 'admission', body }));
    }
    return keys;
  }

  /** X3DH + ML-KEM towards a member the relay listed when we joined, with any first payload. */
  async greet(peerId: string, first: Payload): Promise<Uint8Array> {
    const member = this.members.get(peerId);
    if (!member) throw new Error(`EvilClient.greet: ${peerId} is not a member we hold a bundle of`);
    this.greeted.add(peerId);
    return this.session.connect(member, first);
  }

  /**
   * Any payload over the pairwise ratchet (a session must exist: greeted, or greeted by them).
   * Chat and ICE candidates are written field by field as given, also where the honest encoder
   * refuses them (a `sentAt` of 1e300, a 60 KiB text, an oversized candidate).
   */
  async send(peerId: string, payload: Payload): Promise<boolean> {
    return this.session.sendPlaintext(peerId, encodeAnyPayload(payload));
  }

  /** Any bytes as the ratchet plaintext (a payload that does not decode, an unknown type, ...). */
  sendPlaintext(peerId: string, plaintext: Uint8Array): Promise<boolean> {
    return this.session.sendPlaintext(peerId, plaintext);
  }

  /** An admission body: v1 messages (§11.1) or v2 messages (§14.5), or raw bytes. */
  async sendAdmission(peerId: string, message: LobbyV1Message | AdmissionMessage | Uint8Array): Promise<boolean> {
    let body: Uint8Array;
    if (message instanceof Uint8Array) body = message;
    else if (['knock', 'welcome', 'state', 'deny'].includes(message.kind) && this.admission === 'v2') body = encodeAdmissionMessage(message as AdmissionMessage);
    else body = encodeLobbyV1(message as LobbyV1Message);
    return this.send(peerId, { type: 'admission', body });
  }

  /** An envelope of our choosing: sealed under the room's envelope key (default) or sent as it is. */
  async sendRaw(peerId: string, envelope: Uint8Array, options: { seal?: boolean } = {}): Promise<boolean> {
    const sealed = options.seal === false ? envelope : await sealEnvelope(nobleProvider, this.envelopeKey, this.room, envelope);
    return this.transmit(peerId, sealed);
  }

  /** Any bytes as a relay frame on our connection (malformed frames included). */
  sendFrame(bytes: Uint8Array): void {
    this.socket.send(bytes);
  }

  /** Replaces our blobs on the relay (e.g. with a copied base blob of someone else). */
  publish(bundle: BlobBundle): void {
    this.socket.send(encodeClientFrame({ type: 'publish', bundle }));
  }

  /** Sends a recorded envelope again, verbatim, to its peer or to `to`. */
  replay(record: RecordedEnvelope, to: string = record.peerId): boolean {
    return this.transmit(to, record.sealed);
  }

  /** What main would sign for this identity (SIGNING_CONTEXT[purpose] || payload). */
  sign(purpose: SignPurpose, payload: Uint8Array): Promise<Uint8Array> {
    return this.identity.sign(signingInput(purpose, payload));
  }

  /** A §14.2 statement signed with our key (honest or not: it is whatever our key says). */
  async signStatement<S extends Statement>(statement: S): Promise<Signed<S>> {
    const bytes = signedOf(statement, new Uint8Array(64)).bytes;
    return signedOf(statement, await this.identity.sign(statementSigningInput(bytes)));
  }

  /** Payloads received from `peerId` (or anyone) of one type. */
  payloads<T extends Payload['type']>(type: T, from?: string): Array<Extract<Payload, { type: T }>> {
    return this.received.filter((r) => r.payload.type === type && (from === undefined || r.from === from)).map((r) => r.payload as Extract<Payload, { type: T }>);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }
}

/** The payload's bytes (PROTOCOL.md §7.4) without the encoder's bounds for the JSON-bodied types. */
function encodeAnyPayload(payload: Payload): Uint8Array {
  let fields: unknown;
  if (payload.type === 'chat') fields = { text: payload.text, sentAt: payload.sentAt };
  else if (payload.type === 'ice-candidate') fields = payload.candidate;
  else return encodePayload(payload);
  return Uint8Array.of(1, PAYLOAD_TYPE_CODES[payload.type], ...new TextEncoder().encode(JSON.stringify(fields)));
}
