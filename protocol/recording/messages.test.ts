import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import { signingInput } from '../ipc-contract';
import { consentStatementFor, encodeConsent, encodeRequest, signConsent } from './consent';
import type { RecordingRequest } from './consent';
import { decodeRecordingMessage, encodeRecordingMessage } from './messages';
import type { RecordingMessage } from './messages';

const recordingId = new Uint8Array(16).fill(0x5a);
const request: RecordingRequest = { recordingId, roomId: new Uint8Array(32).fill(1), recorder: new Uint8Array(32).fill(2), requestedAt: 1_764_000_000_000, retentionDays: 7, mode: 'consent-all' };

describe('§12.2 recording messages', () => {
  it('round-trips every kind', async () => {
    const seed = new Uint8Array(32).fill(9);
    const consent = await signConsent(
      (b) => provider.ed25519Sign(seed, signingInput('recording-consent', b)),
      consentStatementFor(request, await provider.ed25519PublicKey(seed), request.requestedAt + 1),
    );
    const messages: RecordingMessage[] = [
      { kind: 'request', request },
      { kind: 'consent', consent },
      { kind: 'decline', recordingId },
      { kind: 'withdraw', recordingId },
      { kind: 'status', recordingId, status: 'paused' },
    ];
    for (const message of messages) expect(decodeRecordingMessage(encodeRecordingMessage(message))).toEqual(message);
    expect(bytesToHex(encodeRecordingMessage({ kind: 'request', request }))).toBe(`01${bytesToHex(encodeRequest(request))}`);
    expect(bytesToHex(encodeRecordingMessage({ kind: 'consent', consent }))).toBe(`02${bytesToHex(encodeConsent(consent))}`);
    expect(bytesToHex(encodeRecordingMessage({ kind: 'status', recordingId, status: 'stopped' }))).toBe(`05${'5a'.repeat(16)}04`);
  });

  it('refuses unknown kinds, unknown states and trailing bytes', () => {
    const bad = [
      new Uint8Array([9]),
      new Uint8Array([5, ...recordingId, 7]),
      new Uint8Array([3, ...recordingId, 0]),
      new Uint8Array([1, ...encodeRequest(request), 0]),
      new Uint8Array([]),
    ];
    for (const bytes of bad) expect(() => decodeRecordingMessage(bytes)).toThrow(ProtocolError);
  });
});
