// The user's settings and the organisation's policy, as the UI uses them.
// Persistence: localStorage for now (see settings-persistence.ts); main's settings/policy IPC
// replaces it when it lands. Policy values always win and are shown locked.
import { create } from 'zustand';
import { languageFromLocale } from '../i18n/i18n';
import type { Language } from '../i18n/i18n';
import { loadSettings, saveSettings } from './settings-persistence';

export type LanguageChoice = 'system' | Language;
export type ThemeChoice = 'system' | 'light' | 'dark';

export interface UserSettings {
  displayName: string;
  language: LanguageChoice;
  theme: ThemeChoice;
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
  startAudioMuted: boolean;
  startVideoMuted: boolean;
  /** The relay the user chose; empty means "the default". */
  relayUrl: string;
  rememberRecentRooms: boolean;
}

/** Values an administrator pinned; each one is locked in the UI. */
export interface ManagedSettings {
  relayUrl?: string;
}

export const DEFAULT_SETTINGS: UserSettings = {
  displayName: '',
  language: 'system',
  theme: 'system',
  cameraId: null,
  microphoneId: null,
  speakerId: null,
  startAudioMuted: false,
  startVideoMuted: false,
  relayUrl: '',
  rememberRecentRooms: false,
};

interface SettingsState {
  settings: UserSettings;
  managed: ManagedSettings;
  update(patch: Partial<UserSettings>): void;
  setManaged(managed: ManagedSettings): void;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  settings: loadSettings(DEFAULT_SETTINGS),
  managed: {},
  update: (patch) => {
    const settings = { ...get().settings, ...patch };
    saveSettings(settings);
    set({ settings });
  },
  setManaged: (managed) => set({ managed }),
}));

export function resolveLanguage(choice: LanguageChoice, locale: string | undefined): Language {
  return choice === 'system' ? languageFromLocale(locale) : choice;
}

export function useLanguage(): Language {
  const choice = useSettingsStore((s) => s.settings.language);
  return resolveLanguage(choice, typeof navigator === 'undefined' ? undefined : navigator.language);
}

/** The relay Parley connects to: policy, else the user's choice, else the relay main embeds. */
export function effectiveRelayUrl(settings: UserSettings, managed: ManagedSettings, embedded: string | null): string | null {
  return managed.relayUrl ?? (settings.relayUrl || embedded);
}
