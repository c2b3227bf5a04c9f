import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTOSTART_FILE, HIDDEN_FLAG, applyOpenAtLogin, autostartDir, linuxAutostartEntry, startedAtLogin } from './login-item';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeApp(wasOpenedAtLogin = false) {
  return { setLoginItemSettings: vi.fn(), getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAtLogin }) };
}

describe('start at login', () => {
  it('macOS and Windows: registers the login item hidden, and removes it', async () => {
    for (const platform of ['darwin', 'win32']) {
      const app = fakeApp();
      await applyOpenAtLogin(true, { platform, app, executable: 'unused', autostartDir: '/unused' });
      await applyOpenAtLogin(false, { platform, app, executable: 'unused', autostartDir: '/unused' });
      expect(app.setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true, openAsHidden: true, args: [HIDDEN_FLAG] }],
        [{ openAtLogin: false, openAsHidden: true, args: [HIDDEN_FLAG] }],
      ]);
    }
  });

  it('Linux: writes an XDG autostart entry (private to the user) and removes it; Electron login items are not used', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'parley-autostart-'));
    dirs.push(home);
    const dir = autostartDir({}, home);
    expect(dir).toBe(path.join(home, '.config', 'autostart'));
    expect(autostartDir({ XDG_CONFIG_HOME: '/xdg' }, home)).toBe('/xdg/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, home)).toBe(path.join(home, '.config', 'autostart'));
    const app = fakeApp();
    await applyOpenAtLogin(true, { platform: 'linux', app, executable: '/opt/Parley/parley', autostartDir: dir });
    const file = path.join(dir, AUTOSTART_FILE);
    expect(readFileSync(file, 'utf8')).toBe(linuxAutostartEntry('/opt/Parley/parley'));
    expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/Parley/parley --hidden\n');
    expect(statSync(file).mode & 0o077).toBe(0);
    await applyOpenAtLogin(false, { platform: 'linux', app, executable: '/opt/Parley/parley', autostartDir: dir });
    expect(existsSync(file)).toBe(false);
    // Removing what is not there is fine (the setting was never on).
    await applyOpenAtLogin(false, { platform: 'linux', app, executable: '/opt/Parley/parley', autostartDir: dir });
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes an executable path with spaces or reserved characters as the Desktop Entry Specification asks', () => {
    expect(linuxAutostartEntry('/home/ada/My Apps/Parley.AppImage')).toContain('Exec="/home/ada/My Apps/Parley.AppImage" --hidden\n');
    expect(linuxAutostartEntry('/tmp/a"b$c')).toContain('Exec="/tmp/a\\"b\\$c" --hidden\n');
  });

  it('recognises a login start: the --hidden argument, or macOS wasOpenedAtLogin', () => {
    expect(startedAtLogin(['/opt/parley', HIDDEN_FLAG], 'linux', fakeApp())).toBe(true);
    expect(startedAtLogin(['C:\\Parley.exe', HIDDEN_FLAG], 'win32', fakeApp())).toBe(true);
    expect(startedAtLogin(['/opt/parley'], 'linux', fakeApp(true))).toBe(false);
    expect(startedAtLogin(['/Applications/Parley.app/Contents/MacOS/Parley'], 'darwin', fakeApp(true))).toBe(true);
    expect(startedAtLogin(['/Applications/Parley.app/Contents/MacOS/Parley'], 'darwin', fakeApp(false))).toBe(false);
  });
});
