// `npm run relay -- --port 8443 [--host 127.0.0.1] [--tls-cert F --tls-key F] [--redis URL]
//  [--turn-secret S --turn-urls U,...] [--stun-port N | --no-stun] [--stun-urls U,...]`, or `node dist/relay/parley-relay.mjs ...` (the same flags);
// every flag also as an environment variable (PARLEY_RELAY_<FLAG>, e.g. PARLEY_RELAY_TURN_SECRET).
// Flags win over the environment. `--help` lists them, docs/RELAY-OPERATIONS.md describes each.
// SIGTERM/SIGINT: graceful shutdown (clients reconnect). Exit codes: 0 after a clean stop or for
// --help/--version, 1 when the relay cannot start or stop (port taken, Redis unreachable), 2 for
// a bad command line; every error is one line on stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RelayLimits } from './limits';
import { stderrLogger } from './logger';
import { type RelayOptions, startRelay } from './server';
import { RELAY_VERSION } from './version';

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
  'metrics-host': 'metricsHost',
  'metrics-port': 'metricsPort',
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
/** Every flag the relay accepts, without the leading `--` (besides --help and --version). */
export const RELAY_FLAGS: readonly string[] = [...Object.keys(stringFlags), ...Object.keys(booleanFlags)];

export const envName = (flag: string): string => `PARLEY_RELAY_${flag.toUpperCase().replaceAll('-', '_')}`;

function number(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || value.trim() === '') throw new Error(`--${flag} must be a number, got "${value}"`);
  return n;
}

function tcpPort(flag: string, value: string): number {
  const n = number(flag, value);
  if (!Number.isInteger(n) || n > 65535) throw new Error(`--${flag} must be a port number (0-65535), got "${value}"`);
  return n;
}

