import { de } from './messages.de';
import { en } from './messages.en';
import type { Catalogue, Language } from './i18n';

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, de };
