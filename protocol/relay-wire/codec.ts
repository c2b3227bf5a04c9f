// Relay wire protocol (docs/PROTOCOL.md §10): the binary frames between a relay client and the
// relay. Every frame starts with a 2-byte header, version then type; the body layout is fixed per
// type, integers are big-endian, and decode checks every length against the bytes it has, so a
// frame either decodes completely or throws ProtocolError — never anything else.
import { ProtocolError } from '../errors';

/** §10.1 The only version this codec speaks. A frame with any other version is refused. */
export const RELAY_WIRE_VERSION = 1;
/** §10.1 A roomId is the 32-byte HKDF output the participants derive from the invite secret. */
export const ROOM_ID_BYTES = 32;
/** §10.1 A peer id is 128 random bits chosen by the relay on each join. */
export const PEER_ID_BYTES = 16;
/** §10.2 At most this many one-time blobs per bundle (the count is one byte). */
export const MAX_ONE_TIME_BLOBS = 255;
/** §10.3 At most this many TURN urls (the count is one byte). */
export const MAX_TURN_URLS = 255;
/** §13.4 A mailbox id is 16 random bytes from a contact card. */
export const MAILBOX_ID_BYTES = 16;
/** §13.4 At most this many mailbox ids in one listen frame (the count is one byte). */
export const MAX_LISTEN_IDS = 255;

/** §10.2 Frame types, client to relay (0x0_) and relay to client (0x8_). */
export const FrameType = {
  join: 0x01,
  publish: 0x02,
  send: 0x03,
  leave: 0x04,
  listen: 0x05,
  post: 0x06,
  joined: 0x81,
  peerJoined: 0x82,
  peerLeft: 0x83,
  message: 0x84,
  error: 0x85,
  mail: 0x86,
} as const;

/** §10.4 Error codes the relay sends in an error frame (and, plus 4000, as a WebSocket close code). */
export const RelayErrorCode = {
  malformed: 1,
  unsupportedVersion: 2,
  frameTooLarge: 3,
  rateLimited: 4,
  roomFull: 5,
  tooManyRooms: 6,
  notInRoom: 7,
  unknownPeer: 8,
  tooManyConnections: 9,
  idleTimeout: 10,
  slowConsumer: 11,
  bundleTooLarge: 12,
  shuttingDown: 13,
  internal: 14,
  tooManyMailboxes: 15,
} as const;
export type RelayErrorCodeName = keyof typeof RelayErrorCode;
export type RelayErrorCodeValue = (typeof RelayErrorCode)[RelayErrorCodeName];

const errorNames = new Map<number, RelayErrorCodeName>(
  (Object.entries(RelayErrorCode) as [RelayErrorCodeName, number][]).map(([name, value]) => [value, name]),
);

/** The name of a numeric relay error code, or undefined for a code this version does not know. */
export function relayErrorName(code: number): RelayErrorCodeName | undefined {
  return errorNames.get(code);
}

/** §10.4 WebSocket close codes. A relay error that ends the connection closes with 4000 + code. */
export const CLOSE_CODE_BASE = 4000;
/** RFC 6455 §7.4.1 "Service Restart": the relay is shutting down gracefully; reconnect. */
export const CLOSE_SERVICE_RESTART = 1012;

/** A prekey bundle as the relay sees it: opaque blobs (encrypted under the room key by members). */
export interface BlobBundle {
  base: Uint8Array;
  oneTime: Uint8Array[];
}

/** TURN REST credentials (draft-uberti-behave-turn-rest-00 §2.2), all ASCII. */
export interface TurnCredentials {
  username: string;
  password: string;
  ttlSeconds: number;
  urls: string[];
}

/** What a newcomer receives per member: the base blob and at most one one-time blob. */
export interface MemberBlobs {
  peerId: Uint8Array;
  base: Uint8Array;
  /** Empty when the member published none or all were handed out already. */
  oneTime: Uint8Array;
}

export type ClientFrame =
  | { type: 'join'; roomId: Uint8Array; bundle: BlobBundle }
  | { type: 'publish'; bundle: BlobBundle }
  | { type: 'send'; to: Uint8Array; envelope: Uint8Array }
  | { type: 'leave' }
  | { type: 'listen'; mailboxIds: Uint8Array[] }
  | { type: 'post'; mailboxId: Uint8Array; blob: Uint8Array };

export type ServerFrame =
  | { type: 'joined'; peerId: Uint8Array; members: MemberBlobs[]; turn?: TurnCredentials; stunUrls?: string[] }
  | { type: 'peer-joined'; peerId: Uint8Array }
  | { type: 'peer-left'; peerId: Uint8Array }
  | { type: 'message'; from: Uint8Array; envelope: Uint8Array }
  | { type: 'error'; code: number }
  | { type: 'mail'; mailboxId: Uint8Array; blob: Uint8Array };

