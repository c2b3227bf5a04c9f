import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyService } from '../policy/policy-service';
import type { PolicyReader } from '../policy/reader';
import { NO_POLICY } from '../policy/reader';
import { SETTINGS_FILE, SettingsService } from './settings-service';
import { DEFAULT_SETTINGS, isUserSettingsPatch } from './settings-schema';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const policyOf = (raw: unknown): PolicyReader => ({ read: async () => ({ kind: 'found', source: 'test', raw }), watch: () => () => {} });

describe('settings', () => {
  it('precedence: admin policy > user settings > defaults, with policy values locked', async () => {
    const user = new SettingsService(dir, new PolicyService(NO_POLICY));
    await user.update({ allowScreenShare: false, retentionDays: 60, displayName: 'Ada' });

    const settings = new SettingsService(dir, new PolicyService(policyOf({ retentionDays: 14, requireLobby: true })));
    const effective = await settings.effective();
    expect(effective.retentionDays).toEqual({ value: 14, source: 'policy', lockedBy: 'policy' });
    expect(effective.requireLobby).toEqual({ value: true, source: 'policy', lockedBy: 'policy' });
    expect(effective.allowScreenShare).toEqual({ value: false, source: 'user', lockedBy: null });
    expect(effective.displayName).toEqual({ value: 'Ada', source: 'user', lockedBy: null });
    expect(effective.recordingMode).toEqual({ value: DEFAULT_SETTINGS.recordingMode, source: 'default', lockedBy: null });
  });

  it('refuses to change what the policy locks, and relays outside allowedRelays', async () => {
    const settings = new SettingsService(dir, new PolicyService(policyOf({ recordingMode: 'disabled', allowedRelays: ['wss://relay.example.eu/'] })));
    await expect(settings.update({ recordingMode: 'notify' })).rejects.toMatchObject({ code: 'locked-by-policy' });
    await expect(settings.update({ relayUrl: 'wss://elsewhere.example/' })).rejects.toMatchObject({ code: 'relay-not-allowed' });
    const effective = await settings.update({ relayUrl: 'wss://relay.example.eu/path' });
    expect(effective.relayUrl).toEqual({ value: 'wss://relay.example.eu/path', source: 'user', lockedBy: null });
  });

  it('steers a stored relay that the policy does not allow to the first allowed one, locked', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ relayUrl: 'wss://old.example/' }));
    const settings = new SettingsService(dir, new PolicyService(policyOf({ allowedRelays: ['wss://relay.example.eu/'] })));
    expect((await settings.effective()).relayUrl).toEqual({ value: 'wss://relay.example.eu/', source: 'policy', lockedBy: 'policy' });
  });

  it('ignores a damaged or tampered settings file value by value', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ retentionDays: -1, requireLobby: false, evil: 1 }));
    const effective = await new SettingsService(dir, new PolicyService(NO_POLICY)).effective();
    expect(effective.retentionDays.source).toBe('default');
    expect(effective.requireLobby).toEqual({ value: false, source: 'user', lockedBy: null });
    await writeFile(path.join(dir, SETTINGS_FILE), '{');
    expect((await new SettingsService(dir, new PolicyService(NO_POLICY)).effective()).requireLobby.source).toBe('default');
  });

  it('writes the settings file atomically as JSON', async () => {
    await new SettingsService(dir, new PolicyService(NO_POLICY)).update({ autoUpdate: false });
    expect(JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ autoUpdate: false });
  });

  it('validates patches from the renderer', () => {
    expect(isUserSettingsPatch({ displayName: 'Bo' })).toBe(true);
    expect(isUserSettingsPatch({ relayUrl: null })).toBe(true);
    for (const bad of [{}, { allowedRelays: [] }, { displayName: 'a\u0000b' }, { displayName: 'x'.repeat(65) }, { retentionDays: 1.5 }, { colour: 'red' }, [], null, Object.create({ x: 1 })]) {
      expect(isUserSettingsPatch(bad)).toBe(false);
    }
  });

  it('recording settings: folder checked (absolute, creatable, writable), size and bitrate bounded, folder pinnable by policy', async () => {
    const settings = new SettingsService(dir, new PolicyService(NO_POLICY));
    expect((await settings.effective()).recordingFolder).toEqual({ value: null, source: 'default', lockedBy: null });
    const folder = path.join(dir, 'my recordings');
    const effective = await settings.update({ recordingFolder: folder, recordingResolution: '1080p', recordingBitrateKbps: 4000 });
    expect(effective.recordingFolder.value).toBe(folder);
    expect(effective.recordingResolution.value).toBe('1080p');
    expect(effective.recordingBitrateKbps.value).toBe(4000);
    await writeFile(path.join(dir, 'a-file'), 'x');
    await expect(settings.update({ recordingFolder: path.join(dir, 'a-file', 'sub') })).rejects.toMatchObject({ code: 'folder-not-writable' });
    expect((await settings.update({ recordingFolder: null })).recordingFolder.source).toBe('user');

    for (const bad of [{ recordingFolder: 'relative' }, { recordingResolution: '4k' }, { recordingBitrateKbps: 249 }, { recordingBitrateKbps: 8001 }, { recordingBitrateKbps: 1000.5 }]) {
      expect(isUserSettingsPatch(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isUserSettingsPatch({ recordingBitrateKbps: 250, recordingResolution: '720p' })).toBe(true);

    const managed = new SettingsService(dir, new PolicyService(policyOf({ recordingFolder: '/srv/parley/recordings' })));
    expect((await managed.effective()).recordingFolder).toEqual({ value: '/srv/parley/recordings', source: 'policy', lockedBy: 'policy' });
    await expect(managed.update({ recordingFolder: folder })).rejects.toMatchObject({ code: 'locked-by-policy' });
  });

  it('hostOnLocalNetwork: off by default, the user may turn it on, a policy pins it; an organisation relay locks it off', async () => {
    const settings = new SettingsService(dir, new PolicyService(NO_POLICY));
    expect((await settings.effective()).hostOnLocalNetwork).toEqual({ value: false, source: 'default', lockedBy: null });
    expect((await settings.effective()).localNetworkPort).toEqual({ value: null, source: 'default', lockedBy: null });
    const on = await settings.update({ hostOnLocalNetwork: true, localNetworkPort: 50123 });
    expect(on.hostOnLocalNetwork.value).toBe(true);
    expect(on.localNetworkPort.value).toBe(50123);
    expect(isUserSettingsPatch({ localNetworkPort: 80 })).toBe(false);
    expect(isUserSettingsPatch({ localNetworkPort: 70000 })).toBe(false);

    const organisation = new SettingsService(dir, new PolicyService(policyOf({ relayUrl: 'wss://relay.example.eu/' })));
    expect((await organisation.effective()).hostOnLocalNetwork).toEqual({ value: false, source: 'policy', lockedBy: 'policy' });
    await expect(organisation.update({ hostOnLocalNetwork: true })).rejects.toMatchObject({ code: 'locked-by-policy' });
    const lanByPolicy = new SettingsService(dir, new PolicyService(policyOf({ relayUrl: 'wss://relay.example.eu/', hostOnLocalNetwork: true, localNetworkPort: 47000 })));
    expect((await lanByPolicy.effective()).hostOnLocalNetwork).toEqual({ value: true, source: 'policy', lockedBy: 'policy' });
    expect((await lanByPolicy.effective()).localNetworkPort).toEqual({ value: 47000, source: 'policy', lockedBy: 'policy' });
  });

  it('alwaysRelayCalls: off by default, the user may turn it on, a policy pins it', async () => {
    const settings = new SettingsService(dir, new PolicyService(NO_POLICY));
    expect((await settings.effective()).alwaysRelayCalls).toEqual({ value: false, source: 'default', lockedBy: null });
    expect((await settings.update({ alwaysRelayCalls: true })).alwaysRelayCalls).toEqual({ value: true, source: 'user', lockedBy: null });
    expect(isUserSettingsPatch({ alwaysRelayCalls: 'yes' })).toBe(false);

    const managed = new SettingsService(dir, new PolicyService(policyOf({ alwaysRelayCalls: false })));
    expect((await managed.effective()).alwaysRelayCalls).toEqual({ value: false, source: 'policy', lockedBy: 'policy' });
    await expect(managed.update({ alwaysRelayCalls: true })).rejects.toMatchObject({ code: 'locked-by-policy' });
  });
});
