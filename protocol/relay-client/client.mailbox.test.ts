// The relay client's mailbox side (PROTOCOL §13.4) against the real relay: listen, post, mail,
// and listening again after the relay restarts.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../relay/logger';
import { type RunningRelay, startRelay } from '../../relay/server';
import { type RelayClientEvents, RelayClient } from './client';

const relays: RunningRelay[] = [];
const clients: RelayClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const r of relays.splice(0)) await r.close();
});

async function relayOn(port = 0): Promise<RunningRelay> {
  const relay = await startRelay({ port, logger: silentLogger, shutdownGraceMs: 200 });
  relays.push(relay);
  return relay;
}

function client(url: string): RelayClient {
  const c = new RelayClient({ url, WebSocket, backoff: { initialMs: 20, maxMs: 100 } });
  clients.push(c);
  c.connect();
  return c;
}

function next<K extends keyof RelayClientEvents>(c: RelayClient, event: K, match: (e: RelayClientEvents[K]) => boolean = () => true): Promise<RelayClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 3 s`)), 3000);
    const off = c.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

const box = new Uint8Array(16).fill(0x42);

describe('RelayClient mailboxes', () => {
  it('listens, receives posts as mail, and listens again after the relay restarts', async () => {
    const relay = await relayOn();
    const bob = client(relay.url);
    bob.listen([box]);
    const alice = client(relay.url);
    await Promise.all([next(bob, 'state', (e) => e.state === 'open'), next(alice, 'state', (e) => e.state === 'open')]);
    const mail = next(bob, 'mail');
    expect(alice.post(box, Uint8Array.of(1, 2))).toBe(true);
    expect(await mail).toEqual({ mailboxId: box, blob: Uint8Array.of(1, 2) });

    const port = relay.port;
    await relay.close();
    relays.splice(0);
    await relayOn(port);
    await Promise.all([next(bob, 'state', (e) => e.state === 'open'), next(alice, 'state', (e) => e.state === 'open')]);
    const mailAgain = next(bob, 'mail');
    // The relay queues a post that races ahead of bob's listen, so no waiting is needed here.
    alice.post(box, Uint8Array.of(3));
    expect((await mailAgain).blob).toEqual(Uint8Array.of(3));
  });

  it('post is false while not connected', () => {
    const c = new RelayClient({ url: 'ws://127.0.0.1:9', WebSocket });
    expect(c.post(box, Uint8Array.of(1))).toBe(false);
  });
});
