import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi } from '../../../protocol/ipc-contract';
import { PRIVACY_STATEMENT } from '../../../protocol/privacy-statement';
import { useRecentRooms } from '../recent-rooms';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { PrivacyScreen } from './PrivacyScreen';

const requestErase = vi.fn();
const eraseEverything = vi.fn();
const getEffectiveSettings = vi.fn();

beforeEach(() => {
  requestErase.mockReset().mockResolvedValue({ token: 'tok-1', expiresAt: Date.now() + 60_000, willDelete: ['identity-keys', 'recordings'] });
  eraseEverything.mockReset().mockResolvedValue(null);
  getEffectiveSettings.mockReset().mockResolvedValue({ retentionDays: { value: 14, source: 'policy', lockedBy: 'policy' } });
  window.parley = { requestErase, eraseEverything, getEffectiveSettings } as unknown as ParleyApi;
  useSettingsStore.getState().update({ ...DEFAULT_SETTINGS, displayName: 'Ada', rememberRecentRooms: true });
  useRecentRooms.getState().remember('parley://join#x', 1);
  useUiStore.setState({ screen: 'privacy', toasts: [] });
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

describe('PrivacyScreen', () => {
  it('lists every kind of data with where and how long', () => {
    render(<PrivacyScreen />);
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(8);
    expect(screen.getByRole('rowheader', { name: 'Your identity keys' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Recordings' })).toBeTruthy();
    expect(screen.getByTestId('who-learns-what').textContent).toBe(PRIVACY_STATEMENT.en.relay + PRIVACY_STATEMENT.en.participants);
  });

  it('shows the retention period main enforces, marked when the organisation sets it', async () => {
    render(<PrivacyScreen />);
    const cell = await screen.findByText(/Deleted automatically after 14 days/);
    expect(cell.textContent).toContain('Managed by your organisation');
  });

  it('erases only after confirming, with the token main issued', async () => {
    render(<PrivacyScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Erase everything…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Erase everything Parley keeps?' });
    await within(dialog).findByText('Your identity keys (people who verified you will see a new safety number)');
    expect(within(dialog).getByText('Your recordings')).toBeTruthy();
    expect(eraseEverything).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase everything' }));
    await vi.waitFor(() => expect(useUiStore.getState().screen).toBe('home'));
    expect(eraseEverything).toHaveBeenCalledWith('tok-1');
    expect(useSettingsStore.getState().settings).toEqual(DEFAULT_SETTINGS);
    expect(useRecentRooms.getState().rooms).toEqual([]);
    expect(localStorage.getItem('parley.settings.v1')).toBeNull();
  });

  it('cancelling erases nothing', async () => {
    render(<PrivacyScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Erase everything…' }));
    const dialog = screen.getByRole('alertdialog');
    await within(dialog).findByText('Your recordings');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(eraseEverything).not.toHaveBeenCalled();
    expect(useSettingsStore.getState().settings.displayName).toBe('Ada');
  });

  it('says so when main cannot erase, and keeps the local data', async () => {
    eraseEverything.mockRejectedValue(new Error('disk'));
    render(<PrivacyScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Erase everything…' }));
    const dialog = screen.getByRole('alertdialog');
    await within(dialog).findByText('Your recordings');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase everything' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Try again');
    expect(useSettingsStore.getState().settings.displayName).toBe('Ada');
  });

  it('names what will be deleted in German on German screens', async () => {
    useSettingsStore.getState().update({ language: 'de' });
    render(<PrivacyScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Alles löschen…' }));
    await screen.findByText('Ihre Identitätsschlüssel (wer Sie verifiziert hat, sieht eine neue Sicherheitsnummer)');
    expect(screen.getByText('Ihre Aufnahmen')).toBeTruthy();
  });
});
