// Colleagues verified by their organisation (PROTOCOL.md §9.4), with no server: IT signs an
// employee's identity key and name with the organisation's Ed25519 key (scripts/org.ts); the
// employee's app presents the signed statement when it greets; a receiver whose admin policy
// trusts that organisation key shows "verified by <organisation>". This file is the whole
// security-critical core: canonical encodings, the two signatures, and one pure verdict.
import { ed25519 } from '@noble/curves/ed25519.js';
import { equalBytes } from '@noble/curves/utils.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter, concatBytes, utf8Decode } from '../bytes';
import { ProtocolError } from '../errors';
import { canonicalIdentityHex } from '../keys/identity';

export const STATEMENT_VERSION = 1;
/** Domain separation: an organisation key signs nothing else with these prefixes (and Parley identity keys never sign them). */
export const STATEMENT_CONTEXT = utf8ToBytes('Parley v1 organisation statement\0');
export const REVOCATIONS_CONTEXT = utf8ToBytes('Parley v1 organisation revocations\0');
export const MAX_ORG_NAME_LENGTH = 64;
export const MAX_ORG_REVOCATIONS = 4096;
const KEY = 32;
const SIGNATURE = 64;
/** The largest date a JavaScript Date holds (ms). */
const MAX_TIME = 8.64e15;
/** Clocks differ: a statement issued up to this far in the future still counts. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** version + org key + issued + expires + identity key + 2 names (u8 length, ≤ 255 bytes) + signature. */
export const MAX_CREDENTIAL_LENGTH = 1 + KEY + 8 + 8 + KEY + 2 * (1 + 255) + SIGNATURE;

export interface OrganisationStatement {
  /** The organisation's Ed25519 public key (the signer). */
  organisationKey: Uint8Array;
  /** ms since 1970. */
  issuedAt: number;
  expiresAt: number;
  /** The employee's Parley identity key (Ed25519, exact bytes). */
  identityKey: Uint8Array;
  organisationName: string;
  employeeName: string;
}

/** A statement with its signature: what travels (the `credential`). */
export interface SignedOrganisationStatement {
  statement: OrganisationStatement;
  /** The canonical statement bytes, as signed. */
  bytes: Uint8Array;
  signature: Uint8Array;
}

const malformed = (what: string) => new ProtocolError('malformed', `organisation statement: ${what}`);

/** The one form a name is signed and compared in: NFC, trimmed, 1..64 characters, no control characters. */
export function canonicalName(name: string): string {
  return name.normalize('NFC').trim();
}

function checkName(name: string, what: string): Uint8Array {
  const bytes = utf8ToBytes(name);
  if (name !== canonicalName(name) || name.length === 0 || [...name].length > MAX_ORG_NAME_LENGTH || bytes.length > 255 || /\p{Cc}/u.test(name)) {
    throw malformed(`${what} must be 1..${MAX_ORG_NAME_LENGTH} characters, trimmed, NFC, without control characters`);
  }
  return bytes;
}

function checkTime(t: number, what: string): void {
  if (!Number.isInteger(t) || t < 0 || t > MAX_TIME) throw malformed(`${what} is not a time`);
}

const writeTime = (w: ByteWriter, t: number) => w.u32(Math.floor(t / 2 ** 32)).u32(t % 2 ** 32);
const readTime = (r: ByteReader, what: string) => r.u32(`${what} (high)`) * 2 ** 32 + r.u32(`${what} (low)`);

function readName(r: ByteReader, what: string): string {
  const name = utf8Decode(r.fixed(r.u8(`${what} length`), what));
  if (name === undefined) throw malformed(`${what} is not UTF-8`);
  checkName(name, what);
  return name;
}

/**
 * statement = version u8 (1) || organisation key [32] || issuedAt u64 || expiresAt u64
 *             || identity key [32] || u8 len || organisation name || u8 len || employee name
 */
