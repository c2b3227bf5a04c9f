// The main window, with the web preferences Electron's security checklist asks for. Every
// BrowserWindow the app opens goes through here (tested with electron mocked).
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { APP_ORIGIN_HOST, APP_SCHEME } from './app-protocol';
import type { Rectangle } from '../desktop/window-state';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE } from '../desktop/window-state';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: true,
  };
}

export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_ORIGIN_HOST}/index.html`;

export function createMainWindow(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  preloadPath: string,
  options: {
    devTools: boolean;
    /** False for a login start: the window waits hidden in the tray. */
    show?: boolean;
    /** Where it was last time (main/desktop/window-state.ts checks it against the displays). */
    bounds?: Partial<Rectangle>;
    maximized?: boolean;
  },
): BrowserWindow {
  const window = new BrowserWindowClass({
    ...DEFAULT_WINDOW_SIZE,
    ...options.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Parley',
    show: false,
    // Hidden in the tray the page still listens for rings: Chromium's background throttling
    // (timers at most once a minute after five hidden minutes) would delay the mailbox link's
    // reconnects and a ring's expiry.
    webPreferences: { ...secureWebPreferences(preloadPath), devTools: options.devTools, backgroundThrottling: false },
  });
  if (options.maximized) window.maximize();
  if (options.show ?? true) window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
