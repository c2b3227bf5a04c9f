import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_SERVICE_RESTART, RelayErrorCode } from '../protocol/relay-wire/codec';
import { createSocket } from 'node:dgram';
import { type RelayOptions, type RunningRelay, hostOf, startRelay } from './server';
import { MAGIC_COOKIE } from './stun';
import { RawClient, blob, prometheusNamingProblems, room } from './test-helpers';
import { RELAY_VERSION } from './version';
import { silentLogger } from './logger';
import { turnPassword } from './turn';

let relay: RunningRelay | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await relay?.close();
  relay = undefined;
});

async function start(options: RelayOptions = {}): Promise<RunningRelay> {
  relay = await startRelay({ logger: silentLogger, ...options });
  return relay;
}
async function client(): Promise<RawClient> {
  const c = await RawClient.open(relay!.url);
  clients.push(c);
  return c;
}

describe('relay protocol', () => {
  it('joins a room, hands out base + one one-time blob per member, forwards envelopes, announces leave', async () => {
    await start();
    const a = await client();
    a.send({ type: 'join', roomId: room(1), bundle: { base: blob(0xa0), oneTime: [blob(0xa1), blob(0xa2)] } });
    const joinedA = await a.next('joined');
    expect(joinedA.members).toEqual([]);
    expect(joinedA.peerId).toHaveLength(16);
    expect(joinedA.turn).toBeUndefined();

    const b = await client();
    b.send({ type: 'join', roomId: room(1), bundle: { base: blob(0xb0), oneTime: [blob(0xb1)] } });
    const joinedB = await b.next('joined');
    expect(joinedB.members).toEqual([{ peerId: joinedA.peerId, base: blob(0xa0), oneTime: blob(0xa1) }]);
    expect((await a.next('peer-joined')).peerId).toEqual(joinedB.peerId);

    const c = await client();
    c.send({ type: 'join', roomId: room(1), bundle: { base: blob(0xc0), oneTime: [] } });
    const joinedC = await c.next('joined');
    // a's first one-time blob went to b; c gets the second. b's only one went to c.
    expect(joinedC.members).toContainEqual({ peerId: joinedA.peerId, base: blob(0xa0), oneTime: blob(0xa2) });
    expect(joinedC.members).toContainEqual({ peerId: joinedB.peerId, base: blob(0xb0), oneTime: blob(0xb1) });

    // A fourth newcomer gets base blobs only once one-time blobs run out; publish replaces.
    a.send({ type: 'publish', bundle: { base: blob(0xaa), oneTime: [blob(0xab)] } });
    b.send({ type: 'send', to: joinedA.peerId, envelope: blob(1, 2, 3) });
    expect(await a.next('message')).toEqual({ type: 'message', from: joinedB.peerId, envelope: blob(1, 2, 3) });
    const d = await client();
    d.send({ type: 'join', roomId: room(1), bundle: { base: blob(0xd0), oneTime: [] } });
    const joinedD = await d.next('joined');
    expect(joinedD.members).toContainEqual({ peerId: joinedA.peerId, base: blob(0xaa), oneTime: blob(0xab) });
    expect(joinedD.members).toContainEqual({ peerId: joinedB.peerId, base: blob(0xb0), oneTime: new Uint8Array(0) });

    b.send({ type: 'leave' });
    expect((await a.next('peer-left')).peerId).toEqual(joinedB.peerId);
    c.close();
    expect((await a.next('peer-left')).peerId).toEqual(joinedC.peerId);

    // b left: sending to it, or from b, fails with distinct codes.
    a.send({ type: 'send', to: joinedB.peerId, envelope: blob(9) });
    expect(await a.next('error')).toEqual({ type: 'error', code: RelayErrorCode.unknownPeer });
    b.send({ type: 'send', to: joinedA.peerId, envelope: blob(9) });
    expect(await b.next('error')).toEqual({ type: 'error', code: RelayErrorCode.notInRoom });
    b.send({ type: 'leave' });
    expect(await b.next('error')).toEqual({ type: 'error', code: RelayErrorCode.notInRoom });
  });

  it('keeps rooms apart and gives a fresh peer id per join', async () => {
    await start();
    const a = await client();
    const b = await client();
    a.send({ type: 'join', roomId: room(1), bundle: { base: blob(1), oneTime: [] } });
    const first = await a.next('joined');
    b.send({ type: 'join', roomId: room(2), bundle: { base: blob(2), oneTime: [] } });
    expect((await b.next('joined')).members).toEqual([]);
    b.send({ type: 'send', to: first.peerId, envelope: blob(1) });
    expect(await b.next('error')).toEqual({ type: 'error', code: RelayErrorCode.unknownPeer });
    a.send({ type: 'leave' });
    a.send({ type: 'join', roomId: room(1), bundle: { base: blob(1), oneTime: [] } });
    expect((await a.next('joined')).peerId).not.toEqual(first.peerId);
  });

  it('hands out TURN REST credentials in joined when configured', async () => {
    await start({ turn: { secret: 'coturn-secret', urls: ['turn:127.0.0.1:3478?transport=udp'], ttlSeconds: 300 } });
    const a = await client();
    a.send({ type: 'join', roomId: room(3), bundle: { base: blob(1), oneTime: [] } });
    const { turn } = await a.next('joined');
    expect(turn?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
    expect(turn?.ttlSeconds).toBe(300);
    const expiry = Number(turn?.username.split(':')[0]);
    expect(Math.abs(expiry - (Date.now() / 1000 + 300))).toBeLessThan(5);
    expect(turn?.password).toBe(turnPassword('coturn-secret', turn!.username));
  });

  it('offers no STUN server on loopback unless asked, and names its own STUN server, after the operator\'s, where it runs one', async () => {
    await start();
    expect(relay!.stunPort).toBeNull();
    const a = await client();
    a.send({ type: 'join', roomId: room(4), bundle: { base: blob(1), oneTime: [] } });
    expect((await a.next('joined')).stunUrls).toBeUndefined();
    await relay!.close();

    await start({ stun: {}, stunUrls: ['stun:stun.example.org:3478'] });
    // Default: the relay's own port number, on UDP.
    expect(relay!.stunPort).toBe(relay!.port);
    const b = await client();
    b.send({ type: 'join', roomId: room(4), bundle: { base: blob(1), oneTime: [] } });
    expect((await b.next('joined')).stunUrls).toEqual(['stun:stun.example.org:3478', `stun:127.0.0.1:${relay!.port}`]);
    const socket = createSocket('udp4');
    const answer = new Promise<Buffer>((resolve) => socket.once('message', resolve));
    const request = Buffer.alloc(20);
    request.writeUInt16BE(1, 0);
    request.writeUInt32BE(MAGIC_COOKIE, 4);
    socket.send(request, relay!.stunPort!, '127.0.0.1');
    expect((await answer).readUInt16BE(0)).toBe(0x0101);
    socket.close();
    expect(relay!.metricsText()).toMatch(/parley_relay_stun_requests_total\{outcome="answered"\} 1/);
  });

  it('refuses to start when the STUN port is taken, saying which', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    await expect(startRelay({ logger: silentLogger, stun: { port: socket.address().port } })).rejects.toThrow(/STUN port \(UDP \d+\) is not free/);
    socket.close();
  });

  it('reads the host name from a Host header', () => {
    expect(hostOf('Relay.Example.org:8443')).toBe('relay.example.org');
    expect(hostOf('[::1]:9')).toBe('[::1]');
    expect(hostOf('10.0.0.2')).toBe('10.0.0.2');
    expect(hostOf('bad host')).toBeNull();
    expect(hostOf(undefined)).toBeNull();
  });

  it('lets the onForward hook see every byte sent to clients', async () => {
    const seen: Uint8Array[] = [];
    await start({ onForward: (bytes) => seen.push(bytes) });
    const a = await client();
    const b = await client();
    a.send({ type: 'join', roomId: room(4), bundle: { base: blob(7), oneTime: [] } });
    const ja = await a.next('joined');
    b.send({ type: 'join', roomId: room(4), bundle: { base: blob(8), oneTime: [] } });
    await b.next('joined');
    b.send({ type: 'send', to: ja.peerId, envelope: blob(0xfe, 0xed) });
    await a.next('message');
    const hex = seen.map((f) => Buffer.from(f).toString('hex'));
    expect(hex.some((h) => h.endsWith('feed') && h.startsWith('0184'))).toBe(true);
    expect(hex.filter((h) => h.startsWith('0181'))).toHaveLength(2);
  });

  it('serves /healthz, /metrics and a /join page that keeps the fragment client-side', async () => {
    await start();
    const http = relay!.url.replace('ws://', 'http://');
    const health = await fetch(`${http}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: RELAY_VERSION });
    const a = await client();
    a.send({ type: 'join', roomId: room(5), bundle: { base: blob(1), oneTime: [] } });
    await a.next('joined');
    expect(relay!.metricsUrl).toBe(`${http}/metrics`);
    const metrics = await (await fetch(`${http}/metrics`)).text();
    expect(metrics).toContain(`parley_relay_build_info{version="${RELAY_VERSION}"} 1\n`);
    expect(metrics).toContain('parley_relay_connections 1\n');
    expect(metrics).toContain('parley_relay_rooms 1\n');
    expect(metrics).toMatch(/parley_relay_received_frames_total 1\n/);
    expect(prometheusNamingProblems(metrics)).toEqual([]);
    const join = await fetch(`${http}/join`);
    const csp = join.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await join.text();
    expect(html).toContain("'parley://join?relay='+encodeURIComponent(r)+location.hash");
    // The CSP allows exactly the page's one inline script, by its SHA-256.
    const inline = /<script>([^<]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(inline).digest('base64')}'`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await fetch(`${http}/nope`)).status).toBe(404);
    expect((await fetch(`${http}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('serves /metrics on its own listen address only, when given one', async () => {
    await start({ metricsListen: { host: '127.0.0.1', port: 0 } });
    const http = relay!.url.replace('ws://', 'http://');
    expect(relay!.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(relay!.metricsUrl).not.toBe(`${http}/metrics`);
    expect((await fetch(`${http}/metrics`)).status).toBe(404);
    expect((await fetch(`${http}/healthz`)).status).toBe(200);
    expect((await fetch(`${http}/join`)).status).toBe(200);
    const metrics = await fetch(relay!.metricsUrl);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('parley_relay_connections 0\n');
    const metricsBase = relay!.metricsUrl.replace(/\/metrics$/, '');
    expect((await fetch(`${metricsBase}/healthz`)).status).toBe(200);
    expect((await fetch(`${metricsBase}/join`)).status).toBe(404);
    await relay!.close();
    await expect(fetch(relay!.metricsUrl)).rejects.toThrow();
    relay = undefined;
  });

  it('fails to start with the port taken, and leaves nothing listening', async () => {
    await start();
    await expect(startRelay({ logger: silentLogger, port: relay!.port })).rejects.toThrow(/EADDRINUSE/);
    const metricsTaken = startRelay({ logger: silentLogger, metricsListen: { port: relay!.port } });
    await expect(metricsTaken).rejects.toThrow(/EADDRINUSE/);
  });

  it('reports shutting down as 503 on /healthz while clients are still being let go', async () => {
    await start({ shutdownGraceMs: 800, metricsListen: { port: 0 } });
    const healthz = relay!.metricsUrl.replace(/\/metrics$/, '/healthz');
    const a = await client();
    // A client that stops reading never completes the close handshake: the grace period runs.
    (a.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const closing = relay!.close();
    relay = undefined;
    const health = await fetch(healthz);
    expect(health.status).toBe(503);
    expect((await health.json()).status).toBe('shutting-down');
    await closing;
  });

  it('shuts down gracefully: clients get shuttingDown and close 1012 (reconnect)', async () => {
    await start();
    const a = await client();
    a.send({ type: 'join', roomId: room(6), bundle: { base: blob(1), oneTime: [] } });
    await a.next('joined');
    const closing = relay!.close();
    relay = undefined;
    expect(await a.next('error')).toEqual({ type: 'error', code: RelayErrorCode.shuttingDown });
    expect((await a.closed).code).toBe(CLOSE_SERVICE_RESTART);
    await closing;
  });
});
