// A real coturn (Debian's turnserver, as test/harness/coturn.ts runs it on loopback) on a lab
// internet host (turn.lab.test by default), listening and relaying on that host's address only,
// with no loopback peers allowed. Its log is kept, so a test can count the allocations it made
// ("the call used no TURN") and see what it relayed.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import type { TurnConfig } from '../../relay/turn';
import { waitForOutput } from '../../relay/test-helpers';
import { LAB_DOMAIN } from './topology';
import type { InternetHost, LabNetwork } from './topology';

export interface LabCoturnOptions {
  /** Internet host label: 'turn' (default) is turn.lab.test. */
  host?: string;
  port?: number;
}

export interface LabCoturn {
  host: InternetHost;
  port: number;
  secret: string;
  /** turn:<host name>:<port>?transport=udp */
  url: string;
  /** For the relay's `turn` option (LabRelayOptions.turn): this server's URL and secret. */
  turnConfig: TurnConfig;
  /** coturn's log, line by line. */
  log: string[];
  /** Allocations coturn granted so far (its "ALLOCATE processed, success" lines; -v makes coturn log them). */
  allocations(): number;
  close(): Promise<void>;
}

/** coturn 4.6 (with -v) logs one such line per granted allocation. */
export const ALLOCATION_GRANTED = /ALLOCATE processed, success/;

export async function startLabCoturn(network: LabNetwork, options: LabCoturnOptions = {}): Promise<LabCoturn> {
  const host = await network.internet.host(options.host ?? 'turn');
  const port = options.port ?? 3478;
  const secret = randomBytes(16).toString('hex');
  const scratch = await mkdtemp(path.join(network.scratchDir, 'coturn-'));
  const child: ChildProcess = spawn(
    'ip',
    [
      'netns', 'exec', network.internet.ns, 'turnserver',
      '-n', '-v', '--no-cli', '--no-tls', '--no-dtls', '--log-file=stdout', '--simple-log',
      `--listening-ip=${host.address}`, `--relay-ip=${host.address}`, `--listening-port=${port}`,
      '--min-port=49152', '--max-port=49999',
      '--use-auth-secret', `--static-auth-secret=${secret}`, `--realm=${LAB_DOMAIN}`,
      `--pidfile=${path.join(scratch, 'turn.pid')}`, `--userdb=${path.join(scratch, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  const keep = (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => child.once('error', (error) => reject(new Error(`lab: turnserver could not start (.ci/run installs coturn): ${error.message}`))));
  try {
    await Promise.race([waitForOutput(child, /admin thread|DB connection success/, 'coturn'), failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const url = `turn:${host.name}:${port}?transport=udp`;
  return {
    host,
    port,
    secret,
    url,
    turnConfig: { secret, urls: [url], ttlSeconds: 600 },
    log,
    allocations: () => log.filter((line) => ALLOCATION_GRANTED.test(line)).length,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
