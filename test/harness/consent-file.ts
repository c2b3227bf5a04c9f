// A recording's consent receipts file (PROTOCOL.md §12.5) made with the protocol's own functions
// and real signatures: recorder 1, participants 2 and 3 (ed25519 seeds filled with that byte).
import { bytesToHex } from '@noble/hashes/utils.js';
import { nobleProvider as provider } from '../../protocol/crypto/noble-provider';
import { signingInput } from '../../protocol/ipc-contract';
import { consentStatementFor, encodeConsent, signConsent } from '../../protocol/recording/consent';
import type { ConsentMode, RecordingRequest } from '../../protocol/recording/consent';
import { consentExportSigningBytes, encodeConsentExport } from '../../protocol/recording/consent-export';
import type { ConsentExportBody } from '../../protocol/recording/consent-export';

export const T0 = Date.UTC(2026, 11, 4, 9);
const seedOf = (fill: number) => new Uint8Array(32).fill(fill);
export const keyOf = (fill: number) => provider.ed25519PublicKey(seedOf(fill));

export async function consentBy(fill: number, request: RecordingRequest, at = T0 + 1000): Promise<string> {
  const signed = await signConsent((b) => provider.ed25519Sign(seedOf(fill), signingInput('recording-consent', b)), consentStatementFor(request, await keyOf(fill), at));
  return bytesToHex(encodeConsent(signed));
}

/** A recording by 1 with 2 and 3 present; `consenting` signed (and `extra` consents appended). */
export async function exportFile(options: { mode?: ConsentMode; consenting?: number[]; extra?: string[]; body?: (b: ConsentExportBody) => void; signer?: number } = {}): Promise<string> {
  const mode = options.mode ?? 'consent-all';
  const request: RecordingRequest = { recordingId: new Uint8Array(16).fill(9), roomId: new Uint8Array(32).fill(8), recorder: await keyOf(1), requestedAt: T0, retentionDays: 30, mode };
  const consents = await Promise.all((options.consenting ?? [2, 3]).map(async (fill) => ({ consent: await consentBy(fill, request), verifiedAt: T0 + 2000 })));
  const body: ConsentExportBody = {
    format: 'parley-consent-receipts',
    version: 1,
    exportedAt: T0 + 99_000,
    recording: { id: bytesToHex(request.recordingId), roomId: bytesToHex(request.roomId), recorder: bytesToHex(request.recorder), mode, requestedAt: T0, startedAt: T0 + 2000, endedAt: T0 + 60_000, retentionDays: 30, expiresAt: T0 + 30 * 86_400_000 },
    participants: [{ identityKey: bytesToHex(await keyOf(2)), joinedAt: T0 }, { identityKey: bytesToHex(await keyOf(3)), joinedAt: T0 }],
    consents: [...consents, ...(options.extra ?? []).map((consent) => ({ consent, verifiedAt: T0 + 2000 }))],
    pauses: [],
  };
  options.body?.(body);
  const signature = await provider.ed25519Sign(seedOf(options.signer ?? 1), signingInput('consent-export', consentExportSigningBytes(body)));
  return encodeConsentExport(body, signature);
}

