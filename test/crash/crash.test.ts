// Storage that survives a crash at any moment: for each store (keystore, contact book, settings,
// recording writer) a child process (crash-writer.ts, bundled by esbuild so it starts fast)
// writes new versions in a loop and is SIGKILLed at a random moment, KILLS times in a row, each
// time restarted on the same data folder. After every kill the store must open, with the last
// acknowledged version or the one that was being written, never anything else (a recording: every
// acknowledged chunk, plus at most the one in flight). Seeded: CRASH_SEED=<n> replays a run's
// kill moments; CRASH_KILLS=<n> changes the number of kills (at least 200 in npm test).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream } from '../../main/recording/sealed-stream';
import { prng } from '../fuzz/rng';
import { RECORDING_KEY, STORES, type Store, chunkContent } from './crash-writer';

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const MAX_DELAY_MS = 40;
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);

let work: string;
let writer: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'parley-crash-'));
  writer = path.join(work, 'crash-writer.mjs');
  await build({
    entryPoints: { 'crash-writer': path.join(import.meta.dirname, 'crash-writer.ts') },
    outdir: work,
    outExtension: { '.js': '.mjs' },
    splitting: true, // each store's modules in chunks of their own, loaded only by that store's child
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __crashRequire } from 'node:module'; const require = __crashRequire(import.meta.url);" },
  });
}, 60_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

interface Run {
  open?: string;
  writing?: string;
  ack?: string;
  failed?: string;
}

/** Starts the writer; SIGKILLs it `delayMs` after its first write began; returns what it said and
 * how long its acknowledged writes took. */
function runUntilKilled(store: Store, dataDir: string, delayMs: number): Promise<Run & { writeMs: number[] }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [writer, store, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const run: Run & { writeMs: number[] } = { writeMs: [] };
    let writingSince = 0;
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, ...rest] = line.split(' ');
        const value = rest.join(' ');
        if (word === 'open') run.open = value;
        else if (word === 'open-failed') {
          run.failed = value;
          child.kill('SIGKILL');
        } else if (word === 'writing') {
          if (run.writing === undefined) setTimeout(() => child.kill('SIGKILL'), delayMs);
          run.writing = value;
          writingSince = Date.now();
        } else if (word === 'ack') {
          run.ack = value;
          run.writeMs.push(Date.now() - writingSince);
        }
      }
    });
    child.once('exit', () => resolve(run));
  });
}

async function crashLoop(store: Store): Promise<{ problems: string[]; writes: number }> {
  const rng = prng(SEED + STORES.indexOf(store));
  const dataDir = path.join(work, store);
  const problems: string[] = [];
  let previous: Run | undefined;
  let writes = 0;
  let identity: string | undefined;
  const consumed = new Set<number>();
  // Kill at a random moment within the first few writes: the window (twice the 90th percentile
  // of how long a write took so far; fsyncs are slow on a busy machine) puts kills inside and
  // between writes.
  let windowMs = MAX_DELAY_MS;
  const writeTimes: number[] = [];
  for (let kill = 0; kill < KILLS && problems.length < 5; kill++) {
    const run = await runUntilKilled(store, dataDir, rng.int(windowMs + 1));
    writeTimes.push(...run.writeMs);
    if (writeTimes.length > 0) windowMs = Math.max(5, 2 * [...writeTimes].sort((a, b) => a - b)[Math.floor(writeTimes.length * 0.9)]!);
    else if (run.writing !== undefined) windowMs = Math.min(2000, windowMs * 2); // no write has finished yet: wait longer
    const where = `${store}, kill ${kill + 1} (seed ${SEED})`;
    if (run.failed) problems.push(`${where}: ${run.failed}`);
    if (!run.open) continue;
    if (store === 'keystore') {
      const opened = JSON.parse(run.open) as { identity: string; ids: number[] };
      identity ??= opened.identity;
      if (opened.identity !== identity) problems.push(`${where}: the identity key changed`);
      const back = opened.ids.filter((id) => consumed.has(id));
      if (back.length > 0) problems.push(`${where}: consumed one-time prekeys are back: ${back.join(',')}`);
    } else if (store === 'recording') {
      // The previous run's file: every acknowledged chunk, and at most the one in flight.
      if (previous?.open) {
        const acked = Number(previous.ack ?? 0);
        const file = new Uint8Array(await readFile(path.join(dataDir, previous.open)));
        try {
          const { chunks } = openStream(RECORDING_KEY, file, 'recover');
          if (chunks.length !== acked && chunks.length !== acked + 1) problems.push(`${where}: ${chunks.length} chunks after ${acked} acknowledged`);
          chunks.forEach((chunk, i) => {
            if (Buffer.compare(chunk, chunkContent(i)) !== 0) problems.push(`${where}: chunk ${i} differs`);
          });
        } catch (error) {
          problems.push(`${where}: the recording does not open: ${String(error)}`);
        }
      }
    } else if (previous) {
      const allowed = [previous.ack ?? previous.open, previous.writing].filter((v) => v !== undefined);
      if (!allowed.includes(run.open)) problems.push(`${where}: opened ${run.open}, expected one of ${allowed.join(', ')}`);
    }
    if (store === 'keystore' && run.ack) consumed.add(Number(run.ack.split(' ')[1]));
    if (run.ack) writes++;
    previous = run;
  }
  return { problems, writes };
}

describe('storage under SIGKILL at random moments', () => {
  it(`keystore, contact book, settings and recording writer: ${KILLS} kills each, never corrupted`, async () => {
    const results = await Promise.all(STORES.map(async (store) => [store, await crashLoop(store)] as const));
    for (const [store, { problems, writes }] of results) {
      expect(problems, store).toEqual([]);
      // Kills land inside the first write mostly, but enough runs got a write through to test
      // the step from one version to the next as well.
      expect(writes, `${store}: runs that acknowledged a write`).toBeGreaterThan(KILLS / 10);
    }
  }, 900_000);
});
