import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyCode, meetingCode } from './meeting-code';

const keyOf = (seed: number) => ed25519.getPublicKey(new Uint8Array(32).fill(seed));
const roomId = new Uint8Array(32).fill(42);

describe('the meeting code', () => {
  it('is 4 groups of 4 digits, the same for everyone seeing the same identities in any order, and for a negated key', () => {
    const [a, b, c] = [keyOf(1), keyOf(2), keyOf(3)];
    const code = meetingCode(roomId, [a, b, c]);
    expect(code).toHaveLength(4);
    for (const group of code) expect(group).toMatch(/^\d{4}$/);
    expect(meetingCode(roomId, [c, a, b])).toEqual(code);
    expect(meetingCode(roomId, [a, b, c, b])).toEqual(code);
    expect(meetingCode(roomId, [ed25519.Point.fromBytes(a).negate().toBytes(), b, c])).toEqual(code);
    // Another meeting with the same people, or one person fewer: another code.
    expect(meetingCode(new Uint8Array(32).fill(43), [a, b, c])).not.toEqual(code);
    expect(meetingCode(roomId, [a, b])).not.toEqual(code);
  });

  it('property: one key substituted anywhere changes the code for exactly those who see it', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 250 }), { minLength: 3, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 251, max: 255 }),
        (seeds, victimIndex, fooledIndex, evilSeed) => {
          const keys = seeds.map(keyOf);
          const victim = victimIndex % keys.length;
          // One participant (not the victim) is handed the evil key in place of the victim's.
          const fooled = (victim + 1 + (fooledIndex % (keys.length - 1))) % keys.length;
          const honest = meetingCode(roomId, keys);
          for (let viewer = 0; viewer < keys.length; viewer++) {
            const seen = viewer === fooled ? keys.map((k, i) => (i === victim ? keyOf(evilSeed) : k)) : keys;
            const code = meetingCode(roomId, seen);
            if (viewer === fooled) expect(code).not.toEqual(honest);
            else expect(code).toEqual(honest);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('key codes tell identities apart and point at the one that differs', () => {
    expect(keyCode(keyOf(1))).toMatch(/^\d{4}$/);
    expect(keyCode(keyOf(1))).not.toBe(keyCode(keyOf(2)));
    expect(keyCode(ed25519.Point.fromBytes(keyOf(1)).negate().toBytes())).toBe(keyCode(keyOf(1)));
  });
});
