// Every item "Erase everything" lists (main's privacy inventory) has a name in every language the
// renderer speaks: the erase dialog showed main's English strings on German screens before.
import { describe, expect, it } from 'vitest';
import { erasedByEraseEverything } from '../../main/privacy/inventory';
import { de } from '../../renderer/i18n/messages.de';
import { en } from '../../renderer/i18n/messages.en';

describe('names of what Erase everything deletes', () => {
  it('exist in English and German for every stored inventory item, and differ between them', () => {
    const ids = erasedByEraseEverything();
    expect(ids).toEqual(expect.arrayContaining(['identity-keys', 'contact-book', 'recordings', 'settings', 'recent-meetings']));
    expect(ids).not.toContain('call-content');
    for (const id of ids) {
      const key = `privacy.item.${id}` as keyof typeof en;
      expect(en[key], `${key} in English`).toBeTypeOf('string');
      expect(de[key], `${key} in German`).toBeTypeOf('string');
      expect(de[key], key).not.toBe(en[key]);
    }
  });
});
