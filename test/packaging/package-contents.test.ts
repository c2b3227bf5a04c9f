// Packaging dry run: in a temporary copy of the project whose path has a space in it (as
// `C:\Users\Jane Doe\...` or `/Users/x/My Projects` do), `node scripts/build.mjs` builds the app
// and electron-builder packs it for Linux (`dir` target) with a fake Electron (fake-electron.ts),
// offline. Then the asar is listed and must hold exactly the build output and the production
// dependencies, and none of the sources, tests, fixtures, source maps or .env files that sit
// beside them in a checkout; and the fuse check, run as a script from that path, checks them.
import { extractFile, listPackage } from '@electron/asar';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_DEFAULT_FUSES, createFakeElectronDist } from './fake-electron';
import { fuseWireProblems } from './fuse-wire';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const UPDATE_URL = 'https://updates.example.com/parley';

let work: string;
let project: string;
let appOut: string;
let asarFiles: string[];

const BUILD_OUTPUT = ['dist/main/main.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];

/**
 * A copy of the project as a developer's checkout looks: sources, build output, package files,
 * plus files that must never be packaged. node_modules and build/ are linked, not copied.
 */
async function prepareProject(): Promise<void> {
  for (const entry of ['cli', 'main', 'preload', 'protocol', 'relay', 'renderer', 'scripts', 'test/packaging']) {
    await cp(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  }
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.ts', 'vite.config.ts', 'tsconfig.base.json']) {
    await cp(path.join(ROOT, file), path.join(project, file));
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  await symlink(path.join(ROOT, 'build'), path.join(project, 'build'), 'dir');
  // Started as a script from the path with the space: it must see that it is the entry point.
  await run(process.execPath, [path.join(project, 'scripts', 'build.mjs')], { cwd: project });
  const planted: Record<string, string> = {
    '.env': 'RELAY_SECRET=do-not-ship\n',
    '.env.production': 'RELAY_SECRET=do-not-ship\n',
    'test/fixtures/call.json': '{}\n',
    'test/unit/sample.test.ts': 'export {};\n',
    'dist/main/main.cjs.map': '{"version":3}\n',
    'dist/renderer/assets/index.js.map': '{"version":3}\n',
  };
  for (const [file, content] of Object.entries(planted)) {
    await mkdir(path.dirname(path.join(project, file)), { recursive: true });
    await writeFile(path.join(project, file), content);
  }
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out;
}

/** name@version of every production package npm installed (package-lock.json, not dev-only). */
async function productionPackages(): Promise<Set<string>> {
  const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; name?: string }>;
  };
  const result = new Set<string>();
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (!location.startsWith('node_modules/') || entry.dev || entry.devOptional) continue;
    if (!existsSync(path.join(ROOT, location))) continue; // optional package for another platform
    const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    result.add(`${name}@${entry.version}`);
  }
  return result;
}

