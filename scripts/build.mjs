// Builds everything Electron and electron-builder need into dist/:
//   dist/main/main.cjs, dist/preload/preload.cjs (esbuild), dist/renderer/ (Vite).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';

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
  await rm('dist', { recursive: true, force: true });
  await esbuild({ ...nodeBundle, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/main.cjs' });
  await esbuild({ ...nodeBundle, entryPoints: ['preload/preload.ts'], outfile: 'dist/preload/preload.cjs' });
  await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'warn' : 'info' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
}
