// `npm run bench -- protocol`: the protocol benchmarks, printed as tables for docs/PERFORMANCE.md.
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { FRAME_SIZES, runSframeBench } from './sframe';

function machine(): string {
  const nproc = execSync('nproc').toString().trim();
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${nproc} cores (nproc) · ${cpus()[0]?.model ?? 'unknown CPU'} · Node ${process.version}`;
}

function format(us: number): string {
  return us >= 100 ? us.toFixed(0) : us.toFixed(1);
}

async function sframe(): Promise<void> {
  const { rows, ratios } = await runSframeBench();
  const sizes = FRAME_SIZES.map((s) => (s >= 1000 ? `${s / 1000} KB` : `${s} B`));
  console.log('\n### SFrame per-frame cost (µs per frame, median)\n');
  console.log(`| implementation | op | ${sizes.join(' | ')} |`);
  console.log(`|---|---|${sizes.map(() => '---:').join('|')}|`);
  for (const row of rows) {
    console.log(`| ${row.implementation} | ${row.operation} | ${FRAME_SIZES.map((s) => format(row.microseconds[s]!)).join(' | ')} |`);
  }
  console.log('\nFast path / raw WebCrypto AES-GCM, same key size (median of paired back-to-back batches; target <= 1.2):\n');
  console.log(`| suite | op | ${sizes.join(' | ')} |`);
  console.log(`|---|---|${sizes.map(() => '---:').join('|')}|`);
  for (const r of ratios) {
    console.log(`| ${r.suite} | ${r.operation} | ${FRAME_SIZES.map((s) => r.ratio[s]!.toFixed(2)).join(' | ')} |`);
  }
}

console.log(`Parley protocol benchmark — ${machine()}`);
await sframe();
