import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors';
import {
  type ClientFrame,
  type ServerFrame,
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  isSendFrame,
  rewriteSendAsMessage,
  sendTarget,
} from './codec';

const fill = (n: number, v: number) => new Uint8Array(n).fill(v);
const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('relay wire codec: byte layouts from docs/PROTOCOL.md §10', () => {
  it('join = 01 01 | roomId(32) | u32 base len | base | u8 count | (u32 len | blob)*', () => {
    const frame: ClientFrame = {
      type: 'join',
      roomId: fill(32, 0xaa),
      bundle: { base: Uint8Array.of(1, 2, 3), oneTime: [Uint8Array.of(9), new Uint8Array(0)] },
    };
    const expected = bytes([1, 1], fill(32, 0xaa), [0, 0, 0, 3, 1, 2, 3, 2], [0, 0, 0, 1, 9], [0, 0, 0, 0]);
    expect(encodeClientFrame(frame)).toEqual(expected);
    expect(decodeClientFrame(expected)).toEqual(frame);
  });

  it('send = 01 03 | to(16) | envelope; leave = 01 04', () => {
    const frame: ClientFrame = { type: 'send', to: fill(16, 7), envelope: Uint8Array.of(0xde, 0xad) };
    const expected = bytes([1, 3], fill(16, 7), [0xde, 0xad]);
    expect(encodeClientFrame(frame)).toEqual(expected);
    expect(decodeClientFrame(expected)).toEqual(frame);
    expect(encodeClientFrame({ type: 'leave' })).toEqual(Uint8Array.of(1, 4));
  });

  it('joined with members and TURN block', () => {
    const frame: ServerFrame = {
      type: 'joined',
      peerId: fill(16, 1),
      members: [{ peerId: fill(16, 2), base: Uint8Array.of(5), oneTime: new Uint8Array(0) }],
      turn: { ttlSeconds: 600, username: '1:a', password: 'p=', urls: ['turn:h'] },
    };
    const expected = bytes(
      [1, 0x81],
      fill(16, 1),
      [1],
      fill(16, 2),
      [0, 0, 0, 1, 5, 0, 0, 0, 0],
      [1, 0, 0, 2, 0x58, 0, 3, 0x31, 0x3a, 0x61, 0, 2, 0x70, 0x3d, 1, 0, 6],
      [0x74, 0x75, 0x72, 0x6e, 0x3a, 0x68],
    );
    expect(encodeServerFrame(frame)).toEqual(expected);
    expect(decodeServerFrame(expected)).toEqual(frame);
  });

  it('joined with the STUN list after the TURN flag (absent when the relay offers none)', () => {
    const frame: ServerFrame = { type: 'joined', peerId: fill(16, 1), members: [], stunUrls: ['stun:h:1'] };
    const expected = bytes([1, 0x81], fill(16, 1), [0], [0], [1, 0, 8], [...'stun:h:1'].map((c) => c.charCodeAt(0)));
    expect(encodeServerFrame(frame)).toEqual(expected);
    expect(decodeServerFrame(expected)).toEqual(frame);
    expect(decodeServerFrame(encodeServerFrame({ ...frame, stunUrls: [] }))).toEqual({ type: 'joined', peerId: fill(16, 1), members: [] });
    expect(() => decodeServerFrame(bytes(expected, [0]))).toThrow(/trailing/);
    expect(() => decodeServerFrame(expected.slice(0, -1))).toThrow(/truncated/);
  });

  it('peer-joined, peer-left, message, error', () => {
    expect(encodeServerFrame({ type: 'peer-joined', peerId: fill(16, 3) })).toEqual(bytes([1, 0x82], fill(16, 3)));
    expect(encodeServerFrame({ type: 'peer-left', peerId: fill(16, 3) })).toEqual(bytes([1, 0x83], fill(16, 3)));
    expect(encodeServerFrame({ type: 'message', from: fill(16, 4), envelope: Uint8Array.of(8) })).toEqual(
      bytes([1, 0x84], fill(16, 4), [8]),
    );
    expect(encodeServerFrame({ type: 'error', code: 0x0105 })).toEqual(Uint8Array.of(1, 0x85, 1, 5));
  });

  it('rewriteSendAsMessage rewrites type and sender in place, keeps the envelope', () => {
    const send = encodeClientFrame({ type: 'send', to: fill(16, 9), envelope: Uint8Array.of(1, 2, 3) });
    expect(isSendFrame(send)).toBe(true);
    expect(sendTarget(send)).toEqual(fill(16, 9));
    const message = rewriteSendAsMessage(send, fill(16, 6));
    expect(message).toBe(send);
    expect(decodeServerFrame(message)).toEqual({
      type: 'message',
      from: fill(16, 6),
      envelope: Uint8Array.of(1, 2, 3),
    });
    expect(isSendFrame(Uint8Array.of(2, 3, ...fill(16, 0)))).toBe(false);
    expect(isSendFrame(Uint8Array.of(1, 3, 0))).toBe(false);
    expect(() => rewriteSendAsMessage(Uint8Array.of(1, 4), fill(16, 6))).toThrow(ProtocolError);
  });
});

