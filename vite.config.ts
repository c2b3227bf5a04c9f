import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer bundle. `global` is defined here and `process` in renderer/polyfills.ts,
// the two Node globals simple-peer's dependencies expect (TESTING.md).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  define: { global: 'globalThis' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
    // One bundle loaded from the local app:// origin: chunk size costs nothing here.
    chunkSizeWarningLimit: 2048,
  },
});
