// A guest who opens the link before the host is there is told so (not "the host will let you in
// soon" for ever), and gets in once the host opens the same meeting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/messages.en';
import { admit, askToJoin, confirmJoin, control, expectEveryoneDecodesEveryone, heading, homeScreen, knockShown, openInvite, startMeeting } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ participants: 2, relay: true });
  await Promise.all(harness.pages.map(({ page }) => page.goto(`${harness.origin}/index.html`)));
});
afterAll(async () => {
  await harness?.close();
});

describe('a guest before the host', () => {
  it('waits with "the host has not started this meeting yet" and is let in when the host comes', async () => {
    const [alice, bob] = harness.pages.map((p) => p.page) as [typeof harness.pages[0]['page'], typeof harness.pages[0]['page']];
    const link = await startMeeting(alice, 'Alice');
    await control(alice, 'controls.leave');
    await homeScreen(alice).waitFor();

    await askToJoin(bob, link, 'Bob');
    await heading(bob, 'lobby.title').waitFor();
    await expect.poll(() => bob.getByRole('status').filter({ hasText: en['lobby.hostNotStarted'] }).count(), { timeout: 5000 }).toBe(1);

    // The host opens the same meeting later: it is the host again (the link names its key) and admits Bob.
    await openInvite(alice, link, 'Alice');
    await confirmJoin(alice);
    await knockShown(alice, 'Bob');
    await admit(alice, 'Bob');
    await expectEveryoneDecodesEveryone([alice, bob], ['Alice', 'Bob']);
  });
});
