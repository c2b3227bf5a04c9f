import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sframeVectors } from '../../test/fixtures/vectors/sframe-rfc9605';
import { ProtocolError } from '../errors';
import { decodeHeader, encodeHeader } from './header';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('SFrame header (RFC 9605 §4.3)', () => {
  it(`encodes and decodes every RFC vector (${sframeVectors.header.length})`, () => {
    expect(sframeVectors.header.length).toBe(289);
    for (const v of sframeVectors.header) {
      expect(bytesToHex(encodeHeader(v.kid, v.ctr))).toBe(bytesToHex(v.encoded));
      expect(decodeHeader(v.encoded)).toEqual({ kid: v.kid, ctr: v.ctr, length: v.encoded.length });
    }
  });

  it('decodes a header followed by ciphertext and reports where the header ends', () => {
    fc.assert(
      fc.property(u64, u64, fc.uint8Array({ maxLength: 20 }), (kid, ctr, tail) => {
        const header = encodeHeader(kid, ctr);
        const frame = new Uint8Array([...header, ...tail]);
        expect(decodeHeader(frame)).toEqual({ kid, ctr, length: header.length });
      }),
    );
  });

  it.each([
    ['empty input', ''],
    ['KID field truncated', '80'], // X=1, KLEN=0: one KID byte promised, none present
    ['CTR field truncated', '0f0102'], // Y=1, CLEN=7: eight CTR bytes promised, two present
    ['both extended, CTR missing', 'f8ffffffffffffffff'],
    ['KID with a leading zero byte', '900010'],
    ['CTR with a leading zero byte', '09000a'],
    ['KID below 8 in extended form', '8007'],
    ['CTR below 8 in extended form', '0807'],
    ['8-byte CTR with leading zero', '0f00ffffffffffffff'],
  ])('rejects %s with ProtocolError(malformed)', (_name, hex) => {
    const attempt = () => decodeHeader(hexToBytes(hex));
    expect(attempt).toThrow(ProtocolError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('refuses to encode values outside 0..2^64-1', () => {
    expect(() => encodeHeader(-1n, 0n)).toThrow(ProtocolError);
    expect(() => encodeHeader(0n, 1n << 64n)).toThrow(ProtocolError);
  });
});
