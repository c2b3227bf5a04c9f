// Electron entry point. Kept thin: it wires Electron's objects to plain modules in main/
// (services, IPC bridge, session and window hardening) that are tested under Node without the
// Electron binary. No crashReporter: Parley uploads nothing (DESIGN.md "What Parley is").
import { BrowserWindow, Menu, Notification, Tray, app, desktopCapturer, dialog, ipcMain, protocol, safeStorage, screen, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { desktopLanguage, desktopText } from '../desktop/desktop-text';
import { applyOpenAtLogin, autostartDir, startedAtLogin } from '../desktop/login-item';
import type { KeySealing } from '../keystore/keystore-service';
import { createSafeStorageSealer, chooseSealing } from '../keystore/safe-storage-sealer';
import type { JoinLink } from '../../protocol/ipc-contract';
import type { ExternalLinkOpener } from '../links/external-links';
import { DEEP_LINK_SCHEME, joinLinkFromArgv, parseJoinLink } from '../links/join-link';
import { platformPolicyReader } from '../policy/readers/platform';
import { startRelay } from '../../relay/server';
import type { RunningRelay } from '../../relay/server';
import { createCallNotifier } from '../notifications/call-notifier';
import { createMainServices } from '../services';
import { dataPaths } from '../settings/data-paths';
import { readUpdateFeed, startAppAutoUpdate } from '../update/electron-updater';
import { parseUpdateFeedConfig } from '../update/update-feed';
import type { MainServices } from '../services';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, contentTypeFor, resolveAppPath } from './app-protocol';
import { hardenEnvironment } from './environment';
import { registerIpc } from './ipc-bridge';
import { createFolderPicker } from './folder-picker';
import { createElectronReportExporter } from './report-export';
import type { ElectronCaptureSource } from './session-hardening';
import { hardenSession } from './session-hardening';
import { hardenWebContents } from './web-contents-hardening';
import { createMainWindow } from './window';
import { appMenuTemplate } from './app-menu';
import { applyAppUserModelId } from './app-identity';
import { WindowStateStore, placeWindow } from '../desktop/window-state';
import type { AppTray } from './tray';
import { createAppTray } from './tray';
import type { WindowLifecycle } from './window-lifecycle';
import { manageWindowLifecycle, showWindow } from './window-lifecycle';
import { DEFAULT_SETTINGS } from '../settings/settings-schema';

export const BUNDLE_ID = 'org.parley.app';

hardenEnvironment(process.env, app.isPackaged);
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
applyAppUserModelId(app, process.platform, BUNDLE_ID);

const rendererRoot = path.join(import.meta.dirname, '..', 'renderer');
const preloadPath = path.join(import.meta.dirname, '..', 'preload', 'preload.cjs');
let services: MainServices<ElectronCaptureSource> | undefined;
let mainWindow: BrowserWindow | undefined;
/** The relay embedded for calls on this machine, bound to loopback; LAN meetings get their own (main/hosting). */
let embeddedRelay: RunningRelay | undefined;
/** The update feed auto-update polls (decided at start-up), for the data-protection report. */
let updateFeedInUse: string | null = null;
let lifecycle: WindowLifecycle | undefined;
let tray: AppTray | undefined;
/** The effective keepRunningInTray, kept current (closing the window cannot wait for the settings file). */
let keepRunning = DEFAULT_SETTINGS.keepRunningInTray;
/** How often the tray's status line is refreshed (the keystore opens when the person unlocks it). */
const TRAY_STATUS_MS = 3000;

/** keepRunningInTray and openAtLogin, applied whenever settings or policy change. */
async function applyDesktopSettings(): Promise<void> {
  if (!services) return;
  const settings = await services.settings.effective();
  keepRunning = settings.keepRunningInTray.value;
  // A development run must not register the bare Electron binary to start at login.
  if (!app.isPackaged) return;
  await applyOpenAtLogin(settings.openAtLogin.value, {
    platform: process.platform,
    app,
    executable: process.env.APPIMAGE ?? process.execPath,
    autostartDir: autostartDir(process.env, homedir()),
  });
}

