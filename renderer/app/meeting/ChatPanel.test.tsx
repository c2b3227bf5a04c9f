import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, registerCallController, useCallStore } from '../../call/call-store';
import type { CallController } from '../../call/call-store';
import { useUiStore } from '../ui-store';
import { ChatPanel } from './ChatPanel';
import { ControlBar } from './ControlBar';
import { setChatOpen } from './chat-state';

const sendChat = vi.fn(async () => {});

beforeEach(() => {
  sendChat.mockClear();
  registerCallController({ sendChat } as unknown as CallController);
  useCallStore.setState({ ...initialCallState, phase: 'in-call' }, true);
  useUiStore.setState({ panel: null });
});
afterEach(() => {
  cleanup();
  registerCallController(null);
});

describe('ChatPanel', () => {
  it('sends on Enter, keeps Shift+Enter for a new line, ignores blank messages', () => {
    render(<ChatPanel />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(sendChat).not.toHaveBeenCalled();
    fireEvent.change(box, { target: { value: 'Hello there ' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(sendChat).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(sendChat).toHaveBeenCalledWith('Hello there');
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('shows messages in a live log, own ones as "You"', () => {
    useCallStore.setState({
      chat: [
        { id: '1', fromPeerId: 'p1', displayName: 'Grace Hopper', text: 'Hi all', sentAt: 0 },
        { id: '2', fromPeerId: 'self', displayName: 'Ada', text: 'Hello Grace', sentAt: 1000 },
      ],
    });
    render(<ChatPanel />);
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.textContent).toContain('Grace Hopper');
    expect(log.textContent).toContain('Hi all');
    expect(log.textContent).toContain('You');
  });

  it('shows a message whose sentAt is no time a Date can hold without its time, instead of throwing', () => {
    useCallStore.setState({ chat: [{ id: '1', fromPeerId: 'p1', displayName: 'Grace Hopper', text: 'from far away', sentAt: 1e300 }] });
    render(<ChatPanel />);
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.textContent).toContain('from far away');
    expect(log.querySelector('time')).toBeNull();
  });
});

describe('unread badge', () => {
  it('counts unread messages on the chat button and clears when chat opens', () => {
    useCallStore.setState({ unreadChat: 3 });
    render(<ControlBar />);
    expect(screen.getByRole('button', { name: /^Chat\W+3 unread messages$/ })).toBeTruthy();
    act(() => setChatOpen(true));
    expect(useCallStore.getState()).toMatchObject({ chatOpen: true, unreadChat: 0 });
    expect(screen.getByRole('button', { name: 'Chat' })).toBeTruthy();
    act(() => setChatOpen(false));
    expect(useCallStore.getState().chatOpen).toBe(false);
  });
});
