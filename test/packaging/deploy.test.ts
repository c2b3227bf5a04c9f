// deploy/: the container image, the compose site and the systemd unit. Docker cannot build or
// run here (no engine) and systemd is not PID 1, so these are checked statically: each carries
// its hardening, references the file `npm run build:relay` writes and passes the relay only
// flags it has. The image's HEALTHCHECK and ENTRYPOINT commands are run for real against the
// built relay.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { RELAY_FLAGS, envName, parseRelayArgs } from '../../relay/cli';
import { DEFAULT_LIMITS } from '../../relay/limits';
import { waitForOutput } from '../../relay/test-helpers';
import { RELAY_OUTFILE, buildRelay } from '../../scripts/build.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const RELAY_ENV = new Set(RELAY_FLAGS.map(envName));

/** Dockerfile instructions: [keyword, arguments], continuation lines joined, comments dropped. */
function dockerInstructions(text: string): [string, string][] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.trim().split(/\s+/);
      return [keyword.toUpperCase(), rest.join(' ')];
    });
}

/** `key=value` lines of a systemd unit, per key (a key may repeat). */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  return settings;
}

/** Flags given to the relay script in a command line, checked by the relay's own parser. */
function relayArgsAfter(argv: string[], script: string): string[] {
  const at = argv.findIndex((a) => a.endsWith(script));
  expect(at, `${script} in ${argv.join(' ')}`).toBeGreaterThanOrEqual(0);
  return argv.slice(at + 1);
}

