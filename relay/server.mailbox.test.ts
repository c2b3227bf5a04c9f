// The relay's side of contact mailboxes (PROTOCOL §13.4): delivery, the brief queue, limits with
// their error codes, and that a post is answered the same whether anybody listens or not.
import { afterEach, describe, expect, it } from 'vitest';
import { RelayErrorCode } from '../protocol/relay-wire/codec';
import { type RelayOptions, type RunningRelay, startRelay } from './server';
import { RawClient } from './test-helpers';

const quiet = { info: () => {}, warn: () => {} };
const box = (byte: number) => new Uint8Array(16).fill(byte);
let relay: RunningRelay | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await relay?.close();
  relay = undefined;
});

async function setup(options: RelayOptions = {}): Promise<(() => Promise<RawClient>)> {
  relay = await startRelay({ logger: quiet, shutdownGraceMs: 50, ...options });
  return async () => {
    const c = await RawClient.open(relay!.url);
    clients.push(c);
    return c;
  };
}

/** Lets the relay handle what was sent (a ws round trip: the ping's pong comes after it). */
const settle = (c: RawClient) => new Promise<void>((resolve) => c.ws.ping(undefined, undefined, () => setTimeout(resolve, 30)));

describe('relay mailboxes', () => {
  it('delivers a post to the listener as a mail frame, without a room', async () => {
    const open = await setup();
    const bob = await open();
    const alice = await open();
    bob.send({ type: 'listen', mailboxIds: [box(1)] });
    await settle(bob);
    alice.send({ type: 'post', mailboxId: box(1), blob: Uint8Array.of(1, 2, 3) });
    expect(await bob.next('mail')).toEqual({ type: 'mail', mailboxId: box(1), blob: Uint8Array.of(1, 2, 3) });
  });

  it('queues briefly for a mailbox nobody listens on; the sender sees no difference', async () => {
    const open = await setup({ mailbox: { queueExpiryMs: 300 } });
    const bob = await open();
    const alice = await open();
    bob.send({ type: 'listen', mailboxIds: [box(1)] });
    await settle(bob);
    alice.send({ type: 'post', mailboxId: box(1), blob: Uint8Array.of(1) }); // somebody listens
    alice.send({ type: 'post', mailboxId: box(2), blob: Uint8Array.of(2) }); // nobody listens
    alice.send({ type: 'post', mailboxId: box(3), blob: Uint8Array.of(3) }); // nobody, and nobody in time
    await settle(alice);
    expect(alice.frames).toEqual([]); // no answer to either post: no presence
    const carol = await open();
    carol.send({ type: 'listen', mailboxIds: [box(2)] });
    expect(await carol.next('mail')).toEqual({ type: 'mail', mailboxId: box(2), blob: Uint8Array.of(2) });
    await new Promise((r) => setTimeout(r, 350));
    const dave = await open();
    dave.send({ type: 'listen', mailboxIds: [box(3)] });
    await settle(dave);
    expect(dave.frames).toEqual([]); // expired
  });

  it('refuses too many mailbox ids, too many posts and too large posts with their error codes', async () => {
    const open = await setup({ mailbox: { maxListenIds: 2, postsPerSecond: 1, postBurst: 3, maxPostBytes: 8 } });
    const c = await open();
    c.send({ type: 'listen', mailboxIds: [box(1), box(2), box(3)] });
    expect(await c.next('error')).toEqual({ type: 'error', code: RelayErrorCode.tooManyMailboxes });
    c.send({ type: 'post', mailboxId: box(1), blob: new Uint8Array(9) });
    expect(await c.next('error')).toEqual({ type: 'error', code: RelayErrorCode.frameTooLarge });
    c.send({ type: 'post', mailboxId: box(1), blob: new Uint8Array(1) });
    c.send({ type: 'post', mailboxId: box(1), blob: new Uint8Array(1) });
    expect(await c.next('error')).toEqual({ type: 'error', code: RelayErrorCode.rateLimited });
  });

  it('counts listens against the same bucket as posts', async () => {
    const open = await setup({ mailbox: { postsPerSecond: 1, postBurst: 2 } });
    const c = await open();
    c.send({ type: 'listen', mailboxIds: [box(1)] });
    c.send({ type: 'listen', mailboxIds: [box(2)] });
    await settle(c);
    expect(c.frames).toEqual([]);
    c.send({ type: 'listen', mailboxIds: [box(3)] });
    expect(await c.next('error')).toEqual({ type: 'error', code: RelayErrorCode.rateLimited });
  });

  it('forgets a listener when its connection closes', async () => {
    const open = await setup({ mailbox: { queueExpiryMs: 5000 } });
    const bob = await open();
    bob.send({ type: 'listen', mailboxIds: [box(1)] });
    await settle(bob);
    bob.close();
    await bob.closed;
    const alice = await open();
    alice.send({ type: 'post', mailboxId: box(1), blob: Uint8Array.of(7) });
    await settle(alice);
    const bobAgain = await open();
    bobAgain.send({ type: 'listen', mailboxIds: [box(1)] });
    expect((await bobAgain.next('mail')).blob).toEqual(Uint8Array.of(7)); // it was queued, not sent to the dead socket
  });
});
