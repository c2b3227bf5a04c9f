// `npm run bench -- <name> [args]`: runs bench/<name>/main.ts (TypeScript, through tsx).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const available = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(here, d.name, 'main.ts')))
  .map((d) => d.name);
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|') || 'no benchmarks yet'}> [options]`);
  process.exit(2);
}
const result = spawnSync('npx', ['tsx', path.join(here, name, 'main.ts'), ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
