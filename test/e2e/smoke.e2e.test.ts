// Two installed copies of Parley (pages + own main services) load the built renderer in
// Chromium: no console errors, CSP in force, the fake camera delivers frames, IPC works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';
import { cspProbe, nodeCapabilitiesInRenderer, parleyApiProblems } from '../harness/renderer-checks';

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
  it('gives page scripts exactly the window.parley API and no Node or Electron capability', async () => {
    for (const { page } of harness.pages) {
      expect(await parleyApiProblems(page)).toEqual([]);
      expect(await nodeCapabilitiesInRenderer(page)).toEqual([]);
    }
  });

  // Runs last: the deliberate violations are logged by Chromium as console errors.
  it('enforces the CSP: inline scripts and eval are blocked', async () => {
    const result = await cspProbe(harness.pages[0]!.page);
    expect(result.inlineRan).toBe(false);
    expect(result.evalRan).toBe(false);
    expect(result.violations.some((v) => v.startsWith('script-src'))).toBe(true);
  });

});
