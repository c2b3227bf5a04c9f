import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EffectiveSettings, ParleyApi, SettingsValues } from '../../../protocol/ipc-contract';
import { useRecentRooms } from '../recent-rooms';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { SettingsScreen } from './SettingsScreen';

beforeEach(() => {
  localStorage.clear();
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS }, managed: {} });
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

function defaultEffective(): EffectiveSettings {
  const values: SettingsValues = {
    relayUrl: null, allowedRelays: null, recordingMode: 'consent-all', retentionDays: 30, requireLobby: true, allowScreenShare: true, alwaysRelayCalls: false,
    autoUpdate: true, displayName: '', recordingFolder: null, recordingResolution: '540p', recordingBitrateKbps: 1000, hostOnLocalNetwork: false, localNetworkPort: null,
    keepRunningInTray: true, openAtLogin: false, diagnosticsLog: false,
  };
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, source: 'default', lockedBy: null }])) as unknown as EffectiveSettings;
}

describe('SettingsScreen', () => {
  it('offers "Always relay calls" under Network when main keeps the settings', async () => {
    const effective = defaultEffective();
    window.parley = { getEffectiveSettings: vi.fn(async () => effective), listRecordings: vi.fn(async () => []) } as unknown as ParleyApi;
    render(<SettingsScreen />);
    const network = screen.getByRole('region', { name: 'Network' });
    expect(await within(network).findByRole('checkbox', { name: 'Always relay calls' })).toBeTruthy();
  });

  it('offers "Keep running in the tray" (on) and "Start at login" (off) under Desktop, saved in main; a policy locks one', async () => {
    let effective: EffectiveSettings = { ...defaultEffective(), keepRunningInTray: { value: true, source: 'policy', lockedBy: 'policy' } };
    const updateSettings = vi.fn(async (patch: Partial<SettingsValues>) => {
      effective = { ...effective, openAtLogin: { value: patch.openAtLogin!, source: 'user', lockedBy: null } };
      return effective;
    });
    window.parley = { getEffectiveSettings: vi.fn(async () => effective), updateSettings, listRecordings: vi.fn(async () => []) } as unknown as ParleyApi;
    render(<SettingsScreen />);
    const desktop = screen.getByRole('region', { name: 'Desktop' });
    const keepRunning = (await within(desktop).findByRole('checkbox', { name: 'Keep running in the tray when the window is closed' })) as HTMLInputElement;
    expect(keepRunning.checked).toBe(true);
    expect(keepRunning.disabled).toBe(true);
    const atLogin = (await within(desktop).findByRole('checkbox', { name: 'Start Parley when I log in' })) as HTMLInputElement;
    expect(atLogin.checked).toBe(false);
    fireEvent.click(atLogin);
    await vi.waitFor(() => expect(updateSettings).toHaveBeenCalledWith({ openAtLogin: true }));
    await vi.waitFor(() => expect(atLogin.checked).toBe(true));
  });

  it('switches language and theme', () => {
    render(<SettingsScreen />);
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Deutsch' }));
    expect(useSettingsStore.getState().settings).toMatchObject({ theme: 'dark', language: 'de' });
    expect(screen.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeTruthy();
  });

  it('turning off recent meetings forgets them at once', () => {
    useSettingsStore.getState().update({ rememberRecentRooms: true });
    useRecentRooms.getState().remember('parley://join#x', 1);
    render(<SettingsScreen />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Remember meetings I join on this device' }));
    expect(useSettingsStore.getState().settings.rememberRecentRooms).toBe(false);
    expect(useRecentRooms.getState().rooms).toEqual([]);
  });
});
