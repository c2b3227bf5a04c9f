// Runs vitest. As root on Linux, the run happens in a fresh network namespace that has only
// loopback (TESTING.md), so no test can reach any address but 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = [vitest, 'run', ...process.argv.slice(2)];

function canIsolateNetwork() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.PARLEY_TEST_NO_NETNS) return false;
  return spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
}

let result;
if (canIsolateNetwork()) {
  const quoted = [process.execPath, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  console.log('test: running in a loopback-only network namespace');
  result = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec ${quoted}`], { stdio: 'inherit' });
} else {
  console.log('test: network namespace not available; running on the host network (tests still use 127.0.0.1 only)');
  result = spawnSync(process.execPath, args, { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
