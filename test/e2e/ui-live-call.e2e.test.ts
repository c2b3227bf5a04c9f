// The call screens with the real call engine: two installed copies of Parley meet through a
// real relay on 127.0.0.1. Screenshots of the lobby, the host's knock list and the running call
// (with the participants and chat panels), an axe-core scan of each, and no console errors.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, seriousViolations } from '../harness/axe';
import { askToJoin, heading, safetyNumberWith, sendChat, startMeeting } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');
let harness: Harness;
let host: Page;
let guest: Page;

beforeAll(async () => {
  harness = await startHarness({ participants: 2, relay: true });
  [host, guest] = harness.pages.map((p) => p.page) as [Page, Page];
  await Promise.all([host, guest].map((page) => page.goto(`${harness.origin}/index.html`)));
});

afterAll(async () => {
  await harness?.close();
});

async function check(page: Page, name: string) {
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  expect(seriousViolations(await runAxe(page)), name).toEqual([]);
}

describe('a real two-person call', () => {
  it('guest waits in the lobby; the host sees the knock with a safety number', async () => {
    const invite = await startMeeting(host, 'Alice Anders');
    await askToJoin(guest, invite, 'Bob Berger');
    await heading(guest, 'lobby.title').waitFor();
    await check(guest, 'live-lobby');
    await host.getByRole('button', { name: 'Review' }).click();
    await host.getByRole('list', { name: 'Safety number with Bob Berger' }).waitFor();
    await check(host, 'live-host-knock');
  });

  it('after admission both see the call, encrypted, with the same safety number', async () => {
    await host.getByRole('button', { name: 'Admit Bob Berger' }).click();
    await guest.getByRole('figure', { name: 'Alice Anders' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => guest.getByText('End-to-end encrypted', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    const [hostDigits, guestDigits] = [await safetyNumberWith(host, 'Bob Berger'), await safetyNumberWith(guest, 'Alice Anders')];
    expect(hostDigits).toMatch(/^\d{60}$/);
    expect(guestDigits).toBe(hostDigits);
    await check(host, 'live-call-verify');
  });

  it('chat arrives with an unread badge', async () => {
    await sendChat(guest, 'Hello Alice');
    await host.getByRole('button', { name: /^Chat\W+1 unread message$/ }).waitFor({ timeout: 10_000 });
    await host.keyboard.press('c');
    await host.getByRole('log').getByText('Hello Alice').waitFor();
    await check(host, 'live-call-chat');
  });

  it('logged no console errors', () => {
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });
});
