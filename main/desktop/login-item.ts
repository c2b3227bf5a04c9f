// Start at login (setting and policy openAtLogin, off by default), hidden in the tray so rings
// reach the person without a window popping up. macOS and Windows register through Electron's
// login items; Linux has none, so Parley writes an XDG autostart entry
// (~/.config/autostart/parley.desktop, Desktop Application Autostart Specification) itself.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file';

/** The argument a login start passes (Windows, Linux): start with the window hidden in the tray. */
export const HIDDEN_FLAG = '--hidden';
export const AUTOSTART_FILE = 'parley.desktop';

export interface LoginItemSettingsLike {
  openAtLogin: boolean;
  /** macOS: whether this launch came from the login item. */
  wasOpenedAtLogin?: boolean;
}

/** The part of Electron's app used here. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(): LoginItemSettingsLike;
}

export interface LoginItemDeps {
  platform: string;
  app: LoginItemApp;
  /** Linux: the program the autostart entry runs (the AppImage itself when run from one). */
  executable: string;
  /** Linux: $XDG_CONFIG_HOME/autostart, or ~/.config/autostart. */
  autostartDir: string;
}

export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart');
}

/** Quotes an Exec argument as the Desktop Entry Specification asks (reserved characters inside double quotes). */
function execArgument(value: string): string {
  if (!/[\s"'\\`$<>~|&;*?#()]/.test(value)) return value;
  return `"${value.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

export function linuxAutostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Parley',
    'Comment=End-to-end encrypted video calls',
    `Exec=${execArgument(executable)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Registers or removes the login start to match the effective openAtLogin setting. */
export async function applyOpenAtLogin(openAtLogin: boolean, deps: LoginItemDeps): Promise<void> {
  if (deps.platform === 'linux') {
    const file = path.join(deps.autostartDir, AUTOSTART_FILE);
    if (!openAtLogin) return rm(file, { force: true });
    await mkdir(deps.autostartDir, { recursive: true, mode: 0o700 });
    return writeFileAtomic(file, new TextEncoder().encode(linuxAutostartEntry(deps.executable)), { keepBackup: false });
  }
  // macOS ignores args and (since 13) openAsHidden; the launch is recognised by wasOpenedAtLogin instead.
  deps.app.setLoginItemSettings({ openAtLogin, openAsHidden: true, args: [HIDDEN_FLAG] });
}

/** Whether this launch is a login start, which keeps the window hidden in the tray. */
export function startedAtLogin(argv: readonly string[], platform: string, app: LoginItemApp): boolean {
  if (platform === 'darwin') return app.getLoginItemSettings().wasOpenedAtLogin === true;
  return argv.includes(HIDDEN_FLAG);
}
