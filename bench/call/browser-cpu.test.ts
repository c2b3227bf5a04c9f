import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { browserCpuSeconds, browserThreadCpuSeconds } from './browser-cpu';

const MARKER = `--user-data-dir=/tmp/browser-cpu-test-${process.pid}`;
let child: ReturnType<typeof spawn> | undefined;

afterEach(() => child?.kill());

describe('browser CPU from /proc', () => {
  it('counts a busy process by the profile folder on its command line, and its threads by name', async () => {
    // A Worker thread spins for 1.5 s (Node names all its threads "node"; Chromium names a Worker's "DedicatedWorker").
    const script = `const { Worker } = require('node:worker_threads');
      new Worker('const end = Date.now() + 1500; while (Date.now() < end);', { eval: true });`;
    child = spawn(process.execPath, ['-e', script, '--', MARKER], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1200));
    expect(browserCpuSeconds(MARKER)).toBeGreaterThan(0.5);
    expect(browserThreadCpuSeconds(MARKER, 'node')).toBeGreaterThan(0.5);
    expect(browserThreadCpuSeconds(MARKER, 'NoSuchThread')).toBe(0);
    expect(browserCpuSeconds('/no/such/profile')).toBe(0);
  });
});
