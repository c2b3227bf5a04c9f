// The TURN credentials the relay hands out work with a real coturn configured with the matching
// shared secret (`use-auth-secret`, docs/RELAY-OPERATIONS.md), and wrong or expired ones do not.
// coturn's own test client (turnutils_uclient) makes the allocation; everything on 127.0.0.1.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { startRelay } from './server';
import { RawClient, blob, room } from './test-helpers';
import { turnPassword } from './turn';

const SECRET = 'coturn-interop-secret';
let coturn: ChildProcess;
let turnPort = 0;
const scratch = mkdtempSync(path.join(tmpdir(), 'parley-coturn-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  turnPort = await freePort();
  coturn = spawn(
    'turnserver',
    [
      '-n', '--no-cli', '--no-tls', '--no-dtls', '--log-file=stdout', '--simple-log',
      '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${turnPort}`,
      '--min-port=50000', '--max-port=50999', '--allow-loopback-peers',
      '--use-auth-secret', `--static-auth-secret=${SECRET}`, '--realm=parley.test',
      `--pidfile=${path.join(scratch, 'turn.pid')}`, `--userdb=${path.join(scratch, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`coturn did not start: ${seen}`)), 10_000);
    coturn.once('error', reject); // e.g. turnserver not installed (.ci/run installs coturn)
    coturn.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/admin thread|DB connection success/.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
});
afterAll(() => {
  coturn?.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs an allocation and relay round trip; returns the tool's output (it exits non-zero on failure). */
async function allocate(username: string, password: string): Promise<string> {
  const args = ['-y', '-n', '1', '-m', '1', '-l', '100', '-u', username, '-w', password, '-p', String(turnPort), '127.0.0.1'];
  try {
    const { stdout, stderr } = await promisify(execFile)('turnutils_uclient', args, { timeout: 15_000 });
    return stdout + stderr;
  } catch (e) {
    const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}exit: failed`;
  }
}

describe('TURN REST credentials against coturn', () => {
  it('allocates with the credentials from joined; refuses a wrong password and an expired username', async () => {
    const relay = await startRelay({ logger: silentLogger, turn: { secret: SECRET, urls: [`turn:127.0.0.1:${turnPort}`], ttlSeconds: 600 } });
    const client = await RawClient.open(relay.url);
    client.send({ type: 'join', roomId: room(1), bundle: { base: blob(1), oneTime: [] } });
    const { turn } = await client.next('joined');
    client.close();
    await relay.close();

    const ok = await allocate(turn!.username, turn!.password);
    expect(ok).not.toMatch(/Cannot complete Allocation|exit: failed/);
    expect(ok).toMatch(/tot_recv_msgs=[1-9]/);

    expect(await allocate(turn!.username, `${turn!.password}x`)).toContain('Cannot complete Allocation');
    const expired = `${Math.floor(Date.now() / 1000) - 60}:0011223344556677`;
    expect(await allocate(expired, turnPassword(SECRET, expired))).toContain('Cannot complete Allocation');
  });
});
