import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, MAX_CHAT_SENT_AT, MAX_CHAT_TEXT_LENGTH, PAYLOAD_TYPE_CODES, type Payload } from './payload';

const payload: fc.Arbitrary<Payload> = fc.oneof(
  fc.record({ type: fc.constant('offer' as const), sdp: fc.string({ unit: 'grapheme' }) }),
  fc.record({ type: fc.constant('answer' as const), sdp: fc.string() }),
  fc.record({
    type: fc.constant('ice-candidate' as const),
    candidate: fc.record({ candidate: fc.string({ maxLength: 1024 }), sdpMid: fc.option(fc.string({ maxLength: 64 }), { nil: null }), sdpMLineIndex: fc.option(fc.nat({ max: 0xffff }), { nil: null }) }),
  }),
  fc.record({
    type: fc.constant('chat' as const),
    text: fc.string({ unit: 'grapheme', maxLength: 100 }),
    sentAt: fc.oneof(fc.nat(), fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((n) => n * 4_000_000), fc.constant(MAX_CHAT_SENT_AT)),
  }),
  fc.record({ type: fc.constant('media-key' as const), kid: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), key: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ type: fc.constantFrom('admission' as const, 'access-control' as const, 'recording' as const), body: fc.uint8Array() }),
  fc.constant({ type: 'bye' as const }),
  fc.constant({ type: 'media-key-request' as const }),
  fc.record({ type: fc.constant('peer-state' as const), audioMuted: fc.boolean(), videoMuted: fc.boolean(), screenSharing: fc.boolean() }),
);

describe('payloads (§7.4)', () => {
  it('round-trips every payload type', () => {
    fc.assert(
      fc.property(payload, (value) => {
        const encoded = encodePayload(value);
        expect(encoded[0]).toBe(1);
        expect(encoded[1]).toBe(PAYLOAD_TYPE_CODES[value.type]);
        const decoded = decodePayload(encoded);
        expect(decoded).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('lays out a media key as kid u64 || key length u16 || key', () => {
    const encoded = encodePayload({ type: 'media-key', kid: 0x0102n, key: new Uint8Array([9, 9]) });
    expect([...encoded]).toEqual([1, 5, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, 9, 9]);
  });

  it.each([
    [[2, 1], 'unsupported-version'],
    [[1, 0x7f], 'malformed'],
    [[1, 1, 0xff], 'malformed'], // SDP that is not UTF-8
    [[1, 3, ...new TextEncoder().encode('{"candidate":1}')], 'malformed'],
    [[1, 3, ...new TextEncoder().encode('[]')], 'malformed'],
    [[1, 4, ...new TextEncoder().encode('{"text":"hi"}')], 'malformed'],
    [[1, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0], 'malformed'], // empty media key
    [[1, 9, 0], 'malformed'], // bye with a body
    [[1, 11, 0], 'malformed'], // key request with a body
    [[1, 10, 8], 'malformed'], // peer state with an unknown flag
    [[1, 10], 'malformed'], // peer state without its flags byte
    [[1], 'malformed'],
  ])('rejects %j with %s', (bytes, code) => {
    expect(() => decodePayload(new Uint8Array(bytes))).toThrow(expect.objectContaining({ code }));
  });

  const chat = (value: unknown) => new Uint8Array([1, 4, ...new TextEncoder().encode(JSON.stringify(value))]);
  it.each([
    ['a sentAt of 1e300', { text: 'hi', sentAt: 1e300 }],
    ['a negative sentAt', { text: 'hi', sentAt: -1 }],
    ['a sentAt that is not an integer', { text: 'hi', sentAt: 1.5 }],
    ['a sentAt past the last Date', { text: 'hi', sentAt: MAX_CHAT_SENT_AT + 1 }],
    ['a 60 KiB text', { text: 'x'.repeat(60 * 1024), sentAt: 1 }],
    ['a text one character too long', { text: 'x'.repeat(MAX_CHAT_TEXT_LENGTH + 1), sentAt: 1 }],
  ])('rejects a chat message with %s (issue 16: absurd values from a peer)', (_what, value) => {
    expect(() => decodePayload(chat(value))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('rejects ICE candidates with an oversized line or m-line id', () => {
    const candidate = (value: unknown) => new Uint8Array([1, 3, ...new TextEncoder().encode(JSON.stringify(value))]);
    expect(() => decodePayload(candidate({ candidate: 'c'.repeat(1025), sdpMid: '0', sdpMLineIndex: 0 }))).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(() => decodePayload(candidate({ candidate: 'candidate:1', sdpMid: 'm'.repeat(65), sdpMLineIndex: 0 }))).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(decodePayload(candidate({ candidate: 'c'.repeat(1024), sdpMid: 'm'.repeat(64), sdpMLineIndex: 0 })).type).toBe('ice-candidate');
  });

  it('refuses to encode values its decoder would reject', () => {
    expect(() => encodePayload({ type: 'chat', text: 'x'.repeat(MAX_CHAT_TEXT_LENGTH + 1), sentAt: 1 })).toThrow(/longer/);
    expect(() => encodePayload({ type: 'chat', text: 'hi', sentAt: 1e300 })).toThrow(/sentAt/);
    expect(() => encodePayload({ type: 'media-key', kid: 1n << 64n, key: new Uint8Array(16) })).toThrow(/64 bits/);
    expect(() => encodePayload({ type: 'chat', text: '', sentAt: Number.NaN })).toThrow(/sentAt/);
    expect(() => encodePayload({ type: 'offer', sdp: 'x'.repeat(70_000) })).toThrow(/too large/);
  });
});