// ---------------------------------------------------------------------------------------------
// Writing

class Writer {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(value: number): this {
    this.view.setUint8(this.offset, value);
    this.offset += 1;
    return this;
  }
  u16(value: number): this {
    this.view.setUint16(this.offset, value);
    this.offset += 2;
    return this;
  }
  u32(value: number): this {
    this.view.setUint32(this.offset, value);
    this.offset += 4;
    return this;
  }
  raw(bytes: Uint8Array): this {
    this.bytes.set(bytes, this.offset);
    this.offset += bytes.length;
    return this;
  }
  done(): Uint8Array {
    return this.bytes;
  }
}

function header(type: number, bodyLength: number): Writer {
  return new Writer(2 + bodyLength).u8(RELAY_WIRE_VERSION).u8(type);
}

function requireLength(what: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new ProtocolError('malformed', `${what} must be ${length} bytes`);
  }
}

function bundleLength(bundle: BlobBundle): number {
  if (bundle.oneTime.length > MAX_ONE_TIME_BLOBS) {
    throw new ProtocolError('malformed', `at most ${MAX_ONE_TIME_BLOBS} one-time blobs`);
  }
  return 4 + bundle.base.length + 1 + bundle.oneTime.reduce((sum, blob) => sum + 4 + blob.length, 0);
}

function writeBundle(w: Writer, bundle: BlobBundle): void {
  w.u32(bundle.base.length).raw(bundle.base).u8(bundle.oneTime.length);
  for (const blob of bundle.oneTime) w.u32(blob.length).raw(blob);
}

function asciiBytes(what: string, text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new ProtocolError('malformed', `${what} must be printable ASCII`);
    out[i] = c;
  }
  if (out.length > 0xffff) throw new ProtocolError('malformed', `${what} is too long`);
  return out;
}

export function encodeClientFrame(frame: ClientFrame): Uint8Array {
  switch (frame.type) {
    case 'join': {
      requireLength('roomId', frame.roomId, ROOM_ID_BYTES);
      const w = header(FrameType.join, ROOM_ID_BYTES + bundleLength(frame.bundle)).raw(frame.roomId);
      writeBundle(w, frame.bundle);
      return w.done();
    }
    case 'publish': {
      const w = header(FrameType.publish, bundleLength(frame.bundle));
      writeBundle(w, frame.bundle);
      return w.done();
    }
    case 'send':
      requireLength('peer id', frame.to, PEER_ID_BYTES);
      return header(FrameType.send, PEER_ID_BYTES + frame.envelope.length).raw(frame.to).raw(frame.envelope).done();
    case 'leave':
      return header(FrameType.leave, 0).done();
    case 'listen': {
      if (frame.mailboxIds.length > MAX_LISTEN_IDS) throw new ProtocolError('malformed', `at most ${MAX_LISTEN_IDS} mailbox ids`);
      const w = header(FrameType.listen, 1 + frame.mailboxIds.length * MAILBOX_ID_BYTES).u8(frame.mailboxIds.length);
      for (const id of frame.mailboxIds) {
        requireLength('mailbox id', id, MAILBOX_ID_BYTES);
        w.raw(id);
      }
      return w.done();
    }
    case 'post':
      requireLength('mailbox id', frame.mailboxId, MAILBOX_ID_BYTES);
      return header(FrameType.post, MAILBOX_ID_BYTES + frame.blob.length).raw(frame.mailboxId).raw(frame.blob).done();
  }
}

