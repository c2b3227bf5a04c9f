// The adversary kit against the real app (test/adversary/README.md): the evil client, in Node,
// joins a meeting hosted by a page of the built renderer in Chromium, from the page's own invite
// link, and knocks. The host sees the knock in its lobby, and its welcome is what the client gets.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAdmission } from '../../renderer/call/engine/access-control';
import { EvilClient } from '../adversary/evil-client';
import { knockShown, startMeeting } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness | undefined;
let mallory: EvilClient | undefined;

afterEach(async () => {
  await mallory?.close();
  await harness?.close();
  harness = mallory = undefined;
});

describe('adversary kit against the app', () => {
  it('the evil client knocks on a real host page: the host shows it in the lobby and welcomes it', async () => {
    harness = await startHarness({ participants: 1, relay: true });
    const host: Page = harness.pages[0]!.page;
    await host.goto(`${harness.origin}/index.html`);
    const invite = await startMeeting(host, 'Alice Anders');
    mallory = await EvilClient.join(invite, { relayUrl: harness.relay!.url, displayName: 'Mallory Evil', admission: 'v1' });
    await knockShown(host, 'Mallory Evil');
    const welcome = await mallory.waitFor(() => mallory!.payloads('admission')[0]);
    expect(decodeAdmission(welcome.body)).toEqual({ kind: 'welcome', isHost: true, displayName: 'Alice Anders' });
  });
});
