// One test per abuse limit, each asserting its own error code (docs/PROTOCOL.md §10.4).
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODE_BASE, RelayErrorCode } from '../protocol/relay-wire/codec';
import type { RelayLimits } from './limits';
import { silentLogger } from './logger';
import { type RunningRelay, startRelay } from './server';
import { RawClient, blob, room } from './test-helpers';

let relay: RunningRelay | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await relay?.close();
  relay = undefined;
});

async function start(limits: Partial<RelayLimits>): Promise<RunningRelay> {
  relay = await startRelay({ logger: silentLogger, limits });
  return relay;
}
async function client(options = {}): Promise<RawClient> {
  const c = await RawClient.open(relay!.url, options);
  clients.push(c);
  return c;
}
async function joined(c: RawClient, roomByte: number) {
  c.send({ type: 'join', roomId: room(roomByte), bundle: { base: blob(1), oneTime: [] } });
  return c.next('joined');
}
const errorCode = async (c: RawClient) => (await c.next('error')).code;

describe('relay limits', () => {
  it('max frame size: frameTooLarge above the limit, close 1009 above the hard cap', async () => {
    await start({ maxFrameBytes: 100, hardMaxFrameBytes: 200 });
    const a = await client();
    const b = await client();
    const ja = await joined(a, 1);
    await joined(b, 1);
    b.send({ type: 'send', to: ja.peerId, envelope: new Uint8Array(150) });
    expect(await errorCode(b)).toBe(RelayErrorCode.frameTooLarge);
    b.send({ type: 'send', to: ja.peerId, envelope: new Uint8Array(80) });
    expect((await a.next('message')).envelope).toHaveLength(80);
    b.ws.send(new Uint8Array(300));
    expect((await b.closed).code).toBe(1009);
  });

  it('per-connection rate: rateLimited once the token bucket is empty', async () => {
    await start({ framesPerSecond: 5, frameBurst: 5, maxViolations: 1000 });
    const a = await client();
    const ja = await joined(a, 1); // 1 token
    for (let i = 0; i < 10; i++) a.send({ type: 'send', to: ja.peerId, envelope: blob(i) });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push(await errorCode(a));
    expect(codes).toEqual(Array(6).fill(RelayErrorCode.rateLimited));
    // 4 tokens were left after the join: those to-self messages arrive, nothing else.
    await expect.poll(() => a.frames.filter((f) => f.type === 'message').length).toBe(4);
    expect(a.frames.filter((f) => f.type === 'error')).toEqual([]);
  });

  it('members per room: roomFull for the member after the limit', async () => {
    await start({ maxMembersPerRoom: 2 });
    await joined(await client(), 1);
    await joined(await client(), 1);
    const c = await client();
    c.send({ type: 'join', roomId: room(1), bundle: { base: blob(1), oneTime: [] } });
    expect(await errorCode(c)).toBe(RelayErrorCode.roomFull);
    expect((await joined(c, 2)).members).toEqual([]); // another room still works
  });

  it('rooms per connection: tooManyRooms on a second join', async () => {
    await start({});
    const a = await client();
    await joined(a, 1);
    a.send({ type: 'join', roomId: room(2), bundle: { base: blob(1), oneTime: [] } });
    expect(await errorCode(a)).toBe(RelayErrorCode.tooManyRooms);
  });

  it('connections per address: tooManyConnections, then close', async () => {
    await start({ maxConnectionsPerAddress: 2 });
    await client();
    await client();
    const third = await client();
    expect(await errorCode(third)).toBe(RelayErrorCode.tooManyConnections);
    expect((await third.closed).code).toBe(CLOSE_CODE_BASE + RelayErrorCode.tooManyConnections);
  });

  it('idle timeout: a client that answers no ping is cut off, a live one stays', async () => {
    await start({ idleTimeoutMs: 200 });
    const dead = await client({ autoPong: false });
    const live = await client();
    const started = Date.now();
    await dead.closed;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(relay!.metricsText()).toContain('parley_relay_closed_connections_total{reason="idleTimeout"} 1');
    await new Promise((r) => setTimeout(r, 300));
    expect(live.ws.readyState).toBe(live.ws.OPEN);
  });

  it('slow consumer: a receiver that stops reading is disconnected, others are unaffected', async () => {
    await start({ maxBufferedBytes: 256 * 1024, framesPerSecond: 1e6, frameBurst: 1e6 });
    const sender = await client();
    const slow = await client();
    const other = await client();
    const js = await joined(sender, 1);
    const jSlow = await joined(slow, 1);
    const jOther = await joined(other, 1);
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const chunk = new Uint8Array(32 * 1024);
    for (let i = 0; i < 600 && slow.ws.readyState === slow.ws.OPEN; i++) {
      sender.send({ type: 'send', to: jSlow.peerId, envelope: chunk });
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await expect.poll(() => relay!.metricsText(), { timeout: 5000 }).toContain('parley_relay_closed_connections_total{reason="slowConsumer"} 1');
    expect((await sender.next('peer-left', 5000)).peerId).toEqual(jSlow.peerId);
    sender.send({ type: 'send', to: jOther.peerId, envelope: blob(42) });
    expect(await other.next('message')).toEqual({ type: 'message', from: js.peerId, envelope: blob(42) });
  });

  it('malformed input: an error per frame, a close when repeated, other rooms unaffected', async () => {
    await start({ maxViolations: 4 });
    const a = await client();
    const b = await client();
    const bad = await client();
    const ja = await joined(a, 1);
    const jb = await joined(b, 1);
    bad.ws.send(Uint8Array.of(1, 0x77));
    expect(await errorCode(bad)).toBe(RelayErrorCode.malformed);
    bad.ws.send(Uint8Array.of(9, 4));
    expect(await errorCode(bad)).toBe(RelayErrorCode.unsupportedVersion);
    bad.ws.send('text frames are not the protocol');
    expect(await errorCode(bad)).toBe(RelayErrorCode.malformed);
    bad.ws.send(Uint8Array.of(1, 1, 0));
    expect(await errorCode(bad)).toBe(RelayErrorCode.malformed);
    expect((await bad.closed).code).toBe(CLOSE_CODE_BASE + RelayErrorCode.malformed);
    // Four refused frames and one closed connection: the last violation counts once in each.
    const metrics = relay!.metricsText();
    expect(metrics).toContain('parley_relay_refused_frames_total{reason="malformed"} 3\nparley_relay_refused_frames_total{reason="unsupportedVersion"} 1\n');
    expect(metrics).toContain('# TYPE parley_relay_closed_connections_total counter\nparley_relay_closed_connections_total{reason="malformed"} 1\n#');
    a.send({ type: 'send', to: jb.peerId, envelope: blob(5) });
    expect(await b.next('message')).toEqual({ type: 'message', from: ja.peerId, envelope: blob(5) });
  });

  it('bundle size: bundleTooLarge for too many one-time blobs', async () => {
    await start({ maxOneTimeBlobs: 2 });
    const a = await client();
    a.send({ type: 'join', roomId: room(1), bundle: { base: blob(1), oneTime: [blob(1), blob(2), blob(3)] } });
    expect(await errorCode(a)).toBe(RelayErrorCode.bundleTooLarge);
    await joined(a, 1);
    a.send({ type: 'publish', bundle: { base: blob(1), oneTime: [blob(1), blob(2), blob(3)] } });
    expect(await errorCode(a)).toBe(RelayErrorCode.bundleTooLarge);
  });
});
