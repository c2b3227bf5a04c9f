import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EffectiveSetting, EffectiveSettings, ParleyApi } from '../../protocol/ipc-contract';
import { DEFAULT_SETTINGS, useSettingsStore } from './settings-store';
import { applyEffectiveSettings, saveRelayUrl, startSettingsSync } from './settings-sync';

const user = <T,>(value: T): EffectiveSetting<T> => ({ value, source: 'user', lockedBy: null });
const pinned = <T,>(value: T): EffectiveSetting<T> => ({ value, source: 'policy', lockedBy: 'policy' });

function effective(relay: EffectiveSetting<string | null>, name = 'Ada'): EffectiveSettings {
  return {
    relayUrl: relay,
    allowedRelays: user(null),
    recordingMode: user('consent-all'),
    retentionDays: user(30),
    requireLobby: user(true),
    allowScreenShare: user(true),
    alwaysRelayCalls: user(false),
    autoUpdate: user(true),
    displayName: user(name),
    recordingFolder: user(null),
    recordingResolution: user('540p'),
    recordingBitrateKbps: user(1000),
    hostOnLocalNetwork: user(false),
    localNetworkPort: user(null),
    keepRunningInTray: user(true),
    openAtLogin: user(false),
    diagnosticsLog: user(false),
  };
}

class Refusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const api = { getEffectiveSettings: vi.fn(), updateSettings: vi.fn() };

beforeEach(() => {
  localStorage.clear();
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS }, managed: {} });
  api.getEffectiveSettings.mockReset();
  api.updateSettings.mockReset();
  window.parley = api as unknown as ParleyApi;
});
afterEach(() => {
  delete window.parley;
  vi.useRealTimers();
});

describe('settings from main', () => {
  it('takes the user values, and marks policy-pinned ones as managed', () => {
    applyEffectiveSettings(effective(user('wss://mine.example'), 'Grace'));
    expect(useSettingsStore.getState().settings).toMatchObject({ relayUrl: 'wss://mine.example', displayName: 'Grace' });
    expect(useSettingsStore.getState().managed).toEqual({});
    applyEffectiveSettings(effective(pinned('wss://corp.example')));
    expect(useSettingsStore.getState().managed).toEqual({ relayUrl: 'wss://corp.example' });
  });

  it('sends display-name edits to main once typing pauses', async () => {
    vi.useFakeTimers();
    api.getEffectiveSettings.mockResolvedValue(effective(user(null), ''));
    api.updateSettings.mockImplementation(async (patch: { displayName: string }) => effective(user(null), patch.displayName));
    const stop = startSettingsSync();
    await vi.runAllTimersAsync();
    for (const name of ['A', 'Ad', 'Ada ']) useSettingsStore.getState().update({ displayName: name });
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.updateSettings.mock.calls).toEqual([[{ displayName: 'Ada' }]]);
    stop();
  });
});

describe('saveRelayUrl', () => {
  it('saves through main (empty means default)', async () => {
    api.updateSettings.mockResolvedValue(effective(user(null)));
    expect(await saveRelayUrl('')).toBe('saved');
    expect(api.updateSettings).toHaveBeenCalledWith({ relayUrl: null });
  });

  it('reports a relay the organisation does not allow, without changing anything', async () => {
    useSettingsStore.getState().update({ relayUrl: 'wss://old.example' });
    api.updateSettings.mockRejectedValue(new Refusal('relay-not-allowed'));
    expect(await saveRelayUrl('wss://elsewhere.example')).toBe('not-allowed');
    expect(useSettingsStore.getState().settings.relayUrl).toBe('wss://old.example');
  });

  it('re-reads the policy when main says the relay is locked', async () => {
    api.updateSettings.mockRejectedValue(new Refusal('locked-by-policy'));
    api.getEffectiveSettings.mockResolvedValue(effective(pinned('wss://corp.example')));
    expect(await saveRelayUrl('wss://elsewhere.example')).toBe('locked');
    expect(useSettingsStore.getState().managed).toEqual({ relayUrl: 'wss://corp.example' });
  });
});