export function encodeServerFrame(frame: ServerFrame): Uint8Array {
  switch (frame.type) {
    case 'joined': {
      requireLength('peer id', frame.peerId, PEER_ID_BYTES);
      if (frame.members.length > 0xff) throw new ProtocolError('malformed', 'at most 255 members');
      const turn = frame.turn && encodeTurn(frame.turn);
      const stun = frame.stunUrls?.length ? encodeUrlList('STUN url', frame.stunUrls) : undefined;
      const membersLength = frame.members.reduce(
        (sum, m) => sum + PEER_ID_BYTES + 4 + m.base.length + 4 + m.oneTime.length,
        0,
      );
      const w = header(FrameType.joined, PEER_ID_BYTES + 1 + membersLength + 1 + (turn?.length ?? 0) + (stun?.length ?? 0))
        .raw(frame.peerId)
        .u8(frame.members.length);
      for (const m of frame.members) {
        requireLength('peer id', m.peerId, PEER_ID_BYTES);
        w.raw(m.peerId).u32(m.base.length).raw(m.base).u32(m.oneTime.length).raw(m.oneTime);
      }
      w.u8(turn ? 1 : 0);
      if (turn) w.raw(turn);
      if (stun) w.raw(stun);
      return w.done();
    }
    case 'peer-joined':
    case 'peer-left':
      requireLength('peer id', frame.peerId, PEER_ID_BYTES);
      return header(frame.type === 'peer-joined' ? FrameType.peerJoined : FrameType.peerLeft, PEER_ID_BYTES)
        .raw(frame.peerId)
        .done();
    case 'message':
      requireLength('peer id', frame.from, PEER_ID_BYTES);
      return header(FrameType.message, PEER_ID_BYTES + frame.envelope.length).raw(frame.from).raw(frame.envelope).done();
    case 'error':
      return header(FrameType.error, 2).u16(frame.code).done();
    case 'mail':
      requireLength('mailbox id', frame.mailboxId, MAILBOX_ID_BYTES);
      return header(FrameType.mail, MAILBOX_ID_BYTES + frame.blob.length).raw(frame.mailboxId).raw(frame.blob).done();
  }
}

/** §13.4 A `mail` frame is the `post` frame with type 0x86: same length, same bytes after the
 * type, so the relay delivers a post without re-encoding it (in place). */
export function rewritePostAsMail(postFrame: Uint8Array): Uint8Array {
  if (postFrame.length < 2 + MAILBOX_ID_BYTES || postFrame[0] !== RELAY_WIRE_VERSION || postFrame[1] !== FrameType.post) {
    throw new ProtocolError('malformed', 'not a post frame');
  }
  postFrame[1] = FrameType.mail;
  return postFrame;
}

/** u8 count, count x (u16+url): the TURN block's urls and the STUN list (§10.3). */
function encodeUrlList(what: string, list: string[]): Uint8Array {
  if (list.length > MAX_TURN_URLS) throw new ProtocolError('malformed', `too many ${what}s`);
  const urls = list.map((u) => asciiBytes(what, u));
  const w = new Writer(1 + urls.reduce((s, b) => s + 2 + b.length, 0)).u8(urls.length);
  for (const u of urls) w.u16(u.length).raw(u);
  return w.done();
}

/** §10.3 TURN block: u32 ttl, u16+username, u16+password, url list. */
function encodeTurn(turn: TurnCredentials): Uint8Array {
  const strings = [asciiBytes('TURN username', turn.username), asciiBytes('TURN password', turn.password)];
  const urls = encodeUrlList('TURN url', turn.urls);
  const w = new Writer(4 + strings.reduce((s, b) => s + 2 + b.length, 0) + urls.length).u32(turn.ttlSeconds);
  for (const s of strings) w.u16(s.length).raw(s);
  return w.raw(urls).done();
}

/** §10.2 Fast path for the relay: is `bytes` a well-formed v1 `send` frame? A send frame and the
 * `message` frame it becomes have the same length, so forwarding rewrites it in place. */
export function isSendFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 2 + PEER_ID_BYTES && bytes[0] === RELAY_WIRE_VERSION && bytes[1] === FrameType.send;
}

/** The recipient of a frame for which isSendFrame holds (a view, not a copy). */
export function sendTarget(sendFrame: Uint8Array): Uint8Array {
  return sendFrame.subarray(2, 2 + PEER_ID_BYTES);
}

/** Turns a send frame into the `message` frame its recipient gets: same envelope, sender's id.
 * In place: the relay owns the receive buffer and forwards it without another copy. */
export function rewriteSendAsMessage(sendFrame: Uint8Array, from: Uint8Array): Uint8Array {
  requireLength('peer id', from, PEER_ID_BYTES);
  if (!isSendFrame(sendFrame)) throw new ProtocolError('malformed', 'not a send frame');
  sendFrame[1] = FrameType.message;
  sendFrame.set(from, 2);
  return sendFrame;
}

// ---------------------------------------------------------------------------------------------
// Reading

