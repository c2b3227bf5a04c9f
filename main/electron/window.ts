// The main window, with the web preferences Electron's security checklist asks for. Every
// BrowserWindow the app opens goes through here (tested with electron mocked).
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { APP_ORIGIN_HOST, APP_SCHEME } from './app-protocol';

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
  options: { devTools: boolean; /** False for a login start: the window waits hidden in the tray. */ show?: boolean },
): BrowserWindow {
  const window = new BrowserWindowClass({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Parley',
    show: false,
    webPreferences: { ...secureWebPreferences(preloadPath), devTools: options.devTools },
  });
  if (options.show ?? true) window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
