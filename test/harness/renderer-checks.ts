// Checks of the renderer's isolation, the same in Chromium (the e2e harness) and in real Electron
// (test/electron/smoke.ts): the CSP blocks inline scripts and eval, `window.parley` is exactly
// the API of protocol/ipc-contract.ts, and the page has no Node or Electron capability.
import type { Page } from 'playwright-core';
import { API_CHANNELS } from '../../protocol/ipc-contract';

/** What `window.parley` holds beyond or short of API_CHANNELS, and members that are not functions. */
export async function parleyApiProblems(page: Page): Promise<string[]> {
  const shape = await page.evaluate(() => {
    const api = (window as unknown as { parley?: Record<string, unknown> }).parley;
    if (!api) return null;
    return Object.getOwnPropertyNames(api).map((name) => [name, typeof api[name]] as const);
  });
  if (!shape) return ['window.parley is missing'];
  const expected = new Set(Object.keys(API_CHANNELS));
  const found = new Set(shape.map(([name]) => name));
  return [
    ...[...expected].filter((name) => !found.has(name)).map((name) => `window.parley.${name} is missing`),
    ...shape.filter(([name]) => !expected.has(name)).map(([name]) => `window.parley.${name} is not in API_CHANNELS`),
    ...shape.filter(([name, type]) => expected.has(name) && type !== 'function').map(([name, type]) => `window.parley.${name} is a ${type}`),
  ];
}

/** Node or Electron capabilities visible to page scripts (empty when there are none). The
 * renderer's own `process` shim (renderer/polyfills.ts: env, browser, nextTick) is not one. */
export function nodeCapabilitiesInRenderer(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const g = globalThis as Record<string, unknown>;
    const found = ['require', 'module', 'exports', '__dirname', '__filename', 'Buffer', 'setImmediate', 'ipcRenderer', 'electron'].filter(
      (name) => typeof g[name] !== 'undefined',
    );
    const proc = g.process as Record<string, unknown> | undefined;
    if (proc && (proc.browser !== true || typeof proc.versions === 'object' || typeof proc.binding === 'function' || typeof proc.dlopen === 'function')) {
      found.push('process (Node)');
    }
    return found;
  });
}

/** Whether an inserted inline script and an eval ran, and the CSP directives that refused them. */
export function cspProbe(page: Page): Promise<{ inlineRan: boolean; evalRan: boolean; violations: string[] }> {
  return page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    // Run eval from a timer, outside DevTools' evaluate (which is exempt from the CSP's eval ban).
    const evalRan = await new Promise<boolean>((resolve) =>
      setTimeout(() => {
        try {
          resolve((0, eval)('true') === true);
        } catch {
          resolve(false);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    script.remove();
    return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, evalRan, violations };
  });
}
