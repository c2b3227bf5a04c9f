// `npm run bench -- call [--runs 3] [--seconds 10] [--parts join,decoding,cpu,lab]`
// 1. Join latency, 2 people: the pre-join screen's "Join" clicked (after 1 s on that screen)
//    -> first decoded remote video frame on the newcomer's page; once with the lobby off (nobody has to admit) and once with
//    the host admitting as soon as the knock shows (the driver's reaction included). Full app,
//    real relay.
// 1'. (part `lab`, root only) The same join, lobby off, across the network lab (test/lab/): two
//    homes 20 ms each way from the internet (40 ms round trip to the relay), behind
//    port-preserving NATs through the relay's own STUN, and behind symmetric NATs through coturn;
//    the loopback figure of part 1 is measured in the same run beside it.
// 2. All streams decoding for N = 2, 3, 4: last admission -> every page shows a decoded frame
//    from every other participant. Reference beside it: a 4th participant joins a 3-person mesh of
//    the engine's bare PeerLinks in one page (no relay, no handshakes, no app), with and without
//    the SFrame transforms: the floor this machine sets for the 4-person figure.
// 3. CPU of a 4-party mesh (320x240@15) with the SFrame transforms against the same mesh without
//    them, same run, alternating (engine's PeerLink + MediaTransforms in one page).
// Prints a Markdown block for docs/PERFORMANCE.md.
import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { buildAll } from '../../scripts/build.mjs';
import { admit, askToJoin, confirmJoin, openInvite, startMeeting, toggleLobby } from '../../test/harness/call-flow';
import { launchChromium } from '../../test/harness/chromium';
import { RENDERER_DIST, startHarness } from '../../test/harness/harness';
import { serveRenderer } from '../../test/harness/static-server';
import { createLab } from '../../test/lab/lab';
import { selectedCandidatePairs } from '../../test/lab/observe';
import { joinPhases, startJoinPhases, watchJoinPhases } from './phases';
import { browserCpuSeconds, browserThreadCpuSeconds } from './browser-cpu';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, seconds: { type: 'string', default: '10' }, parts: { type: 'string', default: process.getuid?.() === 0 ? 'join,decoding,cpu,lab' : 'join,decoding,cpu' } },
});
const RUNS = Number(values.runs);
const PARTS = new Set(values.parts.split(','));
const SECONDS = Number(values.seconds);
const NAMES = ['Alice Anders', 'Bob Berger', 'Carla Costa', 'Dan Dorsey'];
const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Records, in the page, when each remote tile first presents a video frame (Date.now()). */
async function watchFirstFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const first: Record<string, number> = {};
    (window as unknown as { firstFrames: Record<string, number> }).firstFrames = first;
    const watch = () => {
      for (const tile of document.querySelectorAll<HTMLElement>('figure[data-peer]')) {
        const video = tile.querySelector('video');
        const name = tile.getAttribute('aria-label') ?? '';
        if (!video || video.dataset.watched || first[name]) continue;
        video.dataset.watched = '1';
        video.requestVideoFrameCallback(() => (first[name] ??= Date.now()));
      }
    };
    new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
    watch();
  });
}

async function firstFrames(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => (window as unknown as { firstFrames: Record<string, number> }).firstFrames);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** How long Bob looks at the pre-join screen (camera, name) before "Join": a person takes longer. */
const PREJOIN_DWELL_MS = 1000;

/**
 * Alice (on the home screen) starts a meeting, Bob opens its link and spends PREJOIN_DWELL_MS on
 * the pre-join screen; "Join" clicked -> Bob's first decoded frame from Alice.
 */
async function timedJoin(alice: Page, bob: Page, lobby: boolean): Promise<number> {
  const invite = await startMeeting(alice, NAMES[0]!);
  if (!lobby) await toggleLobby(alice);
  // Before the link opens: the pre-join screen opens the relay's socket (prepared-relay.ts).
  await watchJoinPhases(bob);
  await watchJoinPhases(alice);
  await openInvite(bob, invite, NAMES[1]!);
  await watchFirstFrames(bob);
  await new Promise((resolve) => setTimeout(resolve, PREJOIN_DWELL_MS));
  const t0 = Date.now();
  await startJoinPhases(bob);
  await startJoinPhases(alice);
  await confirmJoin(bob);
  if (lobby) await admit(alice, NAMES[1]!);
  const at = await waitFor(async () => (await firstFrames(bob))[NAMES[0]!]);
  if (process.env.PARLEY_BENCH_PHASES) console.log(JSON.stringify({ ...(await joinPhases(bob)), 'first frame': at - t0 }), '\nhost', JSON.stringify(await joinPhases(alice)));
  return at - t0;
}