export function encodeOrganisationStatement(s: OrganisationStatement): Uint8Array {
  checkTime(s.issuedAt, 'issued-at');
  checkTime(s.expiresAt, 'expires-at');
  if (s.expiresAt <= s.issuedAt) throw malformed('expires-at is not after issued-at');
  const org = checkName(s.organisationName, 'organisation name');
  const employee = checkName(s.employeeName, 'employee name');
  const w = new ByteWriter().u8(STATEMENT_VERSION).fixed(s.organisationKey, KEY, 'organisation key');
  writeTime(w, s.issuedAt);
  writeTime(w, s.expiresAt);
  return w.fixed(s.identityKey, KEY, 'identity key').u8(org.length).rest(org).u8(employee.length).rest(employee).finish();
}

/** What the organisation key signs: the prefix, then the statement. */
export const statementSigningInput = (bytes: Uint8Array) => concatBytes(STATEMENT_CONTEXT, bytes);

/** credential = statement || signature [64]. Strict: a canonical statement, nothing after the signature. */
export function decodeOrganisationCredential(bytes: Uint8Array): SignedOrganisationStatement {
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_CREDENTIAL_LENGTH) throw malformed('too long');
  const r = new ByteReader(bytes, 'organisation statement');
  const version = r.u8('version');
  if (version !== STATEMENT_VERSION) throw new ProtocolError('unsupported-version', `organisation statement: version ${version}`);
  const organisationKey = r.fixed(KEY, 'organisation key');
  const issuedAt = readTime(r, 'issued-at');
  const expiresAt = readTime(r, 'expires-at');
  const identityKey = r.fixed(KEY, 'identity key');
  const organisationName = readName(r, 'organisation name');
  const employeeName = readName(r, 'employee name');
  const signature = r.fixed(SIGNATURE, 'signature');
  r.end();
  const statement = { organisationKey, issuedAt, expiresAt, identityKey, organisationName, employeeName };
  // Re-encoding checks the times and gives back exactly the bytes that were signed.
  return { statement, bytes: encodeOrganisationStatement(statement), signature };
}

export const encodeOrganisationCredential = (signed: SignedOrganisationStatement) => concatBytes(signed.bytes, signed.signature);

/** Signs with the organisation's private key (the IT command only; Parley never holds it). */
export function signOrganisationStatement(organisationSecret: Uint8Array, s: Omit<OrganisationStatement, 'organisationKey'>): Uint8Array {
  const statement = { ...s, organisationKey: ed25519.getPublicKey(organisationSecret) };
  const bytes = encodeOrganisationStatement(statement);
  return concatBytes(bytes, ed25519.sign(statementSigningInput(bytes), organisationSecret));
}

// ---- revocations: a list the organisation signs, carried in the admin policy ----

export interface Revocation {
  identityKey: Uint8Array;
  /** Statements for this key issued at or before this time no longer count; later ones do (a re-issue). */
  revokedAt: number;
}

export interface RevocationList {
  issuedAt: number;
  revocations: Revocation[];
}

/** list = version u8 (1) || organisation key [32] || issuedAt u64 || n u16 || n x (identity key [32] || revokedAt u64); then signature [64]. */
function encodeRevocationBody(organisationKey: Uint8Array, list: RevocationList): Uint8Array {
  checkTime(list.issuedAt, 'revocation list issued-at');
  if (list.revocations.length > MAX_ORG_REVOCATIONS) throw malformed(`more than ${MAX_ORG_REVOCATIONS} revocations`);
  const w = new ByteWriter().u8(STATEMENT_VERSION).fixed(organisationKey, KEY, 'organisation key');
  writeTime(w, list.issuedAt).u16(list.revocations.length);
  for (const r of list.revocations) {
    checkTime(r.revokedAt, 'revoked-at');
    writeTime(w.fixed(r.identityKey, KEY, 'revoked key'), r.revokedAt);
  }
  return w.finish();
}

export function signRevocationList(organisationSecret: Uint8Array, list: RevocationList): Uint8Array {
  const body = encodeRevocationBody(ed25519.getPublicKey(organisationSecret), list);
  return concatBytes(body, ed25519.sign(concatBytes(REVOCATIONS_CONTEXT, body), organisationSecret));
}

