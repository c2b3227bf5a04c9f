// The fuzzers' randomness: a seeded generator (so every finding replays from its seed) and one
// byte mutator shared by every fuzz target (test/fuzz/targets.ts) and the relay's socket fuzzer.

/** mulberry32: small, fast, seedable. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = int(256);
    return out;
  };
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, bytes, pick };
}
export type Rng = ReturnType<typeof prng>;

/** Bytes that lengths, counts, flags and version fields react to. */
const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xfe, 0xff];

/** 1 to 4 rounds of bit flips, interesting bytes, truncation, garbage, deletion, insertion, extreme integers. */
export function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  let out = input.slice();
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = out.length === 0 ? 0 : rng.int(out.length);
    switch (rng.int(7)) {
      case 0:
        if (out.length) out[at]! ^= 1 << rng.int(8);
        break;
      case 1:
        if (out.length) out[at] = rng.pick(INTERESTING);
        break;
      case 2:
        out = out.slice(0, rng.int(out.length + 1));
        break;
      case 3: {
        const grown = new Uint8Array(out.length + 1 + rng.int(64));
        grown.set(out);
        grown.set(rng.bytes(grown.length - out.length), out.length);
        out = grown;
        break;
      }
      case 4: {
        const shorter = new Uint8Array(Math.max(0, out.length - 1));
        shorter.set(out.subarray(0, at));
        shorter.set(out.subarray(at + 1), at);
        out = shorter;
        break;
      }
      case 5: {
        const longer = new Uint8Array(out.length + 1);
        longer.set(out.subarray(0, at));
        longer[at] = rng.int(256);
        longer.set(out.subarray(at), at + 1);
        out = longer;
        break;
      }
      default: // a big-endian u16/u32 at its extremes
        for (let k = 0; k < 4 && at + k < out.length; k++) out[at + k] = rng.int(2) ? 0xff : 0x00;
    }
  }
  return out;
}
