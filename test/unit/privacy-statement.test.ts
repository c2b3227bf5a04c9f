// docs/PRIVACY.md quotes the statement the app shows (protocol/privacy-statement.ts) word for
// word: the docs said one thing about IP addresses and Home another before.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIVACY_STATEMENT } from '../../protocol/privacy-statement';
import { de } from '../../renderer/i18n/messages.de';
import { en } from '../../renderer/i18n/messages.en';

const PRIVACY_MD = readFileSync(path.resolve(import.meta.dirname, '../../docs/PRIVACY.md'), 'utf8');

describe('the privacy statement', () => {
  it('is quoted exactly in docs/PRIVACY.md', () => {
    expect(PRIVACY_MD).toContain(`> ${PRIVACY_STATEMENT.en.relay}\n`);
    expect(PRIVACY_MD).toContain(`> ${PRIVACY_STATEMENT.en.participants}\n`);
  });

  it('names IP addresses for the relay and for participants, and the remedy by its setting\'s own label, in both languages', () => {
    for (const [language, messages] of [['en', en], ['de', de]] as const) {
      const { relay, participants } = PRIVACY_STATEMENT[language];
      expect(relay).toMatch(/IP/);
      expect(participants).toMatch(/IP/);
      const [open, close] = language === 'en' ? ['“', '”'] : ['„', '“'];
      expect(participants).toContain(`${open}${messages['settings.alwaysRelay']}${close} (${messages['nav.settings']} → ${messages['settings.network']})`);
    }
  });
});
