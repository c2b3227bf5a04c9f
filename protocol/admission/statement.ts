// Host statements of a meeting and the meeting state they commit to (PROTOCOL.md §14.2, §14.3).
// A statement names the meeting (roomId and the host's epoch), its place in the host's sequence
// and its signer; a view or hand-over commits to the whole meeting state (who is admitted, who
// was removed, whether the meeting is locked) by a digest, so a receiver never acts on a roster
// nobody signed. The encodings are canonical: decoding and encoding again gives the signed bytes.
//
//   statement = version u8 (1) || kind u8 || roomId [32] || epoch u64 || seq u32 || issuedAt u64
//               || signer [32] || kind 1 view:      stateDigest [32]
//                                 kind 2 hand-over: successor [32] || stateDigest [32]
//                                 kind 3 deny:      subject [32] || reason u8 (1 denied, 2 locked)
//   signature = Ed25519(signer, "Parley v1 meeting statement\0" || statement)
//   state     = flags u8 (1 = locked) || u8 n || n x admitted id [32] || u8 m || m x removed id [32]
//               (ids are canonical identities, §3.1, strictly ascending; the two lists are disjoint)
//   stateDigest = SHA-512("Parley v1 meeting state\0" || state)[0..32]
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ByteReader} from '../bytes';
import { ByteWriter, concatBytes } from '../bytes';
import { ProtocolError } from '../errors';
import { signingInput } from '../ipc-contract';
import { canonicalIdentityHex } from '../keys/identity';

/** A person: the canonical identity (X25519 form of the identity key, §3.1) as lower-case hex. */
export type PersonId = string;

export const STATEMENT_VERSION = 1;
const KEY = 32;
export const SIGNATURE_LENGTH = 64;
export const DIGEST_LENGTH = 32;
/** §14.7: at most this many people admitted, and as many removed, in one meeting state. */
export const MAX_ADMITTED = 64;
export const MAX_REMOVED = 64;
const COMMON_LENGTH = 1 + 1 + KEY + 8 + 4 + 8 + KEY;
export const STATEMENT_LENGTHS = { view: COMMON_LENGTH + DIGEST_LENGTH, 'hand-over': COMMON_LENGTH + KEY + DIGEST_LENGTH, deny: COMMON_LENGTH + KEY + 1 } as const;
const KIND_CODES = { view: 1, 'hand-over': 2, deny: 3 } as const;
const STATE_LABEL = utf8ToBytes('Parley v1 meeting state\0');

export type StatementKind = keyof typeof KIND_CODES;
export type DenyReason = 'denied' | 'locked';

interface StatementFields {
  roomId: Uint8Array;
  /** The host-chosen number of this meeting in its room (§14.1). */
  epoch: number;
  /** Place in the host's sequence (§14.4); a deny repeats the seq of the state it was made in. */
  seq: number;
  issuedAt: number;
  /** The Ed25519 identity key of the host who signs. */
  signer: Uint8Array;
}
export type Statement =
  | (StatementFields & { kind: 'view'; stateDigest: Uint8Array })
  | (StatementFields & { kind: 'hand-over'; successor: Uint8Array; stateDigest: Uint8Array })
  | (StatementFields & { kind: 'deny'; subject: PersonId; reason: DenyReason });
export type ViewStatement = Extract<Statement, { kind: 'view' }>;
export type HandOverStatement = Extract<Statement, { kind: 'hand-over' }>;
export type DenyStatement = Extract<Statement, { kind: 'deny' }>;
/** A statement that commits to a meeting state. */
export type StateStatement = ViewStatement | HandOverStatement;

export interface Signed<S extends Statement = Statement> {
  statement: S;
  /** The exact signed bytes (canonical encoding of `statement`). */
  bytes: Uint8Array;
  signature: Uint8Array;
  /** Canonical identities of the signer and (hand-over) the successor, computed once at decoding. */
  signerId: PersonId;
  successorId?: PersonId;
}

/** The meeting state a view or hand-over commits to. Lists are sorted and disjoint. */
export interface MeetingState {
  locked: boolean;
  admitted: readonly PersonId[];
  removed: readonly PersonId[];
}

const malformed = (what: string) => new ProtocolError('malformed', `meeting statement: ${what}`);

function u64(w: ByteWriter, value: number, what: string): ByteWriter {
  if (!Number.isSafeInteger(value) || value < 0) throw malformed(`${what} ${value} is not a whole number of at most 2^53 - 1`);
  return w.u32(Math.floor(value / 2 ** 32)).u32(value % 2 ** 32);
}

function readU64(r: ByteReader, what: string): number {
  const high = r.u32(`${what} (high)`);
  const low = r.u32(`${what} (low)`);
  if (high > 0x1fffff) throw malformed(`${what} is larger than 2^53 - 1`);
  return high * 2 ** 32 + low;
}

export function encodeStatement(s: Statement): Uint8Array {
  const w = new ByteWriter().u8(STATEMENT_VERSION).u8(KIND_CODES[s.kind]).fixed(s.roomId, KEY, 'room id');
  u64(w, s.epoch, 'epoch').u32(s.seq);
  u64(w, s.issuedAt, 'issued at').fixed(s.signer, KEY, 'signer');
  switch (s.kind) {
    case 'view':
      return w.fixed(s.stateDigest, DIGEST_LENGTH, 'state digest').finish();
    case 'hand-over':
      return w.fixed(s.successor, KEY, 'successor').fixed(s.stateDigest, DIGEST_LENGTH, 'state digest').finish();
    case 'deny':
      return w.fixed(idBytes(s.subject), KEY, 'subject').u8(s.reason === 'locked' ? 2 : 1).finish();
  }
}

