import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EffectiveSetting } from '../../protocol/ipc-contract';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { Vault } from '../vault/vault';
import { MANIFEST_VERSION } from './manifest';
import type { RecordingManifest } from './manifest';
import { RecordingFolders, folderProblem } from './recording-folders';
import { RecordingStore } from './recording-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-recording-folders-'));
  await mkdir(path.join(dir, 'data'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const user = (value: string | null): EffectiveSetting<string | null> => ({ value, source: 'user', lockedBy: null });
const pinned = (value: string | null): EffectiveSetting<string | null> => ({ value, source: 'policy', lockedBy: 'policy' });

function foldersWith(setting: () => EffectiveSetting<string | null>, problems: string[] = []) {
  return new RecordingFolders({
    defaultDir: path.join(dir, 'data', 'recordings'),
    indexFile: path.join(dir, 'data', 'recording-folders.json'),
    setting: async () => setting(),
    onProblem: (message) => problems.push(message),
  });
}

describe('recording folders', () => {
  it('uses the default folder when nothing is set, and the configured one (created) when it is usable', async () => {
    let setting = user(null);
    const folders = foldersWith(() => setting);
    expect(await folders.current()).toBe(path.join(dir, 'data', 'recordings'));
    setting = user(path.join(dir, 'elsewhere', 'deep'));
    expect(await folders.current()).toBe(path.join(dir, 'elsewhere', 'deep'));
    expect(await readdir(path.join(dir, 'elsewhere'))).toEqual(['deep']);
  });

  it('falls back to the default with a clear message when the policy folder is unusable, never throwing', async () => {
    await writeFile(path.join(dir, 'a-file'), 'x');
    const problems: string[] = [];
    const folders = foldersWith(() => pinned(path.join(dir, 'a-file', 'sub')), problems);
    expect(await folders.current()).toBe(path.join(dir, 'data', 'recordings'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cannot be created or written \(ENOTDIR\).*set by your organisation.*Using .*recordings instead/);
  });

  it.runIf(process.platform === 'linux')('refuses, without hanging, a folder the system will not create (Node’s recursive mkdir loops on this one)', async () => {
    expect(await folderProblem('/proc/parley-no-such/recordings')).toMatch(/cannot be created or written \(ENOENT\)/);
  });

  it('refuses a relative folder', async () => {
    expect(await folderProblem('recordings')).toBe('The recording folder must be an absolute path');
    expect(await folderProblem(dir)).toBeNull();
  });

  it('remembers every folder it recorded into, so older recordings are still found (and a broken index is ignored)', async () => {
    let setting = user(path.join(dir, 'first'));
    const folders = foldersWith(() => setting);
    await folders.current();
    setting = user(path.join(dir, 'second'));
    await folders.current();
    setting = user(null);
    expect(await folders.all()).toEqual([path.join(dir, 'data', 'recordings'), path.join(dir, 'first'), path.join(dir, 'second')]);
    expect(JSON.parse(await readFile(path.join(dir, 'data', 'recording-folders.json'), 'utf8'))).toEqual([path.join(dir, 'first'), path.join(dir, 'second')]);

    await writeFile(path.join(dir, 'data', 'recording-folders.json'), '{ not json');
    expect(await folders.all()).toEqual([path.join(dir, 'data', 'recordings')]);
    await writeFile(path.join(dir, 'data', 'recording-folders.json'), JSON.stringify(['relative', 7, path.join(dir, 'first')]));
    expect(await folders.all()).toEqual([path.join(dir, 'data', 'recordings'), path.join(dir, 'first')]);
  });
});

describe('a recording store over several folders', () => {
  it('writes new recordings to the current folder, lists and sweeps old and new, and deleteAll leaves the chosen folder and its other files', async () => {
    const vault = await Vault.create(path.join(dir, 'data'), createTestSealer());
    let setting = user(null);
    const folders = foldersWith(() => setting);
    const store = new RecordingStore(folders, async () => vault);
    const idOf = (n: number) => new Uint8Array(16).fill(n);
    const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(16);
    const manifest = (n: number, expiresAt: number): RecordingManifest => ({
      version: MANIFEST_VERSION, id: hex(n), roomId: hex(9), recorder: hex(8).repeat(2), mode: 'consent-all',
      requestedAt: n, startedAt: n, endedAt: n + 1, retentionDays: 1, expiresAt, participants: [], consents: [], pauses: [],
    });

    await store.create(idOf(1), new Uint8Array(32));
    await store.writeManifest(manifest(1, 100));
    const chosen = path.join(dir, 'Documents');
    await mkdir(chosen);
    await writeFile(path.join(chosen, 'notes.txt'), 'mine');
    setting = user(chosen);
    await store.create(idOf(2), new Uint8Array(32));
    await store.writeManifest(manifest(2, 1000));
    await store.create(idOf(3), new Uint8Array(32));
    await store.writeManifest(manifest(3, 100));

    expect(await readdir(chosen)).toEqual(expect.arrayContaining([hex(2), hex(3), 'notes.txt']));
    expect(await readdir(path.join(dir, 'data', 'recordings'))).toEqual([hex(1)]);

    // A fresh store (a restart) finds both through the index.
    const restarted = new RecordingStore(foldersWith(() => user(null)), async () => vault);
    expect((await restarted.list()).map((r) => r.manifest.id)).toEqual([hex(3), hex(2), hex(1)]);
    expect((await restarted.sweep(500)).sort()).toEqual([hex(1), hex(3)]);
    expect((await restarted.list()).map((r) => r.manifest.id)).toEqual([hex(2)]);

    await restarted.deleteAll();
    expect(await readdir(chosen)).toEqual(['notes.txt']);
    expect(await restarted.list()).toEqual([]);
  });
});
