// RoomSession with real crypto (noble) and an in-memory relay that records what it forwards.
import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../../../protocol/crypto/noble-provider';
import type { ProtocolError } from '../../../protocol/errors';
import { MemoryKeyOperations } from '../../../protocol/keys/memory-key-operations';
import { deriveRoomKeys } from '../../../protocol/room/room';
import type { Payload } from '../../../protocol/wire/payload';
import { deriveEnvelopeKey, sealEnvelope } from '../../../protocol/wire/sealed-envelope';
import { MAX_HANDSHAKES_PER_PEER, MAX_QUEUED_ENVELOPES, RoomSession, STRANGER_MAX_REJECTED, STRANGER_MAX_SKIP } from './room-session';
import type { PeerDropReason, RelayMember, RelayPort } from './room-session';

interface Party {
  id: string;
  session: RoomSession;
  keys: MemoryKeyOperations;
  received: Array<[string, Payload]>;
  rejected: ProtocolError[];
  sessions: string[];
  /** Per session: whether it came authenticated (the peer opened it) or not (we did). */
  authenticated: boolean[];
  /** Peers this party knows to be admitted (the engine's answer to isTrusted). */
  trusted: Set<string>;
  dropped: Array<[string, PeerDropReason]>;
}

async function room(secretFill: number[], names: string[]) {
  const wire: Array<{ from: string; to: string; bytes: Uint8Array }> = [];
  const parties = new Map<string, Party>();
  const offline = new Set<string>();
  for (const [i, id] of names.entries()) {
    const keys = await MemoryKeyOperations.generate(provider, 2);
    const roomKeys = await deriveRoomKeys(provider, new Uint8Array(32).fill(secretFill[i]!));
    const relay: RelayPort = {
      join: async () => ({ peerId: id, members: [] }),
      send: (to, bytes) => !offline.has(id) && (wire.push({ from: id, to, bytes }), true),
    };
    const party: Party = { id, keys, received: [], rejected: [], sessions: [], authenticated: [], trusted: new Set(), dropped: [], session: undefined as never };
    party.session = new RoomSession(provider, keys, roomKeys, relay, {
      onSession: (peer, _key, authenticated) => (party.sessions.push(peer), party.authenticated.push(authenticated)),
      onPayload: (peer, payload) => party.received.push([peer, payload]),
      onRejected: (_peer, error) => party.rejected.push(error),
      isTrusted: (peer) => party.trusted.has(peer),
      onPeerDropped: (peer, reason) => party.dropped.push([peer, reason]),
    });
    parties.set(id, party);
  }
  const deliverAll = async () => {
    while (wire.length > 0) {
      const { from, to, bytes } = wire.shift()!;
      await parties.get(to)!.session.receive(from, bytes);
    }
  };
  const member = async (id: string): Promise<RelayMember> => {
    const p = parties.get(id)!;
    const bundle = await p.session.sealedBundle(p.keys.publicPrekeys());
    return { peerId: id, base: bundle.base, oneTime: bundle.oneTime[0] ?? null };
  };
  return { parties, wire, deliverAll, member, offline };
}

const knock: Payload = { type: 'chat', text: 'knock knock', sentAt: 1 };

