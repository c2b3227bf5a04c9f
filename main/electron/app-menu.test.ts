import { describe, expect, it, vi } from 'vitest';
import { desktopText } from '../desktop/desktop-text';
import { appMenuTemplate, menuRoles } from './app-menu';
import type { AppMenuItem } from './app-menu';

const DEVELOPMENT_ROLES = ['reload', 'forceReload', 'toggleDevTools'];
const labels = (items: AppMenuItem[]) => items.map((i) => i.label);

describe('application menu', () => {
  it('packaged: no reload and no developer tools on any OS; development builds keep them', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const packaged = menuRoles(appMenuTemplate({ platform, packaged: true, text: desktopText('en'), openSettings: () => {} }));
      for (const role of DEVELOPMENT_ROLES) expect(packaged, platform).not.toContain(role);
      const development = menuRoles(appMenuTemplate({ platform, packaged: false, text: desktopText('en'), openSettings: () => {} }));
      for (const role of DEVELOPMENT_ROLES) expect(development, platform).toContain(role);
    }
  });

  it('Windows and Linux: File, Edit (copy, paste …), View, Window, Help with About; Settings opens Settings', () => {
    const openSettings = vi.fn();
    const menu = appMenuTemplate({ platform: 'win32', packaged: true, text: desktopText('de'), openSettings });
    expect(labels(menu)).toEqual(['Datei', 'Bearbeiten', 'Ansicht', 'Fenster', 'Hilfe']);
    const roles = menuRoles(menu);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit', 'minimize', 'close', 'about']) expect(roles).toContain(role);
    const settings = (menu[0]!.submenu as AppMenuItem[])[0]!;
    expect(settings).toMatchObject({ label: 'Einstellungen…', accelerator: 'CmdOrCtrl+,' });
    settings.click!(undefined as never, undefined, undefined as never);
    expect(openSettings).toHaveBeenCalled();
  });

  it('macOS: the app menu first (About, Settings, Services, Hide, Quit), the standard Window menu', () => {
    const menu = appMenuTemplate({ platform: 'darwin', packaged: true, text: desktopText('en'), openSettings: () => {} });
    expect(labels(menu)).toEqual(['Parley', 'Edit', 'View', 'Window', 'Help']);
    expect(menuRoles([menu[0]!])).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(menuRoles([menu[3]!])).toEqual(['windowMenu', 'minimize', 'zoom', 'front']);
    expect(menuRoles([menu[1]!])).toContain('pasteAndMatchStyle');
  });
});