/** node:util parseArgs errors, as one sentence naming the flag. */
function commandLineError(e: Error & { code?: string }): Error {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new Error(`unknown flag ${quoted} (--help lists the flags)`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new Error(`${quoted.split(' ')[0]} needs a value`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new Error(`unexpected argument "${quoted}" (flags start with --)`);
    default:
      return e;
  }
}

/** Options for startRelay from command-line flags and environment variables. */
export function parseRelayArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): RelayOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        ...Object.fromEntries(Object.keys(stringFlags).map((f) => [f, { type: 'string' as const }])),
        ...Object.fromEntries(Object.keys(booleanFlags).map((f) => [f, { type: 'boolean' as const }])),
      },
    }));
  } catch (e) {
    throw commandLineError(e as Error);
  }
  const get = (flag: keyof typeof stringFlags) => (values[flag] as string | undefined) ?? env[envName(flag)];
  const flagOf = Object.fromEntries(Object.entries(stringFlags).map(([f, k]) => [k, f])) as Record<string, keyof typeof stringFlags>;

  const options: RelayOptions = {
    port: tcpPort('port', get('port') ?? String(DEFAULT_CLI_PORT)),
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
  if (cert && key) options.tls = { cert: readPem(readFile, 'tls-cert', cert), key: readPem(readFile, 'tls-key', key) };

  const metricsPort = get('metrics-port');
  const metricsHost = get('metrics-host');
  if (metricsHost && !metricsPort) throw new Error('--metrics-host needs --metrics-port');
  if (metricsPort) options.metricsListen = { port: tcpPort('metrics-port', metricsPort), ...(metricsHost ? { host: metricsHost } : {}) };

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

function readPem(readFile: (path: string) => string, flag: string, path: string): string {
  try {
    return readFile(path);
  } catch (e) {
    throw new Error(`cannot read --${flag} file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** What each flag does, for --help (the full story is in docs/RELAY-OPERATIONS.md). */
const FLAG_HELP: Record<keyof typeof stringFlags | keyof typeof booleanFlags, string> = {
  port: `TCP port for WebSocket and HTTP (default ${DEFAULT_CLI_PORT}; 0 = any free port)`,
  host: 'address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface)',
  'tls-cert': 'PEM certificate file: serve wss:// directly (with --tls-key)',
  'tls-key': 'PEM private key file (with --tls-cert)',
  redis: 'redis://[:password@]host:port[/db]: share rooms with other relay instances',
  'redis-member-ttl-ms': 'a member of a crashed instance disappears after this long (default 15000)',
  'turn-secret': 'coturn static-auth-secret: hand out TURN credentials (with --turn-urls)',
  'turn-urls': 'comma-separated turn:/turns: URLs handed to clients (with --turn-secret)',
  'turn-ttl-seconds': 'lifetime of the TURN credentials (default 21600)',
  'stun-port': 'UDP port of the built-in STUN server (default: the same number as --port; on unless --host is loopback)',
  'stun-urls': 'comma-separated stun: URLs of other STUN servers to hand to clients (e.g. coturn\'s)',
  'max-members-per-room': 'default 8',
  'max-connections-per-address': 'default 32',
  'max-frame-bytes': 'default 65536',
  'frames-per-second': 'per-connection rate (default 100)',
  'frame-burst': 'per-connection burst (default 200)',
  'idle-timeout-ms': 'close connections that answer no ping (default 60000)',
  'max-buffered-bytes': 'disconnect receivers that fall this far behind (default 1048576)',
  'max-violations': 'protocol violations before a connection is closed (default 10)',
  'metrics-host': 'address for /metrics and /healthz (default 127.0.0.1; needs --metrics-port)',
  'metrics-port': 'serve /metrics (and /healthz) on this port only, not on --port',
  'log-addresses': 'add client addresses to limit-violation log lines (personal data; abuse handling only)',
  'trust-proxy': 'take the client address from the last X-Forwarded-For entry (only behind your own proxy)',
  'no-stun': 'do not answer STUN on UDP (clients then need TURN, or another STUN server, behind NATs)',
};

export function relayHelp(): string {
  const rows = [
    ...Object.keys(stringFlags).map((flag) => [`--${flag} <value>`, flag] as const),
    ...Object.keys(booleanFlags).map((flag) => [`--${flag}`, flag] as const),
  ];
  const width = Math.max(...rows.map(([usage]) => usage.length));
  return [
    `Parley relay ${RELAY_VERSION}: forwards end-to-end encrypted signaling between the members of a call.`,
    '',
    'usage: node parley-relay.mjs [flags]      (from a checkout: npm run relay -- [flags])',
    '',
    ...rows.map(([usage, flag]) => `  ${usage.padEnd(width)}  ${FLAG_HELP[flag as keyof typeof FLAG_HELP]}`),
    `  ${'--help'.padEnd(width)}  print this and exit`,
    `  ${'--version'.padEnd(width)}  print the version and exit`,
    '',
    'Every flag can also be set as an environment variable PARLEY_RELAY_<FLAG> (e.g. PARLEY_RELAY_TURN_SECRET);',
    'flags win. Operating guide: docs/RELAY-OPERATIONS.md. Licence: AGPL-3.0-or-later.',
    '',
  ].join('\n');
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const flags = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
  if (flags.includes('--help') || flags.includes('-h')) {
    process.stdout.write(relayHelp());
    return;
  }
  if (flags.includes('--version')) {
    process.stdout.write(`${RELAY_VERSION}\n`);
    return;
  }
  let options: RelayOptions;
  try {
    options = parseRelayArgs(argv, process.env);
  } catch (e) {
    process.stderr.write(`relay: ${(e as Error).message}\n`);
    process.exit(2);
  }
  let relay: Awaited<ReturnType<typeof startRelay>>;
  try {
    relay = await startRelay({ ...options, logger: stderrLogger });
  } catch (e) {
    // One line, and never the Redis URL (it may hold a password).
    const message = (e as Error).message.split('\n')[0] ?? String(e);
    process.stderr.write(`relay: cannot start: ${options.redis ? message.replaceAll(options.redis.url, '<redis URL>') : message}\n`);
    process.exit(1);
  }
  process.stdout.write(`Parley relay ${RELAY_VERSION} listening on ${relay.url}\n`);
  const stop = () => {
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
