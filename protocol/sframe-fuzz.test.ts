// Fuzz: decodeHeader and decrypt on random and mutated frames only ever throw ProtocolError
// (or, for decodeHeader, return a header that re-encodes to the same bytes).
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import { decodeHeader, decrypt, encodeHeader, encrypt } from './sframe';

// A small deterministic PRNG (xorshift32) keeps the run fast and any failure reproducible.
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return {
    int: (n: number) => next() % n,
    bytes(length: number) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = next() & 0xff;
      return out;
    },
  };
}

function mutate(r: ReturnType<typeof prng>, input: Uint8Array): Uint8Array {
  const out = Uint8Array.from(input);
  switch (r.int(4)) {
    case 0: // flip bits
      for (let n = 1 + r.int(3); n > 0 && out.length > 0; n--) out[r.int(out.length)]! ^= 1 << r.int(8);
      return out;
    case 1: // truncate
      return out.subarray(0, r.int(out.length + 1));
    case 2: // extend with random bytes
      return new Uint8Array([...out, ...r.bytes(1 + r.int(8))]);
    default: // overwrite the config byte
      if (out.length > 0) out[0] = r.int(256);
      return out;
  }
}

function onlyProtocolErrors(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
  }
}

describe('SFrame fuzz', () => {
  const CASES = 100_000;
  const baseKey = new Uint8Array(16).fill(9);
  const metadata = new Uint8Array([1, 2, 3]);

  it(`decodeHeader: ${CASES} random and mutated inputs`, () => {
    const r = prng(0x5f3a);
    let decoded = 0;
    for (let i = 0; i < CASES; i++) {
      const input = i % 2 === 0 ? r.bytes(r.int(20)) : mutate(r, encodeHeader(BigInt(r.int(1 << 30)) << BigInt(r.int(34)), BigInt(r.int(1 << 30))));
      onlyProtocolErrors(() => {
        const { kid, ctr, length } = decodeHeader(input);
        // Canonical: whatever decodes re-encodes to exactly the bytes it was read from.
        if (bytesToHex(encodeHeader(kid, ctr)) !== bytesToHex(input.subarray(0, length))) throw new Error(`non-canonical ${bytesToHex(input)}`);
        decoded++;
      });
    }
    expect(decoded).toBeGreaterThan(CASES / 4);
  });

  it(`decrypt: ${CASES} random and mutated frames under every suite`, () => {
    const r = prng(0xc0ffee);
    const valid = [1, 2, 3, 4, 5].map((suite) => ({
      suite,
      frame: encrypt({ suite, baseKey, kid: 300n, ctr: 70000n, metadata, plaintext: r.bytes(24) }),
    }));
    let opened = 0;
    for (let i = 0; i < CASES; i++) {
      const { suite, frame } = valid[i % valid.length]!;
      const input = i % 3 === 0 ? r.bytes(r.int(48)) : mutate(r, frame);
      onlyProtocolErrors(() => {
        decrypt({ suite, baseKey, metadata, frame: input });
        opened++;
      });
    }
    // A mutation may leave a frame intact (e.g. truncate to its full length); nothing else opens.
    expect(opened).toBeLessThan(CASES / 10);
  });
});
