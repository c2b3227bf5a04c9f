// The admission messages of PROTOCOL.md §14.5: the bodies of `admission` payloads (§7.4) that
// the admission state machine (machine.ts) reads and writes. Kinds 1-6 are the earlier forms of
// §11.1, retired when the engine moves to this machine; these use 16-19 so the two never meet.
//
//   body = kind u8 || ...
//     16 knock    utf8 display name (1..64 characters)                 newcomer -> every member
//     17 welcome  utf8 display name                                     member -> newcomer
//     18 state    u8 n || n x link || view or hand-over || signature || state   (§14.3)
//     19 deny     u8 n || n x link || deny || signature                 host -> newcomer
//   link = hand-over statement || signature [64]                        (the succession, §14.4)
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter, utf8Decode } from '../bytes';
import { ProtocolError } from '../errors';
import { encodeMeetingState, readMeetingState, readSignedStatement, writeSignedStatement } from './statement';
import type { DenyStatement, HandOverStatement, MeetingState, Signed, StateStatement } from './statement';

export const MAX_DISPLAY_NAME_LENGTH = 64;
/** §14.4: at most this many hand-overs in one meeting (epoch), so in one chain. */
export const MAX_CHAIN_LINKS = 64;
export const ADMISSION_KIND_CODES = { knock: 16, welcome: 17, state: 18, deny: 19 } as const;

export type HandOverLink = Signed<HandOverStatement>;

export type AdmissionMessage =
  | { kind: 'knock'; displayName: string }
  | { kind: 'welcome'; displayName: string }
  /** The sender's newest meeting state: the host's word, or a member's proof of its admission. */
  | { kind: 'state'; links: HandOverLink[]; final: Signed<StateStatement>; state: MeetingState }
  | { kind: 'deny'; links: HandOverLink[]; final: Signed<DenyStatement> };
export type StateMessage = Extract<AdmissionMessage, { kind: 'state' }>;
export type DenyMessage = Extract<AdmissionMessage, { kind: 'deny' }>;

const malformed = (what: string) => new ProtocolError('malformed', `admission: ${what}`);

function displayName(bytes: Uint8Array): string {
  const name = utf8Decode(bytes);
  if (name === undefined) throw malformed('display name is not UTF-8');
  return checkDisplayName(name);
}

/** A display name as knocks and welcomes carry it: trimmed, 1..64 characters, no control characters. */
export function checkDisplayName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || [...trimmed].length > MAX_DISPLAY_NAME_LENGTH) throw malformed(`display name is empty or longer than ${MAX_DISPLAY_NAME_LENGTH} characters`);
  if (/\p{Cc}/u.test(trimmed)) throw malformed('display name has control characters');
  return trimmed;
}

function writeLinks(w: ByteWriter, links: readonly HandOverLink[]): ByteWriter {
  if (links.length > MAX_CHAIN_LINKS) throw malformed(`more than ${MAX_CHAIN_LINKS} links`);
  w.u8(links.length);
  for (const link of links) writeSignedStatement(w, link);
  return w;
}

function readLinks(r: ByteReader): HandOverLink[] {
  const n = r.u8('link count');
  if (n > MAX_CHAIN_LINKS) throw malformed(`more than ${MAX_CHAIN_LINKS} links`);
  return Array.from({ length: n }, () => {
    const link = readSignedStatement(r);
    if (link.statement.kind !== 'hand-over') throw malformed('a chain link is not a hand-over');
    return link as HandOverLink;
  });
}

export function encodeAdmissionMessage(m: AdmissionMessage): Uint8Array {
  const w = new ByteWriter().u8(ADMISSION_KIND_CODES[m.kind]);
  switch (m.kind) {
    case 'knock':
    case 'welcome':
      return w.rest(utf8ToBytes(checkDisplayName(m.displayName))).finish();
    case 'state':
      return writeSignedStatement(writeLinks(w, m.links), m.final).rest(encodeMeetingState(m.state)).finish();
    case 'deny':
      return writeSignedStatement(writeLinks(w, m.links), m.final).finish();
  }
}

/** Strict: every field is checked, nothing may follow the last one; errors are ProtocolError. */
export function decodeAdmissionMessage(bytes: Uint8Array): AdmissionMessage {
  const r = new ByteReader(bytes, 'admission');
  const code = r.u8('kind');
  switch (code) {
    case ADMISSION_KIND_CODES.knock:
      return { kind: 'knock', displayName: displayName(r.rest()) };
    case ADMISSION_KIND_CODES.welcome:
      return { kind: 'welcome', displayName: displayName(r.rest()) };
    case ADMISSION_KIND_CODES.state: {
      const links = readLinks(r);
      const final = readSignedStatement(r);
      if (final.statement.kind === 'deny') throw malformed('a state message ends in a deny');
      return { kind: 'state', links, final: final as Signed<StateStatement>, state: readMeetingState(r) };
    }
    case ADMISSION_KIND_CODES.deny: {
      const links = readLinks(r);
      const final = readSignedStatement(r);
      r.end();
      if (final.statement.kind !== 'deny') throw malformed('a deny message holds no deny statement');
      return { kind: 'deny', links, final: final as Signed<DenyStatement> };
    }
    default:
      throw malformed(`kind ${code} is unknown`);
  }
}
