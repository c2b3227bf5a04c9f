// The evil relay's operations, observed by honest relay clients (protocol/relay-client) through
// a real relay: pass-through, drop, hold and release (in order and reversed), duplicate, delay,
// inject, replay, and a split room.
import WebSocket from 'ws';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayClient } from '../../protocol/relay-client/client';
import type { RelaySocketConstructor } from '../../protocol/relay-client/socket';
import { startEvilRelay } from './evil-relay';
import type { EvilRelay } from './evil-relay';
import { Waiters } from './waiters';

interface Member {
  client: RelayClient;
  peerId: string;
  /** Envelopes received, as text, with the sender's peer id. */
  messages: Array<{ from: string; text: string }>;
  joinedWith: string[];
  joinedLater: string[];
  waiters: Waiters;
}

let evil: EvilRelay | undefined;
const members: Member[] = [];

afterEach(async () => {
  for (const m of members.splice(0)) m.client.close();
  await evil?.close();
  evil = undefined;
});

const roomId = new Uint8Array(32).fill(42);
const text = (s: string) => new TextEncoder().encode(s);

async function join(url: string): Promise<Member> {
  const client = new RelayClient({ url, WebSocket: WebSocket as unknown as RelaySocketConstructor });
  const waiters = new Waiters();
  const member: Member = { client, peerId: '', messages: [], joinedWith: [], joinedLater: [], waiters };
  client.on('message', ({ from, envelope }) => {
    member.messages.push({ from: bytesToHex(from), text: new TextDecoder().decode(envelope) });
    waiters.wake();
  });
  client.on('peer-joined', ({ peerId }) => {
    member.joinedLater.push(bytesToHex(peerId));
    waiters.wake();
  });
  const joined = new Promise<void>((resolve) =>
    client.on('joined', ({ peerId, members: others }) => {
      member.peerId = bytesToHex(peerId);
      member.joinedWith = others.map((m) => bytesToHex(m.peerId));
      resolve();
    }),
  );
  client.connect();
  client.join(roomId, { base: text('opaque base blob'), oneTime: [] });
  await joined;
  members.push(member);
  return member;
}

const send = (from: Member, to: Member, message: string) => from.client.send(Uint8Array.from(Buffer.from(to.peerId, 'hex')), text(message));
const texts = (m: Member) => m.messages.map((x) => x.text);
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('evil relay (test/adversary)', () => {
  it('passes everything through and records it, both directions, per client and peer', async () => {
    evil = await startEvilRelay();
    const alice = await join(evil.url);
    const bob = await join(evil.url);
    send(alice, bob, 'hello');
    await bob.waiters.waitFor('bob', () => texts(bob).includes('hello'), 5000);
    expect(bob.messages).toEqual([{ from: alice.peerId, text: 'hello' }]);
    expect(evil.clients()).toEqual([
      { client: 'c1', peerId: alice.peerId, open: true },
      { client: 'c2', peerId: bob.peerId, open: true },
    ]);
    const sent = evil.recorded.find((f) => f.type === 'send');
    expect(sent).toMatchObject({ direction: 'to-relay', client: 'c1', peerId: alice.peerId, to: bob.peerId });
    expect(evil.recorded.find((f) => f.type === 'message')).toMatchObject({ direction: 'to-client', client: 'c2', from: alice.peerId });
  });

  it('drops what a filter matches, for as many frames as it is told', async () => {
    evil = await startEvilRelay();
    const alice = await join(evil.url);
    const bob = await join(evil.url);
    const rule = evil.drop({ type: 'message', to: undefined, from: alice.peerId }, { count: 2 });
    for (const t of ['one', 'two', 'three']) send(alice, bob, t);
    await bob.waiters.waitFor('bob', () => texts(bob).includes('three'), 5000);
    expect(texts(bob)).toEqual(['three']);
    expect(rule.matched).toBe(2);
    expect(evil.recorded.filter((f) => f.type === 'message').map((f) => f.client)).toEqual(['c2', 'c2', 'c2']);
  });

  it('holds frames until release, and releases them in order or reversed', async () => {
    evil = await startEvilRelay();
    const alice = await join(evil.url);
    const bob = await join(evil.url);
    const hold = evil.hold({ direction: 'to-client', peer: bob.peerId, type: 'message' });
    for (const t of ['a', 'b', 'c']) send(alice, bob, t);
    await evil.waitFor(() => evil!.held().length === 3);
    await settle();
    expect(texts(bob)).toEqual([]);
    hold.remove();
    expect(evil.release({ order: 'lifo' })).toBe(3);
    await bob.waiters.waitFor('bob', () => bob.messages.length === 3, 5000);
    expect(texts(bob)).toEqual(['c', 'b', 'a']);
  });

  it('duplicates and delays frames (a delay reorders them against the rest)', async () => {
    evil = await startEvilRelay();
    const alice = await join(evil.url);
    const bob = await join(evil.url);
    evil.duplicate((f) => f.type === 'message' && f.frame !== null && new TextDecoder().decode((f.frame as { envelope: Uint8Array }).envelope) === 'twice', 1);
    evil.delay((f) => f.type === 'message' && f.frame !== null && new TextDecoder().decode((f.frame as { envelope: Uint8Array }).envelope) === 'late', 300);
    send(alice, bob, 'late');
    send(alice, bob, 'twice');
    send(alice, bob, 'last');
    await bob.waiters.waitFor('bob', () => texts(bob).includes('late'), 5000);
    expect(texts(bob)).toEqual(['twice', 'twice', 'last', 'late']);
  });

  it('injects a message that claims any sender, and replays a recorded frame', async () => {
    evil = await startEvilRelay();
    const alice = await join(evil.url);
    const bob = await join(evil.url);
    const forgedSender = 'ab'.repeat(16);
    evil.injectMessage({ peer: bob.peerId }, forgedSender, text('from nowhere'));
    await bob.waiters.waitFor('bob', () => bob.messages.length === 1, 5000);
    expect(bob.messages).toEqual([{ from: forgedSender, text: 'from nowhere' }]);
    send(alice, bob, 'once');
    await bob.waiters.waitFor('bob', () => texts(bob).includes('once'), 5000);
    const recorded = evil.recorded.find((f) => f.type === 'message' && f.from === alice.peerId)!;
    evil.replay(recorded);
    evil.replay(evil.recorded.find((f) => f.type === 'send')!); // the send again, to the relay, as Alice
    await bob.waiters.waitFor('bob', () => texts(bob).filter((t) => t === 'once').length === 3, 5000);
  });

  it('splits a room: the two groups neither hear of nor reach each other; others see both', async () => {
    evil = await startEvilRelay();
    evil.split(['c1'], ['c2']);
    const alice = await join(evil.url);
    const bob = await join(evil.url);
    const carla = await join(evil.url);
    expect(bob.joinedWith).toEqual([]); // Alice, in the other group, is left out of Bob's member list
    expect(carla.joinedWith.sort()).toEqual([alice.peerId, bob.peerId].sort());
    await alice.waiters.waitFor('alice', () => alice.joinedLater.includes(carla.peerId), 5000);
    expect(alice.joinedLater).toEqual([carla.peerId]);
    send(alice, bob, 'across');
    send(bob, alice, 'back');
    send(alice, carla, 'to carla');
    send(bob, carla, 'also to carla');
    await carla.waiters.waitFor('carla', () => carla.messages.length === 2, 5000);
    await settle();
    expect(texts(bob)).toEqual([]);
    expect(texts(alice)).toEqual([]);
  });
});
