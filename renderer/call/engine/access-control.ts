// Lobby and host statements (DESIGN.md "Access control"; PROTOCOL.md §7.4 'admission' and
// 'access-control' bodies). Every message travels inside an authenticated pairwise ratchet, so
// its sender is known; the host's statements are also signed with the host's identity key
// (main signs them under the 'admission' purpose), so a newcomer can show its admission to
// members who have not heard from the host yet, and members can check every host statement.
//
//   admission body = kind u8 || ...
//     1 knock:   utf8 display name                        (newcomer -> everyone)
//     2 welcome: isHost u8 || utf8 display name           (member -> newcomer)
//     3 admit:   statement || signature [64] || roster    (host -> newcomer and members; roster =
//                n x 32-byte identity keys of the admitted, only in the copy for the newcomer)
//     4 proof:   statement || signature [64]              (newcomer -> member, before its offer)
//     5 deny:    reason u8 (1 denied, 2 locked)            (host -> newcomer)
//     6 succession: n x (signer identity key [32] || statement || signature [64]), 1..64 links
//                (a host other than the invite's -> newcomer, before the admit: the hand-overs
//                from the invite's host to the sender, so the newcomer can trust its signature)
//     7 organisation: statement || signature [64]     (after our knock and our welcome: the
//                statement our organisation signed for our identity key, PROTOCOL.md §9.4; a
//                separate kind so a name stays the rest of a knock, and a peer that does not
//                know kind 7 only drops it)
//   access-control body = statement || signature [64]     (host -> everyone)
//   statement = kind u8 || roomId [32] || issuedAt u64 (ms) || subject identity key [32]
//     statement kinds: 1 admit, 2 remove, 3 hand over host, 4 lock, 5 unlock (subject = host key)
import { equalBytes } from '@noble/curves/utils.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter, utf8Decode } from '../../../protocol/bytes';
import type { CryptoProvider } from '../../../protocol/crypto/provider';
import { ProtocolError } from '../../../protocol/errors';
import { signingInput } from '../../../protocol/ipc-contract';
import { decodeOrganisationCredential } from '../../../protocol/organisation/statement';
import { isHostKey } from '../../../protocol/room/host-key-id';

export const MAX_DISPLAY_NAME_LENGTH = 64;
const KEY = 32;
const SIGNATURE = 64;

export type StatementKind = 'admit' | 'remove' | 'hand-over' | 'lock' | 'unlock';
const STATEMENT_CODES: Record<StatementKind, number> = { admit: 1, remove: 2, 'hand-over': 3, lock: 4, unlock: 5 };
const STATEMENT_KINDS = new Map(Object.entries(STATEMENT_CODES).map(([k, v]) => [v, k as StatementKind]));

export interface Statement {
  kind: StatementKind;
  roomId: Uint8Array;
  issuedAt: number;
  subject: Uint8Array;
}

export interface SignedStatement {
  statement: Statement;
  bytes: Uint8Array;
  signature: Uint8Array;
}

export type DenyReason = 'denied' | 'locked';

/** One hand-over of the host role: `signer` was host and signed the hand-over to the statement's subject. */
export interface SuccessionLink {
  signer: Uint8Array;
  signed: SignedStatement;
}
export const MAX_SUCCESSION_LINKS = 64;

export type AdmissionMessage =
  | { kind: 'knock'; displayName: string }
  | { kind: 'welcome'; isHost: boolean; displayName: string }
  | { kind: 'admit'; signed: SignedStatement; roster: Uint8Array[] }
  | { kind: 'proof'; signed: SignedStatement }
  | { kind: 'deny'; reason: DenyReason }
  | { kind: 'succession'; links: SuccessionLink[] }
  /** A credential that decodes strictly (bounded, canonical); whether it verifies anyone is main's to say. */
  | { kind: 'organisation'; credential: Uint8Array };

const malformed = (what: string) => new ProtocolError('malformed', `access control: ${what}`);

export function encodeStatement(s: Statement): Uint8Array {
  return new ByteWriter()
    .u8(STATEMENT_CODES[s.kind])
    .fixed(s.roomId, KEY, 'room id')
    .u32(Math.floor(s.issuedAt / 2 ** 32))
    .u32(s.issuedAt % 2 ** 32)
    .fixed(s.subject, KEY, 'subject')
    .finish();
}

function readStatement(r: ByteReader): SignedStatement {
  const code = r.u8('statement kind');
  const kind = STATEMENT_KINDS.get(code);
  if (!kind) throw malformed(`statement kind ${code} is unknown`);
  const roomId = r.fixed(KEY, 'room id');
  const issuedAt = r.u32('issued at (high)') * 2 ** 32 + r.u32('issued at (low)');
  const subject = r.fixed(KEY, 'subject');
  const statement: Statement = { kind, roomId, issuedAt, subject };
  // The encoding is canonical, so re-encoding gives back exactly the signed bytes.
  return { statement, bytes: encodeStatement(statement), signature: r.fixed(SIGNATURE, 'signature') };
}

function displayName(bytes: Uint8Array): string {
  const name = utf8Decode(bytes);
  if (name === undefined) throw malformed('display name is not UTF-8');
  const trimmed = name.trim();
  if (trimmed.length === 0 || [...trimmed].length > MAX_DISPLAY_NAME_LENGTH) throw malformed('display name is empty or too long');
  return trimmed;
}

