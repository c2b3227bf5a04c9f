import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPathOf, removeStaleTemps, writeFileAtomic } from './atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (s: string) => new TextEncoder().encode(s);

describe('writeFileAtomic', () => {
  it('writes with mode 0600 and keeps the replaced version as .prev', async () => {
    const file = path.join(dir, 'k.bin');
    await writeFileAtomic(file, bytes('one'));
    await writeFileAtomic(file, bytes('two'));
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readFile(backupPathOf(file), 'utf8')).toBe('one');
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(backupPathOf(file))).mode & 0o777).toBe(0o600);
    }
    expect((await readdir(dir)).sort()).toEqual(['k.bin', 'k.bin.prev']);
  });

  it('leaves no temp file behind when the write fails', async () => {
    const file = path.join(dir, 'missing-folder', 'k.bin');
    await expect(writeFileAtomic(file, bytes('x'))).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a crash before the rename (truncated temp left behind) keeps the old file, and stale temps are cleaned', async () => {
    const file = path.join(dir, 'k.bin');
    await writeFileAtomic(file, bytes('good'));
    await writeFile(`${file}.tmp-deadbeef0000`, bytes('go'));
    expect(await readFile(file, 'utf8')).toBe('good');
    await removeStaleTemps(file);
    expect(await readdir(dir)).toEqual(['k.bin']);
  });
});
