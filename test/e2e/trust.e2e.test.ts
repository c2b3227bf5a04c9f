// Trust that is remembered (PROTOCOL.md §9.2), through the real UI, main services and relay:
// Alice verifies Bob in one call and sees him verified in the next, in her lobby before she
// admits him and on his tile after; someone else who knocks as "Bob Berger" with another key is
// flagged in her lobby as not the Bob she verified.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/messages.en';
import { admit, askToJoin, control, deny, heading, homeScreen, knockEntryText, openParticipantsPanel, startMeeting } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness;
let alice: Page;
let bob: Page;
let mallory: Page;
/** The second meeting's invite, which Mallory uses too. */
let secondInvite = '';

beforeAll(async () => {
  harness = await startHarness({ participants: 3, relay: true });
  [alice, bob, mallory] = harness.pages.map((p) => p.page) as [Page, Page, Page];
  await Promise.all([alice, bob, mallory].map((page) => page.goto(`${harness.origin}/index.html`)));
});

afterAll(async () => {
  await harness?.close();
});

const tileText = async (page: Page, name: string) => (await page.getByRole('figure', { name, exact: true }).textContent()) ?? '';

describe('trust that is remembered', () => {
  it('Alice marks Bob verified in a call (he was not, in the lobby)', async () => {
    const invite = await startMeeting(alice, 'Alice Anders');
    await askToJoin(bob, invite, 'Bob Berger');
    expect(await knockEntryText(alice, 'Bob Berger')).not.toContain(en['lobby.verifiedBefore']);
    await admit(alice, 'Bob Berger');
    await alice.getByRole('figure', { name: 'Bob Berger', exact: true }).waitFor({ timeout: 20_000 });
    await openParticipantsPanel(alice);
    await alice.getByRole('button', { name: 'Verify Bob Berger', exact: true }).click();
    await alice.getByRole('button', { name: en['verify.mark'], exact: true }).click();
    await expect.poll(() => tileText(alice, 'Bob Berger'), { timeout: 20_000 }).toContain(en['trust.verified']);
    await control(bob, 'controls.leave');
    await control(alice, 'controls.leave');
    await Promise.all([homeScreen(alice).waitFor(), homeScreen(bob).waitFor()]);
  });

  it('in the next call Bob is verified from the first moment: in the lobby and on his tile', async () => {
    secondInvite = await startMeeting(alice, 'Alice Anders');
    await askToJoin(bob, secondInvite, 'Bob Berger');
    expect(await knockEntryText(alice, 'Bob Berger')).toContain(en['lobby.verifiedBefore']);
    await admit(alice, 'Bob Berger');
    await alice.getByRole('figure', { name: 'Bob Berger', exact: true }).waitFor({ timeout: 20_000 });
    expect(await tileText(alice, 'Bob Berger')).not.toContain(en['trust.unverified']);
    await expect.poll(() => tileText(alice, 'Bob Berger'), { timeout: 20_000 }).toContain(en['trust.verified']);
    // Main kept it: when and how.
    const record = (await harness.pages[0]!.services.handlers['trust:list']()).find((r) => r.names.includes('Bob Berger'));
    expect(record?.verified).toMatchObject({ method: 'safety-number' });
  });

  it('someone else knocking as "Bob Berger" is flagged before Alice admits them', async () => {
    await askToJoin(mallory, secondInvite, 'Bob Berger');
    await expect.poll(() => alice.locator('li.knock').count(), { timeout: 20_000 }).toBe(1);
    const warning = en['lobby.notTheVerified'].replace('{name}', 'Bob Berger');
    await alice.locator('li.knock').getByText(warning).waitFor({ timeout: 20_000 });
    await deny(alice, 'Bob Berger');
    await heading(mallory, 'error.denied.title').waitFor({ timeout: 20_000 });
  });

  it('logged no console errors', () => {
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });
});
