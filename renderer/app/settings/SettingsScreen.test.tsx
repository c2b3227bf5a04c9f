import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi, SettingsValues } from '../../../protocol/ipc-contract';
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

describe('SettingsScreen', () => {
  it('offers "Always relay calls" under Network when main keeps the settings', async () => {
    const values: SettingsValues = {
      relayUrl: null, allowedRelays: null, recordingMode: 'consent-all', retentionDays: 30, requireLobby: true, allowScreenShare: true, alwaysRelayCalls: false,
      autoUpdate: true, displayName: '', recordingFolder: null, recordingResolution: '540p', recordingBitrateKbps: 1000, hostOnLocalNetwork: false, localNetworkPort: null,
    };
    const effective = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, source: 'default', lockedBy: null }]));
    window.parley = { getEffectiveSettings: vi.fn(async () => effective), listRecordings: vi.fn(async () => []) } as unknown as ParleyApi;
    render(<SettingsScreen />);
    const network = screen.getByRole('region', { name: 'Network' });
    expect(await within(network).findByRole('checkbox', { name: 'Always relay calls' })).toBeTruthy();
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
