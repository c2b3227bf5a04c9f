// Recent meetings sealed in main (issue 16 item 5): the invite links (room secrets) never reach
// the disk in plaintext, and a forgotten one survives in no backup.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { eraseParleyData } from '../erase/erase-everything';
import { Vault } from '../vault/vault';
import { RECENT_MEETINGS_FILE, RecentMeetings } from './recent-meetings';

let dir: string;
let vault: Vault;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-recent-'));
  vault = await Vault.create(dir, createTestSealer());
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const store = () => new RecentMeetings(dir, async () => vault);
const link = (n: number) => `parley://join#${String(n).repeat(43).slice(0, 43)}.${'B'.repeat(22)}`;
/** Every byte Parley wrote in the data folder, as text. */
const onDisk = async () => (await Promise.all((await readdir(dir)).map((f) => readFile(path.join(dir, f), 'latin1')))).join('\n');

describe('recent meetings in main', () => {
  it('keeps at most five, newest first, across restarts, sealed: no invite link on disk', async () => {
    for (let i = 1; i <= 7; i++) await store().remember(link(i), i);
    expect((await store().list()).map((r) => r.lastJoinedAt)).toEqual([7, 6, 5, 4, 3]);
    const text = await onDisk();
    for (let i = 1; i <= 7; i++) expect(text).not.toContain(link(i).slice(14, 43));
    expect(text).not.toContain('parley://');
  });

  it('a forgotten meeting is in no file, backups included; forgetting all deletes the file', async () => {
    const recent = store();
    await recent.remember(link(1), 1);
    await recent.remember(link(2), 2);
    expect(await recent.forget(link(1))).toEqual([{ inviteLink: link(2), lastJoinedAt: 2 }]);
    const files = await readdir(dir);
    expect(files).toEqual(expect.arrayContaining([RECENT_MEETINGS_FILE, `${RECENT_MEETINGS_FILE}.prev`]));
    for (const file of files.filter((f) => f.startsWith(RECENT_MEETINGS_FILE))) {
      const read = await new (await import('../vault/sealed-json-file')).SealedJsonFile(path.join(dir, file), 'recent meetings').read(vault);
      expect(JSON.stringify(read)).not.toContain(link(1));
    }
    expect(await recent.forgetAll()).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.startsWith(RECENT_MEETINGS_FILE))).toEqual([]);
    expect(await store().list()).toEqual([]);
  });

  it('goes with Erase everything', async () => {
    await store().remember(link(1), 1);
    await store().remember(link(2), 2);
    await eraseParleyData(dir);
    expect(await readdir(dir)).toEqual([]);
  });
});
