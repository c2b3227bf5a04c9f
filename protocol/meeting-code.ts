// One code for the whole meeting (PROTOCOL.md §9.3): a hash over the meeting and every identity
// this participant sees in it, read aloud once. Everyone who sees the same identities in the same
// meeting gets the same code; a key substituted anywhere changes the code for exactly those who
// see that key. Pairwise safety numbers need n(n-1)/2 comparisons (28 for 8 people); this needs one.
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from './errors';
import { canonicalIdentity } from './keys/identity';

const MEETING_CONTEXT = utf8ToBytes('Parley v1 meeting code\0');
const KEY_CONTEXT = utf8ToBytes('Parley v1 key code\0');
/** 4 groups of 4 digits: ~53 bits, read aloud in a few seconds. */
export const MEETING_CODE_GROUPS = 4;

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** `groups` groups of 4 digits: each from 5 bytes of the hash, big-endian, mod 10,000 (bias < 2^-26). */
function digitGroups(hash: Uint8Array, groups: number): string[] {
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 256 + hash[g * 5 + i]!;
    out.push(String(value % 10_000).padStart(4, '0'));
  }
  return out;
}

/**
 * The meeting code this participant reads aloud: SHA-512 over the context, the roomId (length
 * first) and the count and canonical identities (§3.1, 32 bytes each, ascending, each once) of
 * everyone it sees in the meeting, itself included; shown as 4 groups of 4 digits.
 */
export function meetingCode(roomId: Uint8Array, identityKeys: readonly Uint8Array[]): string[] {
  if (!(roomId instanceof Uint8Array) || roomId.length === 0) throw new ProtocolError('malformed', 'A meeting code needs the roomId');
  const ids = [...new Map(identityKeys.map((key) => {
    const id = canonicalIdentity(key);
    return [Array.from(id).join(','), id] as const;
  })).values()].sort(compareBytes);
  const hash = sha512.create().update(MEETING_CONTEXT).update(u32(roomId.length)).update(roomId).update(u32(ids.length));
  for (const id of ids) hash.update(id);
  return digitGroups(hash.digest(), MEETING_CODE_GROUPS);
}

/**
 * A 4-digit code of one identity, shown next to each name when meeting codes differ: reading them
 * aloud finds the key that differs, and that person's safety number is the comparison to make
 * next. Too short to prove anything on its own (13 bits); it only points.
 */
export function keyCode(identityKey: Uint8Array): string {
  return digitGroups(sha512.create().update(KEY_CONTEXT).update(canonicalIdentity(identityKey)).digest(), 1)[0]!;
}
