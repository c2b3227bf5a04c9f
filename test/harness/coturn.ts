// A real coturn (Debian's turnserver; .ci/run installs it) on 127.0.0.1 with the TURN REST
// shared secret the relay signs credentials with (docs/RELAY-OPERATIONS.md). It can be killed
// and started again on the same port, which loses every allocation, as a crashed TURN server does.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`coturn did not start: ${seen}`)), 10_000);
      started.once('error', reject); // e.g. turnserver not installed
      started.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/admin thread|DB connection success/.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
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