describe('deploy/Dockerfile', () => {
  const instructions = dockerInstructions(read('deploy/Dockerfile'));
  const all = (keyword: string) => instructions.filter(([k]) => k === keyword).map(([, args]) => args);
  const runtimeStage = instructions.slice(instructions.map(([k]) => k).lastIndexOf('FROM'));

  it('builds the relay with npm run build:relay and ships exactly the file it writes', () => {
    expect(all('RUN')).toContain('npm run build:relay');
    expect(JSON.parse(read('package.json')).scripts['build:relay']).toBe('node scripts/build.mjs --relay');
    const built = path.relative(ROOT, RELAY_OUTFILE).replaceAll(path.sep, '/');
    expect(all('COPY')).toContainEqual(expect.stringMatching(new RegExp(`--from=build .*/src/${built} /opt/parley/parley-relay.mjs$`)));
    // Everything the build stage copies exists, and .dockerignore lets it into the context.
    const ignore = read('.dockerignore').split('\n');
    for (const copy of all('COPY').filter((c) => !c.includes('--from'))) {
      const sources = copy.split(' ').filter((part) => !part.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(path.join(ROOT, source)), source).toBe(true);
        expect(ignore.some((line) => line.replace(/\/$/, '') === `!${source.replace(/\/$/, '')}`), `.dockerignore keeps ${source}`).toBe(true);
      }
    }
  });

  it('runs as an unprivileged numeric user, needs nothing writable, and has a HEALTHCHECK', () => {
    const users = runtimeStage.filter(([k]) => k === 'USER').map(([, u]) => u);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(runtimeStage.some(([k, args]) => k === 'RUN' || (k === 'VOLUME' && args !== ''))).toBe(false);
    expect(all('HEALTHCHECK')[0]).toContain('/healthz');
    for (const [, args] of runtimeStage.filter(([k]) => k === 'ENV')) {
      for (const name of args.match(/PARLEY_RELAY_[A-Z_]+/g) ?? []) expect(RELAY_ENV, name).toContain(name);
    }
    expect(all('ADD')).toEqual([]);
  });

  describe('its commands, run against the built relay', () => {
    let folder: string;
    let relayFile: string;
    let relay: ChildProcess | undefined;
    const healthcheck = JSON.parse(all('HEALTHCHECK')[0]!.replace(/^.*?CMD /, '')) as string[];
    const entrypoint = JSON.parse(all('ENTRYPOINT')[0]!) as string[];
    const inImage = (argv: string[]) => argv.map((a) => (a === '/opt/parley/parley-relay.mjs' ? relayFile : a));

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'parley-deploy-'));
      relayFile = await buildRelay({ outfile: path.join(folder, 'parley-relay.mjs') });
    }, 60_000);
    afterAll(async () => {
      relay?.kill('SIGKILL');
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('ENTRYPOINT starts the relay; HEALTHCHECK passes while it serves and fails once it is gone', async () => {
      expect(entrypoint[0]).toBe('node');
      const version = spawnSync(process.execPath, inImage([...entrypoint.slice(1), '--version']), { encoding: 'utf8' });
      expect(version.status).toBe(0);
      relay = spawn(process.execPath, inImage([...entrypoint.slice(1), '--port', '0']), { stdio: ['ignore', 'pipe', 'pipe'] });
      const [, port] = (await waitForOutput(relay, /listening on ws:\/\/127\.0\.0\.1:(\d+)/, 'relay')) as [string, string];
      const check = () => spawnSync(process.execPath, healthcheck.slice(1), { env: { ...process.env, PARLEY_RELAY_PORT: port } }).status;
      expect(healthcheck[0]).toBe('node');
      expect(check()).toBe(0);
      relay.kill('SIGTERM');
      await new Promise((resolve) => relay!.once('exit', resolve));
      expect(check()).toBe(1);
    }, 30_000);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parseYaml(read('deploy/compose.yaml')) as {
    services: Record<string, Record<string, unknown> & { environment?: Record<string, string>; command?: string[]; volumes?: string[] }>;
  };
  const { relay, redis, coturn } = compose.services;

  it('starts the relay from deploy/Dockerfile, with Redis and coturn', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['coturn', 'redis', 'relay']);
    expect(relay!.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(relay!.environment!.PARLEY_RELAY_REDIS).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD[^}]*\}@redis:6379$/);
    expect(relay!.environment!.PARLEY_RELAY_TURN_SECRET).toMatch(/^\$\{TURN_SECRET/);
    expect(coturn!.command).toContain('--static-auth-secret=${TURN_SECRET}');
  });

  it('hardens every service: read-only root, no capabilities beyond one, no new privileges', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.read_only, name).toBe(true);
      expect(service.cap_drop, name).toEqual(['ALL']);
      expect(service.security_opt, name).toContain('no-new-privileges:true');
    }
    expect(relay!.cap_add).toBeUndefined();
    expect(coturn!.cap_add).toEqual(['NET_BIND_SERVICE']);
  });

  it('passes the relay only variables it reads, and binds its ports to loopback', () => {
    for (const name of Object.keys(relay!.environment!)) expect(RELAY_ENV, name).toContain(name);
    for (const port of relay!.ports as string[]) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('keeps Redis in memory (no snapshots, no append-only file), unpublished, with a password', () => {
    expect(redis!.command).toEqual(expect.arrayContaining(['--save', '', '--appendonly', 'no', '--requirepass']));
    expect(redis!.ports).toBeUndefined();
  });

  it('gives coturn the repository’s turnserver.conf, which refuses to relay into private networks', () => {
    expect(coturn!.volumes).toContain('./coturn/turnserver.conf:/etc/coturn/turnserver.conf:ro');
    const conf = read('deploy/coturn/turnserver.conf');
    for (const line of ['use-auth-secret', 'no-cli', 'denied-peer-ip=10.0.0.0-10.255.255.255', 'denied-peer-ip=127.0.0.0-127.255.255.255', 'denied-peer-ip=192.168.0.0-192.168.255.255']) {
      expect(conf.split('\n')).toContain(line);
    }
    expect(conf).not.toMatch(/static-auth-secret=/);
  });

  it('lets one credential hold the allocations of a full mesh (each connection allocates per TURN URL, twice across an ICE restart)', () => {
    const conf = read('deploy/coturn/turnserver.conf');
    const userQuota = Number(/^user-quota=(\d+)$/m.exec(conf)?.[1]);
    const turnUrls = String(relay!.environment!.PARLEY_RELAY_TURN_URLS).split(',').length;
    expect(turnUrls).toBe(3);
    expect(userQuota).toBeGreaterThanOrEqual((DEFAULT_LIMITS.maxMembersPerRoom - 1) * turnUrls * 2);
  });

  it('has every variable it needs in deploy/example.env', () => {
    const example = new Set(read('deploy/example.env').match(/^[A-Z_]+(?==)/gm));
    const used = new Set([...read('deploy/compose.yaml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!));
    expect([...used].filter((v) => !example.has(v))).toEqual([]);
  });
});

describe('deploy/parley-relay.service', () => {
  const unit = unitSettings(read('deploy/parley-relay.service'));
  const one = (key: string) => unit.get(key)?.join(' ');

  it('runs the built file with real flags as a transient user that can write nothing', () => {
    const execStart = one('ExecStart')!.split(/\s+/);
    expect(execStart[0]).toBe('/usr/bin/node');
    const flags = relayArgsAfter(execStart, '/opt/parley-relay/parley-relay.mjs');
    expect(parseRelayArgs(flags, {})).toMatchObject({ port: 8443, host: '127.0.0.1' });
    expect(one('DynamicUser')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ReadWritePaths')).toBeUndefined();
    expect(one('StateDirectory')).toBeUndefined();
  });

  it('drops every privilege and kernel interface the relay does not use', () => {
    const expected: Record<string, string> = {
      NoNewPrivileges: 'yes',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      CapabilityBoundingSet: '',
      AmbientCapabilities: '',
      ProtectKernelTunables: 'yes',
      ProtectKernelModules: 'yes',
      ProtectKernelLogs: 'yes',
      ProtectControlGroups: 'yes',
      ProtectClock: 'yes',
      RestrictNamespaces: 'yes',
      RestrictSUIDSGID: 'yes',
      LockPersonality: 'yes',
      SystemCallArchitectures: 'native',
      RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
    };
    for (const [key, value] of Object.entries(expected)) expect(one(key), key).toBe(value);
    expect(unit.get('SystemCallFilter')).toContain('@system-service');
    // V8's JIT needs W+X pages: this setting would kill node at start.
    expect(one('MemoryDenyWriteExecute')).toBeUndefined();
    // A bad command line (exit 2) is not retried forever.
    expect(one('RestartPreventExitStatus')).toBe('2');
  });

  it('passes systemd-analyze verify, with an exposure score of at most 2.0 of 10', () => {
    const file = path.join(ROOT, 'deploy/parley-relay.service');
    expect(execFileSync('systemd-analyze', ['verify', file], { encoding: 'utf8' })).toBe('');
    // --threshold is on a 0-100 scale; the command fails above it.
    const security = spawnSync('systemd-analyze', ['security', '--offline=true', '--threshold=20', '--no-pager', file], { encoding: 'utf8' });
    expect(security.stdout).toMatch(/Overall exposure level for parley-relay\.service: ([01]\.\d|2\.0) /);
    expect(security.status).toBe(0);
  });
});
