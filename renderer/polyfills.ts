// simple-peer (and its readable-stream) expect Node's `process` and `global`; this is the one
// place the renderer provides them (TESTING.md). Imported first by the entry module.
const globals = globalThis as unknown as { global?: unknown; process?: unknown };
globals.global ??= globalThis;
globals.process ??= {
  env: {},
  browser: true,
  version: '',
  nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
};

export {};
