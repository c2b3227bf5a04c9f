// Puts language, theme and title on the document: <html lang>, data-theme for the CSS.
import { useEffect, useMemo, useState } from 'react';
import { useLanguage, useSettingsStore } from './settings-store';

function useSystemPrefersDark(): boolean {
  const query = useMemo(() => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null), []);
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const onChange = (event: MediaQueryListEvent) => setDark(event.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return dark;
}

export function useApplyDocumentSettings(title: string): void {
  const language = useLanguage();
  const theme = useSettingsStore((s) => s.settings.theme);
  const systemDark = useSystemPrefersDark();
  const resolved = theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dataset.theme = resolved;
    document.title = title;
  }, [language, resolved, title]);
}
