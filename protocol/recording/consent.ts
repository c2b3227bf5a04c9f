// Recording consent (PROTOCOL.md §12; DESIGN.md "Recording"). The recorder asks every
// participant with a request that names the meeting (roomId), the recorder's identity key, the
// time and a random recording id; a participant who agrees signs a consent statement with its
// identity key (through main, purpose 'recording-consent') that repeats all of them, so a
// consent can serve for exactly one recording, by one recorder, in one meeting, on the terms it
// was shown: how long the recording is kept and under which mode it was asked (issue 16).
//
//   request   = recordingId [16] || roomId [32] || recorder identity key [32] || requestedAt u64 (ms)
//               || retentionDays u16 || mode u8 (1 consent-all, 2 notify)
//   statement = recordingId [16] || roomId [32] || recorder identity key [32]
//               || consenter identity key [32] || consentedAt u64 (ms) || retentionDays u16 || mode u8
//   consent   = statement || signature [64]       (Ed25519 over signingInput('recording-consent', statement))
//
// Times are u64 milliseconds since the Unix epoch, written as two big-endian u32 halves.
import { equalBytes } from '@noble/curves/utils.js';
import { ByteReader, ByteWriter } from '../bytes';
import type { CryptoProvider } from '../crypto/provider';
import { ProtocolError } from '../errors';
import { signingInput } from '../ipc-contract';

export const RECORDING_ID_LENGTH = 16;
const KEY = 32;
const SIGNATURE = 64;
export const REQUEST_LENGTH = RECORDING_ID_LENGTH + KEY + KEY + 8 + 2 + 1;
export const STATEMENT_LENGTH = RECORDING_ID_LENGTH + KEY + KEY + KEY + 8 + 2 + 1;

/**
 * The recording mode a request is made under (the recorder's policy): `consent-all` asks
 * everyone and needs every consent, `notify` only tells everyone. A consent names it, so an
 * acknowledgement given under `notify` can never pass as consent under `consent-all`.
 */
export type ConsentMode = 'consent-all' | 'notify';
const MODE_CODES: Record<ConsentMode, number> = { 'consent-all': 1, notify: 2 };
export const CONSENT_LENGTH = STATEMENT_LENGTH + SIGNATURE;

/** §12.3: a consent is accepted only this long after it was signed (and never before the request). */
export const CONSENT_MAX_AGE_MS = 10 * 60_000;
/** §12.3: how far a signer's clock may run ahead of the verifier's. */
export const CLOCK_SKEW_MS = 60_000;

export interface RecordingRequest {
  recordingId: Uint8Array;
  roomId: Uint8Array;
  recorder: Uint8Array;
  requestedAt: number;
  /** How long the recorder's device keeps the file, shown in the consent dialog. */
  retentionDays: number;
  mode: ConsentMode;
}

export interface ConsentStatement {
  recordingId: Uint8Array;
  roomId: Uint8Array;
  recorder: Uint8Array;
  consenter: Uint8Array;
  consentedAt: number;
  /** The terms the consenter was shown (the request's). */
  retentionDays: number;
  mode: ConsentMode;
}

export interface SignedConsent {
  statement: ConsentStatement;
  /** The exact signed bytes (the encoding is canonical: decode then encode gives them back). */
  bytes: Uint8Array;
  signature: Uint8Array;
}

const malformed = (what: string) => new ProtocolError('malformed', `recording consent: ${what}`);

function checkTime(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms) || ms < 0) throw malformed(`${what} must be a non-negative whole number of milliseconds`);
}

function writeTime(w: ByteWriter, ms: number): ByteWriter {
  return w.u32(Math.floor(ms / 2 ** 32)).u32(ms % 2 ** 32);
}

function checkTerms(retentionDays: number, mode: ConsentMode): void {
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 0xffff) throw malformed('retentionDays must be 1..65535');
  if (MODE_CODES[mode] === undefined) throw malformed('mode must be consent-all or notify');
}

function writeTerms(w: ByteWriter, retentionDays: number, mode: ConsentMode): Uint8Array {
  checkTerms(retentionDays, mode);
  return w.u16(retentionDays).u8(MODE_CODES[mode]).finish();
}

function readTerms(r: ByteReader): { retentionDays: number; mode: ConsentMode } {
  const retentionDays = r.u16('retentionDays');
  const code = r.u8('mode');
  const mode = (Object.keys(MODE_CODES) as ConsentMode[]).find((m) => MODE_CODES[m] === code);
  if (retentionDays === 0) throw malformed('retentionDays must be at least 1');
  if (!mode) throw malformed(`mode ${code} is unknown`);
  return { retentionDays, mode };
}

function readTime(r: ByteReader, what: string): number {
  const ms = r.u32(`${what} (high)`) * 2 ** 32 + r.u32(`${what} (low)`);
  if (!Number.isSafeInteger(ms)) throw malformed(`${what} is out of range`);
  return ms;
}

