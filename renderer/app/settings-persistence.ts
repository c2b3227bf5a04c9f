// Keeps settings in localStorage until main's settings IPC exists. Only known keys with the
// right type are read back, so a damaged or old entry falls back to defaults, never crashes.
import type { UserSettings } from './settings-store';

const SETTINGS_KEY = 'parley.settings.v1';

export function loadSettings(defaults: UserSettings): UserSettings {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null');
  } catch {
    return { ...defaults };
  }
  if (typeof stored !== 'object' || stored === null) return { ...defaults };
  const record = stored as Record<string, unknown>;
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = record[key];
    const sameType = fallback === null ? typeof value === 'string' || value === null : typeof value === typeof fallback;
    if (key in record && sameType) result[key] = value;
  }
  const settings = result as unknown as UserSettings;
  if (!['system', 'en', 'de'].includes(settings.language)) settings.language = defaults.language;
  if (!['system', 'light', 'dark'].includes(settings.theme)) settings.theme = defaults.theme;
  return settings;
}

export function saveSettings(settings: UserSettings): void {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
}

export function eraseSettings(): void {
  localStorage.removeItem(SETTINGS_KEY);
}
