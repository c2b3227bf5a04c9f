// Two (or three) Ringers over an in-memory relay: the whole ring protocol with real cards,
// sealed sender and replay guard, and what the relay could see.
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { contactLink, signContactCard } from '../../protocol/contact/contact-card';
import { testIdentity, type TestIdentity } from '../../protocol/contact/test-identities';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import { hostKeyId } from '../../protocol/room/host-key-id';
import { encodeInvite, parseInvite } from '../../protocol/room/invite';
import type { CallRecord, ContactBook, ContactEntry } from '../../protocol/ipc-contract';
import { initialRingState, type RingState } from './ring-store';
import { type MailboxPort, Ringer } from './ringer';

const RELAY = 'wss://relay.example.org';

/** The relay as the test sees it: every post (mailbox id and blob) and who listens where. */
class FakeRelay {
  readonly posts: { mailboxId: Uint8Array; blob: Uint8Array }[] = [];
  private readonly listeners = new Map<string, (id: Uint8Array, blob: Uint8Array) => void>();
  port(): MailboxPort {
    let handler: (id: Uint8Array, blob: Uint8Array) => void = () => {};
    return {
      listen: (_url, ids) => ids.forEach((id) => this.listeners.set(bytesToHex(id), (i, b) => handler(i, b))),
      post: async (_url, mailboxId, blob) => {
        this.posts.push({ mailboxId, blob });
        this.listeners.get(bytesToHex(mailboxId))?.(mailboxId, blob);
      },
      onMail: (h) => void (handler = h),
    };
  }
  redeliver(index: number): void {
    const post = this.posts[index]!;
    this.listeners.get(bytesToHex(post.mailboxId))?.(post.mailboxId, post.blob);
  }
}

interface Party {
  name: string;
  id: TestIdentity;
  mailboxId: Uint8Array;
  link: string;
  entry: ContactEntry;
}

async function party(name: string, byte: number): Promise<Party> {
  const id = await testIdentity();
  const mailboxId = new Uint8Array(16).fill(byte);
  const card = await signContactCard({ displayName: name, identityKey: id.identityKey, mailboxId, relayUrl: RELAY, issuedAt: 1000 }, id.sign);
  const entry: ContactEntry = {
    contactId: bytesToHex(id.identityKey), displayName: name, identityKey: id.identityKey, mailboxId, relayUrl: RELAY, issuedAt: 1000, addedAt: 1, verified: byte === 2, keyChangedAt: null,
  };
  return { name, id, mailboxId, link: contactLink(card), entry };
}

const alice = await party('Alice', 1);
const bob = await party('Bob', 2);
const carol = await party('Carol', 3);
const stranger = await party('Mallory', 4);

/** An invite to a room that `host` hosts (its host key id is in the link). */
async function inviteOf(host: Party): Promise<string> {
  return encodeInvite({ secret: new Uint8Array(32).fill(5), hostKeyId: await hostKeyId(nobleProvider, host.id.identityKey) });
}

function ringerFor(me: Party, contacts: Party[], relay: FakeRelay, options: { doNotDisturb?: boolean; ringMs?: number; hostedBy?: Party } = {}) {
  const store = createStore<RingState>(() => initialRingState);
  const history: CallRecord[] = [];
  const joined: string[] = [];
  const rung: Uint8Array[][] = [];
  const notified: string[] = [];
  let meeting: string | null = null;
  const book = (): ContactBook => ({ contacts: contacts.map((c) => c.entry), teams: [], history, prefs: { doNotDisturb: options.doNotDisturb ?? false, historyRetentionDays: 30 } });
  const ringer = new Ringer({
    api: {
      getContactBook: async () => book(),
      getMyContactCard: async () => ({ link: me.link, displayName: me.name, identityKey: me.id.identityKey, mailboxId: me.mailboxId, relayUrl: RELAY }),
      addContact: async () => contacts[0]!.entry,
      recordCall: async (record) => (history.push(record), null),
      dhIdentity: (remote) => me.id.ops.dhIdentity(remote),
      sign: (purpose, payload) => me.id.sign(purpose, payload),
    },
    provider: nobleProvider,
    mailbox: relay.port(),
    engine: {
      createMeetingFor: async (_name, keys) => {
        rung.push(keys);
        meeting = await inviteOf(options.hostedBy ?? me);
      },
      join: async (link) => void joined.push(link),
      inviteLink: () => meeting,
      busy: () => false,
    },
    displayName: () => me.name,
    notify: (kind, caller) => notified.push(`${kind} ${caller.displayName} ${caller.verified ? 'verified' : 'unverified'}`),
    store,
    ringMs: options.ringMs ?? 60_000,
  });
  return { ringer, store, history, joined, rung, notified };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await settle();
  }
}

