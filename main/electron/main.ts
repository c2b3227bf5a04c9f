// Electron entry point. Kept thin: it wires Electron's objects to plain modules in main/
// (services, IPC dispatch) that are tested under Node without the Electron binary.
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IPC_CHANNELS } from '../../protocol/ipc-contract';
import { dispatchIpc } from '../ipc/dispatch';
import { createMainServices } from '../services';
import type { MainServices } from '../services';
import { APP_ORIGIN_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY, contentTypeFor, isAppUrl, resolveAppPath } from './app-protocol';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

const rendererRoot = path.join(import.meta.dirname, '..', 'renderer');
let services: MainServices | undefined;

function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(rendererRoot, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: { 'content-type': contentTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function registerIpc(target: MainServices): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return { ok: false, error: { code: 'forbidden-sender', message: 'IPC from an unexpected frame' } };
      }
      return dispatchIpc(target.handlers, channel, args, (c) => console.error(`ipc ${c}: handler failed`));
    });
  }
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const media = permission === 'media' && isAppUrl(details.requestingUrl);
    callback(media && isAppUrl(webContents.getURL()));
  });
  session.defaultSession.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    return permission === 'media' && isAppUrl(requestingOrigin);
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Parley',
    webPreferences: {
      preload: path.join(import.meta.dirname, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  void window.loadURL(`${APP_SCHEME}://${APP_ORIGIN_HOST}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(() => {
    services = createMainServices({
      dataDir: app.getPath('userData'),
      appVersion: app.getVersion(),
      platform: process.platform,
    });
    hardenSessions();
    serveAppProtocol();
    registerIpc(services);
    createWindow();
  });
  app.on('window-all-closed', () => {
    void services?.close().finally(() => app.quit());
  });
}