/** The list, if `organisationKey` signed it; throws ProtocolError otherwise (a list we cannot trust must not be ignored silently). */
export function verifyRevocationList(organisationKey: Uint8Array, bytes: Uint8Array): RevocationList {
  const r = new ByteReader(bytes, 'revocation list');
  const version = r.u8('version');
  if (version !== STATEMENT_VERSION) throw new ProtocolError('unsupported-version', `revocation list: version ${version}`);
  const signer = r.fixed(KEY, 'organisation key');
  const issuedAt = readTime(r, 'issued-at');
  const n = r.u16('count');
  if (n > MAX_ORG_REVOCATIONS) throw malformed(`more than ${MAX_ORG_REVOCATIONS} revocations`);
  const revocations = Array.from({ length: n }, () => ({ identityKey: r.fixed(KEY, 'revoked key'), revokedAt: readTime(r, 'revoked-at') }));
  const signature = r.fixed(SIGNATURE, 'signature');
  r.end();
  // Every entry must be a real identity key: entries are compared by canonical identity.
  for (const entry of revocations) canonicalIdentityHex(entry.identityKey);
  const list = { issuedAt, revocations };
  const body = encodeRevocationBody(signer, list);
  if (!equalBytes(signer, organisationKey) || !verifySignature(organisationKey, concatBytes(REVOCATIONS_CONTEXT, body), signature)) {
    throw new ProtocolError('authentication-failed', 'revocation list: not signed by this organisation key');
  }
  return list;
}

function verifySignature(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    // Strict RFC 8032 (no ZIP-215 leniency): one valid encoding per signature.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

// ---- the verdict ----

/** An organisation this person's admin policy trusts, with its verified revocations. */
export interface TrustedOrganisation {
  /** The name the admin policy gives it: what the UI shows ("verified by <name>"). */
  name: string;
  publicKey: Uint8Array;
  revocations: readonly Revocation[];
}

export type OrganisationVerdict =
  | { status: 'verified'; organisation: string; name: string; expiresAt: number }
  /** Everything holds except the name: the person calls themselves something else than IT signed. */
  | { status: 'wrong-name'; organisation: string; name: string; expiresAt: number }
  | { status: 'malformed' | 'untrusted' | 'bad-signature' | 'wrong-key' | 'revoked' | 'not-yet-valid' | 'expired' };

/**
 * Whether `credential` verifies `identityKey` (the key this person authenticated with in the
 * handshake) under `displayName` as an employee of an organisation we trust, at `now`.
 * The organisation is named by the policy's name for the key, never by the statement's own
 * organisation name, so an organisation cannot present itself under another's name.
 */
export function verifyOrganisationStatement(p: {
  credential: Uint8Array;
  trusted: readonly TrustedOrganisation[];
  identityKey: Uint8Array;
  displayName: string;
  now: number;
}): OrganisationVerdict {
  let signed: SignedOrganisationStatement;
  try {
    signed = decodeOrganisationCredential(p.credential);
  } catch {
    return { status: 'malformed' };
  }
  const s = signed.statement;
  const org = p.trusted.find((o) => equalBytes(o.publicKey, s.organisationKey));
  if (!org) return { status: 'untrusted' };
  if (!verifySignature(org.publicKey, statementSigningInput(signed.bytes), signed.signature)) return { status: 'bad-signature' };
  // The exact key: a statement for A says nothing about -A's holder presenting it.
  if (!equalBytes(s.identityKey, p.identityKey)) return { status: 'wrong-key' };
  const id = canonicalIdentityHex(s.identityKey);
  if (org.revocations.some((r) => r.revokedAt >= s.issuedAt && canonicalIdentityHex(r.identityKey) === id)) return { status: 'revoked' };
  if (p.now + CLOCK_SKEW_MS < s.issuedAt) return { status: 'not-yet-valid' };
  if (p.now >= s.expiresAt) return { status: 'expired' };
  const named = { organisation: org.name, name: s.employeeName, expiresAt: s.expiresAt };
  return canonicalName(p.displayName) === s.employeeName ? { status: 'verified', ...named } : { status: 'wrong-name', ...named };
}
