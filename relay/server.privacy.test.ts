// Privacy: everything the relay logs during a busy session (joins, messages, violations, closes,
// shutdown) is captured, and none of the room id, peer ids, payload bytes or client address is in it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningRelay, startRelay } from './server';
import { RawClient, blob } from './test-helpers';

const captured: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  captured.length = 0;
});

function captureOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')));
  }
}

async function busySession(relay: RunningRelay, roomId: Uint8Array, payload: Uint8Array): Promise<Uint8Array[]> {
  const a = await RawClient.open(relay.url);
  const b = await RawClient.open(relay.url);
  a.send({ type: 'join', roomId, bundle: { base: payload, oneTime: [payload] } });
  const ja = await a.next('joined');
  b.send({ type: 'join', roomId, bundle: { base: payload, oneTime: [] } });
  const jb = await b.next('joined');
  b.send({ type: 'send', to: ja.peerId, envelope: payload });
  await a.next('message');
  for (let i = 0; i < 3; i++) b.ws.send(Uint8Array.of(1, 0x66, ...payload)); // violations -> close
  await b.closed;
  await a.next('peer-left');
  await relay.close();
  a.close();
  return [ja.peerId, jb.peerId];
}

const forms = (bytes: Uint8Array) => {
  const buf = Buffer.from(bytes);
  return [buf.toString('hex'), buf.toString('hex').toUpperCase(), buf.toString('base64'), buf.toString('base64url')];
};

describe('relay logging', () => {
  it('logs no room id, peer id, payload or address', async () => {
    captureOutput();
    const roomId = new Uint8Array(32).map((_, i) => 0x40 + i);
    const payload = blob(0x53, 0x45, 0x43, 0x52, 0x45, 0x54, 0x2d, 0x53, 0x44, 0x50); // "SECRET-SDP"
    const relay = await startRelay({ limits: { maxViolations: 3 } });
    const peerIds = await busySession(relay, roomId, payload);
    vi.restoreAllMocks();

    const log = captured.join('');
    expect(log).toContain('connection-closed'); // something was logged: the test can see it
    expect(log).toContain('"reason":"malformed"');
    for (const secret of [roomId, payload, ...peerIds]) {
      for (const form of forms(secret)) expect(log).not.toContain(form);
    }
    expect(log).not.toContain('SECRET-SDP');
    expect(log).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
  });

  it('logs addresses only when the operator opts in', async () => {
    captureOutput();
    const relay = await startRelay({ limits: { maxViolations: 3 }, logAddresses: true });
    await busySession(relay, new Uint8Array(32).fill(1), blob(1, 2, 3));
    vi.restoreAllMocks();
    expect(captured.join('')).toMatch(/"address":"(::ffff:)?127\.0\.0\.1"/);
  });
});
