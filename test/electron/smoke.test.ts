// `npm run test:electron` where no Electron binary exists (these machines: it cannot be
// downloaded): one line, exit code 77, nothing launched. And the binary look-up itself, which must
// never trigger electron's download-on-require.
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EXIT_NO_ELECTRON, installedElectron } from './smoke';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-electron-dist-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run test:electron', () => {
  it('says in one line that there is no Electron binary and exits 77', () => {
    // An empty Electron folder stands for a machine without the binary (as this one is anyway).
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir };
    const run = spawnSync('npm', ['run', '--silent', 'test:electron'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(EXIT_NO_ELECTRON);
    expect(EXIT_NO_ELECTRON).toBe(77);
    expect(run.stdout).toBe('test:electron: no Electron binary is installed here (none in node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH), so nothing was run.\n');
    expect(run.stderr).toBe('');
  }, 60_000);

  it('finds a binary through ELECTRON_OVERRIDE_DIST_PATH, and only one that exists', async () => {
    expect(installedElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBeNull();
    const executable = path.join(dir, 'electron');
    await writeFile(executable, '#!/bin/sh\n');
    await chmod(executable, 0o755);
    expect(installedElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBe(executable);
  });

  it('is not part of npm test', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.test).not.toContain('test:electron');
    expect(scripts['test:electron']).toBe('tsx test/electron/smoke.ts');
  });

  it('runs in the release workflow on every OS, after the build and before packaging', async () => {
    const workflow = parseYaml(await readFile(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')) as {
      jobs: { package: { strategy: { matrix: { include: { name: string }[] } }; steps: { name?: string; run?: string; if?: string }[] } };
    };
    const { steps, strategy } = workflow.jobs.package;
    expect(strategy.matrix.include.map((m) => m.name)).toEqual(['macOS', 'Windows', 'Linux']);
    const index = (match: (step: { run?: string }) => boolean) => steps.findIndex(match);
    const smoke = index((s) => s.run?.includes('npm run test:electron') === true);
    expect(smoke).toBeGreaterThan(index((s) => s.run === 'npm run build'));
    expect(smoke).toBeLessThan(index((s) => s.run?.includes('electron-builder') === true));
    expect(steps[smoke]!.if).toBeUndefined();
    expect(steps[smoke - 1]!.run).toBe('node node_modules/electron/install.js');
  });
});
