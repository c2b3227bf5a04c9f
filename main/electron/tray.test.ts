import { describe, expect, it, vi } from 'vitest';
import { desktopLanguage, desktopText } from '../desktop/desktop-text';
import { createAppTray } from './tray';
import type { TrayMenuItem } from './tray';

function fakeTray(platform: string) {
  const menus: TrayMenuItem[][] = [];
  const listeners = new Map<string, () => void>();
  const actions = { open: vi.fn(), startMeeting: vi.fn(), quit: vi.fn() };
  const tray = createAppTray({
    createTray: () => ({ setToolTip: vi.fn(), setContextMenu: vi.fn(), on: (event, fn) => listeners.set(event, fn), destroy: vi.fn() }),
    buildMenu: (items) => (menus.push(items), items),
    text: desktopText('de'),
    platform,
    ...actions,
  });
  return { tray, menus, listeners, actions };
}

describe('tray', () => {
  it('starts locked (no meeting before the keys are open); ready enables Start a meeting; the menu is rebuilt only on a change', () => {
    const { tray, menus, actions } = fakeTray('linux');
    expect(menus).toHaveLength(1);
    expect(menus[0]!.map((i) => i.label ?? i.type)).toEqual(['Gesperrt: Parley öffnen, um Anrufe zu empfangen', 'separator', 'Parley öffnen', 'Meeting starten', 'separator', 'Parley beenden']);
    expect(menus[0]![3]!.enabled).toBe(false);
    tray.setStatus('locked');
    expect(menus).toHaveLength(1);
    tray.setStatus('ready');
    expect(menus).toHaveLength(2);
    expect(menus[1]![0]).toEqual({ label: 'Bereit für Anrufe', enabled: false });
    expect(menus[1]![3]!.enabled).toBe(true);
    menus[1]![3]!.click!();
    menus[1]![5]!.click!();
    expect(actions.startMeeting).toHaveBeenCalledTimes(1);
    expect(actions.quit).toHaveBeenCalledTimes(1);
  });

  it('a click on the icon opens the window on Windows and Linux; macOS shows the menu instead', () => {
    const linux = fakeTray('linux');
    linux.listeners.get('click')!();
    expect(linux.actions.open).toHaveBeenCalled();
    expect(fakeTray('darwin').listeners.has('click')).toBe(false);
  });

  it('picks German for German locales, English otherwise', () => {
    expect(['de', 'de-AT', 'de_CH'].map(desktopLanguage)).toEqual(['de', 'de', 'de']);
    expect(['en-US', 'fr', 'dev', ''].map(desktopLanguage)).toEqual(['en', 'en', 'en', 'en']);
  });
});
