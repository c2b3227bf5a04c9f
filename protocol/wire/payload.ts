// Application payloads: the plaintext of every ratchet message (PROTOCOL.md §7.4). A typed union
// the call engine switches on; the type byte makes it extensible (a new type is a new code here
// and in the doc). Text travels as strict UTF-8, structured values as JSON in UTF-8, and messages
// whose format and signatures belong to another module (admission, access control, recording
// consent) as opaque bytes that module decodes and verifies.
//
//   payload = version u8 (1) || type u8 || body
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter, utf8Decode } from '../bytes';
import { ProtocolError } from '../errors';
import { MAX_ENVELOPE_LENGTH } from './limits';

export const PAYLOAD_VERSION = 1;

export interface IceCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

export type Payload =
  | { type: 'offer'; sdp: string }
  | { type: 'answer'; sdp: string }
  | { type: 'ice-candidate'; candidate: IceCandidate }
  | { type: 'chat'; text: string; sentAt: number }
  /** An SFrame base key for the sender's media towards this peer (§8). */
  | { type: 'media-key'; kid: bigint; key: Uint8Array }
  /** A newcomer's request to be let in, or the host's signed admission (access control). */
  | { type: 'admission'; body: Uint8Array }
  /** Host statements: lock, unlock, remove, hand over the host role (access control). */
  | { type: 'access-control'; body: Uint8Array }
  /** Recording consent requests and signed consents (recording). */
  | { type: 'recording'; body: Uint8Array }
  /** The sender is leaving the call. */
  | { type: 'bye' }
  /** The sender cannot decrypt our media (a key went missing): please rotate our send key (§8). */
  | { type: 'media-key-request' }
  /** What the sender is sending now, so tiles show it (flags byte: 1 mic off, 2 camera off, 4 screen). */
  | { type: 'peer-state'; audioMuted: boolean; videoMuted: boolean; screenSharing: boolean };

export type PayloadType = Payload['type'];

/** The type byte of each payload (§7.4). Codes are never reused. */
export const PAYLOAD_TYPE_CODES = {
  offer: 0x01,
  answer: 0x02,
  'ice-candidate': 0x03,
  chat: 0x04,
  'media-key': 0x05,
  admission: 0x06,
  'access-control': 0x07,
  recording: 0x08,
  bye: 0x09,
  'peer-state': 0x0a,
  'media-key-request': 0x0b,
} as const satisfies Record<PayloadType, number>;

const TYPE_BY_CODE = new Map(Object.entries(PAYLOAD_TYPE_CODES).map(([name, code]) => [code as number, name as PayloadType]));

/** SFrame key ids are at most 64 bits (RFC 9605 §4.3). */
const MAX_KID = (1n << 64n) - 1n;
const MAX_MEDIA_KEY_LENGTH = 64;
/**
 * Longest chat text, in UTF-16 code units (what the chat box's maxLength counts). A peer's text
 * ends up in the DOM: a bound here keeps a hostile one from filling the window (§7.5).
 */
export const MAX_CHAT_TEXT_LENGTH = 2000;
/**
 * Latest `sentAt` a chat message may carry: the largest time a JavaScript Date can hold
 * (8.64e15 ms). Anything outside 0..this, or not an integer, is malformed: a `sentAt` of 1e300
 * made the chat panel's time formatting throw (issue 16).
 */
export const MAX_CHAT_SENT_AT = 8.64e15;
/** Longest ICE candidate line and m-line id (an honest candidate line is ~100-200 characters). */
const MAX_CANDIDATE_LENGTH = 1024;
const MAX_SDP_MID_LENGTH = 64;

function malformed(message: string): ProtocolError {
  return new ProtocolError('malformed', `payload: ${message}`);
}

function text(bytes: Uint8Array, what: string): string {
  const decoded = utf8Decode(bytes);
  if (decoded === undefined) throw malformed(`${what} is not valid UTF-8`);
  return decoded;
}

