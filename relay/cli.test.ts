import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseRelayArgs, relayHelp } from './cli';
import { RawClient } from './test-helpers';
import { RELAY_VERSION } from './version';

describe('relay CLI', () => {
  it('defaults to 127.0.0.1:8443 with nothing configured', () => {
    expect(parseRelayArgs([], {})).toEqual({ port: 8443, host: '127.0.0.1' });
  });

  it('reads flags, with environment variables as fallback', () => {
    const files: Record<string, string> = { '/c.pem': 'CERT', '/k.pem': 'KEY' };
    const options = parseRelayArgs(
      ['--port', '9000', '--tls-cert', '/c.pem', '--tls-key', '/k.pem', '--turn-urls', 'turn:a:3478, turns:a:5349', '--log-addresses'],
      {
        PARLEY_RELAY_PORT: '1',
        PARLEY_RELAY_HOST: '0.0.0.0',
        PARLEY_RELAY_TURN_SECRET: 's',
        PARLEY_RELAY_REDIS: 'redis://127.0.0.1:6379',
        PARLEY_RELAY_MAX_CONNECTIONS_PER_ADDRESS: '50000',
        PARLEY_RELAY_TRUST_PROXY: 'true',
      },
      (p) => files[p]!,
    );
    expect(options).toEqual({
      port: 9000,
      host: '0.0.0.0',
      limits: { maxConnectionsPerAddress: 50000 },
      tls: { cert: 'CERT', key: 'KEY' },
      redis: { url: 'redis://127.0.0.1:6379' },
      turn: { secret: 's', urls: ['turn:a:3478', 'turns:a:5349'] },
      logAddresses: true,
      trustProxy: true,
    });
  });

  it('configures the built-in STUN server and the operator\'s STUN servers', () => {
    expect(parseRelayArgs(['--stun-port', '3479', '--stun-urls', 'stun:a:3478, stun:b:3478'], {})).toMatchObject({ stun: { port: 3479 }, stunUrls: ['stun:a:3478', 'stun:b:3478'] });
    expect(parseRelayArgs(['--no-stun'], {})).toMatchObject({ stun: false });
    expect(parseRelayArgs([], { PARLEY_RELAY_NO_STUN: '1' })).toMatchObject({ stun: false });
    expect(parseRelayArgs([], {}).stun).toBeUndefined();
    expect(() => parseRelayArgs(['--no-stun', '--stun-port', '1'], {})).toThrow(/contradict/);
  });

  it('refuses half-configured TLS/TURN, bad numbers and unknown flags, in one sentence each', () => {
    expect(() => parseRelayArgs(['--tls-cert', 'x'], {})).toThrow(/go together/);
    expect(() => parseRelayArgs(['--turn-secret', 'x'], {})).toThrow(/go together/);
    expect(() => parseRelayArgs(['--port', 'eighty'], {})).toThrow(/number/);
    expect(() => parseRelayArgs(['--port', '65536'], {})).toThrow('--port must be a port number (0-65535), got "65536"');
    expect(() => parseRelayArgs(['--prot', '1'], {})).toThrow('unknown flag --prot (--help lists the flags)');
    expect(() => parseRelayArgs(['--port'], {})).toThrow('--port needs a value');
    expect(() => parseRelayArgs(['8443'], {})).toThrow('unexpected argument "8443" (flags start with --)');
    expect(() => parseRelayArgs(['--metrics-host', '0.0.0.0'], {})).toThrow('--metrics-host needs --metrics-port');
    const missing = () => {
      throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    };
    expect(() => parseRelayArgs(['--tls-cert', '/c.pem', '--tls-key', '/k.pem'], {}, missing)).toThrow('cannot read --tls-cert file /c.pem: ENOENT');
  });

  it('takes a separate listen address for /metrics', () => {
    expect(parseRelayArgs(['--metrics-port', '9464'], {}).metricsListen).toEqual({ port: 9464 });
    expect(parseRelayArgs(['--metrics-port', '9464', '--metrics-host', '10.0.0.2'], {}).metricsListen).toEqual({ host: '10.0.0.2', port: 9464 });
    expect(parseRelayArgs([], { PARLEY_RELAY_METRICS_PORT: '9464' }).metricsListen).toEqual({ port: 9464 });
  });

  it('--help names every flag the parser accepts, with what it does', () => {
    const help = relayHelp();
    expect(help).toContain(RELAY_VERSION);
    const flagLines = help.split('\n').filter((line) => /^ {2}--/.test(line));
    for (const line of flagLines) expect(line, line).toMatch(/^ {2}--[a-z-]+( <value>)? +\S.{5,}/);
    const documented = flagLines.map((line) => /--([a-z-]+)/.exec(line)![1]!).filter((f) => f !== 'help' && f !== 'version');
    for (const flag of documented) {
      // Every listed flag parses (a value flag with a value, a switch without); an unlisted one fails.
      const value = /<value>/.test(flagLines.find((l) => l.startsWith(`  --${flag} `))!) ? ['1'] : [];
      const args = flag === 'tls-cert' || flag === 'tls-key' ? ['--tls-cert', 'c', '--tls-key', 'k'] : [`--${flag}`, ...value];
      const paired: Record<string, string[]> = { 'turn-secret': ['--turn-urls', 'turn:a'], 'turn-urls': ['--turn-secret', 's'], 'metrics-host': ['--metrics-port', '1'] };
      expect(() => parseRelayArgs([...args, ...(paired[flag] ?? [])], {}, () => 'PEM'), flag).not.toThrow();
    }
    expect(documented.length).toBeGreaterThanOrEqual(21);
  });
});

describe('relay process', () => {
  it('`relay/main.ts` serves, and on SIGTERM tells clients to reconnect (1012) and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${import.meta.dirname}/main.ts`, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (ws:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`relay exited early: ${out}`)));
    });
    const client = await RawClient.open(url);
    child.kill('SIGTERM');
    expect((await client.closed).code).toBe(1012);
    expect(await exited).toBe(0);
  }, 20_000);
});
