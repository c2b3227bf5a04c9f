// Two installed copies of Parley (pages + own main services) load the built renderer in
// Chromium: no console errors, CSP in force, the fake camera delivers frames, IPC works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ participants: 2 });
  await Promise.all(harness.pages.map(({ page }) => page.goto(`${harness.origin}/index.html`)));
});

afterAll(async () => {
  await harness?.close();
});

describe('renderer smoke test', () => {
  it('shows the home screen with the version that main reported over IPC', async () => {
    for (const { page, ipcLog } of harness.pages) {
      await expect.poll(() => page.getByTestId('app-version').textContent()).toContain('Parley 0.0.0-test');
      expect(ipcLog.map((r) => r.channel)).toContain('app:getInfo');
      const info = await page.evaluate(() => window.parley!.getAppInfo());
      expect(info).toMatchObject({ name: 'Parley', version: '0.0.0-test' });
    }
  });

  it('gets frames from the fake camera on every page', async () => {
    for (const { page } of harness.pages) {
      await page.getByLabel('Your name').fill('Ada');
      await page.getByRole('button', { name: 'New meeting' }).click();
      const video = page.getByTestId('camera-preview');
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
      const framesPresented = await video.evaluate(
        (v: HTMLVideoElement) =>
          new Promise<number>((resolve) => {
            let frames = 0;
            const onFrame = () => {
              frames++;
              if (frames < 5) v.requestVideoFrameCallback(onFrame);
              else resolve(frames);
            };
            v.requestVideoFrameCallback(onFrame);
          }),
      );
      expect(framesPresented).toBe(5);
      await expect(page.getByRole('switch', { name: 'Camera' }).getAttribute('aria-checked')).resolves.toBe('true');
    }
  });

  it('refuses IPC calls with invalid arguments, with a clear error code', async () => {
    const { page } = harness.pages[1]!;
    const outcome = await page.evaluate(() =>
      (window as unknown as { __parleyHarnessInvoke: (c: string, a: unknown[]) => Promise<unknown> }).__parleyHarnessInvoke('app:getInfo', ['unexpected']),
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('logged no console errors on any page', () => {
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });
  // Runs last: the deliberate violations are logged by Chromium as console errors.
  it('enforces the CSP: inline scripts and eval are blocked', async () => {
    const { page } = harness.pages[0]!;
    const result = await page.evaluate(async () => {
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
      return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, evalRan, violations };
    });
    expect(result.inlineRan).toBe(false);
    expect(result.evalRan).toBe(false);
    expect(result.violations.some((v) => v.startsWith('script-src'))).toBe(true);
  });

});
