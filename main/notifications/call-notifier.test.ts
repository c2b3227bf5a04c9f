import { describe, expect, it, vi } from 'vitest';
import type { CallNotification } from '../../protocol/ipc-contract';
import { createCallNotifier, notificationText } from './call-notifier';
import type { NotificationOptionsLike, NotifiedWindow } from './call-notifier';

function fakes(supported = true) {
  const shown: { options: NotificationOptionsLike; click?: () => void; action?: (event: unknown, index: number) => void }[] = [];
  class FakeNotification {
    static isSupported = () => supported;
    private readonly entry: (typeof shown)[number];
    constructor(options: NotificationOptionsLike) {
      this.entry = { options };
    }
    on(event: 'click' | 'action', listener: (event: unknown, index: number) => void) {
      if (event === 'click') this.entry.click = listener as () => void;
      else this.entry.action = listener;
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

const CALL_ID = 'ab'.repeat(16);
const ring: CallNotification = { kind: 'incoming', callId: CALL_ID, callerName: 'Grace', verified: false, language: 'en' };

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
    const buttons = [{ type: 'button', text: 'Accept' }, { type: 'button', text: 'Decline' }];
    expect(shown).toEqual([{ options: { title: 'Incoming call', body: 'Grace', silent: true, actions: buttons }, click: expect.any(Function), action: expect.any(Function) }]);
    shown[0]!.click!();
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('Accept on a ring brings the window forward and answers that ring; Decline answers without showing it', () => {
    const { FakeNotification, shown, window } = fakes();
    const answers: unknown[] = [];
    const notifier = createCallNotifier(FakeNotification, () => window, (answer) => answers.push(answer));
    notifier.notify({ ...ring, language: 'de' });
    expect(shown[0]!.options.actions).toEqual([{ type: 'button', text: 'Annehmen' }, { type: 'button', text: 'Ablehnen' }]);
    shown[0]!.action!({}, 1);
    expect(answers).toEqual([{ callId: CALL_ID, answer: 'decline' }]);
    expect(window.show).not.toHaveBeenCalled();
    shown[0]!.action!({}, 0);
    expect(answers).toEqual([{ callId: CALL_ID, answer: 'decline' }, { callId: CALL_ID, answer: 'accept' }]);
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    shown[0]!.action!({}, 7); // no such button
    expect(answers).toHaveLength(2);
  });

  it('a missed call has no buttons (there is nothing left to answer)', () => {
    const { FakeNotification, shown, window } = fakes();
    createCallNotifier(FakeNotification, () => window, () => undefined).notify({ ...ring, kind: 'missed' });
    expect(shown[0]!.options).toEqual({ title: 'Missed call', body: 'Grace', silent: true });
    expect(shown[0]!.action).toBeUndefined();
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
