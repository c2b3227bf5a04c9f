import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClientFrame, decodeClientFrame, decodeServerFrame, encodeClientFrame, encodeServerFrame, rewritePostAsMail } from './codec';

const fill = (n: number, v: number) => new Uint8Array(n).fill(v);
const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('relay wire codec: mailbox frames (PROTOCOL §13.4)', () => {
  it('listen = 01 05 | u8 n | n x mailbox id(16); post = 01 06 | mailbox id | blob; mail = 01 86 | mailbox id | blob', () => {
    const listen: ClientFrame = { type: 'listen', mailboxIds: [fill(16, 1), fill(16, 2)] };
    expect(encodeClientFrame(listen)).toEqual(bytes([1, 5, 2], fill(16, 1), fill(16, 2)));
    expect(decodeClientFrame(bytes([1, 5, 2], fill(16, 1), fill(16, 2)))).toEqual(listen);
    expect(decodeClientFrame(Uint8Array.of(1, 5, 0))).toEqual({ type: 'listen', mailboxIds: [] });
    const post: ClientFrame = { type: 'post', mailboxId: fill(16, 3), blob: Uint8Array.of(9, 8) };
    expect(encodeClientFrame(post)).toEqual(bytes([1, 6], fill(16, 3), [9, 8]));
    expect(decodeClientFrame(bytes([1, 6], fill(16, 3), [9, 8]))).toEqual(post);
    expect(encodeServerFrame({ type: 'mail', mailboxId: fill(16, 3), blob: Uint8Array.of(9, 8) })).toEqual(bytes([1, 0x86], fill(16, 3), [9, 8]));
    expect(decodeServerFrame(bytes([1, 0x86], fill(16, 3), [9, 8]))).toEqual({ type: 'mail', mailboxId: fill(16, 3), blob: Uint8Array.of(9, 8) });
  });

  it('rewritePostAsMail turns a post into the mail frame in place, and refuses anything else', () => {
    const frame = encodeClientFrame({ type: 'post', mailboxId: fill(16, 3), blob: Uint8Array.of(7) });
    const mail = rewritePostAsMail(frame);
    expect(mail).toBe(frame);
    expect(decodeServerFrame(mail)).toEqual({ type: 'mail', mailboxId: fill(16, 3), blob: Uint8Array.of(7) });
    expect(() => rewritePostAsMail(encodeClientFrame({ type: 'leave' }))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('refuses truncated listen frames, short ids and trailing bytes', () => {
    for (const bad of [bytes([1, 5, 2], fill(16, 1)), bytes([1, 5, 1], fill(17, 1)), bytes([1, 6], fill(15, 1)), Uint8Array.of(1, 5)]) {
      expect(() => decodeClientFrame(bad)).toThrow(expect.objectContaining({ name: 'ProtocolError', code: 'malformed' }));
    }
    expect(() => encodeClientFrame({ type: 'listen', mailboxIds: [fill(15, 1)] })).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('every well-formed mailbox frame round-trips', () => {
    const id = fc.uint8Array({ minLength: 16, maxLength: 16 });
    const frame: fc.Arbitrary<ClientFrame> = fc.oneof(
      fc.record({ type: fc.constant('listen' as const), mailboxIds: fc.array(id, { maxLength: 8 }) }),
      fc.record({ type: fc.constant('post' as const), mailboxId: id, blob: fc.uint8Array({ maxLength: 64 }) }),
    );
    fc.assert(fc.property(frame, (f) => void expect(decodeClientFrame(encodeClientFrame(f))).toEqual(f)));
  });
});