describe('Ringer (PROTOCOL §13.3)', () => {
  it('A rings B: B sees the ring, accepts and joins; the host admits B without the lobby; A sees the answer', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay);
    const b = ringerFor(bob, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start()]);
    await a.ringer.call([bob.entry]);
    expect(a.rung).toEqual([[bob.id.identityKey]]);
    await until(() => b.store.getState().incoming !== null);
    expect(b.notified).toEqual(['incoming Alice unverified']);
    // The invite names Alice's relay, so Bob joins the room there even if his own relay differs.
    const relayInvite = encodeInvite({ ...parseInvite(await inviteOf(alice)), relayUrl: 'wss://relay.example.org' });
    expect(b.store.getState().incoming).toMatchObject({ caller: { displayName: 'Alice' }, inviteLink: relayInvite, teamName: '' });
    await b.ringer.accept();
    expect(b.joined).toEqual([relayInvite]);
    await until(() => a.store.getState().outgoing?.callees[0]?.status === 'accepted');
    await until(() => a.history.length === 1);
    expect(a.history[0]).toMatchObject({ direction: 'outgoing', outcome: 'answered' });
    expect(b.history[0]).toMatchObject({ direction: 'incoming', outcome: 'answered' });
  });

  it('the relay sees only mailbox ids and opaque blobs: no identity key, name, invite or sender mailbox', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay);
    const b = ringerFor(bob, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start()]);
    await a.ringer.call([bob.entry]);
    await until(() => b.store.getState().incoming !== null);
    await b.ringer.decline();
    await until(() => relay.posts.length === 2);
    const secrets = [alice.id.identityKey, bob.id.identityKey, utf8ToBytes('Alice'), utf8ToBytes('Bob'), utf8ToBytes('parley://'), alice.mailboxId];
    const ring = relay.posts[0]!;
    expect(ring.mailboxId).toEqual(bob.mailboxId);
    expect(relay.posts[1]!.mailboxId).toEqual(alice.mailboxId); // the answer goes to A's mailbox...
    for (const post of relay.posts) {
      const hex = bytesToHex(post.blob);
      for (const secret of secrets) expect(hex.includes(bytesToHex(secret))).toBe(false); // ...but no blob names it
    }
    expect(relay.posts[0]!.blob.length).toBe(relay.posts[1]!.blob.length); // a ring and an answer look alike
  });

  it('declines reach the caller; a replayed ring is refused', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay);
    const b = ringerFor(bob, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start()]);
    await a.ringer.call([bob.entry]);
    await until(() => b.store.getState().incoming !== null);
    await b.ringer.decline();
    await until(() => a.store.getState().outgoing?.callees[0]?.status === 'declined');
    relay.redeliver(0); // the relay (or anyone who saw the blob) plays the ring again
    await until(() => b.store.getState().problem !== null);
    expect(b.store.getState().problem).toMatch(/seen before/);
    expect(b.store.getState().incoming).toBeNull();
  });

  it('a team call: one accepts, one declines, the caller sees both', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob, carol], relay);
    const b = ringerFor(bob, [alice], relay);
    const c = ringerFor(carol, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start(), c.ringer.start()]);
    await a.ringer.call([bob.entry, carol.entry], 'Ops');
    await until(() => b.store.getState().incoming !== null && c.store.getState().incoming !== null);
    expect(c.store.getState().incoming?.teamName).toBe('Ops');
    await b.ringer.accept();
    await c.ringer.decline();
    await until(() => a.history.length === 1);
    expect(a.store.getState().outgoing?.callees.map((x) => [x.displayName, x.status])).toEqual([['Bob', 'accepted'], ['Carol', 'declined']]);
    expect(a.history[0]).toMatchObject({ teamName: 'Ops', outcome: 'answered' });
  });

  it('a ring to an offline contact times out cleanly as no answer', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay, { ringMs: 100 });
    await a.ringer.start();
    await a.ringer.call([bob.entry]);
    await until(() => a.history.length === 1);
    expect(a.store.getState().outgoing?.callees[0]?.status).toBe('no-answer');
    expect(a.history[0]).toMatchObject({ outcome: 'no-answer' });
  });

  it('an unanswered ring expires on the callee side: a missed call, and the caller is told', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay, { ringMs: 150 });
    const b = ringerFor(bob, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start()]);
    await a.ringer.call([bob.entry]);
    await until(() => b.store.getState().incoming !== null);
    await until(() => b.store.getState().incoming === null);
    expect(b.history[0]).toMatchObject({ direction: 'incoming', outcome: 'missed' });
    expect(b.notified).toEqual(['incoming Alice unverified', 'missed Alice unverified']);
    await until(() => a.store.getState().outgoing?.callees[0]?.status === 'no-answer');
  });

  it('do not disturb: no ring, a missed call; rings from strangers are dropped', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay);
    const b = ringerFor(bob, [alice], relay, { doNotDisturb: true });
    const m = ringerFor(stranger, [bob], relay);
    await Promise.all([a.ringer.start(), b.ringer.start(), m.ringer.start()]);
    await a.ringer.call([bob.entry]);
    await until(() => b.history.length === 1);
    expect(b.store.getState().incoming).toBeNull();
    expect(b.history[0]).toMatchObject({ outcome: 'missed' });
    expect(b.notified).toEqual([]); // do not disturb: no OS notification either
    const c = ringerFor(bob, [alice], relay); // Bob without DND
    await c.ringer.start();
    await m.ringer.call([bob.entry]);
    await settle();
    expect(c.store.getState().incoming).toBeNull();
    expect(c.notified).toEqual([]);
  });
});

