import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, registerCallController, useCallStore } from '../../call/call-store';
import type { CallController } from '../../call/call-store';
import { useUiStore } from '../ui-store';
import { performCallAction } from './call-actions';
import { SHORTCUTS, shortcutFor } from './shortcuts';

function key(init: KeyboardEventInit, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', init);
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('shortcutFor', () => {
  it.each([
    ['m', 'mic'],
    ['M', 'mic'],
    ['v', 'camera'],
    ['s', 'screen'],
    ['c', 'chat'],
    ['p', 'participants'],
    ['?', 'help'],
  ])('%s -> %s', (k, action) => {
    expect(shortcutFor(key({ key: k }))).toBe(action);
  });

  it('leaves with Ctrl+Shift+L (or Cmd on macOS), not with a plain L', () => {
    expect(shortcutFor(key({ key: 'L', ctrlKey: true, shiftKey: true }))).toBe('leave');
    expect(shortcutFor(key({ key: 'l', metaKey: true, shiftKey: true }))).toBe('leave');
    expect(shortcutFor(key({ key: 'l' }))).toBeNull();
  });

  it('does nothing while typing, in dialogs, with modifiers, or on key repeat', () => {
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const inDialog = document.createElement('button');
    dialog.append(inDialog);
    for (const target of [input, textarea, inDialog]) expect(shortcutFor(key({ key: 'm' }, target))).toBeNull();
    expect(shortcutFor(key({ key: 'm', ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key({ key: 'c', metaKey: true }))).toBeNull();
    expect(shortcutFor(key({ key: 'm', repeat: true }))).toBeNull();
  });

  it('has one distinct key per action', () => {
    expect(new Set(SHORTCUTS.map((s) => s.keys)).size).toBe(SHORTCUTS.length);
  });
});

describe('performCallAction', () => {
  const controller = { setMicMuted: vi.fn(), setCameraMuted: vi.fn(), startScreenShare: vi.fn(), stopScreenShare: vi.fn(), leave: vi.fn() };
  beforeEach(() => {
    Object.values(controller).forEach((f) => f.mockClear());
    registerCallController(controller as unknown as CallController);
    useCallStore.setState({ ...initialCallState, phase: 'in-call' }, true);
    useUiStore.setState({ panel: null, helpOpen: false });
  });
  afterEach(() => registerCallController(null));

  it('toggles from the current state', async () => {
    performCallAction('mic');
    performCallAction('camera');
    useCallStore.setState((s) => ({ self: { ...s.self, audioMuted: true } }));
    performCallAction('mic');
    await vi.waitFor(() => expect(controller.setMicMuted.mock.calls).toEqual([[true], [false]]));
    expect(controller.setCameraMuted).toHaveBeenCalledWith(true);
  });

  it('screen: opens the source picker to start, stops directly', async () => {
    useUiStore.setState({ screenPickerOpen: false });
    performCallAction('screen');
    expect(useUiStore.getState().screenPickerOpen).toBe(true);
    expect(controller.startScreenShare).not.toHaveBeenCalled();
    useCallStore.setState((s) => ({ self: { ...s.self, screenSharing: true } }));
    performCallAction('screen');
    await vi.waitFor(() => expect(controller.stopScreenShare).toHaveBeenCalledTimes(1));
  });

  it('opens and closes panels and help', () => {
    performCallAction('chat');
    expect(useUiStore.getState().panel).toBe('chat');
    performCallAction('participants');
    expect(useUiStore.getState().panel).toBe('participants');
    performCallAction('participants');
    expect(useUiStore.getState().panel).toBeNull();
    performCallAction('help');
    expect(useUiStore.getState().helpOpen).toBe(true);
  });

  it('tells the person when the engine refuses, instead of failing silently', async () => {
    registerCallController(null);
    useUiStore.setState({ toasts: [] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    performCallAction('mic');
    await vi.waitFor(() => expect(useUiStore.getState().toasts.map((t) => t.key)).toEqual(['toast.actionFailed']));
    warn.mockRestore();
  });
});
