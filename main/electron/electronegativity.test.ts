// Electronegativity (Doyensec's Electron security scanner) over the code that ships in main
// and preload, plus the HTML main serves. It runs in its own folder with TypeScript 5.9
// (tools/electronegativity, see TESTING.md) through scan.cjs, which keeps it offline. Any
// finding not accepted with a written reason in tools/electronegativity/allowlist.json fails,
// and so does an allowlist entry that no longer matches a finding.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TOOL = path.join(ROOT, 'tools', 'electronegativity');

interface Accepted {
  id: string;
  file: string;
  reason: string;
}
interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }[];
}

let workDir: string;
let findings: { id: string; file: string; line: number; text: string }[];

beforeAll(async () => {
  if (!existsSync(path.join(TOOL, 'node_modules', '@doyensec', 'electronegativity'))) {
    throw new Error('electronegativity is not installed: run `npm ci --prefix tools/electronegativity` (the root postinstall does this)');
  }
  workDir = await mkdtemp(path.join(tmpdir(), 'parley-electronegativity-'));
  const scanRoot = path.join(workDir, 'src');
  // Only shipped code: no tests, no test fixtures.
  const shipped = (source: string) => !/\.test\.ts$/.test(source) && !source.split(path.sep).includes('fixtures');
  await cp(path.join(ROOT, 'main'), path.join(scanRoot, 'main'), { recursive: true, filter: shipped });
  await cp(path.join(ROOT, 'preload'), path.join(scanRoot, 'preload'), { recursive: true, filter: shipped });
  await mkdir(path.join(scanRoot, 'renderer'));
  await cp(path.join(ROOT, 'renderer', 'index.html'), path.join(scanRoot, 'renderer', 'index.html'));
  const sarif = path.join(workDir, 'out.sarif');
  const run = spawnSync(process.execPath, [path.join(TOOL, 'scan.cjs'), scanRoot, sarif], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`electronegativity failed (${run.status}): ${run.stderr}`);
  const results = (JSON.parse(await readFile(sarif, 'utf8')) as { runs: { results: SarifResult[] }[] }).runs.flatMap((r) => r.results);
  findings = results.map((r) => {
    const location = r.locations[0]!.physicalLocation;
    return { id: r.ruleId, file: location.artifactLocation.uri, line: location.region?.startLine ?? 0, text: r.message.text };
  });
}, 90_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('electronegativity', () => {
  it('reports nothing that is not accepted with a reason', async () => {
    const { accepted } = JSON.parse(await readFile(path.join(TOOL, 'allowlist.json'), 'utf8')) as { accepted: Accepted[] };
    for (const entry of accepted) expect(entry.reason.length, `${entry.id}: reason`).toBeGreaterThan(40);
    const isAccepted = (f: { id: string; file: string }) => accepted.some((a) => a.id === f.id && a.file === f.file);
    const unexpected = findings.filter((f) => !isAccepted(f)).map((f) => `${f.id} ${f.file}:${f.line} ${f.text}`);
    expect(unexpected).toEqual([]);
    const stale = accepted.filter((a) => !findings.some((f) => f.id === a.id && f.file === a.file)).map((a) => `${a.id} ${a.file}`);
    expect(stale).toEqual([]);
  });

  it('every `eng-disable` marker in shipped code names one check and says right above why the line is safe', async () => {
    // Electronegativity drops a finding whose own line carries `// eng-disable <CHECK_ID>`
    // (dist/util/exceptions.js); the test above fails if a marker stops matching.
    const markers: string[] = [];
    for (const layer of ['main', 'preload']) {
      for (const file of await readdir(path.join(ROOT, layer), { recursive: true })) {
        if (!/\.ts$/.test(file) || /\.test\.ts$/.test(file)) continue;
        const lines = (await readFile(path.join(ROOT, layer, file), 'utf8')).split('\n');
        lines.forEach((line, i) => {
          if (!line.includes('eng-disable')) return;
          const where = `${layer}/${file}:${i + 1}`;
          markers.push(where);
          expect(line, where).toMatch(/\/\/ eng-disable [A-Z_]+_CHECK$/);
          let above = i - 1;
          const reason: string[] = [];
          while (above >= 0 && lines[above]!.trim().startsWith('//')) reason.unshift(lines[above--]!.trim().slice(2).trim());
          expect(reason.join(' '), where).toMatch(/^Safe: .{60,}/);
        });
      }
    }
    expect(markers.length).toBeGreaterThanOrEqual(2);
  });
});
