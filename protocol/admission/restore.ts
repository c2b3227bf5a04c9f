// Taking up a meeting again from its record after a restart (PROTOCOL.md §14.9). The record's
// state message is checked like any message received, so a record that was tampered with (or a
// stale one for another meeting) gives no admission, only a fresh start.
import { checkAdmissionMessage } from './check';
import type { StatementVerifier } from './check';
import { admissionStep, createAdmission } from './machine';
import type { AdmissionState, StepResult } from './machine';
import { decodeAdmissionRecord } from './record';
import { canonicalIdentityHex } from '../keys/identity';

export async function restoreAdmission(verifier: StatementVerifier, record: Uint8Array, now: number): Promise<StepResult> {
  const r = decodeAdmissionRecord(record);
  let state: AdmissionState = createAdmission({
    roomId: r.roomId,
    hostKeyId: r.hostKeyId,
    self: { id: canonicalIdentityHex(r.selfKey), key: r.selfKey },
    displayName: r.displayName,
    isRoot: r.isRoot,
    epoch: r.epoch,
    lobbyEnabled: r.lobbyEnabled,
  });
  state = admissionStep(state, { type: 'bypass-lobby', ids: r.bypass }).state;
  if (!r.latest) return { state, effects: [] };
  const message = await checkAdmissionMessage(verifier, r.hostKeyId, r.latest);
  return admissionStep(state, { type: 'restore', message, now });
}
