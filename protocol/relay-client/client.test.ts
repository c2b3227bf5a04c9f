// The relay client against the real relay on 127.0.0.1, with the `ws` package's WebSocket injected.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../relay/logger';
import { type RunningRelay, startRelay } from '../../relay/server';
import { CLOSE_CODE_BASE, CLOSE_SERVICE_RESTART, RelayErrorCode } from '../relay-wire/codec';
import { type RelayClientEvents, RelayClient, backoffDelay, relayCloseReason } from './client';
import type { Timers } from './socket';

const relays: RunningRelay[] = [];
const clients: RelayClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const r of relays.splice(0)) await r.close();
});

async function relayOn(port = 0): Promise<RunningRelay> {
  const relay = await startRelay({ port, logger: silentLogger, shutdownGraceMs: 500 });
  relays.push(relay);
  return relay;
}

function client(url: string): RelayClient {
  const c = new RelayClient({ url, WebSocket, backoff: { initialMs: 20, maxMs: 200 } });
  clients.push(c);
  return c;
}

function next<K extends keyof RelayClientEvents>(c: RelayClient, event: K, timeoutMs = 3000): Promise<RelayClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const off = c.on(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

const roomId = new Uint8Array(32).fill(0x33);
const bytes = (...v: number[]) => Uint8Array.from(v);

describe('RelayClient', () => {
  it('joins, exchanges messages and sees members come and go, with typed events', async () => {
    const relay = await relayOn();
    const a = client(relay.url);
    const b = client(relay.url);
    a.connect();
    a.join(roomId, { base: bytes(0xa0), oneTime: [bytes(0xa1)] });
    const ja = await next(a, 'joined');
    expect(ja).toMatchObject({ members: [], resumed: false });
    expect(a.connectionState).toBe('open');

    const announced = next(a, 'peer-joined');
    b.connect();
    b.join(roomId, () => ({ base: bytes(0xb0), oneTime: [bytes(0xb1)] }));
    const jb = await next(b, 'joined');
    expect(jb.members).toEqual([{ peerId: ja.peerId, base: bytes(0xa0), oneTime: bytes(0xa1) }]);
    expect((await announced).peerId).toEqual(jb.peerId);

    const got = next(a, 'message');
    expect(b.send(ja.peerId, bytes(1, 2, 3))).toBe(true);
    expect(await got).toEqual({ from: jb.peerId, envelope: bytes(1, 2, 3) });

    const error = next(b, 'error');
    b.send(new Uint8Array(16), bytes(1));
    expect(await error).toEqual({ code: RelayErrorCode.unknownPeer, name: 'unknownPeer', local: false });

    const left = next(a, 'peer-left');
    b.leave();
    expect((await left).peerId).toEqual(jb.peerId);
    expect(b.send(ja.peerId, bytes(1))).toBe(false);
  });

  it('reconnects after a relay restart and resumes membership as leave + join, never reusing one-time blobs', async () => {
    const first = await relayOn();
    const a = client(first.url);
    const b = client(first.url);
    const states: string[] = [];
    a.on('state', ({ state, closeCode }) => states.push(closeCode ? `${state}:${closeCode}` : state));
    a.connect();
    b.connect();
    a.join(roomId, { base: bytes(0xa0), oneTime: [bytes(0xa1), bytes(0xa2)] });
    const ja = await next(a, 'joined');
    b.join(roomId, { base: bytes(0xb0), oneTime: [] });
    await next(b, 'joined');

    const aResumed = next(a, 'joined', 5000);
    const bResumed = next(b, 'joined', 5000);
    await first.close();
    const second = await relayOn(first.port);
    const [ra, rb] = await Promise.all([aResumed, bResumed]);
    expect(ra.resumed).toBe(true);
    expect(rb.resumed).toBe(true);
    expect(ra.peerId).not.toEqual(ja.peerId); // a new id per join: others see leave + join
    expect(states).toContain(`reconnecting:${CLOSE_SERVICE_RESTART}`);
    expect(states.at(-1)).toBe('open');

    // Messages flow again; a's unused one-time blob (a2) is not re-published on resumption.
    const got = next(a, 'message');
    b.send(ra.peerId, bytes(7));
    expect((await got).envelope).toEqual(bytes(7));
    const c = client(second.url);
    c.connect();
    c.join(roomId, { base: bytes(0xc0), oneTime: [] });
    const jc = await next(c, 'joined');
    expect(jc.members).toContainEqual({ peerId: ra.peerId, base: bytes(0xa0), oneTime: new Uint8Array(0) });
  });

  it('backs off with full jitter, doubling up to the maximum, while the relay is unreachable', async () => {
    const relay = await relayOn();
    const url = relay.url;
    await relays.pop()!.close(); // now nothing listens there
    const delays: number[] = [];
    const timers: Timers = {
      setTimeout: (callback, ms) => {
        delays.push(ms);
        return setTimeout(callback, 1);
      },
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const c = new RelayClient({ url, WebSocket, backoff: { initialMs: 100, maxMs: 1000 }, random: () => 0.5, timers });
    clients.push(c);
    c.connect();
    await expect.poll(() => delays.length, { timeout: 5000 }).toBeGreaterThanOrEqual(6);
    c.close();
    expect(delays.slice(0, 6)).toEqual([50, 100, 200, 400, 500, 500]);
    expect(c.connectionState).toBe('closed');
  });

  it('closes a connection that is still being opened without an error nobody handles', async () => {
    const relay = await relayOn();
    const unhandled: unknown[] = [];
    // `ws` throws an 'error' event without a listener; record it instead of crashing the run.
    class WatchedSocket extends WebSocket {
      override emit(event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'error' && this.listenerCount('error') === 0) {
          unhandled.push(args[0]);
          return false;
        }
        return super.emit(event, ...args);
      }
    }
    const c = new RelayClient({ url: relay.url, WebSocket: WatchedSocket });
    c.connect();
    expect(c.connectionState).toBe('connecting');
    c.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);
    expect(c.connectionState).toBe('closed');
  });

  it('computes delays and close reasons', () => {
    expect(backoffDelay(0, 500, 30_000, () => 0.999)).toBe(499);
    expect(backoffDelay(10, 500, 30_000, () => 0.5)).toBe(15_000);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(0);
    expect(relayCloseReason(CLOSE_SERVICE_RESTART)).toBe('restart');
    expect(relayCloseReason(CLOSE_CODE_BASE + RelayErrorCode.slowConsumer)).toBe('slowConsumer');
    expect(relayCloseReason(1006)).toBeUndefined();
  });
});