let shutDown = false;
let trayStatus: ReturnType<typeof setInterval> | undefined;

async function shutDownAndQuit(): Promise<void> {
  shutDown = true;
  clearInterval(trayStatus);
  // A destroyed Tray throws on every call: nothing may reach it after this.
  tray?.destroy();
  tray = undefined;
  await Promise.allSettled([services?.close(), embeddedRelay?.close()]);
  app.quit();
}

async function refreshTrayStatus(): Promise<void> {
  const status = await services?.keystore.getStatus();
  tray?.setStatus(status?.state === 'ready' ? 'ready' : 'locked');
}

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

const externalLinks: ExternalLinkOpener = {
  async confirm(url) {
    const options = {
      type: 'question' as const,
      buttons: ['Cancel', 'Open in browser'],
      defaultId: 0,
      cancelId: 0,
      message: `Open ${url.host} in your browser?`,
      detail: url.href,
    };
    const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
    return response === 1;
  },
  // Safe: openExternalSafely (main/links/external-links.ts) is the only caller, and it passes only an
  // https URL without credentials that the user confirmed in a dialog naming its host.
  open: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
};

async function listCaptureSources(): Promise<ElectronCaptureSource[]> {
  const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 180 } });
  return sources.map((source) => ({
    id: source.id,
    name: source.name,
    thumbnail: source.thumbnail.isEmpty() ? null : source.thumbnail.toDataURL(),
    source,
  }));
}

async function keySealing(): Promise<KeySealing> {
  const choice = await chooseSealing(safeStorage, process.platform);
  return choice.kind === 'safe-storage' ? { kind: 'sealer', sealer: createSafeStorageSealer(safeStorage) } : choice;
}

/** macOS delivers the link that launched the app (open-url) before 'ready'; hold it until then. */
let linkBeforeReady: JoinLink | null = null;

