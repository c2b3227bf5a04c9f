// The single-file relay (`npm run build:relay`, dist/relay/parley-relay.mjs) as an operator runs
// it: built into an empty temporary folder and started there with plain `node`, so nothing but
// the one file can be loaded (no node_modules, no package.json, no sources). Against a real
// redis-server: /healthz and /metrics, two app relay clients meeting in a room, Redis lost and
// back (503, then 200), the command line's answers, and a clean SIGTERM.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RelayClient, type RelayClientEvents } from '../../protocol/relay-client/client';
import { prometheusNamingProblems, startRedisServer, waitForOutput } from '../../relay/test-helpers';
import { RELAY_VERSION } from '../../relay/version';
import { buildRelay } from '../../scripts/build.mjs';

let folder: string;
let relayFile: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'parley-relay-bundle-'));
  relayFile = await buildRelay({ outfile: path.join(folder, 'parley-relay.mjs') });
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Plain node in the empty folder, with an environment that points nowhere else. */
function runRelay(args: string[]) {
  return spawnSync(process.execPath, [relayFile, ...args], { cwd: folder, encoding: 'utf8', env: { PATH: process.env.PATH } });
}

function next<K extends keyof RelayClientEvents>(c: RelayClient, event: K): Promise<RelayClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5000);
    const off = c.on(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

describe('dist/relay/parley-relay.mjs', () => {
  it('is one file, in a folder from which no node_modules is reachable', async () => {
    expect(await readdir(folder)).toEqual(['parley-relay.mjs']);
    for (let dir = folder; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      expect(existsSync(path.join(dir, 'node_modules')), dir).toBe(false);
    }
  });

  it('answers --version and --help, and refuses bad flags in one line with exit code 2', () => {
    const version = runRelay(['--version']);
    expect([version.status, version.stdout]).toEqual([0, `${RELAY_VERSION}\n`]);
    const help = runRelay(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--metrics-port <value>');
    for (const [args, message] of [
      [['--prot', '1'], 'relay: unknown flag --prot (--help lists the flags)\n'],
      [['--port', 'eighty'], 'relay: --port must be a number, got "eighty"\n'],
      [['--tls-cert', 'missing.pem', '--tls-key', 'missing.pem'], 'relay: cannot read --tls-cert file missing.pem: ENOENT\n'],
    ] as const) {
      const result = runRelay([...args]);
      expect([result.status, result.stderr, result.stdout]).toEqual([2, message, '']);
    }
  });

  it('says in one line, exit code 1, that it cannot start when Redis is unreachable, without the URL', () => {
    const result = runRelay(['--port', '0', '--redis', 'redis://:hunter2@127.0.0.1:1']);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe('relay: cannot start: Redis is unreachable (ECONNREFUSED)');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('serves a room over Redis, with health and metrics on their own port, and reports Redis lost and back', async () => {
    const redis = await startRedisServer();
    children.push(redis.child);
    const child = spawn(process.execPath, [relayFile, '--port', '0', '--redis', redis.url, '--metrics-port', '0'], {
      cwd: folder,
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const started = waitForOutput(child, /"event":"relay-started".*"metricsPort":(\d+)/, 'relay');
    const [, url] = (await waitForOutput(child, /listening on (ws:\/\/\S+)/, 'relay')) as [string, string];
    const metricsBase = `http://127.0.0.1:${(await started)[1]}`;
    const healthz = `${url.replace('ws://', 'http://')}/healthz`;

    const health = await fetch(healthz);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: RELAY_VERSION, redis: 'up' });
    expect((await fetch(`${url.replace('ws://', 'http://')}/metrics`)).status).toBe(404);

    const roomId = new Uint8Array(32).fill(7);
    const alice = new RelayClient({ url, WebSocket });
    const bob = new RelayClient({ url, WebSocket });
    try {
      alice.connect();
      alice.join(roomId, { base: Uint8Array.of(0xa0), oneTime: [] });
      await next(alice, 'joined');
      bob.connect();
      bob.join(roomId, { base: Uint8Array.of(0xb0), oneTime: [] });
      const bobJoined = await next(bob, 'joined');
      expect(bobJoined.members.map((m) => m.base)).toEqual([Uint8Array.of(0xa0)]);
      const received = next(alice, 'message');
      bob.send(bobJoined.members[0]!.peerId, Uint8Array.of(1, 2, 3));
      expect((await received).envelope).toEqual(Uint8Array.of(1, 2, 3));

      const metrics = await (await fetch(`${metricsBase}/metrics`)).text();
      expect(metrics).toContain(`parley_relay_build_info{version="${RELAY_VERSION}"} 1\n`);
      expect(metrics).toContain('parley_relay_connections 2\n');
      expect(metrics).toContain('parley_relay_rooms 1\n');
      expect(metrics).toContain('parley_relay_redis_up 1\n');
      expect(prometheusNamingProblems(metrics)).toEqual([]);

      redis.child.kill('SIGKILL');
      await expect.poll(async () => (await fetch(healthz)).status, { timeout: 10_000 }).toBe(503);
      expect(await (await fetch(healthz)).json()).toEqual({ status: 'redis-down', version: RELAY_VERSION, redis: 'down' });
      expect(await (await fetch(`${metricsBase}/metrics`)).text()).toContain('parley_relay_redis_up 0\n');

      const back = await startRedisServer(redis.port);
      children.push(back.child);
      await expect.poll(async () => (await fetch(healthz)).status, { timeout: 15_000 }).toBe(200);
      expect(await (await fetch(`${metricsBase}/healthz`)).json()).toEqual({ status: 'ok', version: RELAY_VERSION, redis: 'up' });
    } finally {
      alice.close();
      bob.close();
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
