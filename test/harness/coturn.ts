// A real coturn (Debian's turnserver; .ci/run installs it) on 127.0.0.1 with the TURN REST
// shared secret the relay signs credentials with (docs/RELAY-OPERATIONS.md). It can be killed
// and started again on the same port, which loses every allocation, as a crashed TURN server does.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForOutput } from '../../relay/test-helpers';

export interface Coturn {
  port: number;
  /** For the relay's `turn.urls`. */
  url: string;
  /** Kills the server at once (SIGKILL): allocations are gone, clients are not told. */
  kill(): void;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  stop(): void;
}

export async function startCoturn(secret: string): Promise<Coturn> {
  const port = await freePort();
  const scratch = mkdtempSync(path.join(tmpdir(), 'parley-coturn-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    const started = spawn(
      'turnserver',
      [
        '-n', '--no-cli', '--no-tls', '--no-dtls', '--log-file=stdout', '--simple-log',
        '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
        '--min-port=50000', '--max-port=50999', '--allow-loopback-peers',
        '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=parley.test',
        `--pidfile=${path.join(scratch, 'turn.pid')}`, `--userdb=${path.join(scratch, 'turndb')}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    // 'error': turnserver is not installed (.ci/run installs coturn).
    const failed = new Promise<never>((_, reject) => started.once('error', reject));
    await Promise.race([waitForOutput(started, /admin thread|DB connection success/, 'coturn'), failed]);
  };

  await start();
  return {
    port,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    kill: () => void child?.kill('SIGKILL'),
    start,
    stop: () => {
      child?.kill('SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
