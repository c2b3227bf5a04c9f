// Contact mailboxes across relay instances (PROTOCOL §13.4 with Redis): two in-process relays,
// each with its own Redis connections, and a real redis-server on 127.0.0.1.
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeServerFrame } from '../protocol/relay-wire/codec';
import { resolveMailboxLimits } from './mailbox';
import { RedisMailboxes } from './mailbox-redis';
import { type RelayOptions, type RunningRelay, startRelay } from './server';
import { RawClient, startRedisServer } from './test-helpers';

const EXPIRY_MS = 1000;
const quiet = { info: () => {}, warn: () => {} };
const box = (byte: number) => new Uint8Array(16).fill(byte);
const hex = (id: Uint8Array) => Buffer.from(id).toString('hex');
const queueKey = (id: Uint8Array) => `parley:mq:${hex(id)}`;
const channel = (id: Uint8Array) => `parley:mc:${hex(id)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let redisServer: ChildProcess | undefined;
let redisUrl = '';
let inspect: Redis;
const relays: RunningRelay[] = [];
const clients: RawClient[] = [];
const connections: Redis[] = [];

beforeAll(async () => {
  const started = await startRedisServer();
  redisServer = started.child;
  redisUrl = started.url;
  inspect = new Redis(redisUrl);
});

afterAll(async () => {
  await inspect?.quit();
  redisServer?.kill('SIGKILL');
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await Promise.all(connections.splice(0).map((c) => c.quit()));
  await inspect.flushall();
});

async function twoRelays(mailbox: RelayOptions['mailbox'] = {}): Promise<[RunningRelay, RunningRelay]> {
  const options: RelayOptions = { logger: quiet, shutdownGraceMs: 50, redis: { url: redisUrl }, mailbox: { queueExpiryMs: EXPIRY_MS, ...mailbox } };
  const pair = await Promise.all([startRelay(options), startRelay(options)]);
  relays.push(...pair);
  return pair;
}

async function open(relay: RunningRelay): Promise<RawClient> {
  const c = await RawClient.open(relay.url);
  clients.push(c);
  return c;
}

/** Lets the relay handle what was sent (a ws round trip: the ping's pong comes after it). */
const settle = (c: RawClient) => new Promise<void>((resolve) => c.ws.ping(undefined, undefined, () => setTimeout(resolve, 30)));

/** Waits until `n` relay instances are subscribed to the mailbox's channel. */
async function subscribers(id: Uint8Array, n: number): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const [, count] = (await inspect.pubsub('NUMSUB', channel(id))) as [string, number];
    if (count === n) return;
    if (Date.now() > deadline) throw new Error(`${count} subscribers, expected ${n}`);
    await sleep(10);
  }
}

describe('relay mailboxes over Redis', () => {
  it('delivers a post through instance B to a listener on instance A, live, and answers neither post', async () => {
    const [a, b] = await twoRelays();
    const bob = await open(a);
    bob.send({ type: 'listen', mailboxIds: [box(1)] });
    await subscribers(box(1), 1);

    const alice = await open(b);
    alice.send({ type: 'post', mailboxId: box(1), blob: Uint8Array.of(1, 2, 3) }); // listened, on A
    alice.send({ type: 'post', mailboxId: box(2), blob: Uint8Array.of(4) }); // nobody listens
    expect(await bob.next('mail')).toEqual({ type: 'mail', mailboxId: box(1), blob: Uint8Array.of(1, 2, 3) });
    await settle(alice);
    expect(alice.frames).toEqual([]); // no presence: the sender hears nothing either way
    expect(await inspect.exists(queueKey(box(1)))).toBe(0); // delivered live, not also queued
    expect(await inspect.llen(queueKey(box(2)))).toBe(1);
  });

  it('hands mail posted on A to a listener that connects to B within the expiry, once', async () => {
    const [a, b] = await twoRelays();
    const alice = await open(a);
    alice.send({ type: 'post', mailboxId: box(3), blob: Uint8Array.of(7) });
    await settle(alice);
    const ttl = await inspect.pttl(queueKey(box(3)));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(EXPIRY_MS); // Redis itself forgets the queue within the expiry

    const carol = await open(b);
    carol.send({ type: 'listen', mailboxIds: [box(3)] });
    expect(await carol.next('mail')).toEqual({ type: 'mail', mailboxId: box(3), blob: Uint8Array.of(7) });
    expect(await inspect.exists(queueKey(box(3)))).toBe(0);
    const dave = await open(a);
    dave.send({ type: 'listen', mailboxIds: [box(3)] });
    await subscribers(box(3), 2);
    await settle(dave);
    expect(dave.frames).toEqual([]); // handed out once
  });

  it('delivers nothing after the expiry', async () => {
    const [a, b] = await twoRelays();
    const alice = await open(a);
    alice.send({ type: 'post', mailboxId: box(4), blob: Uint8Array.of(9) });
    await settle(alice);
    expect(await inspect.exists(queueKey(box(4)))).toBe(1);
    await sleep(EXPIRY_MS + 100);
    expect(await inspect.exists(queueKey(box(4)))).toBe(0);
    const late = await open(b);
    late.send({ type: 'listen', mailboxIds: [box(4)] });
    await subscribers(box(4), 1);
    await settle(late);
    expect(late.frames).toEqual([]);
  });

  it('skips expired entries of a queue that is still alive', async () => {
    const [a, b] = await twoRelays();
    const alice = await open(a);
    alice.send({ type: 'post', mailboxId: box(5), blob: Uint8Array.of(1) });
    await sleep(EXPIRY_MS - 150);
    alice.send({ type: 'post', mailboxId: box(5), blob: Uint8Array.of(2) }); // keeps the key alive
    await sleep(250); // the first post has expired, the second has not
    expect(await inspect.llen(queueKey(box(5)))).toBe(2);
    const bob = await open(b);
    bob.send({ type: 'listen', mailboxIds: [box(5)] });
    expect((await bob.next('mail')).blob).toEqual(Uint8Array.of(2));
    await settle(bob);
    expect(bob.frames).toEqual([]);
  });

  it('keeps at most maxQueuedPerMailbox posts per mailbox (oldest out) and a byte budget per instance', async () => {
    const [a, b] = await twoRelays({ maxQueuedPerMailbox: 3, maxQueuedBytes: 5 * 19 }); // a mail frame of 1 byte is 19 bytes
    const alice = await open(a);
    for (const tag of [1, 2, 3, 4, 5]) alice.send({ type: 'post', mailboxId: box(6), blob: Uint8Array.of(tag) });
    await settle(alice);
    expect(await inspect.llen(queueKey(box(6)))).toBe(3);
    // Five frames charged against A's budget (the two pushed out still count until they expire):
    // A queues nothing more, while B, with a budget of its own, still does.
    alice.send({ type: 'post', mailboxId: box(7), blob: Uint8Array.of(6) });
    const eve = await open(b);
    eve.send({ type: 'post', mailboxId: box(7), blob: Uint8Array.of(7) });
    await settle(alice);
    await settle(eve);

    const bob = await open(b);
    bob.send({ type: 'listen', mailboxIds: [box(6), box(7)] });
    const got = [await bob.next('mail'), await bob.next('mail'), await bob.next('mail'), await bob.next('mail')];
    await settle(bob);
    expect(bob.frames).toEqual([]);
    expect(got.filter((m) => hex(m.mailboxId) === hex(box(6))).map((m) => m.blob[0])).toEqual([3, 4, 5]);
    expect(got.filter((m) => hex(m.mailboxId) === hex(box(7))).map((m) => m.blob[0])).toEqual([7]);
  });

  it('delivers mail posted while an instance reconnects to Redis', async () => {
    const [a, b] = await twoRelays();
    const bob = await open(a);
    bob.send({ type: 'listen', mailboxIds: [box(8)] });
    await subscribers(box(8), 1);
    const alice = await open(b);
    await inspect.call('CLIENT', 'KILL', 'TYPE', 'pubsub'); // every instance loses its subscriptions
    alice.send({ type: 'post', mailboxId: box(8), blob: Uint8Array.of(5) });
    expect((await bob.next('mail')).blob).toEqual(Uint8Array.of(5));
  });
});

describe('RedisMailboxes', () => {
  async function hub(): Promise<{ mailboxes: RedisMailboxes; subscriber: Redis }> {
    const commands = new Redis(redisUrl);
    const subscriber = new Redis(redisUrl);
    connections.push(commands, subscriber);
    await subscriber.subscribe('unrelated'); // subscriber mode, as the room backend leaves it
    return { mailboxes: new RedisMailboxes(commands, subscriber, resolveMailboxLimits({ queueExpiryMs: EXPIRY_MS }), () => {}), subscriber };
  }

  it('posts again what reached it alone after its last listener left, and drops what other instances had', async () => {
    const [one, two] = await Promise.all([hub(), hub()]);
    const mail = (tag: number) => encodeServerFrame({ type: 'mail', mailboxId: box(9), blob: Uint8Array.of(tag) });
    const late = (flag: number, tag: number) =>
      one.subscriber.emit('messageBuffer', Buffer.from(channel(box(9))), Buffer.concat([Buffer.of(flag), mail(tag)]));
    late(1, 1); // this instance was the only subscriber: nobody else has it
    late(0, 2); // others were subscribed too: they delivered it
    await one.mailboxes.close();
    expect(await inspect.llen(queueKey(box(9)))).toBe(1);

    const got: Uint8Array[] = [];
    two.mailboxes.listen({ deliver: (frame) => got.push(frame) }, [hex(box(9))]);
    await two.mailboxes.close();
    expect(got).toEqual([mail(1)]);
  });
});
