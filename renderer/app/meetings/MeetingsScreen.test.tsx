import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EffectiveSettings, ParleyApi, ScheduledMeeting } from '../../../protocol/ipc-contract';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { MeetingsScreen } from './MeetingsScreen';
import { useMeetingsStore } from './meetings-store';

const LINK = `parley://join?relay=wss%3A%2F%2Frelay.example.org#${'a'.repeat(42)}A.${'h'.repeat(21)}A`;
const MEETING: ScheduledMeeting = {
  id: 'ab'.repeat(16), title: 'Retro', startsAt: Date.UTC(2030, 0, 7, 9), durationMinutes: 30, lobby: false, createdAt: 1, inviteLink: LINK, inviteLinkPage: null,
};
const listScheduledMeetings = vi.fn();
const scheduleMeeting = vi.fn();
const removeScheduledMeeting = vi.fn();
const getEffectiveSettings = vi.fn();

function settingsWithLobby(value: boolean, policy: boolean): EffectiveSettings {
  return { requireLobby: { value, source: policy ? 'policy' : 'default', lockedBy: policy ? 'policy' : null } } as unknown as EffectiveSettings;
}

beforeEach(() => {
  listScheduledMeetings.mockReset().mockResolvedValue([MEETING]);
  scheduleMeeting.mockReset().mockResolvedValue(MEETING);
  removeScheduledMeeting.mockReset().mockResolvedValue(null);
  getEffectiveSettings.mockReset().mockResolvedValue(settingsWithLobby(true, false));
  window.parley = { listScheduledMeetings, scheduleMeeting, removeScheduledMeeting, getEffectiveSettings } as unknown as ParleyApi;
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS, language: 'en' }, managed: {} });
  useUiStore.setState({ screen: 'meetings', intent: null });
  useMeetingsStore.setState({ meetings: null, loadError: null });
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

describe('MeetingsScreen', () => {
  it('asks for a title and a time that has not passed before asking main', async () => {
    render(<MeetingsScreen />);
    await screen.findByRole('heading', { name: 'Retro' });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    expect(screen.getByRole('textbox', { name: 'Title' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Give the meeting a title.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: 'Planning' } });
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2001-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    expect(screen.getByText('Choose a date and time that have not passed yet.')).toBeTruthy();
    expect(scheduleMeeting).not.toHaveBeenCalled();
  });

  it('sends the draft with the local time chosen, and says it is scheduled', async () => {
    render(<MeetingsScreen />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: '  Planning  ' } });
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2030-01-07' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '09:15' } });
    fireEvent.change(screen.getByLabelText('Length'), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Guests wait in the lobby until I let them in' }));
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    await waitFor(() => expect(scheduleMeeting).toHaveBeenCalledWith({ title: 'Planning', startsAt: new Date(2030, 0, 7, 9, 15).getTime(), durationMinutes: 90, lobby: false }));
    expect(await screen.findByText('“Retro” is scheduled. Send the invitation to your guests.')).toBeTruthy();
  });

  it('keeps the lobby on when the organisation requires it', async () => {
    getEffectiveSettings.mockResolvedValue(settingsWithLobby(true, true));
    render(<MeetingsScreen />);
    const lobby = screen.getByRole('checkbox', { name: 'Guests wait in the lobby until I let them in' }) as HTMLInputElement;
    await screen.findByText('Your organisation requires the lobby.');
    expect(lobby.disabled).toBe(true);
    expect(lobby.checked).toBe(true);
  });

  it('starts a meeting as the scheduled intent with its lobby rule, and deletes one only after confirming', async () => {
    render(<MeetingsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Start “Retro”' }));
    expect(useUiStore.getState()).toMatchObject({ screen: 'prejoin', intent: { kind: 'scheduled', inviteLink: LINK, title: 'Retro', lobby: false } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete “Retro”' }));
    expect(removeScheduledMeeting).not.toHaveBeenCalled();
    listScheduledMeetings.mockResolvedValue([]);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(removeScheduledMeeting).toHaveBeenCalledWith(MEETING.id));
    expect(await screen.findByText('No meetings scheduled yet.')).toBeTruthy();
  });

  it('says so when main cannot read the list, instead of showing none', async () => {
    listScheduledMeetings.mockRejectedValue(Object.assign(new Error('damaged'), { code: 'meetings-damaged' }));
    render(<MeetingsScreen />);
    expect(await screen.findByText('Your meetings could not be read.')).toBeTruthy();
    expect(screen.queryByText('No meetings scheduled yet.')).toBeNull();
  });
});
