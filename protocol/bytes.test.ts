import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, fromBase64Url, toBase64Url, utf8Decode } from './bytes';
import { ProtocolError } from './errors';

// Node's Buffer is an independent base64url implementation (RFC 4648 §5) to compare against.
const nodeBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('base64url', () => {
  it('matches an independent encoder and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(toBase64Url(bytes)).toBe(nodeBase64Url(bytes));
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('accepts only the canonical unpadded URL-safe form', () => {
    expect(fromBase64Url('AQ==')).toBeUndefined(); // padding
    expect(fromBase64Url('AQ+/')).toBeUndefined(); // standard alphabet
    expect(fromBase64Url('AR')).toBeUndefined(); // non-zero unused bits (AQ is canonical for 0x01)
    expect(fromBase64Url('A')).toBeUndefined(); // impossible length
    expect(fromBase64Url('AQ')).toEqual(new Uint8Array([1]));
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
  });
});

describe('utf8Decode', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const reference = (bytes: Uint8Array) => {
    try {
      return fatal.decode(bytes);
    } catch {
      return undefined;
    }
  };

  it('agrees with a fatal TextDecoder on arbitrary bytes and on encoded strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
      expect(utf8Decode(bytes)).toBe(reference(bytes));
    }), { numRuns: 3000 });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = new TextEncoder().encode(text);
        expect(utf8Decode(bytes)).toBe(text);
      }),
    );
  });

  it('rejects overlong forms, surrogates and code points past U+10FFFF', () => {
    expect(utf8Decode(new Uint8Array([0xc0, 0x80]))).toBeUndefined();
    expect(utf8Decode(new Uint8Array([0xed, 0xa0, 0x80]))).toBeUndefined();
    expect(utf8Decode(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBeUndefined();
    expect(utf8Decode(new Uint8Array([0xe2, 0x82]))).toBeUndefined();
  });
});

describe('ByteReader / ByteWriter', () => {
  it('round-trips fields and rejects truncation and trailing bytes with ProtocolError', () => {
    const bytes = new ByteWriter().u8(7).u16(513).u32(0xdeadbeef).vec16(new Uint8Array([1, 2])).fixed(new Uint8Array(3), 3, 'x').finish();
    const r = new ByteReader(bytes, 'test');
    expect([r.u8('a'), r.u16('b'), r.u32('c')]).toEqual([7, 513, 0xdeadbeef]);
    expect(r.vec16('d')).toEqual(new Uint8Array([1, 2]));
    expect(r.fixed(3, 'e')).toEqual(new Uint8Array(3));
    r.end();

    expect(() => new ByteReader(bytes.subarray(0, 2), 'test').u32('c')).toThrow(ProtocolError);
    const trailing = new ByteReader(new Uint8Array([1, 2]), 'test');
    trailing.u8('a');
    expect(() => trailing.end()).toThrow(/trailing/);
    expect(() => new ByteReader(new Uint8Array([0, 5, 1]), 'test').vec16('v', 4)).toThrow(/more than 4/);
  });

  it('refuses to write values that do not fit their field', () => {
    expect(() => new ByteWriter().u8(256)).toThrow(ProtocolError);
    expect(() => new ByteWriter().u32(-1)).toThrow(ProtocolError);
    expect(() => new ByteWriter().fixed(new Uint8Array(2), 3, 'x')).toThrow(/must be 3 bytes/);
  });
});
