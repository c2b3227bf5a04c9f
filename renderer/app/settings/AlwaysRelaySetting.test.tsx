import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EffectiveSetting, EffectiveSettings, ParleyApi, SettingsValues } from '../../../protocol/ipc-contract';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { AlwaysRelaySetting } from './MainBooleanSetting';

const user = <T,>(value: T): EffectiveSetting<T> => ({ value, source: 'user', lockedBy: null });
const pinned = <T,>(value: T): EffectiveSetting<T> => ({ value, source: 'policy', lockedBy: 'policy' });

function settingsWith(alwaysRelayCalls: EffectiveSetting<boolean>): EffectiveSettings {
  return {
    relayUrl: user(null), allowedRelays: user(null), recordingMode: user('consent-all'), retentionDays: user(30), requireLobby: user(true),
    allowScreenShare: user(true), alwaysRelayCalls, autoUpdate: user(true), displayName: user('Ada'),
    recordingFolder: user(null), recordingResolution: user('540p'), recordingBitrateKbps: user(1000), hostOnLocalNetwork: user(false), localNetworkPort: user(null),
    keepRunningInTray: user(true), openAtLogin: user(false), diagnosticsLog: user(false),
  };
}

/** A main that keeps what it is given, like SettingsService: a pinned key is refused as locked. */
function fakeMain(initial: EffectiveSetting<boolean>, options: { fail?: boolean } = {}) {
  let current = settingsWith(initial);
  const api = {
    getEffectiveSettings: vi.fn(async () => current),
    updateSettings: vi.fn(async (patch: Partial<SettingsValues>) => {
      if (current.alwaysRelayCalls.lockedBy === 'policy') throw Object.assign(new Error('Managed by your organisation'), { code: 'locked-by-policy' });
      if (options.fail) throw new Error('disk full');
      current = { ...current, alwaysRelayCalls: user(patch.alwaysRelayCalls!) };
      return current;
    }),
    /** The organisation pins the setting while the screen is open. */
    pin(value: boolean) {
      current = { ...current, alwaysRelayCalls: pinned(value) };
    },
  };
  window.parley = api as unknown as ParleyApi;
  return api;
}

const toggle = () => screen.findByRole<HTMLInputElement>('checkbox', { name: 'Always relay calls' });

beforeEach(() => {
  localStorage.clear();
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS, language: 'en' }, managed: {} });
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

describe('AlwaysRelaySetting', () => {
  it('shows main’s value with a one-line explanation, and saves a change through main', async () => {
    const api = fakeMain(user(false));
    render(<AlwaysRelaySetting />);
    const box = await toggle();
    expect(box.checked).toBe(false);
    expect(box.disabled).toBe(false);
    // The explanation is the checkbox's accessible description: what it hides, and what it needs.
    const hint = document.getElementById(box.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toMatch(/never see your IP address/);
    expect(hint.textContent).toMatch(/TURN/);

    fireEvent.click(box);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    expect(api.updateSettings.mock.calls).toEqual([[{ alwaysRelayCalls: true }]]);
    expect(box.checked).toBe(true);

    fireEvent.click(box);
    await waitFor(() => expect(api.updateSettings).toHaveBeenLastCalledWith({ alwaysRelayCalls: false }));
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it('pinned by policy: shown as managed, and cannot be changed', async () => {
    const api = fakeMain(pinned(true));
    render(<AlwaysRelaySetting />);
    const box = await toggle();
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    const described = box.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent);
    expect(described).toContain('Managed by your organisation');

    // (jsdom flips a disabled checkbox's DOM state on a synthetic click; a browser does not.)
    fireEvent.click(box);
    await Promise.resolve();
    expect(api.updateSettings).not.toHaveBeenCalled();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('pinned while the screen is open: main refuses, and the setting turns managed with the pinned value', async () => {
    const api = fakeMain(user(false));
    render(<AlwaysRelaySetting />);
    const box = await toggle();
    api.pin(false);
    fireEvent.click(box);
    await screen.findByText('Managed by your organisation');
    expect(box.checked).toBe(false);
    expect(box.disabled).toBe(true);
  });

  it('a failed save puts the old value back and says so', async () => {
    fakeMain(user(false), { fail: true });
    render(<AlwaysRelaySetting />);
    const box = await toggle();
    fireEvent.click(box);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Could not save. Try again.'));
    expect(box.checked).toBe(false);
  });

  it('speaks German, and shows nothing outside Parley (no main to keep the setting)', async () => {
    fakeMain(user(true));
    useSettingsStore.getState().update({ language: 'de' });
    render(<AlwaysRelaySetting />);
    expect((await screen.findByRole<HTMLInputElement>('checkbox', { name: 'Anrufe immer über das Relay leiten' })).checked).toBe(true);
    cleanup();

    delete window.parley;
    const { container } = render(<AlwaysRelaySetting />);
    await Promise.resolve();
    expect(container.innerHTML).toBe('');
  });
});
