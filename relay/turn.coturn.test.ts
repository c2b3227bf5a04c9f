// The TURN credentials the relay hands out work with a real coturn configured with the matching
// shared secret (`use-auth-secret`, docs/RELAY-OPERATIONS.md), and wrong or expired ones do not.
// coturn's own test client (turnutils_uclient) makes the allocation; everything on 127.0.0.1.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Coturn, startCoturn } from '../test/harness/coturn';
import { silentLogger } from './logger';
import { startRelay } from './server';
import { RawClient, blob, room } from './test-helpers';
import { turnPassword } from './turn';

const SECRET = 'coturn-interop-secret';
let coturn: Coturn;
let turnPort = 0;

beforeAll(async () => {
  coturn = await startCoturn(SECRET);
  turnPort = coturn.port;
});
afterAll(() => coturn?.stop());

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
