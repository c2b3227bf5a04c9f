// OS notifications for rings (PROTOCOL.md §13.3): an incoming call, or one we missed, shown by
// the OS while Parley's window is not focused (when it is, the in-app incoming-call view is
// enough). The notification is silent because the ring tone is the app's own, and it carries
// only the caller's display name: the OS notification centre may keep it (docs/PRIVACY.md).
import type { CallNotification } from '../../protocol/ipc-contract';

export interface CallNotifier {
  notify(notification: CallNotification): void;
}

/** The part of Electron's Notification class we use (a fake in tests). */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

export interface NotificationConstructorLike {
  new (options: { title: string; body: string; silent: boolean }): NotificationLike;
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

/**
 * Shows rings as OS notifications. A click brings the window forward, where the renderer's ring
 * store already shows the incoming-call view (or the call history for a missed one).
 */
export function createCallNotifier(Notification: NotificationConstructorLike, window: () => NotifiedWindow | undefined): CallNotifier {
  // Electron drops a notification's click handler once the object is garbage-collected: hold the
  // latest one (an older one's click would only focus the window again).
  let latest: NotificationLike | undefined;
  return {
    notify(notification) {
      const win = window();
      if (win && !win.isDestroyed() && win.isFocused()) return;
      if (!Notification.isSupported()) return;
      const shown = new Notification({ ...notificationText(notification), silent: true });
      shown.on('click', () => {
        const target = window();
        if (!target || target.isDestroyed()) return;
        if (target.isMinimized()) target.restore();
        target.show();
        target.focus();
      });
      latest = shown;
      latest.show();
    },
  };
}
