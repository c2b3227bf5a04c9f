import { describe, expect, it, vi } from 'vitest';
import { manageWindowLifecycle, showWindow } from './window-lifecycle';

function fakeWindow() {
  let onClose: ((event: { preventDefault(): void }) => void) | undefined;
  return {
    on: (_event: 'close', listener: (event: { preventDefault(): void }) => void) => void (onClose = listener),
    close() {
      const event = { preventDefault: vi.fn() };
      onClose!(event);
      return event.preventDefault.mock.calls.length > 0 ? 'hidden' : 'closed';
    },
    hide: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
    restore: vi.fn(),
    isDestroyed: () => false,
    isMinimized: () => true,
  };
}

describe('window lifecycle', () => {
  it('Windows and Linux: closing hides while keepRunningInTray is on, closes when it is off', () => {
    let keepRunning = true;
    const window = fakeWindow();
    const lifecycle = manageWindowLifecycle(window, { platform: 'win32', keepRunning: () => keepRunning });
    expect(window.close()).toBe('hidden');
    expect(window.hide).toHaveBeenCalledTimes(1);
    expect(lifecycle.staysAliveWithoutWindow()).toBe(true);
    keepRunning = false;
    expect(window.close()).toBe('closed');
    expect(lifecycle.staysAliveWithoutWindow()).toBe(false);
  });

  it('macOS: closing always hides (the app stays in the dock), whatever the setting', () => {
    const window = fakeWindow();
    const lifecycle = manageWindowLifecycle(window, { platform: 'darwin', keepRunning: () => false });
    expect(window.close()).toBe('hidden');
    expect(lifecycle.staysAliveWithoutWindow()).toBe(true);
  });

  it('once quitting, closing closes on every platform', () => {
    for (const platform of ['darwin', 'linux']) {
      const window = fakeWindow();
      const lifecycle = manageWindowLifecycle(window, { platform, keepRunning: () => true });
      lifecycle.quitting();
      expect(window.close()).toBe('closed');
      expect(lifecycle.staysAliveWithoutWindow()).toBe(false);
    }
  });

  it('showing restores a minimised window and focuses it', () => {
    const window = fakeWindow();
    showWindow(window);
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(() => showWindow(undefined)).not.toThrow();
  });
});