/** Package folders in the asar: node_modules/<name> or node_modules/@scope/<name>, at any depth. */
function packageDirsInAsar(files: string[]): string[] {
  return files
    .filter((f) => f.endsWith('/package.json'))
    .map((f) => f.slice(0, -'/package.json'.length))
    .filter((dir) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(dir));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'parley-packaging-'));
  project = path.join(work, 'Jane Doe', 'parley project');
  await mkdir(path.dirname(project));
  await mkdir(project);
  await prepareProject();
  const electronDist = await createFakeElectronDist(path.join(work, 'electron'));
  const cli = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  await run(
    process.execPath,
    [cli, '--linux', 'dir', '--x64', '--config', 'electron-builder.ts', `-c.electronDist=${electronDist}`],
    {
      cwd: project,
      maxBuffer: 16 * 1024 * 1024,
      // No signing secrets, no release mode; no update-notifier look-up on the npm registry.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_UPDATE_NOTIFIER: '1', PARLEY_UPDATE_URL: UPDATE_URL },
    },
  );
  appOut = path.join(project, 'release', 'linux-unpacked');
  asarFiles = listPackage(path.join(appOut, 'resources', 'app.asar'), { isPack: false })
    .map((f) => f.replaceAll('\\', '/').replace(/^\//, ''))
    .filter((f) => {
      // listPackage lists folders too; keep files only.
      try {
        extractFile(path.join(appOut, 'resources', 'app.asar'), f);
        return true;
      } catch {
        return false;
      }
    });
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('packaged app (electron-builder dir target, offline)', () => {
  it('was built by scripts/build.mjs started from a path with spaces', () => {
    expect(project).toContain(' ');
    for (const file of BUILD_OUTPUT) expect(existsSync(path.join(project, file)), file).toBe(true);
  });

  it('holds exactly the build output and package.json outside node_modules', async () => {
    const renderer = (await filesUnder(path.join(project, 'dist', 'renderer')))
      .filter((f) => !f.endsWith('.map'))
      .map((f) => `dist/renderer/${f}`);
    const appFiles = asarFiles.filter((f) => !f.startsWith('node_modules/'));
    // The tray icon (1x and 2x) sits next to main.cjs, which loads it (main/electron/tray.ts).
    const main = ['dist/main/main.cjs', 'dist/main/tray-icon.png', 'dist/main/tray-icon@2x.png'];
    expect(appFiles.sort()).toEqual([...main, 'dist/preload/preload.cjs', ...renderer, 'package.json'].sort());
  });

  it("carries the DPO's consent check beside the archive, runnable with plain node (docs/DPO.md)", async () => {
    expect(await readdir(path.join(appOut, 'resources', 'tools'))).toEqual(['parley-verify-consent.mjs']);
    const help = spawnSync(process.execPath, [path.join(appOut, 'resources', 'tools', 'parley-verify-consent.mjs'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: parley-verify-consent');
  });

  it('holds exactly the production dependencies (none: everything is bundled), no dev dependencies', async () => {
    const archive = path.join(appOut, 'resources', 'app.asar');
    const packaged = new Set(
      packageDirsInAsar(asarFiles).map((dir) => {
        const manifest = JSON.parse(extractFile(archive, `${dir}/package.json`).toString('utf8')) as { name: string; version: string };
        return `${manifest.name}@${manifest.version}`;
      }),
    );
    expect([...packaged].sort()).toEqual([...(await productionPackages())].sort());
    // Every runtime package is bundled into dist/ (esbuild for main, Vite for the renderer), so
    // package.json lists none as a dependency and the package carries no node_modules at all;
    // electron-updater, loaded only when auto-update is on, is inside main.cjs.
    expect(packaged.size).toBe(0);
    expect(extractFile(archive, 'dist/main/main.cjs').toString('utf8')).toContain('NsisUpdater');
  });

  it('holds no sources, source maps, tests, fixtures or .env files', () => {
    const forbidden = asarFiles.filter(
      (f) =>
        /\.(ts|tsx|mts|cts|map)$/.test(f) ||
        /(^|\/)(test|tests|__tests__|fixtures)\//.test(f) ||
        /(^|\/)\.env/.test(f) ||
        /^(cli|main|preload|protocol|relay|renderer|scripts|build)\//.test(f),
    );
    expect(forbidden).toEqual([]);
  });

  it('ships a package.json that starts the built main process and carries no scripts or dev dependencies', () => {
    const manifest = JSON.parse(extractFile(path.join(appOut, 'resources', 'app.asar'), 'package.json').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.main).toBe('dist/main/main.cjs');
    expect(manifest.desktopName).toBe('parley.desktop');
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('has nothing but the asar, the update feed configuration and the tools beside the app', async () => {
    expect((await readdir(path.join(appOut, 'resources'))).sort()).toEqual(['app-update.yml', 'app.asar', 'tools']);
    const updateConfig = await readFile(path.join(appOut, 'resources', 'app-update.yml'), 'utf8');
    expect(updateConfig).toContain('provider: generic');
    expect(updateConfig).toContain(`url: ${UPDATE_URL}`);
  });

  it('flipped every fuse in the packaged executable to the configured value', async () => {
    expect(await fuseWireProblems(path.join(appOut, 'parley'))).toEqual([]);
  });

  it('fuse-wire.ts, run as the release workflow runs it from a path with spaces, checks for real', async () => {
    const script = path.join(project, 'test', 'packaging', 'fuse-wire.ts');
    const tsx = ['--import', 'tsx', script];
    const good = await run(process.execPath, [...tsx, path.join(appOut, 'parley')], { cwd: project });
    expect(good.stdout).toBe(`fuses: all 8 as configured in ${path.join(appOut, 'parley')}\n`);
    // An executable with Electron's default fuses fails: the script ran, it did not just exit 0.
    const defaults = await createFakeElectronDist(path.join(work, 'electron defaults'), ELECTRON_DEFAULT_FUSES);
    const bad = await run(process.execPath, [...tsx, path.join(defaults, 'electron')], { cwd: project }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('fuses: fuse RunAsNode is 1, expected 0');
  });
});
