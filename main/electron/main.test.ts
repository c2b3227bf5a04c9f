// main.ts with `electron` mocked: asserts what the real app wires up — window preferences,
// session permission handlers, navigation and window-open rules, the IPC sender check, env
// hardening, deep links, and that no crash reporter is started.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import type { IpcOutcome } from '../../protocol/ipc-contract';
import { IPC_CHANNELS } from '../../protocol/ipc-contract';
import { encodeInvite } from '../../protocol/room/invite';

type Handler = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

const electron = vi.hoisted(() => {
  const appEvents = new Map<string, Handler>();
  const ipcHandlers = new Map<string, Handler>();
  const windows: { options: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const sessionHandlers: Record<string, Handler> = {};
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x42));
  const dataDir = { path: '' };
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const fakeSource = { id: 'screen:1:0', name: 'Entire screen', thumbnail: { isEmpty: () => true, toDataURL: () => '' } };
  class BrowserWindow {
    readonly listeners = new Map<string, Handler[]>();
    constructor(readonly options: unknown) {
      windows.push(this as unknown as { options: any }); // eslint-disable-line @typescript-eslint/no-explicit-any
    }
    once() {}
    on(event: string, fn: Handler) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    }
    emit(event: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(event) ?? []) fn(...args);
    }
    loadURL = vi.fn(async () => {});
    isMinimized = () => false;
    isDestroyed = () => false;
    isFocused = vi.fn(() => false);
    restore() {}
    focus = vi.fn();
    show = vi.fn();
    hide = vi.fn();
    maximize = vi.fn();
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 10, width: 1000, height: 700 });
  }
  const trays: { icon: string; tooltip?: string; menu?: any; listeners: Map<string, Handler>; destroy: Mock<() => void> }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  class Tray {
    private readonly record: (typeof trays)[number];
    constructor(icon: string) {
      this.record = { icon, listeners: new Map(), destroy: vi.fn<() => void>() };
      trays.push(this.record);
    }
    setToolTip(text: string) {
      this.record.tooltip = text;
    }
    setContextMenu(menu: unknown) {
      this.record.menu = menu;
    }
    on(event: string, fn: Handler) {
      this.record.listeners.set(event, fn);
    }
    destroy() {
      this.record.destroy();
    }
  }
  const notifications: { options: { title: string; body: string; silent: boolean; actions?: unknown[] }; click?: () => void; action?: Handler }[] = [];
  class Notification {
    static isSupported = () => true;
    private readonly record: (typeof notifications)[number];
    constructor(options: { title: string; body: string; silent: boolean }) {
      this.record = { options };
      notifications.push(this.record);
    }
    on(event: 'click' | 'action', listener: Handler) {
      if (event === 'click') this.record.click = listener;
      else this.record.action = listener;
    }
    show = vi.fn();
  }
  return {
    appEvents, ipcHandlers, windows, sessionHandlers, dataDir, fakeSource, notifications, trays, markReady: () => markReady(),
    module: {
      Notification,
      Tray,
      // The template itself stands for the built menu, so tests can read and click its items.
      Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: vi.fn() },
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
      app: {
        isPackaged: true,
        enableSandbox: vi.fn(),
        requestSingleInstanceLock: () => true,
        setAsDefaultProtocolClient: vi.fn(),
        on: (event: string, fn: Handler) => appEvents.set(event, fn),
        whenReady: () => ready,
        getPath: () => dataDir.path,
        getVersion: () => '1.2.3',
        getLocale: () => 'en-US',
        setLoginItemSettings: vi.fn(),
        setAppUserModelId: vi.fn(),
        getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
        quit: vi.fn(),
        relaunch: vi.fn(),
        exit: vi.fn(),
      },
      BrowserWindow,
      crashReporter: { start: vi.fn() },
      desktopCapturer: { getSources: vi.fn(async () => [fakeSource]) },
      dialog: { showMessageBox: vi.fn(async () => ({ response: 1 })) },
      ipcMain: { handle: (channel: string, fn: Handler) => ipcHandlers.set(channel, fn) },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      safeStorage: {
        isAsyncEncryptionAvailable: async () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptStringAsync: async (s: string) => xor(Buffer.from(s)),
        decryptStringAsync: async (b: Buffer) => ({ result: xor(b).toString(), shouldReEncrypt: false }),
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: Handler) => (sessionHandlers.request = fn),
          setPermissionCheckHandler: (fn: Handler) => (sessionHandlers.check = fn),
          setDevicePermissionHandler: (fn: Handler) => (sessionHandlers.device = fn),
          setDisplayMediaRequestHandler: (fn: Handler) => (sessionHandlers.displayMedia = fn),
          setSpellCheckerDictionaryDownloadURL: vi.fn(),
          setSpellCheckerEnabled: vi.fn(),
          clearStorageData: vi.fn(async () => {}),
          clearCache: vi.fn(async () => {}),
        },
      },
      shell: { openExternal: vi.fn(async () => {}) },
    },
  };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const APP = 'app://parley/index.html';
