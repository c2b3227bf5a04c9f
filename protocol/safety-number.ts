// Safety numbers: the 60-digit number two participants compare, and the QR payload that compares
// it by scanning. Identical to Signal's NumericFingerprint (libsignal `fingerprint.rs`): for the
// same stable ids, key bytes and iteration count, the digits and QR bytes are the same.
// docs/PROTOCOL.md §9.
import { ed25519 } from '@noble/curves/ed25519.js';
import { equalBytes } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { ProtocolError } from './errors';

export interface FingerprintIdentity {
  /** Identifies the party for the life of its key (Signal: phone number or ACI; Parley: see parleyFingerprintIdentity). */
  stableId: Uint8Array;
  /** Serialized identity public key, as hashed (Signal: 0x05 || Curve25519 public key). */
  publicKey: Uint8Array;
}

export const DEFAULT_ITERATIONS = 5200;
/** Signal's fingerprint version, hashed first as 2 big-endian bytes. */
const FINGERPRINT_VERSION = new Uint8Array([0, 0]);
/** libsignal refuses iteration counts outside (1, 1,000,000]. */
const MAX_ITERATIONS = 1_000_000;
/** The DJB type byte Signal prefixes to Curve25519 public keys. */
const DJB_TYPE = 0x05;

function checkIdentity(who: string, id: FingerprintIdentity): void {
  if (!(id?.stableId instanceof Uint8Array) || !(id.publicKey instanceof Uint8Array) || id.publicKey.length === 0) {
    throw new ProtocolError('invalid-key', `${who} identity needs stableId and publicKey bytes`);
  }
}

/**
 * hash_0 = SHA-512(version || publicKey || stableId || publicKey), then
 * hash_i = SHA-512(hash_{i-1} || publicKey) up to `iterations` hashes in all (libsignal
 * get_fingerprint: its first round hashes the initial buffer followed by the key).
 */
function iteratedHash(id: FingerprintIdentity, iterations: number): Uint8Array {
  const first = sha512.create().update(FINGERPRINT_VERSION).update(id.publicKey).update(id.stableId).update(id.publicKey);
  let hash = first.digest();
  for (let i = 1; i < iterations; i++) hash = sha512.create().update(hash).update(id.publicKey).digest();
  return hash;
}

/** Six 5-byte big-endian chunks of the first 30 bytes, each mod 100000 as 5 digits. */
function displayDigits(hash: Uint8Array): string {
  let digits = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    let value = 0;
    // 5 bytes = 40 bits; a double holds integers up to 2^53 exactly.
    for (let i = 0; i < 5; i++) value = value * 256 + hash[chunk * 5 + i]!;
    digits += String(value % 100_000).padStart(5, '0');
  }
  return digits;
}

function checkIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations <= 1 || iterations > MAX_ITERATIONS) {
    throw new ProtocolError('malformed', `Safety-number iterations must be an integer in 2..${MAX_ITERATIONS}`);
  }
}

function fingerprints(local: FingerprintIdentity, remote: FingerprintIdentity, iterations: number) {
  checkIdentity('local', local);
  checkIdentity('remote', remote);
  checkIterations(iterations);
  return { local: iteratedHash(local, iterations), remote: iteratedHash(remote, iterations) };
}

/**
 * One party's iterated hash, the expensive half of a safety number (5,200 SHA-512 by default): a
 * caller comparing one key with many computes its own once and combines with safetyNumberOfHashes.
 */
export function fingerprintHash(id: FingerprintIdentity, iterations = DEFAULT_ITERATIONS): Uint8Array {
  checkIdentity('fingerprint', id);
  checkIterations(iterations);
  return iteratedHash(id, iterations);
}

/** The 60-digit safety number: both parties' 30-digit halves, the smaller first, so both see the same. */
export function safetyNumberOfHashes(localHash: Uint8Array, remoteHash: Uint8Array): string {
  if (!(localHash instanceof Uint8Array) || !(remoteHash instanceof Uint8Array) || localHash.length < 30 || remoteHash.length < 30) {
    throw new ProtocolError('malformed', 'Fingerprint hashes must be at least 30 bytes');
  }
  const [a, b] = [displayDigits(localHash), displayDigits(remoteHash)];
  return a < b ? a + b : b + a;
}

export function safetyNumber(local: FingerprintIdentity, remote: FingerprintIdentity, iterations = DEFAULT_ITERATIONS): string {
  const hashes = fingerprints(local, remote, iterations);
  return safetyNumberOfHashes(hashes.local, hashes.remote);
}

