// Message lookup with {name} interpolation and plural forms (Intl.PluralRules).
// The English catalogue defines the keys; every other catalogue must have exactly the same ones.
import type { en } from './messages.en';

export type Language = 'en' | 'de';
export const LANGUAGES: readonly Language[] = ['en', 'de'];

/** A plain message, or plural forms chosen by the `count` parameter. */
export type Message = string | { readonly one: string; readonly other: string };
export type MessageKey = keyof typeof en;
export type Catalogue = { readonly [K in MessageKey]: Message };
export type Params = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: Params) => string;

const pluralRules = new Map<Language, Intl.PluralRules>();

function pluralForm(language: Language, count: number): 'one' | 'other' {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  // English and German only distinguish "one" and "other".
  return rules.select(count) === 'one' ? 'one' : 'other';
}

function interpolate(template: string, params: Params | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(catalogue: Catalogue, language: Language, key: MessageKey, params?: Params): string {
  const message = catalogue[key];
  if (typeof message === 'string') return interpolate(message, params);
  const count = params?.count;
  if (typeof count !== 'number') throw new Error(`Message "${key}" needs a numeric count`);
  return interpolate(message[pluralForm(language, count)], params);
}

/** The language to show when the user chose "system": German for any German locale, else English. */
export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}
