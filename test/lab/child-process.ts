// A Node child process inside a lab namespace (`ip netns exec <ns> node <bundle>`), with an IPC
// channel in 'advanced' serialization (structured clone: Uint8Array crosses as Uint8Array).
// Requests are answered in order; the child can also push events. The child ends when its
// parent's channel closes, so a crashed test run leaves no child behind for long.
//
// The child's TypeScript entry is bundled once per test process with esbuild and run by plain
// node: measured on the 2-core machine under load, a machine child (main services + relay) took
// 3.7-5.9 s to start with `node --import tsx` and 0.6-1.0 s bundled.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import type { ChildMessage, ParentMessage } from './children/ipc';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface NamespaceChild {
  readonly name: string;
  readonly pid: number;
  /** Everything the child wrote to stdout and stderr, line by line. */
  readonly output: string[];
  request<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** Calls `handler` for each event of that name the child pushes. */
  on(event: string, handler: (data: unknown) => void): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  close(graceMs?: number): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const bundles = new Map<string, Promise<string>>();
/** Bundle files written, by path: children of one entry started together must not see a half-written file. */
const written = new Map<string, Promise<void>>();

/** The child entry (a file in test/lab/children/) as one self-contained ES module (it runs from the lab's scratch folder, where no node_modules is). */
function bundle(entry: string): Promise<string> {
  let text = bundles.get(entry);
  if (!text) {
    text = build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'warning',
      // Bundled CommonJS dependencies (ws) call require() for Node built-ins.
      banner: { js: "import { createRequire as __labRequire } from 'node:module'; const require = __labRequire(import.meta.url);" },
    }).then((result) => result.outputFiles[0]!.text);
    bundles.set(entry, text);
  }
  return text;
}

export interface ChildSpec {
  ns: string;
  /** Shown in errors and in front of every output line. */
  name: string;
  /** A file in test/lab/children/ that calls serveParent(). */
  entry: string;
  params: unknown;
  /** Where the bundled entry is written (the lab's scratch folder). */
  dir: string;
}

export async function spawnInNamespace({ ns, name, entry, params: startParams, dir }: ChildSpec): Promise<NamespaceChild> {
  const file = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  let writing = written.get(file);
  if (!writing) {
    writing = bundle(entry).then((text) => writeFile(file, text));
    written.set(file, writing);
  }
  await writing;
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, process.execPath, file], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean).map((line) => `[${name}] ${line}`));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const handlers = new Map<string, Array<(data: unknown) => void>>();
  let nextId = 1;
  let exitInfo: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = `exited (code ${code}, signal ${signal})`;
      for (const { reject } of pending.values()) reject(new Error(`lab: ${name} ${exitInfo}\n${output.slice(-20).join('\n')}`));
      pending.clear();
      resolve();
    });
  });
  child.on('error', (error) => output.push(`[${name}] spawn error: ${error.message}`));

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lab: ${name} did not start within ${READY_TIMEOUT_MS} ms\n${output.join('\n')}`)), READY_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`lab: ${name} ${exitInfo} before it was ready\n${output.slice(-30).join('\n')}`));
    });
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.kind === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (message.kind === 'event') {
        for (const handler of handlers.get(message.event) ?? []) handler(message.data);
      } else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.kind === 'result') waiter?.resolve(message.value);
        else waiter?.reject(new Error(`lab: ${name}: ${message.error}`));
      }
    });
  });

  const send = (message: ParentMessage) => child.send(message);
  const close = async (graceMs = 3000) => {
    if (exitInfo === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    send({ kind: 'start', params: startParams });
    await ready;
  } catch (error) {
    await close(500);
    throw error;
  }
  return {
    name,
    pid: child.pid ?? -1,
    output,
    request: <T>(method: string, params?: unknown) =>
      new Promise<T>((resolve, reject) => {
        if (exitInfo !== null) {
          reject(new Error(`lab: ${name} ${exitInfo}`));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        send({ kind: 'request', id, method, params });
      }),
    on: (event, handler) => handlers.set(event, [...(handlers.get(event) ?? []), handler]),
    close,
  };
}