class Reader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(n: number, what: string): void {
    if (this.bytes.length - this.offset < n) throw new ProtocolError('malformed', `truncated ${what}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.offset++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset);
    this.offset += 4;
    return v;
  }
  /** A copy, so a decoded frame never aliases (and keeps alive) the receive buffer. */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  rest(): Uint8Array {
    return this.take(this.bytes.length - this.offset, 'rest');
  }
  atEnd(): boolean {
    return this.offset === this.bytes.length;
  }
  end(what: string): void {
    if (this.offset !== this.bytes.length) throw new ProtocolError('malformed', `trailing bytes after ${what}`);
  }
}

function readHeader(bytes: Uint8Array): { type: number; r: Reader } {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('malformed', 'a frame is bytes');
  const r = new Reader(bytes);
  const version = r.u8('header');
  const type = r.u8('header');
  if (version !== RELAY_WIRE_VERSION) {
    throw new ProtocolError('unsupported-version', `relay wire version ${version} is not supported`);
  }
  return { type, r };
}

function readBundle(r: Reader): BlobBundle {
  const base = r.take(r.u32('base blob length'), 'base blob');
  const count = r.u8('one-time blob count');
  const oneTime: Uint8Array[] = [];
  for (let i = 0; i < count; i++) oneTime.push(r.take(r.u32('one-time blob length'), 'one-time blob'));
  return { base, oneTime };
}

function readUrlList(r: Reader, what: string): string[] {
  const count = r.u8(`${what} count`);
  const urls: string[] = [];
  for (let i = 0; i < count; i++) urls.push(readAscii(r, what));
  return urls;
}

function readAscii(r: Reader, what: string): string {
  const bytes = r.take(r.u16(what), what);
  let text = '';
  for (const c of bytes) {
    if (c < 0x20 || c > 0x7e) throw new ProtocolError('malformed', `${what} must be printable ASCII`);
    text += String.fromCharCode(c);
  }
  return text;
}

export function decodeClientFrame(bytes: Uint8Array): ClientFrame {
  const { type, r } = readHeader(bytes);
  let frame: ClientFrame;
  switch (type) {
    case FrameType.join:
      frame = { type: 'join', roomId: r.take(ROOM_ID_BYTES, 'roomId'), bundle: readBundle(r) };
      break;
    case FrameType.publish:
      frame = { type: 'publish', bundle: readBundle(r) };
      break;
    case FrameType.send:
      frame = { type: 'send', to: r.take(PEER_ID_BYTES, 'peer id'), envelope: r.rest() };
      break;
    case FrameType.leave:
      frame = { type: 'leave' };
      break;
    case FrameType.listen: {
      const count = r.u8('mailbox id count');
      const mailboxIds: Uint8Array[] = [];
      for (let i = 0; i < count; i++) mailboxIds.push(r.take(MAILBOX_ID_BYTES, 'mailbox id'));
      frame = { type: 'listen', mailboxIds };
      break;
    }
    case FrameType.post:
      frame = { type: 'post', mailboxId: r.take(MAILBOX_ID_BYTES, 'mailbox id'), blob: r.rest() };
      break;
    default:
      throw new ProtocolError('malformed', `unknown client frame type ${type}`);
  }
  r.end(frame.type);
  return frame;
}

export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  const { type, r } = readHeader(bytes);
  let frame: ServerFrame;
  switch (type) {
    case FrameType.joined: {
      const peerId = r.take(PEER_ID_BYTES, 'peer id');
      const count = r.u8('member count');
      const members: MemberBlobs[] = [];
      for (let i = 0; i < count; i++) {
        const memberId = r.take(PEER_ID_BYTES, 'member peer id');
        const base = r.take(r.u32('base blob length'), 'base blob');
        const oneTime = r.take(r.u32('one-time blob length'), 'one-time blob');
        members.push({ peerId: memberId, base, oneTime });
      }
      const hasTurn = r.u8('TURN flag');
      if (hasTurn > 1) throw new ProtocolError('malformed', 'TURN flag must be 0 or 1');
      frame = { type: 'joined', peerId, members };
      if (hasTurn === 1) {
        const ttlSeconds = r.u32('TURN ttl');
        const username = readAscii(r, 'TURN username');
        const password = readAscii(r, 'TURN password');
        frame.turn = { username, password, ttlSeconds, urls: readUrlList(r, 'TURN url') };
      }
      // §10.3: the STUN list is absent when the relay offers no STUN server (and from older relays).
      if (!r.atEnd()) frame.stunUrls = readUrlList(r, 'STUN url');
      break;
    }
    case FrameType.peerJoined:
      frame = { type: 'peer-joined', peerId: r.take(PEER_ID_BYTES, 'peer id') };
      break;
    case FrameType.peerLeft:
      frame = { type: 'peer-left', peerId: r.take(PEER_ID_BYTES, 'peer id') };
      break;
    case FrameType.message:
      frame = { type: 'message', from: r.take(PEER_ID_BYTES, 'peer id'), envelope: r.rest() };
      break;
    case FrameType.error:
      frame = { type: 'error', code: r.u16('error code') };
      break;
    case FrameType.mail:
      frame = { type: 'mail', mailboxId: r.take(MAILBOX_ID_BYTES, 'mailbox id'), blob: r.rest() };
      break;
    default:
      throw new ProtocolError('malformed', `unknown server frame type ${type}`);
  }
  r.end(frame.type);
  return frame;
}
