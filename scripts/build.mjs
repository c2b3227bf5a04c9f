// Builds into dist/:
//   `node scripts/build.mjs` (npm run build): what Electron and electron-builder need:
//     dist/main/main.cjs (+ the tray icon), dist/preload/preload.cjs (esbuild), dist/renderer/ (Vite);
//     and dist/tools/parley-verify-consent.mjs (the DPO's consent check, shipped with the app);
//   `node scripts/build.mjs --relay` (npm run build:relay): dist/relay/parley-relay.mjs, the
//     standalone relay in one file (ws, ioredis and everything else inside) for plain `node`.
import { build as esbuild } from 'esbuild';
import { chmod, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isEntryPoint } from './entry-point.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
export const RELAY_OUTFILE = path.join(ROOT, 'dist/relay/parley-relay.mjs');
/** The DPO's offline consent check (cli/verify-consent.ts), shipped in installers as resources/tools/. */
export const VERIFY_CONSENT_OUTFILE = path.join(ROOT, 'dist/tools/parley-verify-consent.mjs');

const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  // main is ESM in source (import.meta.dirname) but CommonJS when bundled.
  define: { 'import.meta.dirname': '__dirname' },
  logLevel: 'warning',
};

export async function buildAll({ quiet = false } = {}) {
  // Only this build's own outputs: dist/relay (npm run build:relay) stays.
  for (const dir of ['dist/main', 'dist/preload', 'dist/renderer', 'dist/tools']) await rm(dir, { recursive: true, force: true });
  await esbuild({ ...nodeBundle, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/main.cjs' });
  // The tray icon (main/electron/tray.ts) at 1x and, by Electron's naming, 2x.
  await copyFile('build/icons/16x16.png', 'dist/main/tray-icon.png');
  await copyFile('build/icons/32x32.png', 'dist/main/tray-icon@2x.png');
  await esbuild({ ...nodeBundle, entryPoints: ['preload/preload.ts'], outfile: 'dist/preload/preload.cjs' });
  await buildVerifyConsent();
  const { build: viteBuild } = await import('vite'); // not needed (nor loaded) for the relay
  await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'warn' : 'info' });
}

/** The version in package.json (for a bundle's banner). */
async function packageVersion() {
  return JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version;
}

/**
 * One ES module for plain `node`, runnable from a folder with nothing else in it: the banner
 * first, the licences of the bundled packages appended (the file is what people redistribute).
 */
async function bundleForNode({ entry, outfile, banner, external = [] }) {
  const result = await esbuild({
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    entryPoints: [entry],
    outfile,
    external,
    metafile: true,
    logLevel: 'warning',
    banner: { js: ['#!/usr/bin/env node', ...banner].join('\n') },
  });
  await writeFile(outfile, `${await readFile(outfile, 'utf8')}\n${await bundledLicences(Object.keys(result.metafile.inputs))}`);
  await chmod(outfile, 0o755);
  return outfile;
}

/**
 * The standalone relay. ioredis is CommonJS and requires Node built-ins, which esbuild's ESM
 * output can only do through a real `require` (the banner makes one). ws's optional native
 * helpers (bufferutil, utf-8-validate) stay out: ws falls back to JavaScript without them.
 */
export async function buildRelay({ outfile = RELAY_OUTFILE } = {}) {
  return bundleForNode({
    entry: 'relay/main.ts',
    outfile,
    external: ['bufferutil', 'utf-8-validate'],
    banner: [
      `// Parley relay ${await packageVersion()}. Copyright the Parley authors. Licensed under AGPL-3.0-or-later (LICENSE`,
      '// in the source repository). If you modify it and let people use it over a network, offer them',
      '// your modified source (AGPL section 13; docs/RELAY-OPERATIONS.md). Bundled packages and their',
      '// licences are listed at the end of this file.',
      "import { createRequire as __parleyCreateRequire } from 'node:module';",
      'const require = __parleyCreateRequire(import.meta.url);',
    ],
  });
}

/** parley-verify-consent (only @noble inside, MIT). */
export async function buildVerifyConsent({ outfile = VERIFY_CONSENT_OUTFILE } = {}) {
  return bundleForNode({
    entry: 'cli/verify-consent-main.ts',
    outfile,
    banner: [`// parley-verify-consent ${await packageVersion()}: checks a Parley consent receipts file offline (docs/DPO.md).`],
  });
}

/** One comment block with name, version and licence text of every npm package in the bundle. */
async function bundledLicences(inputs) {
  const packageDirs = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packageDirs.add(path.resolve(ROOT, match[1]));
  }
  const sections = [];
  for (const dir of [...packageDirs].sort()) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    let text = '';
    for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']) {
      text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
      if (text) break;
    }
    sections.push(`${manifest.name} ${manifest.version} (${manifest.license})\n\n${text.trim() || `licence: ${manifest.license}`}`);
  }
  const body = sections.join('\n\n---\n\n').replaceAll('*/', '* /');
  return `/*\nBundled packages:\n\n${body}\n*/\n`;
}

if (isEntryPoint(import.meta.url)) {
  if (process.argv.includes('--relay')) console.log(`wrote ${path.relative(process.cwd(), await buildRelay())}`);
  else await buildAll();
}