export function encodeRequest(request: RecordingRequest): Uint8Array {
  checkTime(request.requestedAt, 'requestedAt');
  checkTerms(request.retentionDays, request.mode);
  const w = new ByteWriter()
    .fixed(request.recordingId, RECORDING_ID_LENGTH, 'recording id')
    .fixed(request.roomId, KEY, 'room id')
    .fixed(request.recorder, KEY, 'recorder');
  return writeTerms(writeTime(w, request.requestedAt), request.retentionDays, request.mode);
}

export function decodeRequest(bytes: Uint8Array): RecordingRequest {
  const r = new ByteReader(bytes, 'recording request');
  const recordingId = r.fixed(RECORDING_ID_LENGTH, 'recording id');
  const roomId = r.fixed(KEY, 'room id');
  const recorder = r.fixed(KEY, 'recorder');
  const requestedAt = readTime(r, 'requestedAt');
  const terms = readTerms(r);
  r.end();
  return { recordingId, roomId, recorder, requestedAt, ...terms };
}

export function encodeStatement(statement: ConsentStatement): Uint8Array {
  checkTime(statement.consentedAt, 'consentedAt');
  const w = new ByteWriter()
    .fixed(statement.recordingId, RECORDING_ID_LENGTH, 'recording id')
    .fixed(statement.roomId, KEY, 'room id')
    .fixed(statement.recorder, KEY, 'recorder')
    .fixed(statement.consenter, KEY, 'consenter');
  return writeTerms(writeTime(w, statement.consentedAt), statement.retentionDays, statement.mode);
}

function readStatement(r: ByteReader): ConsentStatement {
  const recordingId = r.fixed(RECORDING_ID_LENGTH, 'recording id');
  const roomId = r.fixed(KEY, 'room id');
  const recorder = r.fixed(KEY, 'recorder');
  const consenter = r.fixed(KEY, 'consenter');
  const consentedAt = readTime(r, 'consentedAt');
  return { recordingId, roomId, recorder, consenter, consentedAt, ...readTerms(r) };
}

export function encodeConsent(consent: SignedConsent): Uint8Array {
  return new ByteWriter().fixed(consent.bytes, STATEMENT_LENGTH, 'statement').fixed(consent.signature, SIGNATURE, 'signature').finish();
}

export function decodeConsent(bytes: Uint8Array): SignedConsent {
  const r = new ByteReader(bytes, 'recording consent');
  const statement = readStatement(r);
  const signature = r.fixed(SIGNATURE, 'signature');
  r.end();
  return { statement, bytes: encodeStatement(statement), signature };
}

/** The statement a participant signs when it accepts `request`. */
export function consentStatementFor(request: RecordingRequest, consenter: Uint8Array, consentedAt: number): ConsentStatement {
  const { recordingId, roomId, recorder, retentionDays, mode } = request;
  return { recordingId, roomId, recorder, consenter, consentedAt, retentionDays, mode };
}

/** Signs through main (purpose 'recording-consent'): the identity key never leaves it. */
export async function signConsent(sign: (statement: Uint8Array) => Promise<Uint8Array>, statement: ConsentStatement): Promise<SignedConsent> {
  const bytes = encodeStatement(statement);
  return { statement, bytes, signature: await sign(bytes) };
}

/** Why a consent does not count (§12.3), each a distinct, explainable refusal. */
export type ConsentProblem = 'wrong-recording' | 'wrong-meeting' | 'wrong-recorder' | 'wrong-participant' | 'wrong-terms' | 'expired' | 'from-the-future' | 'bad-signature';

export interface ConsentExpectation {
  request: RecordingRequest;
  /** The participant whose consent this must be. */
  consenter: Uint8Array;
  /** The verifier's clock (ms). */
  now: number;
}

/**
 * §12.3: a consent counts only if it is for this recording, meeting and recorder, by this
 * participant, signed after the request and recently, and its signature verifies under the
 * participant's identity key. Returns null when it counts, else the first problem found.
 */
export async function consentProblem(provider: CryptoProvider, consent: SignedConsent, expected: ConsentExpectation): Promise<ConsentProblem | null> {
  const { statement } = consent;
  const { request, consenter, now } = expected;
  if (!equalBytes(statement.roomId, request.roomId)) return 'wrong-meeting';
  if (!equalBytes(statement.recorder, request.recorder)) return 'wrong-recorder';
  if (!equalBytes(statement.recordingId, request.recordingId)) return 'wrong-recording';
  if (!equalBytes(statement.consenter, consenter)) return 'wrong-participant';
  // Consent to a shorter retention, or an acknowledgement under `notify`, is no consent to this.
  if (statement.retentionDays !== request.retentionDays || statement.mode !== request.mode) return 'wrong-terms';
  if (statement.consentedAt > now + CLOCK_SKEW_MS) return 'from-the-future';
  if (statement.consentedAt < request.requestedAt - CLOCK_SKEW_MS || now - statement.consentedAt > CONSENT_MAX_AGE_MS) return 'expired';
  const valid = await provider.ed25519Verify(consenter, signingInput('recording-consent', consent.bytes), consent.signature);
  return valid ? null : 'bad-signature';
}
