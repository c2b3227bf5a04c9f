// The fuzz campaign: `npm run fuzz -- --runs 1000000 [--seed N]` feeds every target of
// test/fuzz/targets.ts random and mutated inputs, round-robin, and reports per target how many
// inputs it accepted and every finding: an exception other than the target's documented error,
// or a decode that used more than a second of CPU time (a hang in the making; CPU time, not wall
// time, so that a machine busy with other work does not raise false alarms). Memory: the heap is
// measured after a forced garbage collection at the start and every 10% of the runs; the
// campaign fails if it grew by more than MAX_HEAP_GROWTH_BYTES. `npm test` runs a short
// campaign through decoders.fuzz.test.ts; docs/FUZZING.md has the results of the long one.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { isEntryPoint } from '../../scripts/entry-point.mjs';
import { mutate, prng } from './rng';
import { createFuzzTargets } from './targets';

export const MAX_HEAP_GROWTH_BYTES = 64 * 1024 * 1024;
const SLOW_DECODE_CPU_MS = 1000;

export interface CampaignResult {
  seed: number;
  runs: number;
  ms: number;
  perTarget: { name: string; runs: number; accepted: number; findings: number }[];
  findings: string[];
  heapBytes: { start: number; end: number; peak: number };
}

const heapNow = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

export async function runCampaign(options: { runs: number; seed: number; onProgress?: (done: number) => void }): Promise<CampaignResult> {
  const rng = prng(options.seed);
  const targets = await createFuzzTargets(rng);
  const stats = targets.map((t) => ({ name: t.name, runs: 0, accepted: 0, findings: 0 }));
  const findings: string[] = [];
  const start = heapNow();
  let peak = start;
  const started = Date.now();
  const checkpoint = Math.max(1, Math.floor(options.runs / 10));
  for (let run = 0; run < options.runs; run++) {
    const index = run % targets.length;
    const target = targets[index]!;
    const stat = stats[index]!;
    const kind = rng.int(10);
    const maxLength = 64 + Math.max(...target.samples.map((s) => s.length));
    const input =
      kind < 3 ? rng.bytes(rng.int(kind === 0 ? maxLength : 64)) : kind === 3 && target.generate ? target.generate(rng) : mutate(rng, rng.pick(target.samples));
    const before = process.cpuUsage();
    try {
      await target.decode(input);
      stat.accepted++;
    } catch (error) {
      if (!target.documented(error)) {
        stat.findings++;
        if (findings.length < 50) findings.push(`${target.name}: ${String(error).split('\n')[0]} for input ${Buffer.from(input).toString('hex').slice(0, 400)}`);
      }
    }
    const cpu = process.cpuUsage(before);
    const took = (cpu.user + cpu.system) / 1000;
    if (took > SLOW_DECODE_CPU_MS) {
      stat.findings++;
      findings.push(`${target.name}: took ${took.toFixed(0)} ms of CPU time for input ${Buffer.from(input).toString('hex').slice(0, 400)}`);
    }
    stat.runs++;
    if ((run + 1) % checkpoint === 0) {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      options.onProgress?.(run + 1);
    }
  }
  const end = heapNow();
  return { seed: options.seed, runs: options.runs, ms: Date.now() - started, perTarget: stats, findings, heapBytes: { start, end, peak: Math.max(peak, end) } };
}

if (isEntryPoint(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string' } }, strict: true });
  const runs = Number(values.runs);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed)) {
    console.error('usage: npm run fuzz -- --runs <positive integer> [--seed <integer>]');
    process.exit(2);
  }
  if (!(globalThis as { gc?: unknown }).gc) console.error('fuzz: started without --expose-gc; heap numbers include garbage');
  console.log(`fuzz: ${runs} runs, seed ${seed}`);
  const result = await runCampaign({ runs, seed, onProgress: (done) => console.log(`fuzz: ${done} runs, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`) });
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  console.log('\n| target | runs | accepted | findings |\n|---|---|---|---|');
  for (const t of result.perTarget) console.log(`| ${t.name} | ${t.runs} | ${t.accepted} | ${t.findings} |`);
  console.log(`\nruns ${result.runs}, ${(result.ms / 1000).toFixed(1)} s, seed ${result.seed}, findings ${result.findings.length}`);
  console.log(`heap after GC: start ${mib(result.heapBytes.start)}, end ${mib(result.heapBytes.end)}, peak ${mib(result.heapBytes.peak)}`);
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString()}`);
  for (const finding of result.findings) console.error(`finding: ${finding}`);
  const grew = result.heapBytes.end - result.heapBytes.start > MAX_HEAP_GROWTH_BYTES;
  if (grew) console.error(`fuzz: the heap grew by more than ${mib(MAX_HEAP_GROWTH_BYTES)}`);
  process.exit(result.findings.length > 0 || grew ? 1 : 0);
}
