import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeystoreStatus, ParleyApi } from '../../../protocol/ipc-contract';
import { initialCallState, registerCallController, useCallStore } from '../../call/call-store';
import type { CallController, CallErrorCode } from '../../call/call-store';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { ERROR_CONTENT } from './error-content';
import { ErrorScreen } from './ErrorScreen';

const LINK = `parley://join#${'a'.repeat(43)}.hostKey1`;
const controller = { join: vi.fn(async () => {}), createMeeting: vi.fn(async () => {}), leave: vi.fn(async () => {}) };

function fail(code: CallErrorCode, detail?: string) {
  useCallStore.setState({ ...initialCallState, phase: 'error', error: { code, detail } }, true);
}

beforeEach(() => {
  Object.values(controller).forEach((f) => f.mockClear());
  registerCallController(controller as unknown as CallController);
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS, displayName: 'Ada', relayUrl: 'wss://relay.example.org' }, managed: {} });
  useUiStore.setState({ screen: 'prejoin', intent: { kind: 'join', inviteLink: LINK } });
});
afterEach(() => {
  cleanup();
  registerCallController(null);
  delete window.parley;
});

describe('ErrorScreen', () => {
  it('shows a shield only for security states (keys, the organisation\'s relays); ordinary trouble gets a plain alert', () => {
    const icons = (Object.keys(ERROR_CONTENT) as CallErrorCode[]).map((code) => {
      fail(code);
      const { container, unmount } = render(<ErrorScreen />);
      const icon = container.querySelector('.error-icon')?.getAttribute('data-icon');
      unmount();
      return [code, icon];
    });
    expect(Object.fromEntries(icons.filter(([, icon]) => icon === 'shield'))).toEqual({ 'keystore-locked': 'shield', 'relay-not-allowed': 'shield' });
    expect(icons.filter(([, icon]) => icon !== 'shield').every(([, icon]) => icon === 'alert')).toBe(true);
  });

  it.each(Object.keys(ERROR_CONTENT) as CallErrorCode[])('%s has its own title and an alert role', (code) => {
    fail(code);
    render(<ErrorScreen />);
    expect(screen.getByRole('alert')).toBeTruthy();
    const title = screen.getByRole('heading', { level: 1 }).textContent;
    const others = (Object.keys(ERROR_CONTENT) as CallErrorCode[]).filter((c) => c !== code);
    expect(title).toBeTruthy();
    expect(others.every((c) => ERROR_CONTENT[c].title !== ERROR_CONTENT[code].title)).toBe(true);
  });

  it('relay unreachable: shows the relay address and retries the same meeting', () => {
    fail('relay-unreachable', 'ws closed 1006');
    render(<ErrorScreen />);
    expect(screen.getByText('wss://relay.example.org')).toBeTruthy();
    expect(screen.getByText('ws closed 1006')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(controller.join).toHaveBeenCalledWith(LINK, 'Ada');
  });

  it('removed by host: no retry, back to start leaves the call', () => {
    fail('removed-by-host');
    render(<ErrorScreen />);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to start' }));
    expect(controller.leave).toHaveBeenCalled();
    expect(useUiStore.getState().screen).toBe('home');
  });

  it('keystore locked: a wrong passphrase says so; the right one unlocks and retries', async () => {
    const unlockKeystore = vi.fn(async (passphrase: string): Promise<KeystoreStatus> =>
      passphrase === 'correct horse'
        ? { state: 'ready', sealing: 'passphrase', identityKey: new Uint8Array(32) }
        : { state: 'needs-passphrase', setup: false, reason: 'locked', lastError: 'wrong-passphrase' },
    );
    window.parley = { unlockKeystore } as unknown as ParleyApi;
    fail('keystore-locked');
    render(<ErrorScreen />);
    const field = screen.getByLabelText('Passphrase');
    fireEvent.change(field, { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('That passphrase is not right. Try again.')).toBeTruthy();
    expect(controller.join).not.toHaveBeenCalled();
    fireEvent.change(field, { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await vi.waitFor(() => expect(controller.join).toHaveBeenCalledWith(LINK, 'Ada'));
    expect(unlockKeystore).toHaveBeenCalledTimes(2);
    expect((field as HTMLInputElement).value).toBe('');
  });
});
