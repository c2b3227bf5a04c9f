// Crash-safe file replacement: write a temp file in the same folder, fsync it, keep the
// current version as `<file>.prev` (rolling backup), rename the temp over the file, fsync the
// folder. A crash at any point leaves either the old or the new complete file, never a mix.
import { randomBytes } from 'node:crypto';
import { copyFile, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const FILE_MODE = 0o600;
const TEMP_MARKER = '.tmp-';

export function backupPathOf(file: string): string {
  return `${file}.prev`;
}

async function writeAndSync(file: string, data: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx', FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.chmod(FILE_MODE);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a directory for fsync; the rename is already durable there.
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tempPathFor(file: string): string {
  return `${file}${TEMP_MARKER}${randomBytes(6).toString('hex')}`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await (await open(file, 'r')).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * What `<file>.prev` holds after a write: the replaced version (the default), the new version
 * (for a file whose older versions must not survive on disk: the keystore's consumed one-time
 * prekeys, which forward secrecy needs gone), or nothing.
 */
export type BackupKind = 'previous' | 'new-version' | 'none';

/** Writes `data` to `target` atomically: temp file, fsync, rename (no backup of its own). */
async function replaceAtomically(target: string, data: Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await writeAndSync(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Atomically replaces `file` with `data` (mode 0600); `<file>.prev` as `backup` says (BackupKind). */
export async function writeFileAtomic(file: string, data: Uint8Array, options: { keepBackup?: boolean; backup?: BackupKind } = {}): Promise<void> {
  const backup = options.backup ?? (options.keepBackup === false ? 'none' : 'previous');
  const folder = path.dirname(file);
  if (backup === 'new-version') {
    // The backup first: a crash between the two leaves the old file and a new backup, so at no
    // moment does any file hold what the caller has just removed and already acted upon.
    // Like the default, a first version has no backup.
    if (await exists(file)) await replaceAtomically(backupPathOf(file), data);
    await replaceAtomically(file, data);
    await syncFolder(folder);
    return;
  }
  const temp = tempPathFor(file);
  try {
    await writeAndSync(temp, data);
    if (backup === 'previous' && (await exists(file))) {
      // The backup is itself replaced atomically, so a crash here leaves a whole old backup.
      const backupTemp = tempPathFor(backupPathOf(file));
      await copyFile(file, backupTemp);
      await syncFile(backupTemp);
      await rename(backupTemp, backupPathOf(file));
    }
    await rename(temp, file);
    await syncFolder(folder);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes temp files a crash left behind next to `file`. */
export async function removeStaleTemps(file: string): Promise<void> {
  const folder = path.dirname(file);
  const prefixes = [`${path.basename(file)}${TEMP_MARKER}`, `${path.basename(backupPathOf(file))}${TEMP_MARKER}`];
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => prefixes.some((p) => n.startsWith(p))).map((n) => rm(path.join(folder, n), { force: true })));
}
