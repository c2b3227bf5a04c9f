// Meetings planned ahead (issue 21 item 3), through the real UI, main services and relay: Alice
// schedules a meeting, copies its invitation and saves its calendar file (read back with a
// calendar library); Bob opens the link before she starts it and is told the host has not
// started; Alice starts it later from My meetings, as host of the same room, and Bob gets in
// under the meeting's lobby rule: admitted from the lobby, or straight in for a meeting without.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInvite } from '../../protocol/room/invite';
import { toBase64Url } from '../../protocol/bytes';
import { en } from '../../renderer/i18n/messages.en';
import { parseCalendarFile } from '../harness/calendar';
import { admit, askToJoin, control, expectEveryoneDecodesEveryone, heading, homeScreen, knockShown } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness;
let alice: Page;
let bob: Page;

const say = (key: keyof typeof en, vars: Record<string, string> = {}) => (en[key] as string).replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');

beforeAll(async () => {
  harness = await startHarness({ participants: 2, relay: true });
  [alice, bob] = harness.pages.map((p) => p.page) as [Page, Page];
  await Promise.all(harness.pages.map(({ page }) => page.goto(`${harness.origin}/index.html`)));
  await alice.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.origin });
});
afterAll(async () => {
  await harness?.close();
});

function localDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Home -> "Schedule a meeting" -> the form filled and sent; returns the meeting's link as My meetings shows it. */
async function schedule(page: Page, name: string, meeting: { title: string; startsAt: Date; minutes: number; lobby: boolean }): Promise<string> {
  await page.getByLabel(en['home.nameLabel']).fill(name);
  await page.getByRole('button', { name: en['home.schedule'], exact: true }).click();
  await page.getByRole('heading', { name: en['meetings.title'], exact: true, level: 1 }).waitFor();
  await page.getByLabel(en['meetings.titleLabel'], { exact: true }).fill(meeting.title);
  await page.getByLabel(en['meetings.date'], { exact: true }).fill(localDateInput(meeting.startsAt));
  await page.getByLabel(en['meetings.time'], { exact: true }).fill(`${String(meeting.startsAt.getHours()).padStart(2, '0')}:${String(meeting.startsAt.getMinutes()).padStart(2, '0')}`);
  await page.getByLabel(en['meetings.duration'], { exact: true }).selectOption(String(meeting.minutes));
  const lobby = page.getByRole('checkbox', { name: en['meetings.lobby'], exact: true });
  // Keyboard, as a person without a mouse would: Space toggles the box, Enter in the title sends the form.
  if ((await lobby.isChecked()) !== meeting.lobby) {
    await lobby.focus();
    await page.keyboard.press('Space');
  }
  expect(await lobby.isChecked()).toBe(meeting.lobby);
  await page.getByLabel(en['meetings.titleLabel'], { exact: true }).press('Enter');
  await page.getByRole('status').filter({ hasText: say('meetings.scheduled', { title: meeting.title }) }).waitFor();
  return page.getByRole('textbox', { name: say('meetings.linkLabel', { title: meeting.title }), exact: true }).inputValue();
}

/** My meetings -> "Start <title>" -> pre-join for that meeting -> "Start meeting". */
async function startScheduled(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: en['nav.meetings'], exact: true }).click();
  await page.getByRole('button', { name: say('meetings.startLabel', { title }), exact: true }).click();
  await page.getByRole('heading', { name: say('prejoin.titleScheduled', { title }), exact: true }).waitFor();
  await page.getByRole('button', { name: en['prejoin.start'], exact: true }).click();
}

async function waitsForHostNotStarted(page: Page): Promise<void> {
  await heading(page, 'lobby.title').waitFor();
  await expect.poll(() => page.getByRole('status').filter({ hasText: en['lobby.hostNotStarted'] }).count(), { timeout: 5000 }).toBe(1);
}

/** The invite link the running call shows (Invite dialog). */
async function linkInCall(page: Page): Promise<string> {
  await page.getByRole('button', { name: en['call.invite'], exact: true }).click();
  const link = await page.getByRole('textbox', { name: en['invite.linkLabel'], exact: true }).inputValue();
  await page.getByRole('button', { name: en['common.close'], exact: true }).click();
  return link;
}