export function encodeAdmission(m: AdmissionMessage): Uint8Array {
  const w = new ByteWriter();
  switch (m.kind) {
    case 'knock':
      return w.u8(1).rest(utf8ToBytes(m.displayName)).finish();
    case 'welcome':
      return w.u8(2).u8(m.isHost ? 1 : 0).rest(utf8ToBytes(m.displayName)).finish();
    case 'admit': {
      w.u8(3).rest(m.signed.bytes).fixed(m.signed.signature, SIGNATURE, 'signature');
      for (const key of m.roster) w.fixed(key, KEY, 'roster key');
      return w.finish();
    }
    case 'proof':
      return w.u8(4).rest(m.signed.bytes).fixed(m.signed.signature, SIGNATURE, 'signature').finish();
    case 'deny':
      return w.u8(5).u8(m.reason === 'locked' ? 2 : 1).finish();
    case 'organisation':
      return w.u8(7).rest(m.credential).finish();
    case 'succession': {
      w.u8(6);
      for (const link of m.links) w.fixed(link.signer, KEY, 'signer').rest(link.signed.bytes).fixed(link.signed.signature, SIGNATURE, 'signature');
      return w.finish();
    }
  }
}

export function decodeAdmission(bytes: Uint8Array): AdmissionMessage {
  const r = new ByteReader(bytes, 'admission');
  const kind = r.u8('kind');
  switch (kind) {
    case 1:
      return { kind: 'knock', displayName: displayName(r.rest()) };
    case 2: {
      const isHost = r.u8('host flag');
      if (isHost > 1) throw malformed('host flag is not 0 or 1');
      return { kind: 'welcome', isHost: isHost === 1, displayName: displayName(r.rest()) };
    }
    case 3: {
      const signed = readStatement(r);
      const rest = r.rest();
      if (rest.length % KEY !== 0 || rest.length > KEY * 16) throw malformed('roster length is not a multiple of 32 or too long');
      const roster = Array.from({ length: rest.length / KEY }, (_, i) => rest.slice(i * KEY, (i + 1) * KEY));
      return { kind: 'admit', signed, roster };
    }
    case 4: {
      const signed = readStatement(r);
      r.end();
      return { kind: 'proof', signed };
    }
    case 5: {
      const reason = r.u8('reason');
      r.end();
      if (reason !== 1 && reason !== 2) throw malformed(`deny reason ${reason} is unknown`);
      return { kind: 'deny', reason: reason === 2 ? 'locked' : 'denied' };
    }
    case 6: {
      const links: SuccessionLink[] = [];
      while (r.remaining > 0) {
        if (links.length === MAX_SUCCESSION_LINKS) throw malformed('succession is too long');
        links.push({ signer: r.fixed(KEY, 'signer'), signed: readStatement(r) });
      }
      if (links.length === 0) throw malformed('succession is empty');
      return { kind: 'succession', links };
    }
    case 7: {
      const credential = r.rest();
      // Throws ProtocolError for anything but one canonical statement and its signature.
      decodeOrganisationCredential(credential);
      return { kind: 'organisation', credential };
    }
    default:
      throw malformed(`admission kind ${kind} is unknown`);
  }
}

export function encodeHostStatement(signed: SignedStatement): Uint8Array {
  return new ByteWriter().rest(signed.bytes).fixed(signed.signature, SIGNATURE, 'signature').finish();
}

export function decodeHostStatement(bytes: Uint8Array): SignedStatement {
  const r = new ByteReader(bytes, 'host statement');
  const signed = readStatement(r);
  r.end();
  return signed;
}

/** Signs through main: the identity key never leaves it. */
export async function signStatement(sign: (payload: Uint8Array) => Promise<Uint8Array>, statement: Statement): Promise<SignedStatement> {
  const bytes = encodeStatement(statement);
  return { statement, bytes, signature: await sign(bytes) };
}

/** A statement counts only if the current host signed it for this room. */
export async function verifyStatement(provider: CryptoProvider, hostIdentityKey: Uint8Array, roomId: Uint8Array, signed: SignedStatement): Promise<boolean> {
  if (!equalBytes(signed.statement.roomId, roomId)) return false;
  return provider.ed25519Verify(hostIdentityKey, signingInput('admission', signed.bytes), signed.signature);
}

/**
 * The current host named by a chain of hand-overs, or null if the chain does not hold: it must
 * start at the invite's host (§4.2 host key id), every link must be a hand-over for this room
 * signed by the previous link's subject, and the last subject is the host now.
 */
export async function verifySuccession(provider: CryptoProvider, hostKeyIdOfInvite: Uint8Array, roomId: Uint8Array, links: readonly SuccessionLink[]): Promise<Uint8Array | null> {
  const first = links[0];
  if (!first || !(await isHostKey(provider, first.signer, hostKeyIdOfInvite).catch(() => false))) return null;
  let host = first.signer;
  for (const link of links) {
    if (!equalBytes(link.signer, host) || link.signed.statement.kind !== 'hand-over') return null;
    if (!(await verifyStatement(provider, host, roomId, link.signed))) return null;
    host = link.signed.statement.subject;
  }
  return host;
}