describe('relay wire codec: refusals', () => {
  const refuses = (code: string, f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      expect((e as ProtocolError).code).toBe(code);
      return;
    }
    throw new Error('expected a ProtocolError');
  };

  it('refuses other versions, unknown types, truncation and trailing bytes', () => {
    refuses('unsupported-version', () => decodeClientFrame(Uint8Array.of(2, 4)));
    refuses('malformed', () => decodeClientFrame(Uint8Array.of(1, 0x7f)));
    refuses('malformed', () => decodeClientFrame(Uint8Array.of(1)));
    refuses('malformed', () => decodeClientFrame(new Uint8Array(0)));
    refuses('malformed', () => decodeClientFrame(Uint8Array.of(1, 4, 0)));
    refuses('malformed', () => decodeClientFrame(bytes([1, 1], fill(31, 0))));
    refuses('malformed', () => decodeClientFrame(bytes([1, 1], fill(32, 0), [0xff, 0xff, 0xff, 0xff])));
    refuses('malformed', () => decodeClientFrame(bytes([1, 3], fill(15, 0))));
    refuses('malformed', () => decodeServerFrame(Uint8Array.of(1, 0x85, 0)));
    refuses('malformed', () => decodeServerFrame(bytes([1, 0x81], fill(16, 0), [0, 2])));
    refuses('malformed', () => decodeServerFrame(bytes([1, 0x81], fill(16, 0), [0, 1, 0, 0, 0, 0, 1, 0x7f, 0, 0, 0])));
  });

  it('refuses wrong-length ids and non-ASCII TURN fields on encode', () => {
    refuses('malformed', () => encodeClientFrame({ type: 'join', roomId: fill(31, 0), bundle: { base: fill(1, 0), oneTime: [] } }));
    refuses('malformed', () => encodeClientFrame({ type: 'send', to: fill(17, 0), envelope: fill(1, 0) }));
    refuses('malformed', () =>
      encodeServerFrame({
        type: 'joined',
        peerId: fill(16, 0),
        members: [],
        turn: { ttlSeconds: 1, username: 'ü', password: '', urls: [] },
      }),
    );
  });

  it('decode of arbitrary bytes throws only ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        for (const decode of [decodeClientFrame, decodeServerFrame]) {
          try {
            decode(data);
          } catch (e) {
            expect(e).toBeInstanceOf(ProtocolError);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('every well-formed client frame round-trips', () => {
    const blob = fc.uint8Array({ maxLength: 40 });
    const frame: fc.Arbitrary<ClientFrame> = fc.oneof(
      fc.record({
        type: fc.constant('join' as const),
        roomId: fc.uint8Array({ minLength: 32, maxLength: 32 }),
        bundle: fc.record({ base: blob, oneTime: fc.array(blob, { maxLength: 5 }) }),
      }),
      fc.record({ type: fc.constant('publish' as const), bundle: fc.record({ base: blob, oneTime: fc.array(blob, { maxLength: 5 }) }) }),
      fc.record({ type: fc.constant('send' as const), to: fc.uint8Array({ minLength: 16, maxLength: 16 }), envelope: blob }),
      fc.constant({ type: 'leave' as const }),
    );
    fc.assert(
      fc.property(frame, (f) => {
        expect(decodeClientFrame(encodeClientFrame(f))).toEqual(f);
      }),
    );
  });
});
