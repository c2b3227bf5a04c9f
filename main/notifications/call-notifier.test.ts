import { describe, expect, it, vi } from 'vitest';
import type { CallNotification } from '../../protocol/ipc-contract';
import { createCallNotifier, notificationText } from './call-notifier';
import type { NotifiedWindow } from './call-notifier';

function fakes(supported = true) {
  const shown: { options: { title: string; body: string; silent: boolean }; click?: () => void }[] = [];
  class FakeNotification {
    static isSupported = () => supported;
    private readonly entry: (typeof shown)[number];
    constructor(options: { title: string; body: string; silent: boolean }) {
      this.entry = { options };
    }
    on(_event: 'click', listener: () => void) {
      this.entry.click = listener;
    }
    show() {
      shown.push(this.entry);
    }
  }
  const window: NotifiedWindow & { focused: boolean; minimized: boolean } = {
    focused: false,
    minimized: true,
    isDestroyed: () => false,
    isFocused() {
      return this.focused;
    },
    isMinimized() {
      return this.minimized;
    },
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  };
  return { FakeNotification, shown, window };
}

const ring: CallNotification = { kind: 'incoming', callerName: 'Grace', verified: false, language: 'en' };

describe('call notifier', () => {
  it('words the notification from the name and verified state only, in en and de', () => {
    expect(notificationText(ring)).toEqual({ title: 'Incoming call', body: 'Grace' });
    expect(notificationText({ ...ring, verified: true })).toEqual({ title: 'Incoming call', body: 'Grace (verified contact)' });
    expect(notificationText({ ...ring, kind: 'missed', language: 'de' })).toEqual({ title: 'Verpasster Anruf', body: 'Grace' });
    expect(notificationText({ ...ring, verified: true, language: 'de' })).toEqual({ title: 'Eingehender Anruf', body: 'Grace (verifizierter Kontakt)' });
  });

  it('shows a silent notification while the window is not focused; a click restores and focuses it', () => {
    const { FakeNotification, shown, window } = fakes();
    const notifier = createCallNotifier(FakeNotification, () => window);
    notifier.notify(ring);
    expect(shown).toEqual([{ options: { title: 'Incoming call', body: 'Grace', silent: true }, click: expect.any(Function) }]);
    shown[0]!.click!();
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('shows nothing when the window is focused (the in-app view is enough) or notifications are unsupported', () => {
    const focused = fakes();
    focused.window.focused = true;
    createCallNotifier(focused.FakeNotification, () => focused.window).notify(ring);
    expect(focused.shown).toHaveLength(0);
    const unsupported = fakes(false);
    createCallNotifier(unsupported.FakeNotification, () => unsupported.window).notify(ring);
    expect(unsupported.shown).toHaveLength(0);
  });

  it('still notifies before the window exists, and a click then does nothing', () => {
    const { FakeNotification, shown } = fakes();
    createCallNotifier(FakeNotification, () => undefined).notify({ ...ring, kind: 'missed' });
    expect(shown).toHaveLength(1);
    expect(() => shown[0]!.click!()).not.toThrow();
  });
});
