// Where recordings live (DESIGN.md "Recording"). New recordings go to the effective
// `recordingFolder` setting (policy > user > the default <data>/recordings). A folder that
// cannot be created or written is not used: Parley says why and falls back to the default,
// so a bad policy value never stops the app. Every folder that ever received a recording is
// remembered in an index in the data folder, so the library, the retention sweep and "erase
// everything" still find older recordings after the setting changes.
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EffectiveSetting } from '../../protocol/ipc-contract';
import { isAbsoluteFolder } from '../policy/schema';
import { writeFileAtomic } from '../storage/atomic-file';

/** The index of folders that hold (or held) recordings; plain JSON, paths only. */
export const RECORDING_FOLDERS_FILE = 'recording-folders.json';
const MAX_REMEMBERED = 100;

/** What RecordingStore needs: where to write and where to look. */
export interface RecordingFolderSource {
  /** The folder for a new recording (created if missing). */
  current(): Promise<string>;
  /** Every folder that may hold recordings, the current one included. */
  all(): Promise<string[]>;
}

/** One fixed folder (tests, and a store that never moves). */
export function fixedFolder(dir: string): RecordingFolderSource {
  return { current: async () => dir, all: async () => [dir] };
}

/** Null when `dir` is an absolute folder Parley can create and write; else why not. */
export async function folderProblem(dir: string): Promise<string | null> {
  if (!isAbsoluteFolder(dir)) return 'The recording folder must be an absolute path';
  try {
    await makeFolder(dir);
    await access(dir, constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `The recording folder cannot be created or written (${code})`;
  }
}

/**
 * mkdir -p, one level at a time from the nearest existing parent. Not Node's recursive mkdir:
 * that loops forever where mkdir says ENOENT under an existing parent (a path in /proc, say),
 * and an administrator's typo must not hang the recorder.
 */
async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const kind = await stat(at).then(
      (s) => (s.isDirectory() ? 'folder' : 'other'),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return 'missing';
        throw error;
      },
    );
    if (kind === 'other') throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
    if (kind === 'folder') break;
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing) {
    await mkdir(folder, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

export interface RecordingFoldersOptions {
  /** <data>/recordings: used when nothing else is set or the setting cannot be used. */
  defaultDir: string;
  /** <data>/recording-folders.json. */
  indexFile: string;
  /** The effective recordingFolder setting. */
  setting: () => Promise<EffectiveSetting<string | null>>;
  /** Told when the configured folder is unusable and the default is used instead. */
  onProblem?: (message: string) => void;
}

export class RecordingFolders implements RecordingFolderSource {
  constructor(private readonly options: RecordingFoldersOptions) {}

  async current(): Promise<string> {
    const setting = await this.options.setting();
    if (setting.value !== null && setting.value !== this.options.defaultDir) {
      const problem = await folderProblem(setting.value);
      if (problem === null) {
        await this.remember(setting.value);
        return setting.value;
      }
      const by = setting.source === 'policy' ? 'set by your organisation' : 'in your settings';
      this.options.onProblem?.(`${problem}: ${setting.value.slice(0, 300)} (${by}). Using ${this.options.defaultDir} instead.`);
    }
    return this.options.defaultDir;
  }

  async all(): Promise<string[]> {
    const setting = await this.options.setting();
    const configured = setting.value !== null && isAbsoluteFolder(setting.value) ? [setting.value] : [];
    return [...new Set([this.options.defaultDir, ...configured, ...(await this.remembered())])];
  }

  private async remembered(): Promise<string[]> {
    try {
      const raw: unknown = JSON.parse(await readFile(this.options.indexFile, 'utf8'));
      return Array.isArray(raw) ? raw.filter(isAbsoluteFolder).slice(0, MAX_REMEMBERED) : [];
    } catch {
      // Missing or unreadable: only the default and configured folders are searched.
      return [];
    }
  }

  private async remember(dir: string): Promise<void> {
    const known = await this.remembered();
    if (known.includes(dir)) return;
    const next = [...known, dir].slice(-MAX_REMEMBERED);
    await writeFileAtomic(this.options.indexFile, new TextEncoder().encode(`${JSON.stringify(next, null, 2)}\n`), { keepBackup: false });
  }
}