/** Reads one statement (its kind fixes its length) and its signature. */
export function readSignedStatement(r: ByteReader): Signed {
  const version = r.u8('statement version');
  if (version !== STATEMENT_VERSION) throw new ProtocolError('unsupported-version', `meeting statement version ${version}`);
  const code = r.u8('statement kind');
  const kind = (Object.keys(KIND_CODES) as StatementKind[]).find((k) => KIND_CODES[k] === code);
  if (!kind) throw malformed(`kind ${code} is unknown`);
  const fields: StatementFields = {
    roomId: r.fixed(KEY, 'room id'),
    epoch: readU64(r, 'epoch'),
    seq: r.u32('seq'),
    issuedAt: readU64(r, 'issued at'),
    signer: r.fixed(KEY, 'signer'),
  };
  let statement: Statement;
  if (kind === 'view') statement = { ...fields, kind, stateDigest: r.fixed(DIGEST_LENGTH, 'state digest') };
  else if (kind === 'hand-over') statement = { ...fields, kind, successor: r.fixed(KEY, 'successor'), stateDigest: r.fixed(DIGEST_LENGTH, 'state digest') };
  else {
    const subject = bytesToHex(r.fixed(KEY, 'subject'));
    const reason = r.u8('deny reason');
    if (reason !== 1 && reason !== 2) throw malformed(`deny reason ${reason} is unknown`);
    statement = { ...fields, kind, subject, reason: reason === 2 ? 'locked' : 'denied' };
  }
  return signedOf(statement, r.fixed(SIGNATURE_LENGTH, 'signature'));
}

/** A statement with its signature; the canonical ids are derived here (invalid keys are `invalid-key`). */
export function signedOf<S extends Statement>(statement: S, signature: Uint8Array): Signed<S> {
  const signed: Signed<S> = { statement, bytes: encodeStatement(statement), signature, signerId: canonicalIdentityHex(statement.signer) };
  if (statement.kind === 'hand-over') signed.successorId = canonicalIdentityHex(statement.successor);
  return signed;
}

export function writeSignedStatement(w: ByteWriter, signed: Signed): ByteWriter {
  return w.rest(signed.bytes).fixed(signed.signature, SIGNATURE_LENGTH, 'signature');
}

/** The bytes the host's key signs (main: sign('meeting-statement', statement)). */
export function statementSigningInput(statementBytes: Uint8Array): Uint8Array {
  return signingInput('meeting-statement', statementBytes);
}

export function idBytes(id: PersonId): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(id)) throw malformed('a person id must be 64 lower-case hex digits');
  return hexToBytes(id);
}

function writeIds(w: ByteWriter, ids: readonly PersonId[], max: number, what: string): void {
  if (ids.length > max) throw malformed(`more than ${max} ${what}`);
  w.u8(ids.length);
  for (const id of ids) w.fixed(idBytes(id), KEY, what);
}

function readIds(r: ByteReader, max: number, what: string): PersonId[] {
  const n = r.u8(`${what} count`);
  if (n > max) throw malformed(`more than ${max} ${what}`);
  const ids = Array.from({ length: n }, () => bytesToHex(r.fixed(KEY, what)));
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! >= ids[i]!) throw malformed(`${what} are not strictly ascending`);
  return ids;
}

/** The canonical state: sorts and checks the lists (throws `malformed` for overlaps or overflows). */
export function meetingState(locked: boolean, admitted: Iterable<PersonId>, removed: Iterable<PersonId>): MeetingState {
  const state = { locked, admitted: [...new Set(admitted)].sort(), removed: [...new Set(removed)].sort() };
  encodeMeetingState(state);
  return state;
}

export function encodeMeetingState(state: MeetingState): Uint8Array {
  const removed = new Set(state.removed);
  if (state.admitted.some((id) => removed.has(id))) throw malformed('someone is both admitted and removed');
  for (const list of [state.admitted, state.removed]) for (let i = 1; i < list.length; i++) if (list[i - 1]! >= list[i]!) throw malformed('ids are not strictly ascending');
  const w = new ByteWriter().u8(state.locked ? 1 : 0);
  writeIds(w, state.admitted, MAX_ADMITTED, 'admitted ids');
  writeIds(w, state.removed, MAX_REMOVED, 'removed ids');
  return w.finish();
}

/** Reads a state from the end of a message (nothing may follow it). */
export function readMeetingState(r: ByteReader): MeetingState {
  const flags = r.u8('state flags');
  if (flags > 1) throw malformed(`state flags ${flags} has unknown bits`);
  const admitted = readIds(r, MAX_ADMITTED, 'admitted ids');
  const removed = readIds(r, MAX_REMOVED, 'removed ids');
  r.end();
  const state = { locked: flags === 1, admitted, removed };
  encodeMeetingState(state); // checks that the lists are disjoint
  return state;
}

export function stateDigest(stateBytes: Uint8Array): Uint8Array {
  return sha512(concatBytes(STATE_LABEL, stateBytes)).slice(0, DIGEST_LENGTH);
}

/** The digest a statement must carry for this state; null for a state that is not canonical. */
export function meetingStateDigest(state: MeetingState): Uint8Array | null {
  try {
    return stateDigest(encodeMeetingState(state));
  } catch {
    return null;
  }
}
