// The application menu. Packaged builds have no Reload, Force Reload or Developer Tools (no
// accidental Ctrl+R in a call: it would drop the call and the keys in memory); development
// builds keep them. The Edit menu gives copy and paste their shortcuts (on macOS they only work
// through it), Window and Help follow each OS's conventions. Roles do the work (Electron's
// built-in behaviour and platform wording); only Settings and the labels are ours (en/de).
import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopText } from '../desktop/desktop-text';

export type AppMenuItem = MenuItemConstructorOptions;

export interface AppMenuOptions {
  platform: string;
  /** app.isPackaged: no reload, no developer tools. */
  packaged: boolean;
  text: DesktopText;
  openSettings: () => void;
}

const separator: AppMenuItem = { type: 'separator' };

export function appMenuTemplate({ platform, packaged, text, openSettings }: AppMenuOptions): AppMenuItem[] {
  const mac = platform === 'darwin';
  const settings: AppMenuItem = { label: text.settings, accelerator: 'CmdOrCtrl+,', click: openSettings };
  const appMenu: AppMenuItem[] = mac
    ? [{
        label: 'Parley',
        submenu: [{ role: 'about', label: text.about }, separator, settings, separator, { role: 'services' }, separator,
          { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit', label: text.quit }],
      }]
    : [{ label: text.menuFile, submenu: [settings, separator, { role: 'quit', label: text.quit }] }];
  const edit: AppMenuItem = {
    label: text.menuEdit,
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []), { role: 'delete' }, separator, { role: 'selectAll' }],
  };
  const development: AppMenuItem[] = packaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator];
  const view: AppMenuItem = {
    label: text.menuView,
    submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  };
  const window: AppMenuItem = {
    label: text.menuWindow,
    role: 'windowMenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  // macOS puts About in the app menu (its Help menu holds the system's search field); elsewhere About lives under Help.
  const help: AppMenuItem = { label: text.menuHelp, role: 'help', submenu: mac ? [] : [{ role: 'about', label: text.about }] };
  return [...appMenu, edit, view, window, help];
}

/** Every role in a template, submenus included (tests: no reload or developer tools when packaged). */
export function menuRoles(items: readonly AppMenuItem[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...menuRoles(Array.isArray(item.submenu) ? (item.submenu as AppMenuItem[]) : [])]);
}
