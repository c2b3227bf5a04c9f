// Ring messages (PROTOCOL.md §13.3): what travels inside a sealed-sender blob (§13.2) between
// the caller and each callee. A ring carries the invite link of a fresh room and the caller's
// contact card (so the callee can answer to the caller's mailbox); answers and cancels name the
// call by its random id. Every message carries its send time; RingReplayGuard refuses old,
// expired and repeated ones.
import { ByteReader, ByteWriter, utf8Decode } from '../bytes';
import { ProtocolError } from '../errors';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { MAX_CARD_NAME_CHARACTERS } from './contact-card';

export const CALL_ID_LENGTH = 16;
/** A ring is only worth seconds: no ring may ask to ring longer than this. */
export const MAX_RING_MS = 60_000;
/** How far a sender's clock may be off from ours. */
export const MAX_CLOCK_SKEW_MS = 30_000;
export const MAX_INVITE_LINK_LENGTH = 2048;
export const MAX_CARD_LENGTH = 1024;

export type AnswerOutcome = 'accepted' | 'declined' | 'no-answer' | 'busy';
const OUTCOMES: readonly AnswerOutcome[] = ['accepted', 'declined', 'no-answer', 'busy'];

export type RingMessage =
  | { kind: 'ring'; callId: Uint8Array; sentAt: number; expiresAt: number; inviteLink: string; callerCard: Uint8Array; teamName: string }
  | { kind: 'answer'; callId: Uint8Array; sentAt: number; outcome: AnswerOutcome }
  | { kind: 'cancel'; callId: Uint8Array; sentAt: number };

const KINDS = { ring: 1, answer: 2, cancel: 3 } as const;

function writeTime(w: ByteWriter, ms: number, what: string): ByteWriter {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new ProtocolError('malformed', `ring message: ${what} must be a time in ms`);
  return w.u32(Math.floor(ms / 2 ** 32)).u32(ms % 2 ** 32);
}

function readTime(r: ByteReader, what: string): number {
  const ms = r.u32(what) * 2 ** 32 + r.u32(what);
  if (!Number.isSafeInteger(ms)) throw new ProtocolError('malformed', `ring message: ${what} is out of range`);
  return ms;
}

function asciiBytes(text: string, max: number, what: string): Uint8Array {
  if (text.length === 0 || text.length > max || !/^[\x21-\x7e]+$/.test(text)) {
    throw new ProtocolError('malformed', `ring message: ${what} must be 1 to ${max} printable ASCII characters`);
  }
  return utf8ToBytes(text);
}

function teamNameBytes(name: string): Uint8Array {
  if ([...name].length > MAX_CARD_NAME_CHARACTERS || /\p{Cc}/u.test(name) || name.trim() !== name) {
    throw new ProtocolError('malformed', `ring message: a team name is at most ${MAX_CARD_NAME_CHARACTERS} characters without control characters`);
  }
  return utf8ToBytes(name);
}

export function encodeRingMessage(message: RingMessage): Uint8Array {
  const w = new ByteWriter().u8(KINDS[message.kind]).fixed(message.callId, CALL_ID_LENGTH, 'call id');
  writeTime(w, message.sentAt, 'sentAt');
  switch (message.kind) {
    case 'ring': {
      if (message.callerCard.length === 0 || message.callerCard.length > MAX_CARD_LENGTH) throw new ProtocolError('malformed', 'ring message: bad caller card length');
      const team = teamNameBytes(message.teamName);
      writeTime(w, message.expiresAt, 'expiresAt');
      return w.vec16(asciiBytes(message.inviteLink, MAX_INVITE_LINK_LENGTH, 'the invite link')).vec16(message.callerCard).u8(team.length).rest(team).finish();
    }
    case 'answer':
      return w.u8(OUTCOMES.indexOf(message.outcome) + 1).finish();
    case 'cancel':
      return w.finish();
  }
}

export function decodeRingMessage(bytes: Uint8Array): RingMessage {
  const r = new ByteReader(bytes, 'ring message');
  const kind = r.u8('kind');
  const callId = r.fixed(CALL_ID_LENGTH, 'call id');
  const sentAt = readTime(r, 'sentAt');
  let message: RingMessage;
  switch (kind) {
    case KINDS.ring: {
      const expiresAt = readTime(r, 'expiresAt');
      const inviteLink = utf8Decode(r.vec16('invite link', MAX_INVITE_LINK_LENGTH)) ?? '';
      const callerCard = r.vec16('caller card', MAX_CARD_LENGTH);
      const teamName = utf8Decode(r.fixed(r.u8('team name length'), 'team name'));
      if (teamName === undefined) throw new ProtocolError('malformed', 'ring message: the team name is not valid UTF-8');
      message = { kind: 'ring', callId, sentAt, expiresAt, inviteLink, callerCard, teamName };
      break;
    }
    case KINDS.answer: {
      const outcome = OUTCOMES[r.u8('outcome') - 1];
      if (!outcome) throw new ProtocolError('malformed', 'ring message: unknown answer outcome');
      message = { kind: 'answer', callId, sentAt, outcome };
      break;
    }
    case KINDS.cancel:
      message = { kind: 'cancel', callId, sentAt };
      break;
    default:
      throw new ProtocolError('malformed', `ring message: unknown kind ${kind}`);
  }
  r.end();
  encodeRingMessage(message); // the same field rules as when sending
  return message;
}

/**
 * Refuses ring messages that are stale, expired, from the future or seen before (§13.3). Keyed by
 * sender, kind and call id; entries are kept as long as a message could still pass the time
 * check, so a replay inside that window is caught and one after it is refused as too old.
 */
export class RingReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 4096) {}

  check(senderHex: string, message: RingMessage, now: number): void {
    if (message.sentAt > now + MAX_CLOCK_SKEW_MS) throw new ProtocolError('replay', 'ring message: sent in the future (check the clocks)');
    if (message.sentAt < now - MAX_RING_MS - MAX_CLOCK_SKEW_MS) throw new ProtocolError('replay', 'ring message: too old');
    if (message.kind === 'ring') {
      if (message.expiresAt <= now) throw new ProtocolError('replay', 'ring message: the ring has expired');
      if (message.expiresAt - message.sentAt > MAX_RING_MS) throw new ProtocolError('malformed', 'ring message: rings for too long');
    }
    for (const [key, keepUntil] of this.seen) if (keepUntil <= now) this.seen.delete(key);
    const key = `${senderHex}:${message.kind}:${Array.from(message.callId, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    if (this.seen.has(key)) throw new ProtocolError('replay', 'ring message: seen before');
    // Full: refuse rather than forget an entry (forgetting would let its replay through).
    if (this.seen.size >= this.maxEntries) throw new ProtocolError('invalid-state', 'ring message: too many recent messages');
    this.seen.set(key, message.sentAt + MAX_RING_MS + 2 * MAX_CLOCK_SKEW_MS);
  }
}
