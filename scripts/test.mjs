// Runs vitest. As root on Linux, the run happens in a fresh network namespace that has only
// loopback (docs/TESTING.md), so no test can reach any address but 127.0.0.1.
//
// Without arguments (`npm test`) the browser tests run after the unit and DOM tests, not beside
// them: four Chromium pages on two cores present as few as 2 frames a second, and the CPU-heavy
// unit files (crash, fuzz) running next to them starved calls in CI until they missed their
// deadlines (docs/TESTING.md, "Test run order").
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const requested = process.argv.slice(2);
const runs = requested.length > 0 ? [requested] : [['--project', 'unit', '--project', 'dom'], ['--project', 'e2e']];

function canIsolateNetwork() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.PARLEY_TEST_NO_NETNS) return false;
  return spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
}

function run(args) {
  const argv = [process.execPath, vitest, 'run', ...args];
  if (isolated) {
    const quoted = argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    return spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec ${quoted}`], { stdio: 'inherit' }).status ?? 1;
  }
  return spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' }).status ?? 1;
}

const isolated = canIsolateNetwork();
console.log(isolated ? 'test: running in a loopback-only network namespace' : 'test: network namespace not available; running on the host network (tests still use 127.0.0.1 only)');
let status = 0;
// Every run goes ahead even after a failure, so one red run still reports everything.
for (const args of runs) status = run(args) || status;
process.exit(status);
