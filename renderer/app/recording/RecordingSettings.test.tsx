import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EffectiveSetting, EffectiveSettings, ParleyApi, SettingsValues } from '../../../protocol/ipc-contract';
import { RecordingSettings, bitrateValid, looksAbsolute } from './RecordingSettings';

afterEach(() => {
  cleanup();
  delete (window as { parley?: ParleyApi }).parley;
});

const user = <T,>(value: T): EffectiveSetting<T> => ({ value, source: 'user', lockedBy: null });
const pinned = <T,>(value: T): EffectiveSetting<T> => ({ value, source: 'policy', lockedBy: 'policy' });

function settingsWith(overrides: Partial<EffectiveSettings> = {}): EffectiveSettings {
  return {
    relayUrl: user(null), allowedRelays: user(null), recordingMode: user('consent-all'), retentionDays: user(30), requireLobby: user(true),
    allowScreenShare: user(true), alwaysRelayCalls: user(false), autoUpdate: user(true), displayName: user('Ada'),
    recordingFolder: user(null), recordingResolution: user('540p'), recordingBitrateKbps: user(1000), hostOnLocalNetwork: user(false), localNetworkPort: user(null),
    keepRunningInTray: user(true), openAtLogin: user(false), diagnosticsLog: user(false),
    ...overrides,
  };
}

/** A main that keeps what it is given, refusing one folder as unwritable. */
/** `chosen`: what the folder dialog returns; 'no-dialog' = main has none (the browser harness). */
function fakeMain(initial: EffectiveSettings, chosen: string | null = null) {
  let current = initial;
  const api = {
    getEffectiveSettings: vi.fn(async () => current),
    updateSettings: vi.fn(async (patch: Partial<SettingsValues>) => {
      if (patch.recordingFolder === '/read-only') throw Object.assign(new Error('no'), { code: 'folder-not-writable' });
      const next = { ...current } as Record<string, EffectiveSetting<unknown>>;
      for (const [key, value] of Object.entries(patch)) next[key] = user(value);
      current = next as EffectiveSettings;
      return current;
    }),
    chooseRecordingFolder: vi.fn(async () => {
      if (chosen === 'no-dialog') throw Object.assign(new Error('no dialog'), { code: 'folder-picker-unavailable' });
      return chosen;
    }),
  };
  (window as { parley?: unknown }).parley = api;
  return api;
}

describe('RecordingSettings', () => {
  it('saves a typed folder, size and bitrate through main', async () => {
    const api = fakeMain(settingsWith());
    render(<RecordingSettings />);
    const folder = await screen.findByLabelText('Folder for new recordings');
    fireEvent.change(folder, { target: { value: '/home/ada/Recordings' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]!);
    await waitFor(() => expect(api.updateSettings).toHaveBeenCalledWith({ recordingFolder: '/home/ada/Recordings' }));

    fireEvent.change(screen.getByLabelText('Recording size'), { target: { value: '1080p' } });
    await waitFor(() => expect(api.updateSettings).toHaveBeenCalledWith({ recordingResolution: '1080p' }));

    fireEvent.change(screen.getByLabelText('Video bitrate (kbit/s)'), { target: { value: '3000' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[1]!);
    await waitFor(() => expect(api.updateSettings).toHaveBeenCalledWith({ recordingBitrateKbps: 3000 }));
    expect((screen.getByLabelText('Recording size') as HTMLSelectElement).value).toBe('1080p');
  });

  it('refuses a relative folder or an out-of-range bitrate before asking main, and shows main’s refusal', async () => {
    const api = fakeMain(settingsWith());
    render(<RecordingSettings />);
    fireEvent.change(await screen.findByLabelText('Folder for new recordings'), { target: { value: 'Recordings' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]!);
    expect((await screen.findByRole('alert')).textContent).toMatch(/absolute path/);

    fireEvent.change(screen.getByLabelText('Folder for new recordings'), { target: { value: '/read-only' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]!);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/cannot create or write/));

    fireEvent.change(screen.getByLabelText('Video bitrate (kbit/s)'), { target: { value: '9000' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[1]!);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/250 to 8000/));
    expect(api.updateSettings).toHaveBeenCalledTimes(1); // only /read-only reached main
  });

  it('takes a folder from the system dialog, and an empty field means the default', async () => {
    const api = fakeMain(settingsWith({ recordingFolder: user('/old') }), '/media/usb/Parley');
    render(<RecordingSettings />);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose…' }));
    await waitFor(() => expect(api.updateSettings).toHaveBeenCalledWith({ recordingFolder: '/media/usb/Parley' }));
    await waitFor(() => expect((screen.getByLabelText('Folder for new recordings') as HTMLInputElement).value).toBe('/media/usb/Parley'));
    fireEvent.change(screen.getByLabelText('Folder for new recordings'), { target: { value: '  ' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]!);
    await waitFor(() => expect(api.updateSettings).toHaveBeenLastCalledWith({ recordingFolder: null }));
  });

  it('without a folder dialog (outside the app) asks for the path to be typed', async () => {
    const api = fakeMain(settingsWith(), 'no-dialog');
    render(<RecordingSettings />);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose…' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/type the folder’s path/);
    expect(api.updateSettings).not.toHaveBeenCalled();
  });

  it('shows a folder pinned by policy read-only, as managed by the organisation', async () => {
    fakeMain(settingsWith({ recordingFolder: pinned('/srv/parley/recordings') }));
    render(<RecordingSettings />);
    const folder = (await screen.findByLabelText('Folder for new recordings')) as HTMLInputElement;
    expect(folder.readOnly).toBe(true);
    expect(folder.value).toBe('/srv/parley/recordings');
    expect(screen.queryByRole('button', { name: 'Choose…' })).toBeNull();
    expect(screen.getByText('Managed by your organisation')).toBeTruthy();
  });

  it('checks paths and bitrates like main does', () => {
    expect(['/a', 'C:\\Rec', 'd:/rec', '\\\\server\\share'].every(looksAbsolute)).toBe(true);
    expect(['rec', './rec', 'C:rec', ''].some(looksAbsolute)).toBe(false);
    expect(['250', '8000', '1000'].every(bitrateValid)).toBe(true);
    expect(['249', '8001', '1000.5', '', 'abc'].some(bitrateValid)).toBe(false);
  });
});
