import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_MS, MAX_RING_MS, type RingMessage, RingReplayGuard, decodeRingMessage, encodeRingMessage } from './ring-message';

const callId = new Uint8Array(16).fill(3);
const now = 1_790_000_000_000;
const ring: RingMessage = {
  kind: 'ring',
  callId,
  sentAt: now,
  expiresAt: now + 30_000,
  inviteLink: 'parley://join#abc.def',
  callerCard: new Uint8Array([1, 2, 3]),
  teamName: 'Team Süd',
};

const u64 = (n: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
};

describe('ring messages (PROTOCOL §13.3)', () => {
  it('encode the documented layout and round-trip', () => {
    const team = utf8ToBytes('Team Süd');
    const link = utf8ToBytes('parley://join#abc.def');
    expect(encodeRingMessage(ring)).toEqual(
      concatBytes(new Uint8Array([1]), callId, u64(now), u64(now + 30_000), new Uint8Array([0, link.length]), link, new Uint8Array([0, 3, 1, 2, 3, team.length]), team),
    );
    expect(decodeRingMessage(encodeRingMessage(ring))).toEqual(ring);
    const answer: RingMessage = { kind: 'answer', callId, sentAt: now, outcome: 'declined' };
    expect(encodeRingMessage(answer)).toEqual(concatBytes(new Uint8Array([2]), callId, u64(now), new Uint8Array([2])));
    expect(decodeRingMessage(encodeRingMessage(answer))).toEqual(answer);
    const cancel: RingMessage = { kind: 'cancel', callId, sentAt: now };
    expect(decodeRingMessage(encodeRingMessage(cancel))).toEqual(cancel);
  });

  it('refuses malformed messages with ProtocolError', () => {
    const bytes = encodeRingMessage(ring);
    for (const bad of [bytes.subarray(0, 30), concatBytes(bytes, new Uint8Array(1)), concatBytes(new Uint8Array([9]), bytes.subarray(1))]) {
      expect(() => decodeRingMessage(bad)).toThrow(expect.objectContaining({ name: 'ProtocolError', code: 'malformed' }));
    }
    const answer = encodeRingMessage({ kind: 'answer', callId, sentAt: now, outcome: 'busy' });
    answer[answer.length - 1] = 5;
    expect(() => decodeRingMessage(answer)).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(() => encodeRingMessage({ ...ring, inviteLink: 'has space' })).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('the replay guard refuses repeats, expired, stale and future messages', () => {
    const guard = new RingReplayGuard();
    guard.check('aa', ring, now + 1000);
    expect(() => guard.check('aa', ring, now + 2000)).toThrow(expect.objectContaining({ code: 'replay', message: expect.stringMatching(/seen before/) }));
    // The same call id from another sender, or as another kind, is another message.
    guard.check('bb', ring, now + 2000);
    guard.check('aa', { kind: 'cancel', callId, sentAt: now + 1500 }, now + 2000);
    expect(() => new RingReplayGuard().check('aa', ring, now + 30_000)).toThrow(expect.objectContaining({ code: 'replay', message: expect.stringMatching(/expired/) }));
    expect(() => new RingReplayGuard().check('aa', { ...ring, sentAt: now + MAX_CLOCK_SKEW_MS + 1 }, now)).toThrow(expect.objectContaining({ code: 'replay' }));
    const old = { kind: 'answer', callId, sentAt: now, outcome: 'accepted' } as const;
    expect(() => new RingReplayGuard().check('aa', old, now + MAX_RING_MS + MAX_CLOCK_SKEW_MS + 1)).toThrow(expect.objectContaining({ code: 'replay', message: expect.stringMatching(/too old/) }));
    expect(() => new RingReplayGuard().check('aa', { ...ring, expiresAt: now + MAX_RING_MS + 1 }, now)).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('keeps an entry as long as its message could pass the time check, then forgets it', () => {
    const guard = new RingReplayGuard(1);
    const answer = { kind: 'answer', callId, sentAt: now, outcome: 'accepted' } as const;
    guard.check('aa', answer, now);
    // Full: a new message is refused rather than an entry forgotten.
    expect(() => guard.check('aa', { ...answer, callId: new Uint8Array(16) }, now)).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    const later = now + MAX_RING_MS + 2 * MAX_CLOCK_SKEW_MS;
    guard.check('aa', { ...answer, callId: new Uint8Array(16), sentAt: later }, later);
  });
});