describe('Ringer: OS notifications', () => {
  it('carry the caller as the contact book knows them, verified state included', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay);
    const b = ringerFor(bob, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start()]);
    await b.ringer.call([alice.entry]);
    await until(() => a.store.getState().incoming !== null);
    expect(a.notified).toEqual(['incoming Bob verified']);
    await a.ringer.decline();
    expect(a.notified).toEqual(['incoming Bob verified']); // answering is not a missed call
  });
});

describe('Ringer: refusals', () => {
  it('refuses a ring into a room the caller does not host', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay, { hostedBy: carol });
    const b = ringerFor(bob, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start()]);
    await a.ringer.call([bob.entry]);
    await until(() => b.store.getState().problem !== null);
    expect(b.store.getState().problem).toMatch(/not for a room the caller hosts/);
    expect(b.store.getState().incoming).toBeNull();
  });
});

describe('Ringer: the caller stops ringing', () => {
  it('cancel stops the callee ringing and is kept as cancelled / missed', async () => {
    const relay = new FakeRelay();
    const a = ringerFor(alice, [bob], relay);
    const b = ringerFor(bob, [alice], relay);
    await Promise.all([a.ringer.start(), b.ringer.start()]);
    await a.ringer.call([bob.entry]);
    await until(() => b.store.getState().incoming !== null);
    await a.ringer.cancelOutgoing();
    await until(() => b.store.getState().incoming === null);
    expect(a.history[0]).toMatchObject({ outcome: 'cancelled' });
    await until(() => b.history.length === 1);
    expect(b.history[0]).toMatchObject({ outcome: 'missed' });
    expect(b.notified).toEqual(['incoming Alice unverified', 'missed Alice unverified']);
  });
});
