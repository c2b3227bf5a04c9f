import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialCallState, useCallStore } from '../call/call-store';
import { App } from './App';
import { DEFAULT_SETTINGS, useSettingsStore } from './settings-store';
import { useUiStore } from './ui-store';

beforeEach(() => {
  useCallStore.setState(initialCallState, true);
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS }, managed: {} });
  useUiStore.setState({ screen: 'home', intent: null, toasts: [] });
});
afterEach(cleanup);

describe('App', () => {
  it('follows the call phase, and returns to the chosen screen when the call is over', async () => {
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Private video calls, directly between you' })).toBeTruthy();
    act(() => useCallStore.setState({ phase: 'joining' }));
    expect(screen.getByRole('heading', { name: 'Connecting securely…' })).toBeTruthy();
    act(() => useCallStore.setState({ phase: 'lobby' }));
    expect(screen.getByRole('heading', { name: 'Waiting for the host' })).toBeTruthy();
    act(() => useCallStore.setState({ phase: 'in-call' }));
    expect(screen.getByRole('toolbar', { name: 'Call controls' })).toBeTruthy();
    act(() => useCallStore.setState({ phase: 'error', error: { code: 'room-locked' } }));
    expect(screen.getByRole('heading', { name: 'The meeting is locked' })).toBeTruthy();
    act(() => {
      useUiStore.setState({ screen: 'settings' });
      useCallStore.setState({ phase: 'left', error: null });
    });
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
  });

  it('puts language and theme on the document', async () => {
    render(<App />);
    act(() => useSettingsStore.getState().update({ language: 'de', theme: 'dark' }));
    expect(document.documentElement.lang).toBe('de');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(await screen.findByRole('button', { name: 'Einstellungen' })).toBeTruthy();
  });
});