/** The 12 groups of 5 digits the UI shows (and reads aloud). */
export function safetyNumberGroups(number: string): string[] {
  if (!/^\d{60}$/.test(number)) throw new ProtocolError('malformed', 'A safety number has 60 digits');
  return number.match(/\d{5}/g)!;
}

/**
 * Parley's identity for safety numbers (DESIGN.md "Verification"): the Ed25519 identity key in
 * Montgomery form with Signal's type byte, 0x05 || X25519 public key, hashed as the key and used
 * as the stable id too (Parley has no phone number or account id; the key is the identity).
 * The Montgomery form drops the sign of the Edwards x coordinate, so A and -A give the same
 * number; that is harmless, because signing as -A needs A's private scalar.
 */
export function parleyFingerprintIdentity(ed25519PublicKey: Uint8Array): FingerprintIdentity {
  if (!(ed25519PublicKey instanceof Uint8Array) || ed25519PublicKey.length !== 32) {
    throw new ProtocolError('invalid-key', 'Ed25519 public key must be 32 bytes');
  }
  let montgomery: Uint8Array;
  try {
    montgomery = ed25519.utils.toMontgomery(ed25519PublicKey);
  } catch {
    throw new ProtocolError('invalid-key', 'Not a valid Ed25519 public key');
  }
  const publicKey = new Uint8Array(33);
  publicKey[0] = DJB_TYPE;
  publicKey.set(montgomery, 1);
  return { stableId: publicKey, publicKey };
}

// --- QR payload: Signal's ScannableFingerprint -------------------------------------------------
// The protobuf `CombinedFingerprints { uint32 version = 1; LogicalFingerprint localFingerprint = 2;
// LogicalFingerprint remoteFingerprint = 3; }` with `LogicalFingerprint { bytes content = 1; }`,
// each content the first 32 bytes of that party's iterated hash. Parley writes and accepts only
// the canonical encoding of it (74 bytes), so decoding is a length and tag check.

/** Signal's current scannable version; Parley uses the same. */
export const SCANNABLE_VERSION = 2;
const SCANNABLE_LENGTH = 74;
const FINGERPRINT_BYTES = 32;

export function scannableFingerprint(
  local: FingerprintIdentity,
  remote: FingerprintIdentity,
  iterations = DEFAULT_ITERATIONS,
  version = SCANNABLE_VERSION,
): Uint8Array {
  if (!Number.isInteger(version) || version < 0 || version > 127) {
    throw new ProtocolError('unsupported-version', 'Scannable fingerprint version must be 0..127');
  }
  const hashes = fingerprints(local, remote, iterations);
  const out = new Uint8Array(SCANNABLE_LENGTH);
  out.set([0x08, version, 0x12, 0x22, 0x0a, 0x20]);
  out.set(hashes.local.subarray(0, FINGERPRINT_BYTES), 6);
  out.set([0x1a, 0x22, 0x0a, 0x20], 38);
  out.set(hashes.remote.subarray(0, FINGERPRINT_BYTES), 42);
  return out;
}

function decodeScannable(payload: Uint8Array): { version: number; local: Uint8Array; remote: Uint8Array } {
  const ok =
    payload instanceof Uint8Array &&
    payload.length === SCANNABLE_LENGTH &&
    payload[0] === 0x08 && payload[1]! < 0x80 &&
    payload[2] === 0x12 && payload[3] === 0x22 && payload[4] === 0x0a && payload[5] === 0x20 &&
    payload[38] === 0x1a && payload[39] === 0x22 && payload[40] === 0x0a && payload[41] === 0x20;
  if (!ok) throw new ProtocolError('malformed', 'Not a safety-number QR code');
  return { version: payload[1]!, local: payload.subarray(6, 38), remote: payload.subarray(42, 74) };
}

/**
 * True when the scanned payload (the peer's view: their fingerprint, then ours) mirrors our own
 * payload. Throws ProtocolError 'malformed' for bytes that are not such a payload and
 * 'unsupported-version' for another version.
 */
export function compareScannableFingerprint(ours: Uint8Array, scanned: Uint8Array): boolean {
  const mine = decodeScannable(ours);
  const theirs = decodeScannable(scanned);
  if (theirs.version !== mine.version) {
    throw new ProtocolError('unsupported-version', `Safety-number QR version ${theirs.version}, expected ${mine.version}`);
  }
  const sameLocal = equalBytes(theirs.local, mine.remote);
  const sameRemote = equalBytes(theirs.remote, mine.local);
  return sameLocal && sameRemote;
}
