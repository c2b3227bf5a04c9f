// `npm start`: build, then launch Electron. Where the Electron binary cannot be fetched (no
// internet), say so in one sentence instead of a stack trace, and point to the headless demo.
import { spawn, spawnSync } from 'node:child_process';
import { buildAll } from './build.mjs';

await buildAll({ quiet: true });

const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 300_000,
});
const electronPath = probe.status === 0 ? probe.stdout.trim() : '';
if (!electronPath) {
  console.error(
    'Parley could not start because the Electron binary is not installed and could not be downloaded on this machine; ' +
      'run `npm run demo` to see Parley in headless Chromium instead ("The headless demo call" in README.md).',
  );
  process.exit(1);
}
const child = spawn(electronPath, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
