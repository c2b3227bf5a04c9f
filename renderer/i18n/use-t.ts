// The translate function for the language in settings (or the system's).
import { useCallback } from 'react';
import { useLanguage } from '../app/settings-store';
import { CATALOGUES } from './catalogues';
import { translate } from './i18n';
import type { MessageKey, Params, Translate } from './i18n';

export function useT(): Translate {
  const language = useLanguage();
  return useCallback((key: MessageKey, params?: Params) => translate(CATALOGUES[language], language, key, params), [language]);
}
