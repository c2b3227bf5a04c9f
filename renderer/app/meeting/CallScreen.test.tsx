// The call screen keeps its controls whatever a peer's payload makes a part of it throw (issue 16:
// a chat message once blanked the whole window while camera and microphone kept sending).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, registerCallController, useCallStore } from '../../call/call-store';
import type { CallController, ChatMessage } from '../../call/call-store';
import { useUiStore } from '../ui-store';
import { CallScreen } from './CallScreen';

const controller = { setMicMuted: vi.fn(), leave: vi.fn(async () => {}), sendChat: vi.fn(async () => {}) };

beforeEach(() => {
  vi.clearAllMocks();
  vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  registerCallController(controller as unknown as CallController);
  useCallStore.setState({ ...initialCallState, phase: 'in-call' }, true);
  useUiStore.setState({ panel: null, helpOpen: false, inviteOpen: false, screenPickerOpen: false });
});
afterEach(() => {
  cleanup();
  registerCallController(null);
  vi.restoreAllMocks();
});

/** A message whose text is no string: what a decoder bug or a future payload field could let through. */
const poisoned = { id: 'x', fromPeerId: 'p1', displayName: 'Mallory', text: { not: 'a string' }, sentAt: 0 } as unknown as ChatMessage;

describe('CallScreen', () => {
  it('a chat message that cannot be rendered takes down the chat panel only: mute and leave still work', async () => {
    render(<CallScreen />);
    act(() => {
      useUiStore.setState({ panel: 'chat' });
      useCallStore.setState({ chat: [poisoned] });
    });
    expect(screen.getByRole('alert').textContent).toContain('This part of the call could not be shown');
    fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    await vi.waitFor(() => expect(controller.setMicMuted).toHaveBeenCalledWith(true));
    fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
    await vi.waitFor(() => expect(controller.leave).toHaveBeenCalled());
    expect(console.warn).toHaveBeenCalledWith('ui: chat panel could not be shown (Error)');

    // Once the bad message is gone, "Show it again" brings the panel back.
    act(() => useCallStore.setState({ chat: [] }));
    fireEvent.click(screen.getByRole('button', { name: 'Show it again' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('log', { name: 'Messages' })).toBeTruthy();
  });
});
