// The IPC surface of createMainServices, driven through dispatchIpc exactly as the Electron
// bridge and the e2e harness drive it.
import { x25519 } from '@noble/curves/ed25519.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcOutcome } from '../protocol/ipc-contract';
import { dispatchIpc } from './ipc/dispatch';
import { TEST_SCRYPT, createTestSealer } from './keystore/passphrase-sealer';
import type { PolicyReader } from './policy/reader';
import { NO_POLICY } from './policy/reader';
import type { MainServicesOptions } from './services';
import { createMainServices } from './services';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-services-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function start(options: Partial<MainServicesOptions> = {}) {
  const services = createMainServices({
    dataDir, appVersion: '0', platform: 'linux', sealing: { kind: 'sealer', sealer: createTestSealer() }, policyReader: NO_POLICY, ...options,
  });
  const call = (channel: string, ...args: unknown[]) => dispatchIpc(services.handlers, channel, args) as Promise<IpcOutcome<unknown>>;
  return { services, call };
}

const policyOf = (raw: unknown): PolicyReader => ({ read: async () => ({ kind: 'found', source: '/etc/parley/policy.json', raw }), watch: () => () => {} });

describe('main services over IPC', () => {
  it('unlocks a passphrase keystore through IPC and refuses key operations until then', async () => {
    const { call, services } = start({ sealing: { kind: 'passphrase', reason: 'No desktop keyring', scrypt: TEST_SCRYPT } });
    expect(await call('identity:getPublicPrekeys')).toEqual({ ok: false, error: { code: 'keystore-needs-passphrase', message: 'The keystore is not unlocked' } });
    expect(await call('keystore:unlock', 'short')).toMatchObject({ ok: false, error: { code: 'weak-passphrase' } });
    expect(await call('keystore:unlock', 'long enough passphrase')).toMatchObject({ ok: true, value: { state: 'ready', sealing: 'passphrase' } });
    expect(await call('identity:getPublicPrekeys')).toMatchObject({ ok: true });
    await services.close();
  });

  it('reports key-operation refusals with their protocol code', async () => {
    const { call, services } = start();
    const remote = x25519.getPublicKey(x25519.utils.randomSecretKey());
    expect(await call('identity:dhPrekey', { kind: 'one-time', id: 1 }, remote)).toMatchObject({ ok: true });
    expect(await call('identity:commitInit', { ephemeralKey: remote, signedPrekeyId: 1, oneTimePrekeyId: 1 })).toMatchObject({ ok: true, value: null });
    expect(await call('identity:commitInit', { ephemeralKey: remote, signedPrekeyId: 1 })).toMatchObject({ ok: false, error: { code: 'replay' } });
    expect(await call('identity:dhPrekey', { kind: 'one-time', id: 1 }, remote)).toMatchObject({ ok: false, error: { code: 'invalid-key' } });
    expect(await call('identity:dhIdentity', new Uint8Array(32))).toMatchObject({ ok: false, error: { code: 'invalid-key' } }); // low-order point
    expect(await call('identity:kemDecapsulate', 99, new Uint8Array(1088))).toMatchObject({ ok: false, error: { code: 'invalid-key' } });
    await services.close();
  });

  it('reports policy-locked settings, refuses changing them, and turns off screen sharing when the policy says so', async () => {
    const { call, services } = start({ policyReader: policyOf({ allowScreenShare: false, recordingMode: 'disabled' }) });
    expect(await call('settings:getEffective')).toMatchObject({ ok: true, value: { allowScreenShare: { value: false, lockedBy: 'policy' }, recordingMode: { value: 'disabled', lockedBy: 'policy' } } });
    expect(await call('settings:set', { allowScreenShare: true })).toMatchObject({ ok: false, error: { code: 'locked-by-policy' } });
    expect(await call('policy:getStatus')).toEqual({ ok: true, value: { source: '/etc/parley/policy.json', errors: [] } });
    expect(await call('screen:listSources')).toMatchObject({ ok: false, error: { code: 'screen-share-disabled' } });
    await services.close();
  });

  it('never opens external links without an opener (the harness has none)', async () => {
    const { call, services } = start();
    expect(await call('links:openExternal', 'https://example.org/')).toEqual({ ok: true, value: false });
    await services.close();
  });

  it('tells a waiting renderer when a join link arrives or the admin policy changes', async () => {
    let policy: unknown = { requireLobby: true };
    let changed: () => void = () => {};
    const reader: PolicyReader = { read: async () => ({ kind: 'found', source: 'test', raw: policy }), watch: (onChange) => ((changed = onChange), () => {}) };
    const { call, services } = start({ policyReader: reader });
    await call('settings:getEffective');

    const first = call('events:next');
    services.joinLinks.offer({ inviteLink: `parley://join#${'A'.repeat(43)}.${'k'.repeat(22)}` });
    expect(await first).toEqual({ ok: true, value: { type: 'join-link' } });

    const second = call('events:next');
    policy = { requireLobby: false };
    changed();
    expect(await second).toEqual({ ok: true, value: { type: 'settings-changed' } });
    expect(await call('settings:getEffective')).toMatchObject({ value: { requireLobby: { value: false, lockedBy: 'policy' } } });
    await services.close();
  });
});
