// What a recording's manifest records (sealed under the vault key beside the media file): who
// was there, the consent receipts main verified (statement and signature, so anyone can check
// them again later), when it started, paused and ended, and when retention deletes it.
import { CONSENT_EXPORT_FORMAT, CONSENT_EXPORT_VERSION } from '../../protocol/recording/consent-export';
import type { ConsentExportBody, ConsentExportRecording } from '../../protocol/recording/consent-export';

export const MANIFEST_VERSION = 1;

export interface ConsentReceipt {
  /** Identity key (hex) of the participant who signed. */
  consenter: string;
  /** The signed statement and its signature (hex), exactly as verified (PROTOCOL.md §12.1). */
  statement: string;
  signature: string;
  /** When main verified it. */
  verifiedAt: number;
}

export interface PauseRecord {
  at: number;
  resumedAt: number | null;
  /** Identity keys (hex) of the participants whose consent was missing. */
  waitingFor: string[];
}

/** The recording's terms and times (the same fields the consent receipts file carries, PROTOCOL.md §12.6), and what happened in it. */
export interface RecordingManifest extends ConsentExportRecording {
  version: typeof MANIFEST_VERSION;
  /** Everyone present at any time, with when main first learnt of them. */
  participants: { identityKey: string; joinedAt: number }[];
  consents: ConsentReceipt[];
  pauses: PauseRecord[];
}

const isHex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]*$/.test(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A manifest read back from disk, or null when it is not one (it is sealed, so this means a bug or an old format). */
export function manifestFromJson(value: unknown, id: string): RecordingManifest | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Partial<RecordingManifest>;
  const ok =
    m.version === MANIFEST_VERSION &&
    m.id === id &&
    isHex(m.roomId) &&
    isHex(m.recorder) &&
    (m.mode === 'consent-all' || m.mode === 'notify') &&
    isTime(m.requestedAt) &&
    isTime(m.startedAt) &&
    (m.endedAt === null || isTime(m.endedAt)) &&
    isTime(m.retentionDays) &&
    isTime(m.expiresAt) &&
    Array.isArray(m.participants) &&
    Array.isArray(m.consents) &&
    Array.isArray(m.pauses);
  return ok ? (m as RecordingManifest) : null;
}

/** What the consent receipts file (PROTOCOL.md §12.6) says about this recording. */
export function consentExportBodyOf(m: RecordingManifest, exportedAt: number): ConsentExportBody {
  return {
    format: CONSENT_EXPORT_FORMAT,
    version: CONSENT_EXPORT_VERSION,
    exportedAt,
    recording: { id: m.id, roomId: m.roomId, recorder: m.recorder, mode: m.mode, requestedAt: m.requestedAt, startedAt: m.startedAt, endedAt: m.endedAt, retentionDays: m.retentionDays, expiresAt: m.expiresAt },
    participants: m.participants.map(({ identityKey, joinedAt }) => ({ identityKey, joinedAt })),
    consents: m.consents.map((c) => ({ consent: c.statement + c.signature, verifiedAt: c.verifiedAt })),
    pauses: m.pauses.map(({ at, resumedAt, waitingFor }) => ({ at, resumedAt, waitingFor: [...waitingFor] })),
  };
}