async function joinLatency(lobby: boolean): Promise<number> {
  const harness = await startHarness({ participants: 2, relay: true });
  try {
    const [alice, bob] = harness.pages.map((p) => p.page) as [Page, Page];
    await Promise.all([alice, bob].map((p) => p.goto(`${harness.origin}/index.html`)));
    return await timedJoin(alice, bob, lobby);
  } finally {
    await harness.close();
  }
}

interface LabJoins {
  /** ms per run, and the candidate types of Bob's selected pair in each (local/remote). */
  stun: { ms: number[]; pairs: string[] };
  turn: { ms: number[]; pairs: string[] };
}

/** Part 1' across the lab: one pair of machines per path, RUNS meetings each, pages reloaded between them. */
async function labJoinLatencies(): Promise<LabJoins> {
  const lab = await createLab({ homes: [{ nat: 'port-preserving' }, { nat: 'port-preserving' }, { nat: 'symmetric' }, { nat: 'symmetric' }] });
  try {
    const coturn = await lab.startCoturn();
    const [stunRelay, turnRelay] = await Promise.all([lab.startRelay(), lab.startRelay({ host: 'turnrelay', turn: coturn.turnConfig })]);
    const result: LabJoins = { stun: { ms: [], pairs: [] }, turn: { ms: [], pairs: [] } };
    for (const [route, nat, relay] of [['stun', 'port-preserving', stunRelay], ['turn', 'symmetric', turnRelay]] as const) {
      const people = await Promise.all(
        lab.homes.filter((home) => home.nat === nat).map(async (home) => {
          const machine = await lab.startMachine(home.machine);
          return { machine, page: await machine.openPage() };
        }),
      );
      const [alice, bob] = people as [(typeof people)[number], (typeof people)[number]];
      await alice.machine.call('settings:set', { relayUrl: relay.url });
      for (let run = 0; run < RUNS; run++) {
        for (const person of people) await person.page.page.goto(`${person.page.origin}/index.html`);
        result[route].ms.push(await timedJoin(alice.page.page, bob.page.page, false));
        const [selected] = await selectedCandidatePairs(bob.page.page);
        result[route].pairs.push(selected ? `${selected.local.candidateType}/${selected.remote.candidateType}` : 'none');
      }
      for (const person of people) await person.page.page.goto('about:blank');
    }
    return result;
  } finally {
    await lab.close();
  }
}

async function allDecoding(participants: number): Promise<number> {
  const harness = await startHarness({ participants, relay: true });
  try {
    const pages = harness.pages.map((p) => p.page);
    await Promise.all(pages.map((p) => p.goto(`${harness.origin}/index.html`)));
    const invite = await startMeeting(pages[0]!, NAMES[0]!);
    for (let i = 1; i < participants; i++) await askToJoin(pages[i]!, invite, NAMES[i]!);
    for (const page of pages) await watchFirstFrames(page);
    let t0 = 0;
    for (let i = 1; i < participants; i++) {
      t0 = Date.now();
      await admit(pages[0]!, NAMES[i]!);
    }
    let last = 0;
    for (const [index, page] of pages.entries()) {
      const expected = NAMES.slice(0, participants).filter((_, i) => i !== index);
      const frames = await waitFor(async () => {
        const seen = await firstFrames(page);
        return expected.every((n) => seen[n]) ? seen : undefined;
      });
      last = Math.max(last, ...expected.map((n) => frames[n]!));
    }
    return last - t0;
  } finally {
    await harness.close();
  }
}

/** The media Workers' threads (the transforms' JavaScript: frames in and out, SFrame around WebCrypto). */
const MEDIA_WORKER_THREAD = 'DedicatedWorker';

