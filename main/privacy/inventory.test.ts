import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARLEY_FILES, RECORDINGS_DIR, isParleyEntry } from '../settings/data-paths';
import { DATA_FOLDER_PATHS, DATA_INVENTORY } from './inventory';
import { blocksToMarkdown, inventoryTable } from './report-document';

const PRIVACY_MD = path.resolve(import.meta.dirname, '..', '..', 'docs', 'PRIVACY.md');

describe('data inventory', () => {
  it('names every file and folder main writes (the list erase deletes), and nothing else', () => {
    expect([...DATA_FOLDER_PATHS].sort()).toEqual([...PARLEY_FILES, RECORDINGS_DIR].sort());
    for (const entry of DATA_FOLDER_PATHS) expect(isParleyEntry(entry), entry).toBe(true);
  });

  it('has unique ids and every field in both languages', () => {
    expect(new Set(DATA_INVENTORY.map((item) => item.id)).size).toBe(DATA_INVENTORY.length);
    for (const item of DATA_INVENTORY) {
      for (const field of [item.datum, item.readers, item.retention, item.deletion]) {
        expect(field.en.trim(), item.id).not.toBe('');
        expect(field.de.trim(), item.id).not.toBe('');
      }
    }
  });

  it('docs/PRIVACY.md shows exactly this inventory', async () => {
    const doc = await readFile(PRIVACY_MD, 'utf8');
    const shown = doc.split('<!-- inventory:start -->\n')[1]?.split('<!-- inventory:end -->')[0];
    // On a mismatch, paste the expected table between the markers.
    expect(shown).toBe(blocksToMarkdown([inventoryTable(DATA_INVENTORY, 'en')]));
  });
});
