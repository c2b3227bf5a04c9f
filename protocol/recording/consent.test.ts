import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import { signingInput } from '../ipc-contract';
import {
  CLOCK_SKEW_MS,
  CONSENT_MAX_AGE_MS,
  consentProblem,
  consentStatementFor,
  decodeConsent,
  decodeRequest,
  encodeConsent,
  encodeRequest,
  encodeStatement,
  signConsent,
} from './consent';
import type { RecordingRequest } from './consent';

const seed = new Uint8Array(32).fill(5);
const sign = (bytes: Uint8Array) => provider.ed25519Sign(seed, signingInput('recording-consent', bytes));
const T = 1_764_000_000_123; // 0x0000019a_aa5b8e7b ms
const request: RecordingRequest = {
  recordingId: new Uint8Array(16).fill(0xaa),
  roomId: new Uint8Array(32).fill(0x11),
  recorder: new Uint8Array(32).fill(0x22),
  requestedAt: T,
  retentionDays: 30,
  mode: 'consent-all',
};

describe('§12.1 encodings', () => {
  it('lays the request out as the spec says (bytes written by hand)', () => {
    const expected = 'aa'.repeat(16) + '11'.repeat(32) + '22'.repeat(32) + T.toString(16).padStart(16, '0') + '001e' + '01';
    expect(bytesToHex(encodeRequest(request))).toBe(expected);
    expect(decodeRequest(hexToBytes(expected))).toEqual(request);
  });

  it('lays the statement out as the spec says and signs context || statement', async () => {
    const consenter = await provider.ed25519PublicKey(seed);
    const statement = consentStatementFor(request, consenter, T + 5);
    const expected = 'aa'.repeat(16) + '11'.repeat(32) + '22'.repeat(32) + bytesToHex(consenter) + (T + 5).toString(16).padStart(16, '0') + '001e' + '01';
    expect(bytesToHex(encodeStatement(statement))).toBe(expected);
    const signed = await signConsent(sign, statement);
    const context = bytesToHex(new Uint8Array([...'Parley v1 recording consent\0'].map((c) => c.charCodeAt(0))));
    expect(await provider.ed25519Verify(consenter, hexToBytes(context + expected), signed.signature)).toBe(true);
    expect(decodeConsent(encodeConsent(signed))).toEqual(signed);
  });

  it('refuses truncated, padded and out-of-range input with a typed error', () => {
    const bytes = encodeRequest(request);
    for (const bad of [bytes.subarray(0, bytes.length - 1), new Uint8Array([...bytes, 0])]) {
      expect(() => decodeRequest(bad)).toThrow(ProtocolError);
    }
    const zeroRetention = bytes.slice();
    zeroRetention[zeroRetention.length - 2] = 0;
    zeroRetention[zeroRetention.length - 3] = 0;
    expect(() => decodeRequest(zeroRetention)).toThrow(/retentionDays/);
    const unknownMode = bytes.slice();
    unknownMode[unknownMode.length - 1] = 3;
    expect(() => decodeRequest(unknownMode)).toThrow(/mode/);
    expect(decodeRequest(encodeRequest({ ...request, mode: 'notify' })).mode).toBe('notify');
    expect(() => encodeRequest({ ...request, requestedAt: -1 })).toThrow(ProtocolError);
    expect(() => encodeRequest({ ...request, roomId: new Uint8Array(31) })).toThrow(ProtocolError);
  });
});

describe('§12.3 consent verification', () => {
  const now = T + 1000;

  async function consent(changes: Partial<ReturnType<typeof consentStatementFor>> = {}, signer = sign) {
    const consenter = await provider.ed25519PublicKey(seed);
    return { consenter, signed: await signConsent(signer, { ...consentStatementFor(request, consenter, T + 500), ...changes }) };
  }

  it('accepts a fresh consent for this recording, meeting and recorder', async () => {
    const { consenter, signed } = await consent();
    expect(await consentProblem(provider, signed, { request, consenter, now })).toBeNull();
  });

  it('names each reason a consent does not count', async () => {
    const { consenter } = await consent();
    const cases: [Promise<{ signed: Awaited<ReturnType<typeof consent>>['signed'] }>, string, number?][] = [
      [consent({ roomId: new Uint8Array(32).fill(0x12) }), 'wrong-meeting'],
      [consent({ recorder: new Uint8Array(32).fill(0x23) }), 'wrong-recorder'],
      [consent({ recordingId: new Uint8Array(16).fill(0xab) }), 'wrong-recording'],
      [consent({ consenter: new Uint8Array(32).fill(1) }), 'wrong-participant'],
      // Consent covers the terms shown: another retention, or an acknowledgement under notify, does not count.
      [consent({ retentionDays: 7 }), 'wrong-terms'],
      [consent({ mode: 'notify' }), 'wrong-terms'],
      [consent({ consentedAt: T - CLOCK_SKEW_MS - 1 }), 'expired'],
      [consent({}), 'expired', T + 500 + CONSENT_MAX_AGE_MS + 1],
      [consent({ consentedAt: now + CLOCK_SKEW_MS + 1 }), 'from-the-future'],
      [consent({}, (b) => provider.ed25519Sign(new Uint8Array(32).fill(6), signingInput('recording-consent', b))), 'bad-signature'],
      // A signature made for another purpose never passes as consent.
      [consent({}, (b) => provider.ed25519Sign(seed, signingInput('admission', b))), 'bad-signature'],
    ];
    for (const [made, problem, at] of cases) {
      const { signed } = await made;
      expect(await consentProblem(provider, signed, { request, consenter, now: at ?? now })).toBe(problem);
    }
  });

  it('detects a flipped bit in the signed statement', async () => {
    const { consenter, signed } = await consent();
    const wire = encodeConsent(signed);
    wire[wire.length - 68]! ^= 1; // last byte of consentedAt
    expect(await consentProblem(provider, decodeConsent(wire), { request, consenter, now })).toBe('bad-signature');
  });
});
