// The words main itself shows (tray menu, application menu, notification buttons), in English
// and German like the renderer's (renderer/i18n). Main picks the language from the OS locale
// (app.getLocale()), since these appear before and without the renderer.
export type DesktopLanguage = 'en' | 'de';

export interface DesktopText {
  trayTooltip: string;
  statusReady: string;
  statusLocked: string;
  open: string;
  startMeeting: string;
  quit: string;
  accept: string;
  decline: string;
  menuFile: string;
  menuEdit: string;
  menuView: string;
  menuWindow: string;
  menuHelp: string;
  settings: string;
  about: string;
}

const TEXT: Record<DesktopLanguage, DesktopText> = {
  en: {
    trayTooltip: 'Parley',
    statusReady: 'Ready for calls',
    statusLocked: 'Locked: open Parley to receive calls',
    open: 'Open Parley',
    startMeeting: 'Start a meeting',
    quit: 'Quit Parley',
    accept: 'Accept',
    decline: 'Decline',
    menuFile: 'File',
    menuEdit: 'Edit',
    menuView: 'View',
    menuWindow: 'Window',
    menuHelp: 'Help',
    settings: 'Settings…',
    about: 'About Parley',
  },
  de: {
    trayTooltip: 'Parley',
    statusReady: 'Bereit für Anrufe',
    statusLocked: 'Gesperrt: Parley öffnen, um Anrufe zu empfangen',
    open: 'Parley öffnen',
    startMeeting: 'Meeting starten',
    quit: 'Parley beenden',
    accept: 'Annehmen',
    decline: 'Ablehnen',
    menuFile: 'Datei',
    menuEdit: 'Bearbeiten',
    menuView: 'Ansicht',
    menuWindow: 'Fenster',
    menuHelp: 'Hilfe',
    settings: 'Einstellungen…',
    about: 'Über Parley',
  },
};

/** German for a German OS locale ("de", "de-AT", …), English otherwise. */
export function desktopLanguage(locale: string): DesktopLanguage {
  return /^de(?:[-_]|$)/i.test(locale) ? 'de' : 'en';
}

export function desktopText(language: DesktopLanguage): DesktopText {
  return TEXT[language];
}