const CALL_ID = 'c0'.repeat(16);
type FakeWindow = { emit: (event: string, ...args: unknown[]) => void; show: ReturnType<typeof vi.fn>; hide: ReturnType<typeof vi.fn> };
const mainWindow = () => electron.windows[0] as unknown as FakeWindow;
/** Reads main's events (earlier tests may have left some queued) until one of this type arrives. */
async function eventOfType(type: string): Promise<unknown> {
  for (;;) {
    const outcome = await invoke('events:next', top());
    if (outcome.ok && (outcome.value as { type: string }).type === type) return outcome.value;
  }
}
const OPENED_BEFORE_READY = encodeInvite({ secret: new Uint8Array(32).fill(1), hostKeyId: new Uint8Array(16).fill(2), relayUrl: 'wss://relay.example.org/' });
const FROM_SECOND_INSTANCE = encodeInvite({ secret: new Uint8Array(32).fill(3), hostKeyId: new Uint8Array(16).fill(4) });
const top = (url = APP) => ({ url, parent: null });
const invoke = (channel: string, sender: unknown, ...args: unknown[]) =>
  electron.ipcHandlers.get(channel)!({ senderFrame: sender }, ...args) as Promise<IpcOutcome<unknown>>;

beforeAll(async () => {
  electron.dataDir.path = mkdtempSync(path.join(tmpdir(), 'parley-electron-main-'));
  // Start at login writes the Linux autostart entry under here, never into the real home.
  process.env.XDG_CONFIG_HOME = path.join(electron.dataDir.path, 'config');
  process.env.ELECTRON_RUN_AS_NODE = '1';
  process.env.NODE_OPTIONS_TEST_KEEP = 'kept';
  await import('./main');
  // macOS launches the app for a link with open-url before 'ready'.
  electron.appEvents.get('open-url')!({ preventDefault: () => {} }, OPENED_BEFORE_READY);
  electron.markReady();
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
});

afterAll(() => {
  delete process.env.NODE_OPTIONS_TEST_KEEP;
  delete process.env.XDG_CONFIG_HOME;
  rmSync(electron.dataDir.path, { recursive: true, force: true });
});

