// Scale-out over a real redis-server and two real relay processes (children, so one can be
// SIGKILLed): one room spans both; a crashed instance's members vanish within the member TTL.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayErrorCode } from '../protocol/relay-wire/codec';
import type { LogFields } from './logger';
import { startRelay } from './server';
import { RawClient, blob, room, startRedisServer, waitForOutput } from './test-helpers';

const MEMBER_TTL_MS = 1500;
const children: ChildProcess[] = [];
const clients: RawClient[] = [];
let redisUrl = '';

async function startInstance(...flags: string[]): Promise<{ url: string; child: ChildProcess }> {
  const main = path.join(import.meta.dirname, 'main.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--port', '0', '--redis', redisUrl, '--redis-member-ttl-ms', String(MEMBER_TTL_MS), ...flags],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const [, url] = (await waitForOutput(child, /listening on (ws:\/\/\S+)/, 'relay')) as [string, string];
  return { url, child };
}

async function client(url: string): Promise<RawClient> {
  const c = await RawClient.open(url);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const redis = await startRedisServer();
  children.push(redis.child);
  redisUrl = redis.url;
});

afterAll(() => {
  for (const c of clients) c.close();
  for (const child of children.reverse()) child.kill('SIGKILL');
});

describe('relay scale-out over Redis', () => {
  it('serves one room from two processes and drops a killed instance’s peers within the TTL', async () => {
    const [one, two] = await Promise.all([startInstance('--max-members-per-room', '3'), startInstance('--max-members-per-room', '3')]);

    const a = await client(one.url);
    a.send({ type: 'join', roomId: room(7), bundle: { base: blob(0xa0), oneTime: [blob(0xa1), blob(0xa2)] } });
    const ja = await a.next('joined');

    const b = await client(two.url);
    b.send({ type: 'join', roomId: room(7), bundle: { base: blob(0xb0), oneTime: [blob(0xb1)] } });
    const jb = await b.next('joined');
    expect(jb.members).toEqual([{ peerId: ja.peerId, base: blob(0xa0), oneTime: blob(0xa1) }]);
    expect((await a.next('peer-joined')).peerId).toEqual(jb.peerId);

    b.send({ type: 'send', to: ja.peerId, envelope: blob(1, 2) });
    expect(await a.next('message')).toEqual({ type: 'message', from: jb.peerId, envelope: blob(1, 2) });
    a.send({ type: 'send', to: jb.peerId, envelope: blob(3, 4) });
    expect(await b.next('message')).toEqual({ type: 'message', from: ja.peerId, envelope: blob(3, 4) });

    // A third member on instance one gets the next one-time blobs of both; a fourth is refused.
    const c = await client(one.url);
    c.send({ type: 'join', roomId: room(7), bundle: { base: blob(0xc0), oneTime: [] } });
    const jc = await c.next('joined');
    expect(jc.members).toContainEqual({ peerId: ja.peerId, base: blob(0xa0), oneTime: blob(0xa2) });
    expect(jc.members).toContainEqual({ peerId: jb.peerId, base: blob(0xb0), oneTime: blob(0xb1) });
    expect((await b.next('peer-joined')).peerId).toEqual(jc.peerId);
    expect((await a.next('peer-joined')).peerId).toEqual(jc.peerId);
    const d = await client(two.url);
    d.send({ type: 'join', roomId: room(7), bundle: { base: blob(0xd0), oneTime: [] } });
    expect(await d.next('error')).toEqual({ type: 'error', code: RelayErrorCode.roomFull });

    // A clean leave on one instance is seen on the other at once.
    c.send({ type: 'leave' });
    expect((await b.next('peer-left')).peerId).toEqual(jc.peerId);
    expect((await a.next('peer-left')).peerId).toEqual(jc.peerId);

    // A replaced bundle is what the next newcomer (on the other instance) receives.
    a.send({ type: 'publish', bundle: { base: blob(0xaa), oneTime: [blob(0xab)] } });
    // a's relay sends the publish and then this message over one Redis connection, so once b has
    // the message, Redis has applied the publish.
    a.send({ type: 'send', to: jb.peerId, envelope: blob(5) });
    await b.next('message');
    const e = await client(two.url);
    e.send({ type: 'join', roomId: room(7), bundle: { base: blob(0xe0), oneTime: [] } });
    const je = await e.next('joined');
    expect(je.members).toContainEqual({ peerId: ja.peerId, base: blob(0xaa), oneTime: blob(0xab) });
    expect((await a.next('peer-joined')).peerId).toEqual(je.peerId);

    // Contact mailboxes span the processes too (mailbox-redis.test.ts has the details).
    const mailbox = new Uint8Array(16).fill(0x4d);
    const listener = await client(two.url);
    listener.send({ type: 'listen', mailboxIds: [mailbox] });
    a.send({ type: 'post', mailboxId: mailbox, blob: blob(6, 7) });
    expect(await listener.next('mail')).toEqual({ type: 'mail', mailboxId: mailbox, blob: blob(6, 7) });

    // Instance two dies without a word: its members b and e disappear from a's view within the TTL.
    const killedAt = Date.now();
    two.child.kill('SIGKILL');
    const gone = [await a.next('peer-left', 3 * MEMBER_TTL_MS), await a.next('peer-left', 3 * MEMBER_TTL_MS)];
    expect(gone.map((f) => Buffer.from(f.peerId).toString('hex')).sort()).toEqual(
      [jb.peerId, je.peerId].map((id) => Buffer.from(id).toString('hex')).sort(),
    );
    expect(Date.now() - killedAt).toBeLessThan(MEMBER_TTL_MS + MEMBER_TTL_MS / 3 + 500);
    a.send({ type: 'send', to: jb.peerId, envelope: blob(9) });
    expect(await a.next('error')).toEqual({ type: 'error', code: RelayErrorCode.unknownPeer });
  });

  it('heals membership: a stalled instance re-announces its pruned members; a lost join is found', async () => {
    const [one, two] = await Promise.all([startInstance(), startInstance()]);
    const a = await client(one.url);
    const b = await client(two.url);
    a.send({ type: 'join', roomId: room(8), bundle: { base: blob(1), oneTime: [] } });
    const ja = await a.next('joined');
    b.send({ type: 'join', roomId: room(8), bundle: { base: blob(2), oneTime: [] } });
    const jb = await b.next('joined');
    await a.next('peer-joined');

    two.child.kill('SIGSTOP'); // frozen past the TTL: instance one prunes b
    expect((await a.next('peer-left', 3 * MEMBER_TTL_MS)).peerId).toEqual(jb.peerId);
    two.child.kill('SIGCONT');
    expect((await a.next('peer-joined', 3 * MEMBER_TTL_MS)).peerId).toEqual(jb.peerId);
    b.send({ type: 'send', to: ja.peerId, envelope: blob(4) });
    expect(await a.next('message')).toEqual({ type: 'message', from: jb.peerId, envelope: blob(4) });

    // A member whose join announcement never arrived (lost pub/sub event) is found by the
    // periodic comparison with Redis.
    const redis = new Redis(redisUrl);
    const ghost = 'ab'.repeat(16);
    await redis.zadd(`parley:r:${Buffer.from(room(8)).toString('hex')}:m`, Date.now() + 60_000, ghost + 'cd'.repeat(16));
    await redis.quit();
    expect(Buffer.from((await a.next('peer-joined', 2 * MEMBER_TTL_MS)).peerId).toString('hex')).toBe(ghost);
  });

  it('warns at start when Redis would write room blobs and queued mail to disk', async () => {
    const warnings: [string, LogFields | undefined][] = [];
    const logger = { info: () => {}, warn: (event: string, fields?: LogFields) => warnings.push([event, fields]) };
    const redis = new Redis(redisUrl);
    try {
      const quiet = await startRelay({ logger, redis: { url: redisUrl } });
      await quiet.close();
      expect(warnings).toEqual([]);
      await redis.config('SET', 'save', '3600 1'); // snapshots on (this test runs none)
      const noisy = await startRelay({ logger, redis: { url: redisUrl } });
      await noisy.close();
      expect(warnings).toEqual([['redis-persistence-on', { snapshots: true, appendOnly: false }]]);
    } finally {
      await redis.config('SET', 'save', '');
      await redis.quit();
    }
  });
});
