// The call screens in real Chromium, before the call engine exists: a test-only page
// (test/e2e/ui-fixtures/, built here with Vite into test-artifacts/) renders the real App
// with a seeded call store and a scripted CallController. Screenshots (en, de), axe-core,
// keyboard shortcuts, verification, lobby admission, chat, errors; no console errors.
import react from '@vitejs/plugin-react';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, seriousViolations } from '../harness/axe';
import { launchChromium } from '../harness/chromium';
import type { LaunchedChromium } from '../harness/chromium';
import { serveRenderer } from '../harness/static-server';
import type { StaticServer } from '../harness/static-server';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIXTURE_OUT = path.join(ROOT, 'test-artifacts', 'call-fixture');
const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const ERROR_CODES = ['relay-unreachable', 'invalid-invite', 'room-locked', 'room-full', 'removed-by-host', 'denied-by-host', 'camera-unavailable', 'keystore-locked', 'internal'];

interface Fixture {
  calls: string[];
  seed(): void;
  setCall(patch: object): void;
  patchPeer(peerId: string, patch: object): void;
  addMessage(fromPeerId: string, name: string, text: string): void;
  presentScreen(peerId: string): void;
}

let server: StaticServer;
let browser: LaunchedChromium;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  await build({
    configFile: false,
    root: path.join(ROOT, 'test', 'e2e', 'ui-fixtures'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    define: { global: 'globalThis' },
    build: { outDir: FIXTURE_OUT, emptyOutDir: true, target: 'chrome130', rollupOptions: { input: path.join(ROOT, 'test', 'e2e', 'ui-fixtures', 'call.html') } },
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await serveRenderer(FIXTURE_OUT);
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fixture = <T,>(fn: (f: Fixture) => T) => page.evaluate(`(${fn.toString()})(window.fixture)`) as Promise<Awaited<T>>;

async function open(language: 'en' | 'de') {
  await page.goto(`${server.origin}/call.html`);
  await page.evaluate((l) => localStorage.setItem('parley.settings.v1', JSON.stringify({ language: l, theme: 'dark', displayName: 'Ada Lovelace', relayUrl: 'wss://relay.example.org' })), language);
  await page.reload();
  await page.getByRole('toolbar').waitFor();
}

async function check(name: string) {
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  expect(seriousViolations(await runAxe(page)), name).toEqual([]);
}

describe('call screens in English', () => {
  it('grid with active speaker, trust shields, quality and mute state', async () => {
    await open('en');
    await expect.poll(() => page.locator('video').count()).toBe(4);
    expect(await page.locator('figure.active-speaker').getAttribute('aria-label')).toBe('Grace Hopper');
    await expect(page.getByRole('figure', { name: 'Grace Hopper' }).textContent()).resolves.toContain('Encrypted and verified');
    await expect(page.getByRole('figure', { name: 'Alan Turing' }).textContent()).resolves.toContain('Microphone off');
    await check('en-call');
  });

  it('keyboard shortcuts drive the controller (M, V, S)', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('m');
    await page.keyboard.press('v');
    await page.keyboard.press('s');
    const picker = page.getByRole('dialog', { name: 'Share your screen' });
    await picker.waitFor();
    await check('en-share-picker');
    await picker.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => fixture((f) => f.calls)).toEqual(expect.arrayContaining(['mic:true', 'camera:true', 'screen:start']));
    await page.getByRole('button', { name: 'Unmute' }).waitFor();
    await check('en-call-muted');
  });

  it('participants panel: knock list, admit, verify with 12 groups and a QR code', async () => {
    await page.keyboard.press('p');
    const panel = page.getByRole('complementary');
    await panel.getByText('1 person is waiting to join').waitFor();
    await check('en-participants-lobby');
    await panel.getByRole('button', { name: 'Admit Hedy Lamarr' }).click();
    await page.getByRole('status').getByText('Hedy Lamarr joined').waitFor();
    await panel.getByRole('button', { name: 'Verify Alan Turing' }).click();
    const groups = await panel.getByRole('list', { name: 'Safety number with Alan Turing' }).getByRole('listitem').allTextContents();
    expect(groups).toHaveLength(12);
    expect(groups.every((g) => /^\d{5}$/.test(g))).toBe(true);
    await panel.getByRole('img', { name: 'QR code of the safety number with Alan Turing' }).waitFor();
    await check('en-participants-verify');
    await panel.getByRole('button', { name: 'Mark as verified' }).click();
    expect(await fixture((f) => f.calls)).toEqual(expect.arrayContaining(['admit:peer-9', 'verified:peer-2:true']));
  });

  it('a changed safety number warns in the panel and in a toast', async () => {
    await fixture((f) => f.patchPeer('peer-1', { verification: 'changed' }));
    await page.getByRole('alert').getByText('Grace Hopper’s safety number changed. Verify it again.').waitFor();
    await check('en-participants-key-changed');
  });

  it('chat: unread badge, then send with Enter', async () => {
    await page.keyboard.press('p');
    await fixture((f) => f.addMessage('peer-1', 'Grace Hopper', 'Can everyone see my slides?'));
    await page.getByRole('button', { name: /^Chat\W+1 unread message$/ }).waitFor();
    await page.keyboard.press('c');
    await page.getByRole('log').getByText('Can everyone see my slides?').waitFor();
    await expect.poll(() => page.getByRole('button', { name: /^Chat/ }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('textbox', { name: 'Message' }).fill('Yes, all good.');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Yes, all good.').waitFor();
    expect(await fixture((f) => f.calls)).toContain('chat:Yes, all good.');
    await check('en-chat');
  });

  it('a shared screen becomes the main tile', async () => {
    await page.getByRole('button', { name: 'Close Chat' }).click();
    await fixture((f) => f.presentScreen('peer-2'));
    await page.getByRole('figure', { name: 'Screen shared by Alan Turing' }).waitFor();
    await check('en-call-presenting');
  });

  it('help overlay (?) and invite dialog', async () => {
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.getByRole('row').count()).toBe(9);
    await check('en-help');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('dialog', { name: 'Invite people' }).getByRole('img', { name: 'QR code of the invite link' }).waitFor();
    await check('en-invite');
    await page.keyboard.press('Escape');
  });

  it('waiting screens: joining and lobby', async () => {
    await fixture((f) => f.setCall({ phase: 'joining' }));
    await check('en-joining');
    await fixture((f) => f.setCall({ phase: 'lobby', isHost: false }));
    await page.getByRole('heading', { name: 'Waiting for the host' }).waitFor();
    await check('en-lobby');
  });

  it.each(ERROR_CODES)('error screen: %s', async (code) => {
    await fixture(new Function('f', `f.setCall({ phase: 'error', error: { code: '${code}', detail: 'ws://127.0.0.1:4444 closed (1006)' } })`) as (f: Fixture) => void);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await check(`en-error-${code}`);
  });

  it('Ctrl+Shift+L leaves the call and returns home', async () => {
    await fixture((f) => f.seed());
    await page.getByRole('toolbar').waitFor();
    await page.keyboard.press('Control+Shift+L');
    await page.getByRole('button', { name: 'New meeting' }).waitFor();
    expect(await fixture((f) => f.calls)).toContain('leave');
  });
});

describe('call screens in German', () => {
  it('grid, participants, chat, errors', async () => {
    await open('de');
    await page.getByRole('button', { name: 'Stummschalten' }).waitFor();
    await check('de-call');
    await page.keyboard.press('p');
    await page.getByRole('button', { name: 'Alan Turing verifizieren' }).click();
    await check('de-participants-verify');
    await page.keyboard.press('c');
    await check('de-chat');
    for (const code of ['relay-unreachable', 'keystore-locked', 'removed-by-host']) {
      await fixture(new Function('f', `f.setCall({ phase: 'error', error: { code: '${code}' } })`) as (f: Fixture) => void);
      await check(`de-error-${code}`);
    }
  });
});

describe('console', () => {
  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