describe('Electron main process wiring', () => {
  it('opens every window sandboxed, context-isolated, without Node, with web security', () => {
    expect(electron.module.app.enableSandbox).toHaveBeenCalled();
    for (const { options } of electron.windows) {
      expect(options.webPreferences).toMatchObject({
        contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
        webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, devTools: false,
        backgroundThrottling: false,
      });
      expect(options.webPreferences.preload).toMatch(/preload\.cjs$/);
    }
  });

  it('removes dangerous environment variables when packaged, starts no crash reporter, downloads no dictionaries', () => {
    expect(process.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    expect(process.env.NODE_OPTIONS_TEST_KEEP).toBe('kept');
    expect(electron.module.crashReporter.start).not.toHaveBeenCalled();
    expect(electron.module.session.defaultSession.setSpellCheckerDictionaryDownloadURL).toHaveBeenCalledWith(expect.stringMatching(/^http:\/\/127\.0\.0\.1:/));
    expect(electron.module.session.defaultSession.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
  });

  it('permission requests: camera/microphone for our page only; everything else denied', () => {
    const decide = (permission: string, pageUrl: string, details: object) => {
      let granted: boolean | undefined;
      electron.sessionHandlers.request!({ getURL: () => pageUrl }, permission, (g: boolean) => (granted = g), { requestingUrl: pageUrl, isMainFrame: true, ...details });
      return granted;
    };
    expect(decide('media', APP, { mediaTypes: ['video', 'audio'] })).toBe(true);
    expect(decide('media', 'https://evil.example/', { mediaTypes: ['video'] })).toBe(false);
    expect(decide('media', APP, { mediaTypes: ['video'], isMainFrame: false })).toBe(false);
    expect(decide('media', APP, { mediaTypes: [] })).toBe(false);
    expect(decide('media', APP, { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'midiSysex', 'openExternal', 'fullscreen', 'hid', 'display-capture', 'unknown']) {
      expect(decide(permission, APP, {})).toBe(false);
    }
    expect(electron.sessionHandlers.device!({})).toBe(false);
  });

  it('local network access (the embedded relay on loopback, a LAN relay): our page only, top frame', () => {
    const decide = (permission: string, pageUrl: string, details: object = {}) => {
      let granted: boolean | undefined;
      electron.sessionHandlers.request!({ getURL: () => pageUrl }, permission, (g: boolean) => (granted = g), { requestingUrl: pageUrl, isMainFrame: true, ...details });
      return granted;
    };
    const check = electron.sessionHandlers.check!;
    for (const permission of ['local-network-access', 'local-network', 'loopback-network']) {
      expect(decide(permission, APP), permission).toBe(true);
      expect(decide(permission, 'https://evil.example/'), permission).toBe(false);
      expect(decide(permission, APP, { isMainFrame: false }), permission).toBe(false);
      expect(decide(permission, APP, { requestingUrl: 'https://evil.example/' }), permission).toBe(false);
      expect(check({ getURL: () => APP }, permission, 'app://parley'), permission).toBe(true);
      expect(check({ getURL: () => APP }, permission, 'https://evil.example'), permission).toBe(false);
      expect(check({ getURL: () => 'https://evil.example/' }, permission, 'app://parley'), permission).toBe(false);
    }
  });

  it('permission checks: media for our origin only', () => {
    const check = electron.sessionHandlers.check!;
    expect(check({ getURL: () => APP }, 'media', 'app://parley')).toBe(true);
    expect(check(null, 'media', 'app://parley')).toBe(true);
    expect(check({ getURL: () => APP }, 'media', 'https://evil.example')).toBe(false);
    expect(check({ getURL: () => APP }, 'notifications', 'app://parley')).toBe(false);
    expect(check({ getURL: () => APP }, 'display-capture', 'app://parley')).toBe(false);
  });

  it('screen capture only through our picker: nothing without a pick, the picked source once', async () => {
    const capture = () =>
      new Promise((resolve) => electron.sessionHandlers.displayMedia!({ frame: top(), securityOrigin: 'app://parley', videoRequested: true }, resolve));
    expect(await capture()).toEqual({});
    const sources = await invoke('screen:listSources', top());
    expect(sources).toEqual({ ok: true, value: [{ id: 'screen:1:0', name: 'Entire screen', kind: 'screen', thumbnail: null }] });
    expect(await invoke('screen:chooseSource', top(), 'screen:1:0')).toEqual({ ok: true, value: null });
    let granted: boolean | undefined;
    electron.sessionHandlers.request!({ getURL: () => APP }, 'display-capture', (g: boolean) => (granted = g), { requestingUrl: APP, isMainFrame: true });
    expect(granted).toBe(true);
    expect(await capture()).toEqual({ video: electron.fakeSource });
    expect(await capture()).toEqual({});
    await invoke('screen:chooseSource', top(), 'screen:1:0');
    const fromIframe = await new Promise((resolve) =>
      electron.sessionHandlers.displayMedia!({ frame: { url: APP, parent: {} }, securityOrigin: 'app://parley', videoRequested: true }, resolve),
    );
    expect(fromIframe).toEqual({});
  });

  it('denies navigation, redirects, webviews and new windows; https links open only after confirmation', async () => {
    const listeners = new Map<string, Handler>();
    let openHandler: Handler | undefined;
    const contents = { on: (e: string, fn: Handler) => listeners.set(e, fn), setWindowOpenHandler: (fn: Handler) => (openHandler = fn) };
    electron.appEvents.get('web-contents-created')!({}, contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(event)!({ preventDefault, url: 'https://evil.example/' });
      expect(preventDefault).toHaveBeenCalled();
    }
    const frameNav = vi.fn();
    listeners.get('will-frame-navigate')!({ preventDefault: frameNav, isSameDocument: false });
    expect(frameNav).toHaveBeenCalled();

    expect(openHandler!({ url: 'http://plain.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://docs.example/help' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electron.module.shell.openExternal).toHaveBeenCalledTimes(1));
    expect(electron.module.shell.openExternal).toHaveBeenCalledWith('https://docs.example/help');
    expect(electron.module.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it('registers every contract channel; refuses foreign senders and bad arguments', async () => {
    expect([...electron.ipcHandlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    for (const sender of [top('https://evil.example/'), top('file:///index.html'), { url: APP, parent: top() }, null, undefined]) {
      expect(await invoke('app:getInfo', sender)).toEqual({ ok: false, error: { code: 'forbidden-sender', message: 'IPC from an unexpected frame' } });
    }
    expect(await invoke('app:getInfo', top())).toMatchObject({ ok: true, value: { version: '1.2.3' } });
    expect(await invoke('identity:dhIdentity', top(), new Uint8Array(31))).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await invoke('identity:sign', top(), 'anything', new Uint8Array(1))).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await invoke('keystore:getStatus', top())).toMatchObject({ ok: true, value: { state: 'ready', sealing: 'safe-storage' } });
  });

  it('routes parley://join links (open-url before ready, second instance, open-url) to the renderer, validated', async () => {
    expect(await invoke('links:takePendingJoin', top())).toEqual({ ok: true, value: { inviteLink: OPENED_BEFORE_READY } });
    expect(await invoke('links:takePendingJoin', top())).toEqual({ ok: true, value: null });
    electron.appEvents.get('second-instance')!({}, ['/usr/bin/parley', '--flag', FROM_SECOND_INSTANCE]);
    expect(await invoke('links:takePendingJoin', top())).toEqual({ ok: true, value: { inviteLink: FROM_SECOND_INSTANCE } });
    const preventDefault = vi.fn();
    electron.appEvents.get('open-url')!({ preventDefault }, 'parley://join#short.x');
    expect(preventDefault).toHaveBeenCalled();
    expect(await invoke('links:takePendingJoin', top())).toEqual({ ok: true, value: null });
    expect(electron.module.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('parley');
  });

  it('shows a silent OS notification for a ring while the window is not focused; a click focuses the window', async () => {
    const window = electron.windows[0] as unknown as { isFocused: ReturnType<typeof vi.fn>; focus: ReturnType<typeof vi.fn> };
    const ring = { kind: 'incoming', callId: CALL_ID, callerName: 'Ada Lovelace', verified: true, language: 'en' };
    expect(await invoke('notify:call', top(), { ...ring, callerName: 'x'.repeat(65) })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await invoke('notify:call', top(), { ...ring, inviteLink: 'parley://join#secret' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(electron.notifications).toHaveLength(0);
    expect(await invoke('notify:call', top(), ring)).toEqual({ ok: true, value: null });
    expect(electron.notifications).toHaveLength(1);
    expect(electron.notifications[0]!.options).toEqual({
      title: 'Incoming call', body: 'Ada Lovelace (verified contact)', silent: true,
      actions: [{ type: 'button', text: 'Accept' }, { type: 'button', text: 'Decline' }],
    });
    window.focus.mockClear();
    electron.notifications[0]!.click!();
    expect(window.focus).toHaveBeenCalled();
    window.isFocused.mockReturnValue(true);
    expect(await invoke('notify:call', top(), { ...ring, kind: 'missed' })).toEqual({ ok: true, value: null });
    expect(electron.notifications).toHaveLength(1);
    window.isFocused.mockReturnValue(false);
  });

  it('sets an application menu without reload or developer tools (packaged); Settings… shows Settings', async () => {
    const menu = electron.module.Menu.setApplicationMenu.mock.calls[0]![0] as { label: string; role?: string; submenu: { label?: string; role?: string; click?: () => void }[] }[];
    const roles = JSON.stringify(menu);
    expect(roles).not.toMatch(/reload|toggleDevTools/i);
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    menu[0]!.submenu[0]!.click!();
    expect(await eventOfType('open-settings')).toEqual({ type: 'open-settings' });
    // The AppUserModelID is a Windows matter; this test runs on Linux.
    expect(electron.module.app.setAppUserModelId).not.toHaveBeenCalled();
  });

  it('remembers the window: its place is saved in the data folder when it is closed (hidden)', async () => {
    const file = path.join(electron.dataDir.path, 'window-state.json');
    expect(existsSync(file)).toBe(false);
    mainWindow().emit('close', { preventDefault: () => {} });
    await vi.waitFor(() => expect(existsSync(file)).toBe(true));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds: { x: 10, y: 10, width: 1000, height: 700 }, maximized: false });
  });

  it('closing the window hides it in the tray (keepRunningInTray, on by default) and Parley keeps running', async () => {
    const window = mainWindow();
    const preventDefault = vi.fn();
    window.emit('close', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalled();
    electron.appEvents.get('window-all-closed')!();
    expect(electron.module.app.quit).not.toHaveBeenCalled();
  });

  it('a ring while the window is hidden: the notification offers Accept, which shows the window and answers that ring', async () => {
    const window = mainWindow();
    window.show.mockClear();
    const ring = { kind: 'incoming', callId: CALL_ID, callerName: 'Grace', verified: false, language: 'de' };
    expect(await invoke('notify:call', top(), ring)).toEqual({ ok: true, value: null });
    const shown = electron.notifications.at(-1)!;
    expect(shown.options.actions).toEqual([{ type: 'button', text: 'Annehmen' }, { type: 'button', text: 'Ablehnen' }]);
    shown.action!({}, 0);
    expect(window.show).toHaveBeenCalled();
    expect(await eventOfType('ring-answer')).toEqual({ type: 'ring-answer' });
    expect(await invoke('notify:takeRingAnswer', top())).toEqual({ ok: true, value: { callId: CALL_ID, answer: 'accept' } });
    expect(await invoke('notify:takeRingAnswer', top())).toEqual({ ok: true, value: null });
  });

  it('has a tray with the status, Open, Start a meeting and Quit', async () => {
    expect(electron.trays).toHaveLength(1);
    const tray = electron.trays[0]!;
    expect(tray.icon).toMatch(/tray-icon\.png$/);
    expect(tray.tooltip).toBe('Parley');
    // The keystore is open (safeStorage): ready for calls.
    await vi.waitFor(() => expect(tray.menu[0]).toEqual({ label: 'Ready for calls', enabled: false }));
    const item = (label: string) => (tray.menu as { label?: string; click?: () => void; enabled?: boolean }[]).find((i) => i.label === label)!;
    expect(tray.menu.map((i: { label?: string; type?: string }) => i.label ?? i.type)).toEqual(['Ready for calls', 'separator', 'Open Parley', 'Start a meeting', 'separator', 'Quit Parley']);
    const window = mainWindow();
    window.show.mockClear();
    item('Open Parley').click!();
    expect(window.show).toHaveBeenCalledTimes(1);
    // A click on the icon opens the window too (Windows, Linux).
    tray.listeners.get('click')!();
    expect(window.show).toHaveBeenCalledTimes(2);
    item('Start a meeting').click!();
    expect(await eventOfType('start-meeting')).toEqual({ type: 'start-meeting' });
    expect(window.show).toHaveBeenCalledTimes(3);
  });

  it('start at login (off by default): the setting writes and removes the Linux autostart entry, hidden to the tray', async () => {
    const entry = path.join(process.env.XDG_CONFIG_HOME!, 'autostart', 'parley.desktop');
    expect(existsSync(entry)).toBe(false);
    expect(await invoke('settings:set', top(), { openAtLogin: true })).toMatchObject({ ok: true, value: { openAtLogin: { value: true } } });
    await vi.waitFor(() => expect(existsSync(entry)).toBe(true));
    expect(readFileSync(entry, 'utf8')).toMatch(/^Exec=\S+ --hidden$/m);
    expect(await invoke('settings:set', top(), { openAtLogin: false })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(existsSync(entry)).toBe(false));
  });

  it('with keepRunningInTray off, closing the window closes it and Parley quits; Quit cleans up first', async () => {
    expect(await invoke('settings:set', top(), { keepRunningInTray: false })).toMatchObject({ ok: true });
    const window = mainWindow();
    const preventDefault = vi.fn();
    await vi.waitFor(() => {
      window.emit('close', { preventDefault });
      expect(preventDefault).not.toHaveBeenCalled();
    });
    electron.appEvents.get('window-all-closed')!();
    expect(electron.module.app.quit).toHaveBeenCalledTimes(1);
    // app.quit() emits before-quit: the first one is held until services and relays are closed.
    const quitEvent = { preventDefault: vi.fn() };
    electron.appEvents.get('before-quit')!(quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.module.app.quit).toHaveBeenCalledTimes(2));
    expect(electron.trays[0]!.destroy).toHaveBeenCalled();
    const second = { preventDefault: vi.fn() };
    electron.appEvents.get('before-quit')!(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });
});
