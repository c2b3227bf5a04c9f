// The consent receipts of one recording as one file a data-protection officer can check offline
// (PROTOCOL.md §12.6; GDPR Art. 7(1): the controller must be able to demonstrate consent).
//
// The file is JSON: the recording's terms as the recorder's app kept them (manifest.ts), everyone
// present, each consent receipt exactly as the consenter signed it (§12.1), the pauses, and
// `recorderSignature`: Ed25519 by the recorder's identity key (through main, purpose
// 'consent-export') over the canonical JSON of everything else (keys sorted, no whitespace).
// So the file proves two things apart: each consent is the consenter's own (their signature over
// recording, meeting, recorder and terms), and the list of who was there and when is what the
// recorder's app recorded, unaltered since export. What it cannot prove: that the recorder's app
// listed everyone (a modified recorder can leave someone out: their consent is then missing
// from its own file, which is what a DPO looks for).
import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CryptoProvider } from '../crypto/provider';
import { signingInput } from '../ipc-contract';
import { CLOCK_SKEW_MS, CONSENT_LENGTH, decodeConsent } from './consent';
import type { ConsentMode } from './consent';

export const CONSENT_EXPORT_FORMAT = 'parley-consent-receipts';
export const CONSENT_EXPORT_VERSION = 1;
/** No real recording has more; a larger file is refused before any work. */
export const CONSENT_EXPORT_MAX_BYTES = 1024 * 1024;

/** A recording's terms and times, as its recorder's main keeps them (hex ids, ms times). */
export interface ConsentExportRecording {
  /** The recording id from the request (hex, 16 bytes). */
  id: string;
  roomId: string;
  recorder: string;
  mode: ConsentMode;
  requestedAt: number;
  startedAt: number;
  endedAt: number | null;
  retentionDays: number;
  expiresAt: number;
}

export interface ConsentExportBody {
  format: typeof CONSENT_EXPORT_FORMAT;
  version: typeof CONSENT_EXPORT_VERSION;
  exportedAt: number;
  recording: ConsentExportRecording;
  participants: { identityKey: string; joinedAt: number }[];
  /** statement || signature (hex), as the consenter signed it; verifiedAt: when the recorder's main checked it. */
  consents: { consent: string; verifiedAt: number }[];
  pauses: { at: number; resumedAt: number | null; waitingFor: string[] }[];
}

export interface ConsentExportFile extends ConsentExportBody {
  recorderSignature: string;
}

