// `npm run bench -- protocol [--no-chromium]`: the protocol benchmarks, printed as markdown tables
// for docs/PERFORMANCE.md.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { formatSessionBench, runSessionBench } from './session';
import { FRAME_SIZES, runSframeBench } from './sframe';
import type { SframeBenchResult } from './sframe';

function machine(): string {
  const nproc = execSync('nproc').toString().trim();
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · nproc ${nproc} · ${cpu} · Node ${process.version} · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

const format = (us: number) => (us >= 100 ? us.toFixed(0) : us.toFixed(1));
const sizeLabels = FRAME_SIZES.map((s) => (s >= 1000 ? `${s / 1000} KB` : `${s} B`));
const header = (first: string[]) => `| ${[...first, ...sizeLabels].join(' | ')} |\n|${first.map(() => '---').join('|')}|${sizeLabels.map(() => '---:').join('|')}|`;

function printSframe(result: SframeBenchResult): void {
  console.log(`\n#### SFrame per-frame cost in ${result.environment} (µs per frame, median)\n`);
  console.log(header(['implementation', 'op']));
  for (const row of result.rows) console.log(`| ${row.implementation} | ${row.operation} | ${FRAME_SIZES.map((s) => format(row.microseconds[s]!)).join(' | ')} |`);
  console.log(`\nFast path / baseline of the same key size in ${result.environment} (median of paired back-to-back batches; target <= 1.2 against raw AES-GCM):\n`);
  console.log(header(['suite', 'op', 'baseline']));
  for (const r of result.ratios) console.log(`| ${r.suite} | ${r.operation} | ${r.baseline} | ${FRAME_SIZES.map((s) => r.ratio[s]!.toFixed(2)).join(' | ')} |`);
}

console.log(`Parley protocol benchmark — ${machine()}`);
for (const result of await runSframeBench({ chromium: !process.argv.includes('--no-chromium') })) printSframe(result);
console.log('\n### Sessions: establishment and Double Ratchet\n');
console.log(formatSessionBench(await runSessionBench()));