function json(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text(bytes, what));
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw malformed(`${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function stringOrNull(value: unknown, what: string, maxLength: number): string | null {
  if (value === null || (typeof value === 'string' && value.length <= maxLength)) return value;
  throw malformed(`${what} must be a string of at most ${maxLength} characters, or null`);
}

/** The checks the decoder applies to a chat message, also before one is sent. */
function checkChat(text: string, sentAt: unknown): void {
  if (text.length > MAX_CHAT_TEXT_LENGTH) throw malformed(`chat text is longer than ${MAX_CHAT_TEXT_LENGTH} characters`);
  if (typeof sentAt !== 'number' || !Number.isSafeInteger(sentAt) || sentAt < 0 || sentAt > MAX_CHAT_SENT_AT) {
    throw malformed(`chat sentAt must be an integer time in ms, 0..${MAX_CHAT_SENT_AT}`);
  }
}

function checkCandidate(candidate: IceCandidate): void {
  if (candidate.candidate.length > MAX_CANDIDATE_LENGTH) throw malformed(`ICE candidate is longer than ${MAX_CANDIDATE_LENGTH} characters`);
  stringOrNull(candidate.sdpMid, 'sdpMid', MAX_SDP_MID_LENGTH);
}

function indexOrNull(value: unknown, what: string): number | null {
  if (value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff)) return value;
  throw malformed(`${what} must be a small non-negative integer or null`);
}

function encodeBody(payload: Payload): Uint8Array {
  switch (payload.type) {
    case 'offer':
    case 'answer':
      return utf8ToBytes(payload.sdp);
    case 'ice-candidate': {
      checkCandidate(payload.candidate);
      const { candidate, sdpMid, sdpMLineIndex } = payload.candidate;
      return utf8ToBytes(JSON.stringify({ candidate, sdpMid, sdpMLineIndex }));
    }
    case 'chat':
      checkChat(payload.text, payload.sentAt);
      return utf8ToBytes(JSON.stringify({ text: payload.text, sentAt: payload.sentAt }));
    case 'media-key': {
      if (payload.kid < 0n || payload.kid > MAX_KID) throw malformed('media key id must fit in 64 bits');
      if (payload.key.length === 0 || payload.key.length > MAX_MEDIA_KEY_LENGTH) throw malformed(`media key must be 1..${MAX_MEDIA_KEY_LENGTH} bytes`);
      const kid = new Uint8Array(8);
      new DataView(kid.buffer).setBigUint64(0, payload.kid, false);
      return new ByteWriter().fixed(kid, 8, 'kid').vec16(payload.key).finish();
    }
    case 'admission':
    case 'access-control':
    case 'recording':
      return payload.body;
    case 'bye':
    case 'media-key-request':
      return new Uint8Array(0);
    case 'peer-state':
      return new Uint8Array([(payload.audioMuted ? 1 : 0) | (payload.videoMuted ? 2 : 0) | (payload.screenSharing ? 4 : 0)]);
  }
}

export function encodePayload(payload: Payload): Uint8Array {
  const body = encodeBody(payload);
  // Leaves room for the ratchet header, tag and envelope framing around it.
  if (body.length > MAX_ENVELOPE_LENGTH - 128) throw malformed(`${payload.type} body is too large (${body.length} bytes)`);
  return new ByteWriter().u8(PAYLOAD_VERSION).u8(PAYLOAD_TYPE_CODES[payload.type]).rest(body).finish();
}

export function decodePayload(bytes: Uint8Array): Payload {
  if (!(bytes instanceof Uint8Array)) throw malformed('input is not a byte array');
  if (bytes.length > MAX_ENVELOPE_LENGTH) throw malformed(`longer than ${MAX_ENVELOPE_LENGTH} bytes`);
  const r = new ByteReader(bytes, 'payload');
  const version = r.u8('version');
  if (version !== PAYLOAD_VERSION) throw new ProtocolError('unsupported-version', `Payload version ${version} is not supported`);
  const code = r.u8('type');
  const type = TYPE_BY_CODE.get(code);
  if (type === undefined) throw malformed(`type 0x${code.toString(16).padStart(2, '0')} is unknown`);
  const body = r.rest();
  switch (type) {
    case 'offer':
    case 'answer':
      return { type, sdp: text(body, 'SDP') };
    case 'ice-candidate': {
      const value = json(body, 'ICE candidate');
      if (typeof value.candidate !== 'string') throw malformed('ICE candidate must have a string "candidate"');
      const candidate = {
        candidate: value.candidate,
        sdpMid: stringOrNull(value.sdpMid ?? null, 'sdpMid', MAX_SDP_MID_LENGTH),
        sdpMLineIndex: indexOrNull(value.sdpMLineIndex ?? null, 'sdpMLineIndex'),
      };
      checkCandidate(candidate);
      return { type, candidate };
    }
    case 'chat': {
      const value = json(body, 'chat message');
      if (typeof value.text !== 'string') throw malformed('chat message must have a string "text"');
      checkChat(value.text, value.sentAt);
      return { type, text: value.text, sentAt: value.sentAt as number };
    }
    case 'media-key': {
      const br = new ByteReader(body, 'media key');
      const kid = new DataView(br.fixed(8, 'kid').buffer).getBigUint64(0, false);
      const key = br.vec16('key', MAX_MEDIA_KEY_LENGTH);
      br.end();
      if (key.length === 0) throw malformed('media key is empty');
      return { type, kid, key };
    }
    case 'admission':
    case 'access-control':
    case 'recording':
      return { type, body };
    case 'bye':
    case 'media-key-request':
      if (body.length !== 0) throw malformed(`${type} carries no body`);
      return { type };
    case 'peer-state': {
      const flags = body[0];
      if (body.length !== 1 || flags === undefined || flags > 7) throw malformed('peer state is one flags byte (0..7)');
      return { type, audioMuted: (flags & 1) !== 0, videoMuted: (flags & 2) !== 0, screenSharing: (flags & 4) !== 0 };
    }
  }
}
