// SFrame is really on the media path (TESTING.md: when the receiver does not undo the sender's
// transform, frames do not decode): the call engine's own PeerLink + media Worker in Chromium.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness/chromium';
import type { LaunchedChromium } from '../harness/chromium';
import { serveRenderer } from '../harness/static-server';
import type { StaticServer } from '../harness/static-server';
import type { TransformApi } from '../../renderer/call/engine/media-transforms';
import type { Scenario, ScenarioResult } from './media-fixtures/sframe-path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OUT = path.join(ROOT, 'test-artifacts', 'sframe-path-fixture');

let server: StaticServer;
let browser: LaunchedChromium;
let page: Page;

beforeAll(async () => {
  const fixtures = path.join(ROOT, 'test', 'e2e', 'media-fixtures');
  await build({
    configFile: false,
    root: fixtures,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    define: { global: 'globalThis' },
    build: { outDir: OUT, emptyOutDir: true, target: 'chrome130', rollupOptions: { input: path.join(fixtures, 'sframe-path.html') } },
  });
  server = await serveRenderer(OUT);
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(`${server.origin}/sframe-path.html`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const run = (scenario: Scenario, api: TransformApi = 'script-transform') =>
  page.evaluate(([s, a]) => (window as unknown as { runScenario(s: Scenario, a: TransformApi): Promise<ScenarioResult> }).runScenario(s, a), [scenario, api] as const);

describe('SFrame on the media path', () => {
  it('frames decode when the receiver holds the sender key', async () => {
    const result = await run('right-key');
    expect(result.framesDecoded).toBeGreaterThan(40);
    expect(result.decryptFailures).toBe(0);
  });

  it('a receiver with a wrong key decodes no frame and counts the failures', async () => {
    const result = await run('wrong-key');
    expect(result.framesDecoded).toBe(0);
    expect(result.decryptFailures).toBeGreaterThan(20);
  });

  it('a receiver without the SFrame transform cannot use the frames: they really are encrypted', async () => {
    const result = await run('no-receive-transform');
    // VP8's clear header lets the decoder accept a rare garbage frame; it keeps asking for key frames.
    expect(result.framesDecoded).toBeLessThanOrEqual(5);
    expect(result.keyFrameRequests).toBeGreaterThan(3);
  });

  it('a receiver that lost the key asks for a new one and decodes again', async () => {
    const result = await run('key-request');
    expect(result.keyRequestsSent).toBe(1);
    expect(result.framesDecoded).toBeGreaterThan(result.framesDecodedAtStart + 20);
  });

  it('the createEncodedStreams fallback (for a Chromium without RTCRtpScriptTransform) protects frames the same way', async () => {
    const right = await run('right-key', 'encoded-streams');
    expect(right.framesDecoded).toBeGreaterThan(40);
    expect(right.decryptFailures).toBe(0);
    const wrong = await run('wrong-key', 'encoded-streams');
    expect(wrong.framesDecoded).toBe(0);
    expect(wrong.decryptFailures).toBeGreaterThan(20);
  });

  it('a key rotation mid-stream loses at most a few frames', async () => {
    const result = await run('rotation');
    expect(result.framesDecoded).toBeGreaterThan(result.framesDecodedAtStart + 20);
    expect(result.decryptFailuresDuringRotation).toBeLessThanOrEqual(3);
  });
});