describe('meetings planned ahead', () => {
  it('schedules a meeting, copies the invitation, saves an .ics a calendar reads, and starts the same room later for a guest who came first', async () => {
    const title = 'Design review, Q1; final';
    const startsAt = new Date();
    startsAt.setDate(startsAt.getDate() + 1);
    startsAt.setHours(10, 30, 0, 0);
    const link = await schedule(alice, 'Alice Example', { title, startsAt, minutes: 45, lobby: true });
    const invite = parseInvite(link);
    expect(invite.relayUrl).toBeDefined();

    // Copy the invitation: the title, the time and the link, nothing about Alice.
    await alice.getByRole('button', { name: say('meetings.copyInvitationLabel', { title }), exact: true }).click();
    await alice.getByRole('status').filter({ hasText: en['meetings.copied'] }).waitFor();
    const invitation = await alice.evaluate(() => navigator.clipboard.readText());
    expect(invitation).toContain(title);
    expect(invitation).toContain(link);
    expect(invitation).toContain('(45 minutes)');
    expect(invitation).not.toContain('Alice');

    // Save the calendar file: main writes it; a calendar library reads it back.
    await alice.getByRole('button', { name: say('meetings.saveCalendarLabel', { title }), exact: true }).click();
    await alice.getByRole('status').filter({ hasText: en['meetings.saved'] }).waitFor();
    const [saved] = harness.pages[0]!.savedFiles;
    expect(saved?.fileName).toBe('Design review Q1 final.ics');
    const ics = new TextDecoder().decode(saved!.contents);
    expect(ics).toMatch(/\r\n$/);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const event = parseCalendarFile(ics);
    expect(event).toMatchObject({ events: 1, summary: title, location: link, utc: true });
    expect(event.start.getTime()).toBe(startsAt.getTime());
    expect(event.end.getTime()).toBe(startsAt.getTime() + 45 * 60_000);
    expect(event.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.description).toContain(link);
    expect(event.properties).not.toEqual(expect.arrayContaining(['ORGANIZER']));
    expect(event.properties).not.toEqual(expect.arrayContaining(['ATTENDEE']));
    expect(ics).not.toContain('Alice');

    // Later: the list comes back from main after a reload, with the same link; the renderer stored no secret.
    await alice.reload();
    await homeScreen(alice).waitFor();
    await alice.getByRole('button', { name: en['nav.meetings'], exact: true }).click();
    expect(await alice.getByRole('textbox', { name: say('meetings.linkLabel', { title }), exact: true }).inputValue()).toBe(link);
    const storage = await alice.evaluate(() => JSON.stringify(Object.entries(localStorage)));
    expect(storage).not.toContain(toBase64Url(invite.secret));

    // Bob opens the link before Alice has started the meeting.
    await askToJoin(bob, link, 'Bob');
    await waitsForHostNotStarted(bob);

    // Alice starts it from My meetings: host of the same room (the link names her key).
    await startScheduled(alice, title);
    await knockShown(alice, 'Bob');
    await admit(alice, 'Bob');
    await expectEveryoneDecodesEveryone([alice, bob], ['Alice Example', 'Bob']);
    expect(parseInvite(await linkInCall(alice))).toEqual(invite);

    await control(bob, 'controls.leave');
    await control(alice, 'controls.leave');
    await homeScreen(alice).waitFor();
    await homeScreen(bob).waitFor();
  });

  it('lets a guest who came first straight in when the meeting was scheduled without the lobby', async () => {
    const title = 'Open stand-up';
    const startsAt = new Date(Date.now() + 2 * 3_600_000);
    startsAt.setMinutes(0, 0, 0);
    await alice.getByRole('button', { name: en['nav.home'], exact: true }).click();
    const link = await schedule(alice, 'Alice Example', { title, startsAt, minutes: 15, lobby: false });
    await alice.getByRole('button', { name: say('meetings.copyLinkLabel', { title }), exact: true }).click();
    await alice.getByRole('status').filter({ hasText: en['meetings.linkCopied'] }).waitFor();
    expect(await alice.evaluate(() => navigator.clipboard.readText())).toBe(link);

    await askToJoin(bob, link, 'Bob');
    await waitsForHostNotStarted(bob);
    await startScheduled(alice, title);
    // No knock to admit: Bob is let in as soon as the host is there.
    await expectEveryoneDecodesEveryone([alice, bob], ['Alice Example', 'Bob']);
    expect(await alice.getByRole('button', { name: say('lobby.admitName', { name: 'Bob' }), exact: true }).count()).toBe(0);
  });
});