/** JSON with object keys sorted at every level and no whitespace: what the recorder signs. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function consentExportSigningBytes(body: ConsentExportBody): Uint8Array {
  return utf8ToBytes(canonicalJson(body));
}

/** The file's text: readable (indented); the signature does not depend on the layout. */
export function encodeConsentExport(body: ConsentExportBody, recorderSignature: Uint8Array): string {
  const file: ConsentExportFile = { ...body, recorderSignature: bytesToHex(recorderSignature) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

// ---- verification (the DPO's command: cli/verify-consent.ts) ------------------------------

export type ConsentVerdict =
  | { ok: true; consentedAt: number }
  | { ok: false; problem: 'malformed' | 'wrong-recording' | 'wrong-meeting' | 'wrong-recorder' | 'wrong-terms' | 'before-the-request' | 'after-verification' | 'bad-signature' | 'not-present'; detail: string };

export interface ConsentExportReport {
  recording: ConsentExportBody['recording'];
  exportedAt: number;
  /** The recorder's signature over the whole file verifies: nothing was changed since export. */
  recorderSignatureValid: boolean;
  consents: Array<{ consenter: string; verdict: ConsentVerdict }>;
  /** Present participants without a valid consent (under consent-all: the recording needed theirs). */
  withoutConsent: string[];
  pauses: ConsentExportBody['pauses'];
  /** Everything checks: the recorder's signature, every consent, and under consent-all everyone present consented. */
  valid: boolean;
}

export class ConsentExportError extends Error {}

const HEX = /^(?:[0-9a-f]{2})*$/;
const isHexOf = (v: unknown, bytes: number): v is string => typeof v === 'string' && v.length === bytes * 2 && HEX.test(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function fail(what: string): never {
  throw new ConsentExportError(`not a Parley consent file: ${what}`);
}

/** Parses and checks the shape; every field a verifier reads is validated here. */
export function parseConsentExport(text: string): ConsentExportFile {
  if (text.length > CONSENT_EXPORT_MAX_BYTES) fail(`larger than ${CONSENT_EXPORT_MAX_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(`not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not a JSON object');
  const f = value as Partial<Record<keyof ConsentExportFile, unknown>>;
  if (f.format !== CONSENT_EXPORT_FORMAT) fail(`format must be "${CONSENT_EXPORT_FORMAT}"`);
  if (f.version !== CONSENT_EXPORT_VERSION) fail(`version ${String(f.version)} is not supported (this command reads ${CONSENT_EXPORT_VERSION})`);
  if (!isTime(f.exportedAt)) fail('exportedAt must be a time in ms');
  if (!isHexOf(f.recorderSignature, 64)) fail('recorderSignature must be 64 bytes of hex');
  const r = f.recording as Partial<Record<keyof ConsentExportBody['recording'], unknown>> | undefined;
  if (typeof r !== 'object' || r === null) fail('recording is missing');
  if (!isHexOf(r.id, 16) || !isHexOf(r.roomId, 32) || !isHexOf(r.recorder, 32)) fail('recording id, roomId and recorder must be hex of 16, 32 and 32 bytes');
  if (r.mode !== 'consent-all' && r.mode !== 'notify') fail('recording mode must be consent-all or notify');
  if (![r.requestedAt, r.startedAt, r.expiresAt].every(isTime) || !(r.endedAt === null || isTime(r.endedAt))) fail('recording times must be times in ms');
  if (!Number.isInteger(r.retentionDays) || (r.retentionDays as number) < 1 || (r.retentionDays as number) > 0xffff) fail('retentionDays must be 1..65535');
  const list = (v: unknown, what: string): unknown[] => (Array.isArray(v) ? v : fail(`${what} must be a list`));
  for (const p of list(f.participants, 'participants')) {
    const q = p as { identityKey?: unknown; joinedAt?: unknown };
    if (!isHexOf(q?.identityKey, 32) || !isTime(q.joinedAt)) fail('each participant needs identityKey (32 bytes hex) and joinedAt');
  }
  for (const c of list(f.consents, 'consents')) {
    const q = c as { consent?: unknown; verifiedAt?: unknown };
    if (!isHexOf(q?.consent, CONSENT_LENGTH) || !isTime(q.verifiedAt)) fail(`each consent needs consent (${CONSENT_LENGTH} bytes hex) and verifiedAt`);
  }
  for (const p of list(f.pauses, 'pauses')) {
    const q = p as { at?: unknown; resumedAt?: unknown; waitingFor?: unknown };
    if (!isTime(q?.at) || !(q.resumedAt === null || isTime(q.resumedAt)) || !Array.isArray(q.waitingFor) || !q.waitingFor.every((k) => isHexOf(k, 32))) fail('each pause needs at, resumedAt and waitingFor');
  }
  return value as ConsentExportFile;
}

async function verdictOf(provider: CryptoProvider, recording: ConsentExportBody['recording'], entry: ConsentExportBody['consents'][number]): Promise<{ consenter: string; verdict: ConsentVerdict }> {
  let consent;
  try {
    consent = decodeConsent(hexToBytes(entry.consent));
  } catch (error) {
    return { consenter: '', verdict: { ok: false, problem: 'malformed', detail: (error as Error).message } };
  }
  const { statement } = consent;
  const consenter = bytesToHex(statement.consenter);
  const no = (problem: Exclude<ConsentVerdict, { ok: true }>['problem'], detail: string) => ({ consenter, verdict: { ok: false as const, problem, detail } });
  if (!equalBytes(statement.recordingId, hexToBytes(recording.id))) return no('wrong-recording', 'the consent names another recording');
  if (!equalBytes(statement.roomId, hexToBytes(recording.roomId))) return no('wrong-meeting', 'the consent names another meeting');
  if (!equalBytes(statement.recorder, hexToBytes(recording.recorder))) return no('wrong-recorder', 'the consent was given to another recorder');
  if (statement.retentionDays !== recording.retentionDays || statement.mode !== recording.mode) {
    return no('wrong-terms', `the consent was given for ${statement.retentionDays} days under ${statement.mode}, the recording keeps ${recording.retentionDays} days under ${recording.mode}`);
  }
  if (statement.consentedAt < recording.requestedAt - CLOCK_SKEW_MS) return no('before-the-request', 'signed before the recording was requested');
  if (statement.consentedAt > entry.verifiedAt + CLOCK_SKEW_MS) return no('after-verification', "signed after the recorder's app says it checked it");
  const valid = await provider.ed25519Verify(statement.consenter, signingInput('recording-consent', consent.bytes), consent.signature);
  if (!valid) return no('bad-signature', "the signature is not the consenter's");
  return { consenter, verdict: { ok: true, consentedAt: statement.consentedAt } };
}

/** §12.6: everything a DPO needs to know about one consent file, checked offline. */
export async function verifyConsentExport(provider: CryptoProvider, text: string): Promise<ConsentExportReport> {
  const file = parseConsentExport(text);
  const { recorderSignature, ...body } = file;
  const recorderSignatureValid = await provider.ed25519Verify(
    hexToBytes(body.recording.recorder),
    signingInput('consent-export', consentExportSigningBytes(body)),
    hexToBytes(recorderSignature),
  );
  const consents = await Promise.all(body.consents.map((entry) => verdictOf(provider, body.recording, entry)));
  const consented = new Set(consents.filter((c) => c.verdict.ok).map((c) => c.consenter));
  // The recorder's own presence needs no consent from itself.
  const withoutConsent = body.participants.map((p) => p.identityKey).filter((key) => key !== body.recording.recorder && !consented.has(key));
  const present = new Set(body.participants.map((p) => p.identityKey));
  const checked = consents.map((c) => (c.verdict.ok && !present.has(c.consenter) ? { ...c, verdict: { ok: false as const, problem: 'not-present' as const, detail: 'the consenter is not among the participants' } } : c));
  const valid = recorderSignatureValid && checked.every((c) => c.verdict.ok) && (body.recording.mode === 'notify' || withoutConsent.length === 0);
  return { recording: body.recording, exportedAt: body.exportedAt, recorderSignatureValid, consents: checked, withoutConsent, pauses: body.pauses, valid };
}
