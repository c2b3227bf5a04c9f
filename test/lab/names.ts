// Names of everything a lab creates, unique per run: `plab-<pid>-<4 hex>-<role>` for network
// namespaces and `parley-lab-<pid>-<4 hex>` for its scratch folder. The pid in the name lets a
// later run remove what a crashed run left behind, and only that: a run whose process is still
// alive is never touched. Interface names live inside the lab's own namespaces (wan, lan, eth0),
// so they cannot collide with each other or with the host's.
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from './shell';

const NAMESPACE = /^plab-(\d+)-([0-9a-f]{4})-[a-z0-9-]+$/;
const SCRATCH = /^parley-lab-(\d+)-[0-9a-f]{4}$/;

export function newLabId(): string {
  return `plab-${process.pid}-${randomBytes(2).toString('hex')}`;
}

export function scratchDirName(labId: string): string {
  return labId.replace(/^plab-/, 'parley-lab-');
}

export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  // Lines look like "name" or "name (id: 3)".
  return stdout.split('\n').map((line) => line.trim().split(/\s+/)[0] ?? '').filter(Boolean);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills every process still inside `ns` (SIGKILL) and deletes it. */
export async function destroyNamespace(ns: string): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'pids', ns]).catch(() => ({ stdout: '' }));
  for (const pid of stdout.split('\n').map(Number).filter((n) => n > 0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await run('ip', ['netns', 'delete', ns]).catch((error: Error) => {
    if (!/No such file|not found/i.test(error.message)) throw error;
  });
}

/** Removes the namespaces and scratch folders of lab runs whose process is gone. Returns the namespaces removed. */
export async function sweepDeadLabs(): Promise<string[]> {
  const dead = (name: string, pattern: RegExp) => {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    return Number.isInteger(pid) && pid !== process.pid && !isAlive(pid);
  };
  const namespaces = (await listNamespaces()).filter((ns) => dead(ns, NAMESPACE));
  for (const ns of namespaces) await destroyNamespace(ns);
  const folders = (await readdir(tmpdir())).filter((name) => dead(name, SCRATCH));
  await Promise.all(folders.map((name) => rm(path.join(tmpdir(), name), { recursive: true, force: true })));
  return namespaces;
}
