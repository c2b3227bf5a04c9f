// `npm run relay -- --port 8443 [--host 127.0.0.1] [--tls-cert F --tls-key F] [--redis URL]
//  [--turn-secret S --turn-urls U,...] [--stun-port N | --no-stun] [--stun-urls U,...]`; every flag also as an environment variable
// (PARLEY_RELAY_<FLAG>, e.g. PARLEY_RELAY_TURN_SECRET). Flags win over the environment.
// docs/RELAY-OPERATIONS.md describes each. SIGTERM/SIGINT: graceful shutdown (clients reconnect).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RelayLimits } from './limits';
import { stderrLogger } from './logger';
import { type RelayOptions, startRelay } from './server';

const stringFlags = {
  port: 'port',
  host: 'host',
  'tls-cert': 'tlsCert',
  'tls-key': 'tlsKey',
  redis: 'redis',
  'redis-member-ttl-ms': 'redisMemberTtlMs',
  'turn-secret': 'turnSecret',
  'turn-urls': 'turnUrls',
  'turn-ttl-seconds': 'turnTtlSeconds',
  'stun-port': 'stunPort',
  'stun-urls': 'stunUrls',
  'max-members-per-room': 'maxMembersPerRoom',
  'max-connections-per-address': 'maxConnectionsPerAddress',
  'max-frame-bytes': 'maxFrameBytes',
  'frames-per-second': 'framesPerSecond',
  'frame-burst': 'frameBurst',
  'idle-timeout-ms': 'idleTimeoutMs',
  'max-buffered-bytes': 'maxBufferedBytes',
  'max-violations': 'maxViolations',
} as const;
const booleanFlags = { 'log-addresses': 'logAddresses', 'trust-proxy': 'trustProxy', 'no-stun': 'noStun' } as const;
const limitFlags = [
  'maxMembersPerRoom',
  'maxConnectionsPerAddress',
  'maxFrameBytes',
  'framesPerSecond',
  'frameBurst',
  'idleTimeoutMs',
  'maxBufferedBytes',
  'maxViolations',
] as const;

export const DEFAULT_CLI_PORT = 8443;

const envName = (flag: string) => `PARLEY_RELAY_${flag.toUpperCase().replaceAll('-', '_')}`;

function number(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || value.trim() === '') throw new Error(`--${flag} must be a number, got "${value}"`);
  return n;
}

/** Options for startRelay from command-line flags and environment variables. */
export function parseRelayArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): RelayOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(Object.keys(stringFlags).map((f) => [f, { type: 'string' as const }])),
      ...Object.fromEntries(Object.keys(booleanFlags).map((f) => [f, { type: 'boolean' as const }])),
    },
  });
  const get = (flag: keyof typeof stringFlags) => (values[flag] as string | undefined) ?? env[envName(flag)];
  const flagOf = Object.fromEntries(Object.entries(stringFlags).map(([f, k]) => [k, f])) as Record<string, keyof typeof stringFlags>;

  const options: RelayOptions = {
    port: number('port', get('port') ?? String(DEFAULT_CLI_PORT)),
    host: get('host') ?? '127.0.0.1',
  };
  const limits: Partial<Record<(typeof limitFlags)[number], number>> = {};
  for (const key of limitFlags) {
    const flag = flagOf[key]!;
    const value = get(flag);
    if (value !== undefined) limits[key] = number(flag, value);
  }
  if (Object.keys(limits).length > 0) options.limits = limits as Partial<RelayLimits>;

  const cert = get('tls-cert');
  const key = get('tls-key');
  if (!!cert !== !!key) throw new Error('--tls-cert and --tls-key go together');
  if (cert && key) options.tls = { cert: readFile(cert), key: readFile(key) };

  const redis = get('redis');
  if (redis) {
    const ttl = get('redis-member-ttl-ms');
    options.redis = { url: redis, ...(ttl ? { memberTtlMs: number('redis-member-ttl-ms', ttl) } : {}) };
  }

  const secret = get('turn-secret');
  const urls = get('turn-urls');
  if (!!secret !== !!urls) throw new Error('--turn-secret and --turn-urls go together');
  if (secret && urls) {
    const ttl = get('turn-ttl-seconds');
    options.turn = {
      secret,
      urls: urls.split(',').map((u) => u.trim()).filter(Boolean),
      ...(ttl ? { ttlSeconds: number('turn-ttl-seconds', ttl) } : {}),
    };
  }

  const flagged = (flag: keyof typeof booleanFlags) => (values[flag] as boolean | undefined) ?? ['1', 'true', 'yes'].includes(env[envName(flag)] ?? '');
  if (flagged('log-addresses')) options.logAddresses = true;
  if (flagged('trust-proxy')) options.trustProxy = true;

  // The built-in STUN server: on by default beyond loopback (relay/server.ts), on the relay's port.
  const stunPort = get('stun-port');
  if (flagged('no-stun')) {
    if (stunPort !== undefined) throw new Error('--no-stun and --stun-port contradict each other');
    options.stun = false;
  } else if (stunPort !== undefined) {
    options.stun = { port: number('stun-port', stunPort) };
  }
  const stunUrls = get('stun-urls');
  if (stunUrls) options.stunUrls = stunUrls.split(',').map((u) => u.trim()).filter(Boolean);
  return options;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let options: RelayOptions;
  try {
    options = parseRelayArgs(argv, process.env);
  } catch (e) {
    process.stderr.write(`relay: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const relay = await startRelay({ ...options, logger: stderrLogger });
  process.stdout.write(`Parley relay listening on ${relay.url}\n`);
  const stop = () => {
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
