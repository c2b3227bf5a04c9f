import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRIVACY_STATEMENT } from '../../../protocol/privacy-statement';
import { useRecentRooms } from '../recent-rooms';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { HomeScreen } from './HomeScreen';

const LINK = `parley://join?relay=wss%3A%2F%2Frelay.example.org#${'a'.repeat(42)}A.${'h'.repeat(21)}A`;

beforeEach(() => {
  localStorage.clear();
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS }, managed: {} });
  useUiStore.setState({ screen: 'home', intent: null });
  useRecentRooms.setState({ rooms: [] });
});
afterEach(cleanup);

describe('HomeScreen', () => {
  it('asks for a name before starting a meeting', () => {
    render(<HomeScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'New meeting' }));
    const name = screen.getByRole('textbox', { name: 'Your name' });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter your name first.')).toBeTruthy();
    expect(useUiStore.getState().screen).toBe('home');
    fireEvent.change(name, { target: { value: 'Ada' } });
    fireEvent.click(screen.getByRole('button', { name: 'New meeting' }));
    expect(useUiStore.getState()).toMatchObject({ screen: 'prejoin', intent: { kind: 'create' } });
    expect(useSettingsStore.getState().settings.displayName).toBe('Ada');
  });

  it('checks a pasted invite link, then goes to pre-join with it', () => {
    useSettingsStore.getState().update({ displayName: 'Ada' });
    render(<HomeScreen />);
    const link = screen.getByRole('textbox', { name: 'Invite link' });
    fireEvent.change(link, { target: { value: 'https://example.org/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(link.getAttribute('aria-invalid')).toBe('true');
    expect(useUiStore.getState().screen).toBe('home');
    fireEvent.change(link, { target: { value: ` ${LINK} ` } });
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(useUiStore.getState()).toMatchObject({ screen: 'prejoin', intent: { kind: 'join', inviteLink: LINK } });
  });

  it('lists recent meetings only when the person opted in', () => {
    useRecentRooms.setState({ rooms: [{ inviteLink: LINK, lastJoinedAt: Date.UTC(2026, 0, 5) }] });
    const { unmount } = render(<HomeScreen />);
    expect(screen.queryByRole('heading', { name: 'Recent meetings' })).toBeNull();
    unmount();
    useSettingsStore.getState().update({ rememberRecentRooms: true, displayName: 'Ada' });
    render(<HomeScreen />);
    expect(screen.getByRole('heading', { name: 'Recent meetings' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Join Meeting 1/ }));
    expect(useUiStore.getState().intent).toEqual({ kind: 'join', inviteLink: LINK });
  });

  it('submitting the name field (Enter) starts a meeting', () => {
    render(<HomeScreen />);
    const name = screen.getByRole('textbox', { name: 'Your name' });
    fireEvent.change(name, { target: { value: 'Ada' } });
    fireEvent.submit(name.closest('form')!);
    expect(useUiStore.getState()).toMatchObject({ screen: 'prejoin', intent: { kind: 'create' } });
  });

  it('says who learns what in the words of the one statement (the dashboard and the report use the same), in German too', () => {
    const { unmount } = render(<HomeScreen />);
    expect(screen.getByTestId('who-learns-what').textContent).toBe(PRIVACY_STATEMENT.en.relay + PRIVACY_STATEMENT.en.participants);
    unmount();
    useSettingsStore.getState().update({ language: 'de' });
    render(<HomeScreen />);
    expect(screen.getByTestId('who-learns-what').textContent).toBe(PRIVACY_STATEMENT.de.relay + PRIVACY_STATEMENT.de.participants);
  });
});
