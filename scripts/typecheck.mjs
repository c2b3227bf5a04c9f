// Type-checks each layer with its own tsconfig, so a layer that reaches for an API its
// process does not have (DOM in protocol/main/relay, Node in renderer/protocol) fails here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const hasSources = (dir) => readdirSync(dir, { recursive: true }).some((f) => /\.tsx?$/.test(String(f)));
const projects = ['protocol', 'relay', 'cli', 'main', 'preload', 'renderer', '.'].filter(hasSources);
let failed = false;
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', `${project}/tsconfig.json`], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`typecheck: ${project === '.' ? 'tests' : project} has type errors`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