function deliverJoinLink(link: JoinLink | null): void {
  if (!link) return;
  if (!services) {
    linkBeforeReady = link;
    return;
  }
  services.joinLinks.offer(link);
  // The renderer hears of it through nextMainEvent() and takes it with takePendingJoinLink().
  showWindow(mainWindow);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Safe: registers only Parley's own scheme, and every URL that arrives through it goes through
  // parseJoinLink (main/links/join-link.ts), which accepts parley://join#<secret>.<host key id> and nothing else.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  app.on('second-instance', (_event, argv) => {
    // Starting Parley again while it runs hidden in the tray shows it (where no tray icon is visible, the only way back).
    showWindow(mainWindow);
    deliverJoinLink(joinLinkFromArgv(argv));
  });
  // macOS: a click on the dock icon shows the window that closing hid.
  app.on('activate', () => showWindow(mainWindow));
  app.on('before-quit', (event) => {
    lifecycle?.quitting();
    if (shutDown) return;
    // Quit (tray, app menu, Cmd+Q): close the services and relays first, then quit for real.
    event.preventDefault();
    void shutDownAndQuit();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliverJoinLink(parseJoinLink(url));
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, externalLinks));

  void app.whenReady().then(async () => {
    embeddedRelay = await startRelay({ host: '127.0.0.1', port: 0 });
    const reportExporter = createElectronReportExporter({
      BrowserWindow,
      showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)),
      defaultFolder: app.getPath('documents'),
    });
    services = createMainServices({
      dataDir: app.getPath('userData'),
      appVersion: app.getVersion(),
      platform: process.platform,
      embeddedRelayUrl: embeddedRelay.url,
      // LAN meetings (hostOnLocalNetwork): a second relay on this computer's LAN address, with its STUN server.
      startRelayListener: async (host, port) => startRelay({ host, port }),
      sealing: await keySealing(),
      policyReader: platformPolicyReader(process.platform, { bundleId: BUNDLE_ID, env: process.env }),
      listCaptureSources,
      externalLinks,
      reportExporter,
      // A scheduled meeting's .ics: the same save dialog as the report.
      saveFile: (suggestedFileName, contents) => reportExporter.save(suggestedFileName, contents),
      // Export of a recording (the decrypted .webm) or of its consent receipts (.json): the user picks where.
      chooseRecordingExportPath: async (suggestedName, kind) => {
        const options =
          kind === 'video'
            ? { defaultPath: path.join(app.getPath('videos'), suggestedName), filters: [{ name: 'WebM video', extensions: ['webm'] }] }
            : { defaultPath: path.join(app.getPath('documents'), suggestedName), filters: [{ name: 'Parley consent receipts', extensions: ['json'] }] };
        const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      // The recording folder: the system's folder dialog (Settings → Recordings).
      chooseRecordingFolder: createFolderPicker({
        showOpenDialog: (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options)),
        currentFolder: async () => (await services?.settings.effective())?.recordingFolder.value ?? dataPaths(app.getPath('userData')).recordings,
      }),
      updateFeedUrl: () => updateFeedInUse,
      callNotifier: createCallNotifier(Notification, () => mainWindow, (answer) => services?.ringAnswers.offer(answer)),
      afterErase: async () => {
        // The settings are gone, so is start at login (the Linux autostart entry lives outside the data folder).
        await applyDesktopSettings();
        await session.defaultSession.clearStorageData();
        await session.defaultSession.clearCache();
        app.relaunch();
        app.exit(0);
      },
    });
    const firstLink = linkBeforeReady ?? joinLinkFromArgv(process.argv);
    if (firstLink) services.joinLinks.offer(firstLink);
    hardenSession(session.defaultSession, services.screenPicker);
    serveAppProtocol();
    registerIpc(ipcMain, services.handlers, (channel) => console.error(`ipc ${channel}: handler failed`));
    const text = desktopText(desktopLanguage(app.getLocale()));
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({
      platform: process.platform,
      packaged: app.isPackaged,
      text,
      openSettings: () => {
        showWindow(mainWindow);
        services?.openSettings();
      },
    })));
    const windowState = new WindowStateStore(app.getPath('userData'));
    const place = placeWindow(await windowState.load(), screen.getAllDisplays().map((display) => display.workArea));
    mainWindow = createMainWindow(BrowserWindow, preloadPath, {
      devTools: !app.isPackaged,
      show: !startedAtLogin(process.argv, process.platform, app),
      ...place,
    });
    windowState.track(mainWindow, () => console.warn('window state: could not save'));
    lifecycle = manageWindowLifecycle(mainWindow, { platform: process.platform, keepRunning: () => keepRunning });
    tray = createAppTray({
      createTray: () => new Tray(path.join(import.meta.dirname, 'tray-icon.png')),
      buildMenu: (items) => Menu.buildFromTemplate(items),
      text,
      platform: process.platform,
      open: () => showWindow(mainWindow),
      startMeeting: () => {
        showWindow(mainWindow);
        services?.startMeeting();
      },
      quit: () => app.quit(),
    });
    trayStatus = setInterval(() => void refreshTrayStatus(), TRAY_STATUS_MS);
    trayStatus.unref();
    void refreshTrayStatus();
    services.settings.onChange(() => void applyDesktopSettings());
    services.policy.onChange(() => void applyDesktopSettings());
    await applyDesktopSettings();
    const policy = (await services.policy.current()).values;
    const settings = await services.settings.effective();
    const updates = await startAppAutoUpdate({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      policy: policy.autoUpdate,
      userSetting: settings.autoUpdate.value,
      log: (message) => console.log(message),
    });
    if (updates.decision.enabled) updateFeedInUse = parseUpdateFeedConfig(readUpdateFeed(process.resourcesPath) ?? '')?.url ?? null;
  });
  app.on('window-all-closed', () => {
    // Only when the window really closed (keepRunningInTray off, not macOS); a hidden window is not closed.
    if (!lifecycle?.staysAliveWithoutWindow()) app.quit();
  });
}