describe('RoomSession', () => {
  it('hands the first payload over with the handshake, then carries payloads both ways', async () => {
    const { parties, deliverAll, member } = await room([1, 1], ['alice', 'bob']);
    const alice = parties.get('alice')!;
    const bob = parties.get('bob')!;
    await bob.session.connect(await member('alice'), knock);
    await deliverAll();
    expect(alice.received).toEqual([['bob', knock]]);
    expect(alice.session.identityOf('bob')).toEqual(bob.keys.publicPrekeys().identityKey);
    // Alice's session was opened by Bob's init, which decrypted: authenticated. Bob's, opened from
    // Alice's bundle (which anyone with the link could have republished), is not yet (issue 16).
    expect([alice.authenticated, bob.authenticated]).toEqual([[true], [false]]);
    await alice.session.send('bob', { type: 'bye' });
    await bob.session.send('alice', { type: 'chat', text: 'hi', sentAt: 2 });
    await deliverAll();
    expect(bob.received).toEqual([['alice', { type: 'bye' }]]);
    expect(alice.received.at(-1)).toEqual(['bob', { type: 'chat', text: 'hi', sentAt: 2 }]);
    expect(alice.rejected).toEqual([]);
  });

  it('says when the relay was not connected, and the next message still opens', async () => {
    const { parties, deliverAll, member, offline } = await room([1, 1], ['alice', 'bob']);
    const alice = parties.get('alice')!;
    const bob = parties.get('bob')!;
    await bob.session.connect(await member('alice'), knock);
    await deliverAll();
    offline.add('alice');
    expect(await alice.session.send('bob', { type: 'chat', text: 'lost', sentAt: 2 })).toBe(false);
    offline.delete('alice');
    expect(await alice.session.send('bob', { type: 'chat', text: 'after', sentAt: 3 })).toBe(true);
    await deliverAll();
    expect(bob.received).toEqual([['alice', { type: 'chat', text: 'after', sentAt: 3 }]]);
    expect(bob.rejected).toEqual([]);
  });

  it('shows the relay neither identity keys nor payloads', async () => {
    const { parties, wire, member } = await room([1, 1], ['alice', 'bob']);
    const bob = parties.get('bob')!;
    await bob.session.connect(await member('alice'), knock);
    const forwarded = Buffer.concat(wire.map((w) => w.bytes));
    expect(forwarded.includes(Buffer.from(bob.keys.publicPrekeys().identityKey))).toBe(false);
    expect(forwarded.includes(Buffer.from('knock knock'))).toBe(false);
  });

  it('rejects a replayed handshake without touching the session it created', async () => {
    const { parties, wire, deliverAll, member } = await room([1, 1], ['alice', 'bob']);
    const alice = parties.get('alice')!;
    const bob = parties.get('bob')!;
    await bob.session.connect(await member('alice'), knock);
    const init = wire[0]!;
    await deliverAll();
    await alice.session.receive('bob', init.bytes);
    expect(alice.rejected.map((e) => e.code)).toEqual(['replay']);
    await bob.session.send('alice', { type: 'bye' });
    await deliverAll();
    expect(alice.received.at(-1)).toEqual(['bob', { type: 'bye' }]);
  });

  it('a recorded init without a one-time prekey, replayed to the member\'s next session, opens nothing (issue 16: an init is fresh)', async () => {
    const { parties, wire, deliverAll, member } = await room([1, 1], ['alice', 'bob']);
    const alice = parties.get('alice')!;
    const bob = parties.get('bob')!;
    await bob.session.connect({ ...(await member('alice')), oneTime: null }, knock);
    const init = wire[0]!;
    await deliverAll();
    expect(alice.received).toEqual([['bob', knock]]);
    // Alice leaves and comes back: a new session over the same keys. The relay (or anyone who
    // recorded the sealed envelope) sends Bob's init again, under a new peer id.
    const sessions: string[] = [];
    const rejected: ProtocolError[] = [];
    const relay: RelayPort = { join: async () => ({ peerId: 'alice', members: [] }), send: () => true };
    const next = new RoomSession(provider, alice.keys, await deriveRoomKeys(provider, new Uint8Array(32).fill(1)), relay, {
      onSession: (peer) => sessions.push(peer),
      onPayload: () => undefined,
      onRejected: (_peer, error) => rejected.push(error),
    });
    await next.receive('mallory', init.bytes);
    expect(sessions).toEqual([]);
    expect(rejected.map((e) => e.code)).toEqual(['replay']);
  });

  it('a peer with another room secret cannot open anything', async () => {
    const { parties, deliverAll, member } = await room([1, 2], ['alice', 'mallory']);
    const alice = parties.get('alice')!;
    const aliceMember = await member('alice');
    // Mallory only has the relay's view of Alice: blobs sealed under a room key it lacks.
    await expect(parties.get('mallory')!.session.connect(aliceMember, knock)).rejects.toMatchObject({ code: 'authentication-failed' });
    // Nor can it write anything Alice opens: its envelopes are sealed under the wrong room's key.
    const malloryRoom = await deriveRoomKeys(provider, new Uint8Array(32).fill(2));
    const forged = await sealEnvelope(provider, await deriveEnvelopeKey(provider, malloryRoom), malloryRoom, new Uint8Array([1, 2, 3]));
    await alice.session.receive('mallory', forged);
    await deliverAll();
    expect(alice.received).toEqual([]);
    expect(alice.rejected.map((e) => e.code)).toEqual(['authentication-failed']);
  });

  describe('bounded work for strangers (issue 16)', () => {
    /** Bob has greeted Alice (his knock delivered). */
    async function greeted() {
      const r = await room([1, 1], ['alice', 'bob']);
      const alice = r.parties.get('alice')!;
      const bob = r.parties.get('bob')!;
      await bob.session.connect(await r.member('alice'), knock);
      await r.deliverAll();
      return { ...r, alice, bob };
    }

    /** Bob greets Alice; then `count` messages from Bob of which only the last reaches her. */
    async function skipping(count: number) {
      const r = await greeted();
      const { alice, bob } = r;
      for (let i = 0; i < count; i++) await bob.session.send('alice', { type: 'chat', text: `${i}`, sentAt: 1 });
      const last = r.wire.pop()!;
      r.wire.length = 0;
      return { alice, bob, deliverLast: () => alice.session.receive('bob', last.bytes) };
    }

    it('a stranger\'s message may skip at most STRANGER_MAX_SKIP ratchet keys; an admitted peer\'s up to MAX_SKIP', async () => {
      const far = await skipping(STRANGER_MAX_SKIP + 2);
      await far.deliverLast();
      expect(far.alice.rejected.map((e) => e.code)).toEqual(['too-many-skipped']);
      expect(far.alice.received).toHaveLength(1); // the knock only

      const near = await skipping(STRANGER_MAX_SKIP + 1);
      await near.deliverLast();
      expect(near.alice.received.at(-1)).toEqual(['bob', { type: 'chat', text: `${STRANGER_MAX_SKIP}`, sentAt: 1 }]);

      const admitted = await skipping(200);
      admitted.alice.trusted.add('bob');
      await admitted.deliverLast();
      expect(admitted.alice.received.at(-1)).toEqual(['bob', { type: 'chat', text: '199', sentAt: 1 }]);
    });

    it('a stranger whose messages keep failing is dropped (counted), and nothing more from it is read', async () => {
      const { alice, bob, deliverAll } = await greeted();
      const envelopeKey = await deriveEnvelopeKey(provider, await deriveRoomKeys(provider, new Uint8Array(32).fill(1)));
      const roomKeys = await deriveRoomKeys(provider, new Uint8Array(32).fill(1));
      for (let i = 0; i < STRANGER_MAX_REJECTED + 5; i++) {
        await alice.session.receive('bob', await sealEnvelope(provider, envelopeKey, roomKeys, new Uint8Array([1, 2, i])));
      }
      expect(alice.rejected).toHaveLength(STRANGER_MAX_REJECTED);
      expect(alice.dropped).toEqual([['bob', 'rejected-messages']]);
      await bob.session.send('alice', { type: 'chat', text: 'still there?', sentAt: 1 });
      await deliverAll();
      expect(alice.received).toHaveLength(1);
      expect(alice.session.hasSession('bob')).toBe(false);
    });

    it('an admitted peer is not dropped for failed messages (a relay can replay its envelopes)', async () => {
      const { alice, bob, wire, deliverAll } = await greeted();
      alice.trusted.add('bob');
      await bob.session.send('alice', { type: 'chat', text: 'once', sentAt: 1 });
      const sent = wire[0]!;
      await deliverAll();
      for (let i = 0; i < STRANGER_MAX_REJECTED + 5; i++) await alice.session.receive('bob', sent.bytes);
      expect(alice.rejected.map((e) => e.code)).toEqual(Array(STRANGER_MAX_REJECTED + 5).fill('replay'));
      expect(alice.dropped).toEqual([]);
    });

    it('more envelopes waiting from one peer than the queue holds drop that peer', async () => {
      const { parties, wire, member } = await room([1, 1], ['alice', 'bob']);
      const alice = parties.get('alice')!;
      const bob = parties.get('bob')!;
      await bob.session.connect(await member('alice'), knock);
      const init = wire.shift()!;
      const arrivals = [alice.session.receive('bob', init.bytes)];
      for (let i = 0; i < MAX_QUEUED_ENVELOPES + 10; i++) arrivals.push(alice.session.receive('bob', init.bytes));
      await Promise.all(arrivals);
      expect(alice.dropped).toEqual([['bob', 'queue-full']]);
      // Only what was queued before the bound was ever looked at.
      expect(alice.rejected.length + alice.received.length).toBeLessThanOrEqual(MAX_QUEUED_ENVELOPES);
    });

    it('one peer id may open at most MAX_HANDSHAKES_PER_PEER handshakes', async () => {
      const { parties, wire, deliverAll, member } = await room([1, 1, 1], ['alice', 'bob', 'bob2']);
      const alice = parties.get('alice')!;
      // Fresh inits (new ephemeral keys) from one relay peer id: the first counts, the rest cost work.
      for (let i = 0; i <= MAX_HANDSHAKES_PER_PEER; i++) {
        await parties.get(i % 2 === 0 ? 'bob' : 'bob2')!.session.connect(await member('alice'), knock);
        const init = wire.pop()!;
        await alice.session.receive('bob', init.bytes);
      }
      await deliverAll();
      expect(alice.dropped).toEqual([['bob', 'too-many-handshakes']]);
    });
  });
});
