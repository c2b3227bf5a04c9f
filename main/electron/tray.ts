// The tray icon (menu bar extra on macOS): Parley stays reachable for rings while its window is
// closed (setting and policy keepRunningInTray). Its menu shows the status and offers Open,
// Start a meeting and Quit. Only the parts of Electron's Tray and Menu used here are typed, so
// the module is tested with fakes (tray.test.ts).
import type { DesktopText } from '../desktop/desktop-text';

/** What the tray says about Parley: ready for rings, or locked (the keystore waits for a passphrase). */
export type TrayStatus = 'ready' | 'locked';

export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayDeps {
  createTray: () => TrayLike;
  buildMenu: (items: TrayMenuItem[]) => unknown;
  text: DesktopText;
  platform: string;
  open: () => void;
  startMeeting: () => void;
  quit: () => void;
}

export interface AppTray {
  setStatus(status: TrayStatus): void;
  destroy(): void;
}

export function trayMenuItems(text: DesktopText, status: TrayStatus, actions: Pick<TrayDeps, 'open' | 'startMeeting' | 'quit'>): TrayMenuItem[] {
  return [
    { label: status === 'ready' ? text.statusReady : text.statusLocked, enabled: false },
    { type: 'separator' },
    { label: text.open, click: actions.open },
    // A meeting needs the keys: while locked, Open is the way in.
    { label: text.startMeeting, enabled: status === 'ready', click: actions.startMeeting },
    { type: 'separator' },
    { label: text.quit, click: actions.quit },
  ];
}

export function createAppTray(deps: TrayDeps): AppTray {
  const tray = deps.createTray();
  tray.setToolTip(deps.text.trayTooltip);
  // Windows and Linux open the window on a click of the icon; macOS shows the menu (its convention).
  if (deps.platform !== 'darwin') tray.on('click', deps.open);
  let current: TrayStatus | null = null;
  const appTray: AppTray = {
    setStatus(status: TrayStatus) {
      if (status === current) return;
      current = status;
      tray.setContextMenu(deps.buildMenu(trayMenuItems(deps.text, status, deps)));
    },
    destroy: () => tray.destroy(),
  };
  appTray.setStatus('locked');
  return appTray;
}
