// Fuzz: >= 100,000 random and mutated frames over real sockets while a well-behaved pair in another
// room keeps exchanging messages. The relay must stay up, answer /healthz, and the pair must see
// every one of its messages intact and in order. Seeded: a failure names the seed to replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ClientFrame, encodeClientFrame } from '../protocol/relay-wire/codec';
import { silentLogger } from './logger';
import { type RunningRelay, startRelay } from './server';
import { type Rng, mutate, prng } from '../test/fuzz/rng';
import { RawClient, room } from './test-helpers';

const TOTAL_FRAMES = 100_000;
const FUZZERS = 8;
const BATCH = 250;
const SEED = Number(process.env.RELAY_FUZZ_SEED ?? Date.now() % 2 ** 31);

function frameMaker(rng: Rng) {
  const { int, bytes } = rng;
  const valid = (): ClientFrame => {
    switch (int(4)) {
      case 0:
        return { type: 'join', roomId: int(2) ? room(0x80 + int(4)) : bytes(32), bundle: { base: bytes(int(40)), oneTime: Array.from({ length: int(4) }, () => bytes(int(20))) } };
      case 1:
        return { type: 'publish', bundle: { base: bytes(int(40)), oneTime: Array.from({ length: int(4) }, () => bytes(int(20))) } };
      case 2:
        return { type: 'send', to: bytes(16), envelope: bytes(int(64)) };
      default:
        return { type: 'leave' };
    }
  };
  return (): Uint8Array | string => {
    const kind = int(10);
    if (kind === 0) return bytes(int(80)); // noise
    if (kind === 1) return 'not binary'; // a text frame
    const frame = encodeClientFrame(valid());
    if (kind < 4) return frame; // well-formed, aimed at nobody in particular
    if (kind === 4) return Uint8Array.from([1, int(256), ...frame.subarray(2)]); // any type
    return mutate(rng, frame); // the fuzz campaign's mutations (test/fuzz/rng.ts)
  };
}

let relay: RunningRelay;
beforeAll(async () => {
  relay = await startRelay({
    logger: silentLogger,
    limits: { framesPerSecond: 1e6, frameBurst: 1e6, maxViolations: 2000, maxConnectionsPerAddress: 1000 },
  });
});
afterAll(async () => {
  await relay.close();
});

function openSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', () => {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function fuzzer(id: number, frames: number): Promise<{ sent: number; reconnects: number }> {
  const next = frameMaker(prng(SEED + id));
  let ws = await openSocket(relay.url);
  let sent = 0;
  let reconnects = 0;
  while (sent < frames) {
    if (ws.readyState !== ws.OPEN) {
      ws = await openSocket(relay.url);
      reconnects++;
    }
    const batch = Math.min(BATCH, frames - sent);
    for (let i = 0; i < batch; i++) ws.send(next());
    sent += batch;
    // Flow control: wait until the batch left our buffer and the relay answered a ping.
    await new Promise<void>((resolve) => {
      if (ws.readyState !== ws.OPEN) return resolve();
      const done = () => {
        ws.off('close', done);
        resolve();
      };
      ws.once('pong', done);
      ws.once('close', done);
      ws.ping();
    });
  }
  ws.terminate();
  return { sent, reconnects };
}

describe('relay fuzz', () => {
  it(`survives ${TOTAL_FRAMES} random and mutated frames (seed ${SEED}) while a pair keeps talking`, async () => {
    const a = await RawClient.open(relay.url);
    const b = await RawClient.open(relay.url);
    a.send({ type: 'join', roomId: room(1), bundle: { base: new Uint8Array(1), oneTime: [] } });
    const ja = await a.next('joined');
    b.send({ type: 'join', roomId: room(1), bundle: { base: new Uint8Array(1), oneTime: [] } });
    const jb = await b.next('joined');
    await a.next('peer-joined');

    let fuzzing = true;
    let roundTrips = 0;
    const times = [Date.now()];
    const pair = (async () => {
      while (fuzzing) {
        const payload = Uint8Array.of(roundTrips & 0xff, (roundTrips >> 8) & 0xff, 0x5a);
        a.send({ type: 'send', to: jb.peerId, envelope: payload });
        expect(await b.next('message', 5000)).toEqual({ type: 'message', from: ja.peerId, envelope: payload });
        b.send({ type: 'send', to: ja.peerId, envelope: payload });
        expect(await a.next('message', 5000)).toEqual({ type: 'message', from: jb.peerId, envelope: payload });
        roundTrips++;
        times.push(Date.now());
      }
    })();

    const started = Date.now();
    const results = await Promise.all(Array.from({ length: FUZZERS }, (_, i) => fuzzer(i, TOTAL_FRAMES / FUZZERS)));
    fuzzing = false;
    await pair;
    times.push(Date.now());
    const longestGapMs = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    console.info(`relay fuzz: ${TOTAL_FRAMES} frames in ${Date.now() - started} ms, pair round trips ${roundTrips}, longest gap ${longestGapMs} ms`);

    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(TOTAL_FRAMES);
    // The pair was served throughout: it never waited long for the relay (the bound leaves room
    // for a machine shared with other work; unloaded, the longest gap is a few hundred ms).
    expect(roundTrips).toBeGreaterThan(5);
    expect(longestGapMs).toBeLessThan(5000);
    expect(a.frames.concat(b.frames).filter((f) => f.type === 'error' || f.type === 'peer-left')).toEqual([]);
    const http = relay.url.replace('ws://', 'http://');
    expect((await fetch(`${http}/healthz`)).status).toBe(200);
    const framesIn = Number(/parley_relay_received_frames_total (\d+)/.exec(relay.metricsText())?.[1]);
    expect(framesIn).toBeGreaterThanOrEqual(TOTAL_FRAMES);
    a.close();
    b.close();
  }, 60_000);
});
