// Every screen reachable without a running call, in English and German, light and dark:
// screenshots at 1280x800 (test-artifacts/screenshots/), axe-core with no serious or critical
// violation, keyboard focus visible, and no console errors.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, seriousViolations } from '../harness/axe';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

const TEXT = {
  en: { name: 'Your name', create: 'New meeting', settings: 'Settings', privacy: 'Privacy', home: 'Meetings', erase: 'Erase everything…', cancel: 'Cancel', start: 'Start meeting', link: 'Invite link', join: 'Join',
    meetings: 'My meetings', meetingTitle: 'Title', schedule: 'Schedule', noRelay: 'No relay is set up to hold the meeting' },
  de: { name: 'Ihr Name', create: 'Neues Meeting', settings: 'Einstellungen', privacy: 'Datenschutz', home: 'Meetings', erase: 'Alles löschen…', cancel: 'Abbrechen', start: 'Meeting starten', link: 'Einladungslink', join: 'Beitreten',
    meetings: 'Meine Meetings', meetingTitle: 'Titel', schedule: 'Planen', noRelay: 'Es ist kein Relay eingerichtet' },
} as const;

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness({ participants: 1 });
  page = harness.pages[0]!.page;
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await harness?.close();
});

async function openWith(settings: Record<string, unknown>) {
  await page.goto(`${harness.origin}/index.html`);
  await page.evaluate((s) => {
    localStorage.clear();
    localStorage.setItem('parley.settings.v1', JSON.stringify(s));
  }, settings);
  await page.reload();
  await page.getByTestId('app-version').waitFor();
}

async function check(name: string) {
  // Let transitions and the camera settle so screenshots and contrast checks see the final state.
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  expect(seriousViolations(await runAxe(page)), name).toEqual([]);
}

describe.each(['en', 'de'] as const)('screens in %s', (language) => {
  const text = TEXT[language];

  it('home, with the language on <html lang>', async () => {
    await openWith({ language, theme: 'light' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    await check(`${language}-home`);
  });

  it('home validates the name and the invite link', async () => {
    await page.getByLabel(text.name).fill('');
    await page.getByRole('button', { name: text.join, exact: true }).click();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBe(2);
    await check(`${language}-home-invalid`);
  });

  it('pre-join shows the fake camera and a microphone meter', async () => {
    await page.getByLabel(text.name).fill('Ada Lovelace');
    await page.getByRole('button', { name: text.create }).click();
    const video = page.getByTestId('camera-preview');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('mic-level').getAttribute('aria-valuenow')).not.toBe('0');
    expect(await page.getByRole('combobox').count()).toBe(3);
    await check(`${language}-prejoin`);
  });

  it('settings', async () => {
    await page.getByRole('button', { name: text.settings }).click();
    await page.getByRole('heading', { level: 1, name: text.settings }).waitFor();
    await check(`${language}-settings`);
  });

  it('my meetings, and scheduling where no relay can hold the meeting', async () => {
    await page.getByRole('button', { name: text.meetings, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: text.meetings }).waitFor();
    await check(`${language}-meetings`);
    // This harness runs no relay: main refuses, and the screen says what to do.
    await page.getByLabel(text.meetingTitle, { exact: true }).fill('Planning');
    await page.getByRole('button', { name: text.schedule, exact: true }).click();
    await page.getByRole('alert').filter({ hasText: text.noRelay }).waitFor();
    await check(`${language}-meetings-no-relay`);
  });

  it('privacy dashboard and the erase confirmation', async () => {
    await page.getByRole('button', { name: text.privacy }).click();
    await check(`${language}-privacy`);
    await page.getByRole('button', { name: text.erase }).click();
    await page.getByRole('alertdialog').waitFor();
    await check(`${language}-privacy-erase`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
  });
});

describe('dark theme', () => {
  it.each(['home', 'settings', 'privacy'] as const)('%s', async (screen) => {
    await openWith({ language: 'en', theme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    if (screen !== 'home') await page.getByRole('button', { name: TEXT.en[screen] }).click();
    await check(`dark-${screen}`);
  });
});

describe('keyboard', () => {
  it('reaches the skip link first (shown while focused), then the navigation, and shows where focus is', async () => {
    await openWith({ language: 'en', theme: 'light' });
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { text: el.textContent, outline: getComputedStyle(el).outlineStyle, onScreen: el.getBoundingClientRect().top >= 0 };
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Skip to main content', outline: 'solid', onScreen: true });
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Meetings', outline: 'solid', onScreen: true });
  });

  it('switching language in settings re-renders everything in German', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Deutsch' }).check();
    await page.getByRole('heading', { level: 1, name: 'Einstellungen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  });
});

describe('console', () => {
  it('logged no errors', () => {
    expect(harness.pages[0]!.errors).toEqual([]);
  });
});
