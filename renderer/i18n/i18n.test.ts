// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from './catalogues';
import { languageFromLocale, translate } from './i18n';
import type { Catalogue, Message } from './i18n';
import { de } from './messages.de';
import { en } from './messages.en';

const forms = (message: Message): string[] => (typeof message === 'string' ? [message] : [message.one, message.other]);
const placeholders = (message: Message): string[] => [...new Set(forms(message).flatMap((f) => [...f.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();

describe('catalogues', () => {
  it('English and German have exactly the same keys', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.entries(CATALOGUES))('%s has no empty message', (_language, catalogue: Catalogue) => {
    const empty = Object.entries(catalogue).filter(([, message]) => forms(message).some((f) => f.trim() === ''));
    expect(empty).toEqual([]);
  });

  it('German uses the same placeholders and plural shape as English for every key', () => {
    const mismatched = Object.keys(en).filter((key) => {
      const a = en[key as keyof typeof en];
      const b = de[key as keyof typeof de];
      return typeof a !== typeof b || placeholders(a).join() !== placeholders(b).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('plural messages all use {count}', () => {
    const plurals = Object.entries(en).filter(([, m]) => typeof m !== 'string');
    expect(plurals.length).toBeGreaterThan(0);
    for (const [, message] of plurals) expect(placeholders(message)).toContain('count');
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate(en, 'en', 'toast.joined', { name: 'Grace' })).toBe('Grace joined');
    expect(translate(de, 'de', 'toast.joined', { name: 'Grace' })).toBe('Grace ist beigetreten');
  });

  it('leaves a placeholder visible when its value is missing, so the gap is noticed', () => {
    expect(translate(en, 'en', 'toast.joined')).toBe('{name} joined');
  });

  it('chooses the plural form by count', () => {
    expect(translate(en, 'en', 'controls.unreadBadge', { count: 1 })).toBe('1 unread message');
    expect(translate(en, 'en', 'controls.unreadBadge', { count: 3 })).toBe('3 unread messages');
    expect(translate(en, 'en', 'controls.unreadBadge', { count: 0 })).toBe('0 unread messages');
    expect(translate(de, 'de', 'recording.days', { count: 1 })).toBe('1 Tag');
    expect(translate(de, 'de', 'recording.days', { count: 2 })).toBe('2 Tagen');
  });

  it('refuses a plural message without a count', () => {
    expect(() => translate(en, 'en', 'controls.unreadBadge')).toThrow(/count/);
  });
});

describe('languageFromLocale', () => {
  it.each([
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['DE', 'de'],
    ['en-GB', 'en'],
    ['fr-FR', 'en'],
    [undefined, 'en'],
  ] as const)('%s -> %s', (locale, language) => {
    expect(languageFromLocale(locale)).toBe(language);
  });
});
