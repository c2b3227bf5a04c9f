// The succession rules of PROTOCOL.md §14.4, one at a time, on real signed hand-overs.
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { hostKeyId } from '../room/host-key-id';
import { chainFault, fitsChain, holderAt, mergeChain } from './chain';
import { checkAdmissionMessage } from './check';
import { MAX_CHAIN_LINKS } from './messages';
import type { HandOverLink, StateMessage } from './messages';
import { encodeMeetingState, meetingState, stateDigest } from './statement';
import type { MeetingState } from './statement';
import { signAs, testPerson } from './test-meeting';
import type { TestPerson } from './test-meeting';

const roomId = new Uint8Array(32).fill(5);
const [alice, bob, carla, dan] = await Promise.all(['alice', 'bob', 'carla', 'dan'].map(testPerson));
const everyone = meetingState(false, [alice!, bob!, carla!, dan!].map((p) => p.id), []);
const digest = stateDigest(encodeMeetingState(everyone));
const common = { roomId, epoch: 77, issuedAt: 1 };
const link = async (from: TestPerson, to: TestPerson, seq: number, fields: Partial<typeof common> = {}) =>
  (await signAs(from, { ...common, ...fields, kind: 'hand-over', seq, signer: from.key, successor: to.key, stateDigest: digest })) as HandOverLink;
const view = (by: TestPerson, seq: number, ms: MeetingState = everyone) => signAs(by, { ...common, kind: 'view', seq, signer: by.key, stateDigest: stateDigest(encodeMeetingState(ms)) });
const a = alice!;
const b = bob!;
const c = carla!;
const d = dan!;
const aToB = await link(a, b, 2);
const bToC = await link(b, c, 5);

async function fault(links: HandOverLink[], final: StateMessage['final'], state: MeetingState = everyone) {
  const message: StateMessage = { kind: 'state', links, final, state };
  const checked = await checkAdmissionMessage(nobleProvider, await hostKeyId(nobleProvider, a.key), message);
  return chainFault(roomId, links, final, message, checked.checks);
}

describe('succession (§14.4)', () => {
  it('an honest chain and a view by its last successor hold', async () => {
    expect(await fault([aToB, bToC], await view(c, 6))).toBeNull();
    expect(await fault([], await view(a, 1))).toBeNull();
  });

  it('refuses each broken rule with its reason', async () => {
    expect(await fault([aToB], await view(c, 6))).toBe('broken-chain'); // the view is not by the successor
    expect(await fault([bToC], await view(c, 6))).toBe('not-root');
    expect(await fault([aToB, await link(c, d, 5)], await view(d, 6))).toBe('broken-chain');
    expect(await fault([aToB, await link(b, b, 5)], await view(b, 6))).toBe('self-hand-over');
    expect(await fault([aToB, await link(b, a, 3), await link(a, c, 4)], await view(c, 6))).toBe('repeated-signer');
    expect(await fault([aToB, await link(b, c, 2)], await view(c, 6))).toBe('seq-order');
    expect(await fault([aToB, bToC], await view(c, 5))).toBe('seq-order'); // at the hand-over's seq, only the hand-over
    expect(await fault([aToB, await link(b, c, 5, { epoch: 78 })], await view(c, 6))).toBe('mixed-epoch');
    expect(await fault([aToB, await link(b, c, 5, { roomId: new Uint8Array(32) })], await view(c, 6))).toBe('wrong-room');
    expect(await fault([aToB, bToC], { ...(await view(c, 6)), signature: new Uint8Array(64) })).toBe('bad-signature');
    expect(await fault([aToB, bToC], await view(c, 6), meetingState(false, [a.id, c.id], []))).toBe('digest-mismatch');
    const withoutC = meetingState(false, [a.id, b.id], []);
    expect(await fault([aToB, bToC], await view(c, 6, withoutC), withoutC)).toBe('host-not-admitted');
    const handToD = (await signAs(c, { ...common, kind: 'hand-over', seq: 6, signer: c.key, successor: d.key, stateDigest: stateDigest(encodeMeetingState(meetingState(false, [a.id, c.id], []))) })) as HandOverLink;
    expect(await fault([aToB, bToC], handToD, meetingState(false, [a.id, c.id], []))).toBe('successor-not-admitted');
  });

  it('refuses more than 64 hand-overs', async () => {
    const people = [a, ...(await Promise.all(Array.from({ length: MAX_CHAIN_LINKS + 1 }, (_, i) => testPerson(`p${i}`))))];
    const links: HandOverLink[] = [];
    for (let i = 0; i < MAX_CHAIN_LINKS + 1; i++) links.push(await link(people[i]!, people[i + 1]!, i + 1));
    expect(chainFault(roomId, links, null, null)).toBe('too-long');
  });

  it('merges a chain that extends ours, keeps ours when it is longer, and reports a fork where they differ', async () => {
    const aToD = await link(a, d, 2);
    expect(mergeChain([aToB], [aToB, bToC])).toEqual({ path: [aToB, bToC] });
    expect(mergeChain([aToB, bToC], [aToB])).toEqual({ path: [aToB, bToC] });
    expect(mergeChain([aToB, bToC], [aToD])).toEqual({ forkAt: 0 });
    expect(mergeChain([aToB, bToC], [aToB, await link(b, d, 5)])).toEqual({ forkAt: 1 });
  });

  it('tenures: each holder\'s statements fit only between its hand-overs', async () => {
    const path = [aToB, bToC];
    expect(holderAt(a.key, path, 1)).toEqual(a.key);
    expect(holderAt(a.key, path, 2)).toEqual(a.key);
    expect(holderAt(a.key, path, 3)).toEqual(b.key);
    expect(holderAt(a.key, path, 9)).toEqual(c.key);
    expect(fitsChain(a.key, path, await view(b, 4))).toBe(true);
    expect(fitsChain(a.key, path, await view(b, 7))).toBe(false); // after B's hand-over
    expect(fitsChain(a.key, path, await view(a, 3))).toBe(false); // after A's
    expect(fitsChain(a.key, path, await view(b, 5))).toBe(false); // B's view at its own hand-over's seq
    expect(fitsChain(a.key, path, bToC)).toBe(true);
  });
});
