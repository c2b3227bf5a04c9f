// OS notifications for rings (PROTOCOL.md §13.3): an incoming call, or one we missed, shown by
// the OS while Parley's window is not focused (when it is, the in-app incoming-call view is
// enough). The notification is silent because the ring tone is the app's own, and it carries
// only the caller's display name: the OS notification centre may keep it (docs/PRIVACY.md).
// An incoming ring offers Accept and Decline where the OS shows notification buttons (macOS);
// elsewhere a click opens the window on the incoming-call view, which has both. The answer goes
// to the renderer's Ringer through main's events (RingAnswers), for that ring only (its callId).
import type { CallNotification, RingAnswer } from '../../protocol/ipc-contract';
import { desktopText } from '../desktop/desktop-text';

export interface CallNotifier {
  notify(notification: CallNotification): void;
}

/** The part of Electron's Notification class we use (a fake in tests). */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  /** Electron passes (event, index of the button). */
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  show(): void;
}

export interface NotificationOptionsLike {
  title: string;
  body: string;
  silent: boolean;
  actions?: { type: 'button'; text: string }[];
}

export interface NotificationConstructorLike {
  new (options: NotificationOptionsLike): NotificationLike;
  isSupported(): boolean;
}

/** The part of BrowserWindow we use. */
export interface NotifiedWindow {
  isDestroyed(): boolean;
  isFocused(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

const TEXT = {
  en: {
    incoming: { title: 'Incoming call', verified: 'verified contact' },
    missed: { title: 'Missed call', verified: 'verified contact' },
  },
  de: {
    incoming: { title: 'Eingehender Anruf', verified: 'verifizierter Kontakt' },
    missed: { title: 'Verpasster Anruf', verified: 'verifizierter Kontakt' },
  },
} as const;

/** Title and body: the display name and whether the safety number was verified, nothing else. */
export function notificationText(notification: CallNotification): { title: string; body: string } {
  const text = TEXT[notification.language][notification.kind];
  return { title: text.title, body: notification.verified ? `${notification.callerName} (${text.verified})` : notification.callerName };
}

/** Brings the window forward (from hidden in the tray, minimised, or behind others). */
function bringForward(window: NotifiedWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * Shows rings as OS notifications. A click brings the window forward, where the renderer's ring
 * store already shows the incoming-call view (or the call history for a missed one). Accept
 * brings it forward too (the call opens there); Decline leaves it where it is.
 */
export function createCallNotifier(
  Notification: NotificationConstructorLike,
  window: () => NotifiedWindow | undefined,
  onAnswer: (answer: RingAnswer) => void = () => undefined,
): CallNotifier {
  // Electron drops a notification's click handler once the object is garbage-collected: hold the
  // latest one (an older one's click would only focus the window again).
  let latest: NotificationLike | undefined;
  return {
    notify(notification) {
      const win = window();
      if (win && !win.isDestroyed() && win.isFocused()) return;
      if (!Notification.isSupported()) return;
      const words = desktopText(notification.language);
      const incoming = notification.kind === 'incoming';
      const shown = new Notification({
        ...notificationText(notification),
        silent: true,
        ...(incoming ? { actions: [{ type: 'button' as const, text: words.accept }, { type: 'button' as const, text: words.decline }] } : {}),
      });
      shown.on('click', () => bringForward(window()));
      if (incoming) {
        shown.on('action', (_event, index) => {
          if (index !== 0 && index !== 1) return;
          if (index === 0) bringForward(window());
          onAnswer({ callId: notification.callId, answer: index === 0 ? 'accept' : 'decline' });
        });
      }
      latest = shown;
      latest.show();
    },
  };
}
