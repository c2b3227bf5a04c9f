// The diagnostics log: opt-in, rotating and size-capped, deleted when turned off, and — driven
// through the real services with IPC traffic that carries names, keys, addresses and a chat
// line — holding none of them.
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcChannel, IpcOutcome } from '../../protocol/ipc-contract';
import { bytesToHex } from '@noble/hashes/utils.js';
import { dispatchIpc } from '../ipc/dispatch';
import { createTestSealer } from '../keystore/passphrase-sealer';
import type { PolicyReader } from '../policy/reader';
import { NO_POLICY } from '../policy/reader';
import { createMainServices } from '../services';
import { DIAGNOSTICS_LOG_FILE, DIAGNOSTICS_LOG_OLD, DiagnosticsLog, MAX_LOG_BYTES, MAX_RECENT_ERRORS } from './diagnostics-log';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-diagnostics-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const logFile = () => path.join(dataDir, DIAGNOSTICS_LOG_FILE);
const readLog = async () => (await readFile(logFile(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

function startServices(policyReader: PolicyReader = NO_POLICY) {
  const services = createMainServices({ dataDir, appVersion: '1.2.3', platform: 'linux', sealing: { kind: 'sealer', sealer: createTestSealer() }, policyReader });
  const call = (channel: IpcChannel, ...args: unknown[]) => dispatchIpc(services.handlers, channel, args) as Promise<IpcOutcome<unknown>>;
  return { services, call };
}

describe('diagnostics log', () => {
  it('writes nothing while off (the default), only the recent errors in memory', async () => {
    let enabled = false;
    const log = new DiagnosticsLog({ dataDir, enabled: async () => enabled });
    await log.record({ event: 'call-error', code: 'relay-unreachable' });
    expect(existsSync(logFile())).toBe(false);
    expect(log.recent()).toMatchObject([{ event: 'call-error', code: 'relay-unreachable' }]);
    enabled = true;
    await log.record({ event: 'app-start', version: '1.2.3', platform: 'linux' });
    expect(await readLog()).toMatchObject([{ event: 'app-start', version: '1.2.3', platform: 'linux', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(statSync(logFile()).mode & 0o077).toBe(0);
  });

  it('rotates at MAX_LOG_BYTES into one older file, so it never holds more than twice that', async () => {
    const log = new DiagnosticsLog({ dataDir, enabled: async () => true });
    const line = { event: 'ipc-failure', channel: 'settings:set', code: 'locked-by-policy' } as const;
    const lineBytes = JSON.stringify({ ...line, at: new Date().toISOString() }).length + 1;
    const writes = Math.ceil((2.5 * MAX_LOG_BYTES) / lineBytes);
    for (let i = 0; i < writes; i++) void log.record(line);
    await log.record(line);
    const current = statSync(logFile()).size;
    const old = statSync(path.join(dataDir, DIAGNOSTICS_LOG_OLD)).size;
    expect(current).toBeLessThanOrEqual(MAX_LOG_BYTES);
    expect(old).toBeLessThanOrEqual(MAX_LOG_BYTES);
    expect(old).toBeGreaterThan(MAX_LOG_BYTES - 2 * lineBytes);
    expect(log.recent()).toHaveLength(MAX_RECENT_ERRORS);
  });

  it('turning it off deletes both files', async () => {
    let enabled = true;
    const log = new DiagnosticsLog({ dataDir, enabled: async () => enabled });
    for (let i = 0; i < 3; i++) await log.record({ event: 'call-error', code: 'internal' });
    enabled = false;
    await log.apply();
    expect(existsSync(logFile())).toBe(false);
    expect(existsSync(path.join(dataDir, DIAGNOSTICS_LOG_OLD))).toBe(false);
  });

  it('keeps only codes: a channel, code or version that is not one is replaced', async () => {
    const log = new DiagnosticsLog({ dataDir, enabled: async () => true });
    await log.record({ event: 'ipc-failure', channel: 'Ada Lovelace' as IpcChannel, code: 'ws://192.0.2.7/' });
    await log.record({ event: 'call-error', code: 'Grace Hopper' as never });
    await log.record({ event: 'app-start', version: '1.2.3 ada@example.org', platform: 'linux' });
    const text = await readFile(logFile(), 'utf8');
    expect(text).not.toMatch(/Ada|Grace|192\.0\.2\.7|example\.org/);
    expect(await readLog()).toMatchObject([
      { event: 'ipc-failure', channel: 'other', code: 'other' },
      { event: 'call-error', code: 'internal' },
      { event: 'app-start', version: 'other' },
    ]);
  });

  it('an admin policy turns it on (and the setting cannot turn it off then)', async () => {
    const policy: PolicyReader = { read: async () => ({ kind: 'found', source: '/etc/parley/policy.json', raw: { diagnosticsLog: true } }), watch: () => () => {} };
    const { services, call } = startServices(policy);
    expect(await call('settings:set', { diagnosticsLog: false })).toMatchObject({ ok: false, error: { code: 'locked-by-policy' } });
    await expect.poll(async () => existsSync(logFile()) && (await readLog()).map((e) => e.event)).toEqual(['app-start', 'ipc-failure']);
    expect((await readLog())[1]).toMatchObject({ channel: 'settings:set', code: 'locked-by-policy' });
    await services.close();
  });

  it('holds no name, key, address or chat text from IPC traffic that carried all of them', async () => {
    const { services, call } = startServices();
    expect(await call('settings:set', { diagnosticsLog: true })).toMatchObject({ ok: true });
    const name = 'Ada Lovelace';
    const address = '192.0.2.77';
    const chat = 'meet me at the north gate';
    const remote = x25519.getPublicKey(x25519.utils.randomSecretKey());
    const identity = ((await call('keystore:getStatus')) as { value: { identityKey: Uint8Array } }).value.identityKey;
    // Everything a call sends main, with the names, keys and addresses it uses, and failures among them.
    expect(await call('settings:set', { displayName: name, relayUrl: `ws://${address}:7000/` })).toMatchObject({ ok: true });
    expect(await call('identity:dhIdentity', remote)).toMatchObject({ ok: true });
    expect(await call('identity:dhIdentity', new Uint8Array(32))).toMatchObject({ ok: false, error: { code: 'invalid-key' } });
    expect(await call('trust:meet', ed25519.getPublicKey(ed25519.utils.randomSecretKey()), name)).toMatchObject({ ok: true });
    await call('contactBook:myCard', name, false);
    expect(await call('contactBook:add', `parley://contact#${name}@${address}`)).toMatchObject({ ok: false });
    expect(await call('notify:call', { kind: 'incoming', callId: 'ab'.repeat(16), callerName: name, verified: false, language: 'en' })).toMatchObject({ ok: true });
    expect(await call('diagnostics:reportCallError', chat)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call('diagnostics:reportCallError', 'relay-unreachable')).toMatchObject({ ok: true });
    expect(await call('identity:sign', 'admission', new TextEncoder().encode(chat))).toMatchObject({ ok: true });
    expect(await call('settings:set', { relayUrl: `ws://${address}:7000/#x` })).toMatchObject({ ok: false });

    const text = await readFile(logFile(), 'utf8');
    const events = (await readLog()).map((e) => [e.event, e.channel ?? null, e.code ?? null]);
    expect(events).toEqual([
      ['ipc-failure', 'identity:dhIdentity', 'invalid-key'],
      ['ipc-failure', 'contactBook:myCard', 'contact-malformed'],
      ['ipc-failure', 'contactBook:add', 'contact-malformed'],
      ['call-error', null, 'relay-unreachable'],
    ]);
    for (const secret of [name, 'Ada', 'Lovelace', address, chat, bytesToHex(remote), bytesToHex(identity), Buffer.from(identity).toString('base64')]) {
      expect(text, secret).not.toContain(secret);
    }
    // Copy diagnostics: the recent errors by code, and the relay the person chose.
    const copied = ((await call('diagnostics:get', 'en')) as { value: string }).value;
    expect(copied).toContain('Version: Parley 1.2.3');
    expect(copied).toMatch(/call relay-unreachable/);
    expect(copied).toMatch(/identity:dhIdentity invalid-key/);
    expect(copied).not.toContain(name);
    expect(copied).toContain('Diagnostics log: on');
    await services.close();
  });
});