/** Builds bench/call/mesh-page.html and runs `use` with it open in a fresh Chromium. */
async function withMeshPage<T>(use: (page: Page, userDataDir: string) => Promise<T>): Promise<T> {
  const out = path.join(ROOT, 'test-artifacts', 'bench-call');
  await build({
    configFile: false,
    root: import.meta.dirname,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    define: { global: 'globalThis' },
    build: { outDir: out, emptyOutDir: true, target: 'chrome130', rollupOptions: { input: path.join(import.meta.dirname, 'mesh-page.html') } },
  });
  const server = await serveRenderer(out);
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.origin}/mesh-page.html`);
    return await use(page, browser.userDataDir);
  } finally {
    await browser.close();
    await server.close();
  }
}

interface MeshBench {
  start(n: number, encrypted: boolean): Promise<void>;
  newcomerDecodingMs(): Promise<number>;
  framesDecoded(): Promise<number>;
  stop(): Promise<void>;
}
type MeshWindow = Window & { meshBench: { [K in keyof MeshBench]: (...args: Parameters<MeshBench[K]>) => unknown } };

/** mesh-page.ts's window.meshBench, called from here. */
function meshBench(page: Page): MeshBench {
  return {
    start: (n, encrypted) => page.evaluate(([count, e]) => (window as unknown as MeshWindow).meshBench.start(count, e) as Promise<void>, [n, encrypted] as const),
    newcomerDecodingMs: () => page.evaluate(() => (window as unknown as MeshWindow).meshBench.newcomerDecodingMs() as Promise<number>),
    framesDecoded: () => page.evaluate(() => (window as unknown as MeshWindow).meshBench.framesDecoded() as Promise<number>),
    stop: () => page.evaluate(() => void (window as unknown as MeshWindow).meshBench.stop()),
  };
}

/** The reference for part 2: the engine's own PeerLinks and transforms in one page, no relay, no handshakes, no app. */
async function meshNewcomer(): Promise<{ encrypted: number[]; plain: number[] }> {
  return withMeshPage(async (page) => {
    const bench = meshBench(page);
    const result = { encrypted: [] as number[], plain: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      for (const encrypted of [true, false]) {
        await bench.start(3, encrypted);
        await new Promise((r) => setTimeout(r, 3000)); // the three connected and settled, as in the app before the last admission
        (encrypted ? result.encrypted : result.plain).push(Math.round(await bench.newcomerDecodingMs()));
        await bench.stop();
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    return result;
  });
}

async function meshCpu(): Promise<{ encrypted: number[]; plain: number[]; workers: number[]; fps: { encrypted: number; plain: number } }> {
  return withMeshPage(async (page, userDataDir) => {
    const bench = meshBench(page);
    const result = { encrypted: [] as number[], plain: [] as number[], workers: [] as number[], fps: { encrypted: 0, plain: 0 } };
    for (let run = 0; run < RUNS; run++) {
      for (const encrypted of [true, false]) {
        await bench.start(4, encrypted);
        await new Promise((r) => setTimeout(r, 3000)); // connections up, encoders settled
        const frames0 = await bench.framesDecoded();
        const cpu0 = browserCpuSeconds(userDataDir);
        const workers0 = browserThreadCpuSeconds(userDataDir, MEDIA_WORKER_THREAD);
        await new Promise((r) => setTimeout(r, SECONDS * 1000));
        const cpu = browserCpuSeconds(userDataDir) - cpu0;
        if (encrypted) result.workers.push((browserThreadCpuSeconds(userDataDir, MEDIA_WORKER_THREAD) - workers0) / SECONDS);
        const frames = (await bench.framesDecoded()) - frames0;
        await bench.stop();
        (encrypted ? result.encrypted : result.plain).push(cpu / SECONDS);
        result.fps[encrypted ? 'encrypted' : 'plain'] = frames / SECONDS / 12; // 12 inbound video streams
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    return result;
  });
}

if (!existsSync(path.join(RENDERER_DIST, 'index.html'))) await buildAll({ quiet: true });
const loadBefore = os.loadavg()[0]!;
const join = { open: [] as number[], lobby: [] as number[] };
const decoding: Record<number, number[]> = { 2: [], 3: [], 4: [] };
let cpu = { encrypted: [Number.NaN], plain: [Number.NaN], workers: [Number.NaN], fps: { encrypted: Number.NaN, plain: Number.NaN } };
if (PARTS.has('join')) {
  for (let i = 0; i < RUNS; i++) join.open.push(await joinLatency(false));
  for (let i = 0; i < RUNS; i++) join.lobby.push(await joinLatency(true));
  console.log(`join -> first frame (ms), lobby off: ${join.open.join(', ')}; host admitting: ${join.lobby.join(', ')}`);
}
let lab: LabJoins | null = null;
let newcomer = { encrypted: [] as number[], plain: [] as number[] };
if (PARTS.has('lab')) {
  lab = await labJoinLatencies();
  console.log(`across the lab, join -> first frame (ms), STUN: ${lab.stun.ms.join(', ')} (${lab.stun.pairs.join(', ')}); TURN: ${lab.turn.ms.join(', ')} (${lab.turn.pairs.join(', ')})`);
}
if (PARTS.has('decoding')) {
  for (const n of [2, 3, 4]) {
    for (let i = 0; i < RUNS; i++) decoding[n]!.push(await allDecoding(n));
    console.log(`${n} participants, all streams decoding after last admit (ms): ${decoding[n]!.join(', ')}`);
  }
  newcomer = await meshNewcomer();
  console.log(`reference, a 4th joins a 3-person mesh of bare PeerLinks in one page (ms): with transforms ${newcomer.encrypted.join(', ')}; without ${newcomer.plain.join(', ')}`);
}
if (PARTS.has('cpu')) cpu = await meshCpu();
const ratio = median(cpu.encrypted) / median(cpu.plain);
const cpuModel = /model name\s*:\s*(.*)/.exec(await import('node:fs').then((fs) => fs.readFileSync('/proc/cpuinfo', 'utf8')))?.[1] ?? 'unknown CPU';

// Only the parts that ran get rows (a part left out printed NaN before).
const rows: string[] = [];
if (PARTS.has('join')) {
  rows.push(`| pre-join "Join" -> first decoded remote frame, 2 people, lobby off | ${median(join.open)} ms (${join.open.join(', ')}) | <= 500 ms |`);
  rows.push(`| the same with the lobby on, host admitting as soon as the knock shows | ${median(join.lobby)} ms (${join.lobby.join(', ')}) | |`);
}
if (lab) {
  rows.push(`| the same, lobby off, across the lab (40 ms round trip to the relay), port-preserving NATs, relay's STUN | ${median(lab.stun.ms)} ms (${lab.stun.ms.join(', ')}; Bob's pair ${lab.stun.pairs.join(', ')}) | <= 800 ms |`);
  rows.push(`| the same behind symmetric NATs, through coturn | ${median(lab.turn.ms)} ms (${lab.turn.ms.join(', ')}; Bob's pair ${lab.turn.pairs.join(', ')}) | <= 800 ms |`);
}
if (PARTS.has('decoding')) {
  for (const n of [2, 3, 4]) rows.push(`| all streams decoding after the last admission, ${n} people | ${median(decoding[n]!)} ms (${decoding[n]!.join(', ')}) | ${n === 4 ? '<= 2,500 ms' : ''} |`);
  rows.push(`| reference: a 4th joins a 3-person mesh of the engine's bare PeerLinks in one page (no relay, handshakes or app), every stream to and from it decoding, SFrame transforms on | ${median(newcomer.encrypted)} ms (${newcomer.encrypted.join(', ')}) | |`);
  rows.push(`| the same without transforms | ${median(newcomer.plain)} ms (${newcomer.plain.join(', ')}) | |`);
}
if (PARTS.has('cpu')) {
  rows.push(`| CPU of a 4-party mesh (320x240@15, one page), SFrame transforms on | ${median(cpu.encrypted).toFixed(2)} cores (${cpu.fps.encrypted.toFixed(1)} fps decoded per stream), of which the media Workers' threads ${median(cpu.workers).toFixed(2)} | |`);
  rows.push(`| the same mesh without transforms | ${median(cpu.plain).toFixed(2)} cores (${cpu.fps.plain.toFixed(1)} fps decoded per stream) | |`);
  rows.push(`| ratio | ${ratio.toFixed(2)}x | <= 1.10x |`);
}

console.log(`
### Calls — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} cores (${cpuModel}), Node ${process.version}, Chromium at /usr/bin/chromium, load average ${loadBefore.toFixed(1)} at start
Median of ${RUNS} runs each (all values in the run: ${RUNS} per cell).

| measure | result | target |
|---|---|---|
${rows.join('\n')}
`);
