// "Always relay calls" in real Chromium with a real coturn (the relay hands out TURN REST
// credentials): media flows only through TURN, so neither page ever offers the other a host
// address; when the TURN server dies and comes back, the allocations are gone and only an ICE
// restart (renderer/call/engine/peer-link.ts) brings the media back. Without TURN on the relay,
// the setting refuses the call and says why instead of quietly revealing addresses.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Coturn, startCoturn } from '../harness/coturn';
import { admit, askToJoin, connectionDetails, expectEveryoneDecodesEveryone, heading, framesFrom, openNewMeeting, startMeeting } from '../harness/call-flow';
import { identityKeysOf, startHarness } from '../harness/harness';
import { SDP_START, envelopeFrames, relayLeaks } from '../harness/relay-scan';
import type { Harness } from '../harness/harness';

const SECRET = 'parley-e2e-turn-secret';
const NAMES = ['Alice Anders', 'Bob Berger'];

let harness: Harness | undefined;
let coturn: Coturn | undefined;

afterEach(async () => {
  await harness?.close();
  coturn?.stop();
  harness = undefined;
  coturn = undefined;
});

async function pagesThatAlwaysRelay(h: Harness): Promise<Page[]> {
  const pages = h.pages.map((p) => p.page);
  for (const page of pages) {
    await page.goto(`${h.origin}/index.html`);
    // The same IPC call the Settings screen makes.
    await page.evaluate(() => window.parley!.updateSettings({ alwaysRelayCalls: true }));
  }
  return pages;
}

/** Starts noting whether `name`'s tile ever leaves this page (a rebuilt connection drops it). */
async function watchTile(page: Page, name: string): Promise<() => Promise<boolean>> {
  await page.evaluate((watched) => {
    const state = window as unknown as { __tileLost?: boolean };
    state.__tileLost = false;
    setInterval(() => {
      if (!document.querySelector(`figure[data-peer][aria-label="${watched}"]`)) state.__tileLost = true;
    }, 100);
  }, name);
  return () => page.evaluate(() => (window as unknown as { __tileLost?: boolean }).__tileLost === true);
}

describe('always relay calls', () => {
  it('sends media only through TURN; after the TURN server restarts, ICE restarts and media resumes', async () => {
    coturn = await startCoturn(SECRET);
    harness = await startHarness({ participants: 2, relay: { turn: { secret: SECRET, urls: [coturn.url], ttlSeconds: 600 } } });
    const [alice, bob] = (await pagesThatAlwaysRelay(harness)) as [Page, Page];
    const invite = await startMeeting(alice, NAMES[0]!);
    await askToJoin(bob, invite, NAMES[1]!);
    await admit(alice, NAMES[1]!);
    await expectEveryoneDecodesEveryone([alice, bob], NAMES);
    expect((await connectionDetails(alice, NAMES[1]!)).route).toBe('Through a TURN server');
    expect((await connectionDetails(bob, NAMES[0]!)).route).toBe('Through a TURN server');

    const aliceTileLost = await watchTile(bob, NAMES[0]!);
    coturn.kill();
    // The media really went through TURN: with the server gone, nothing arrives.
    await expect.poll(() => framesFrom(bob, NAMES[0]!), { timeout: 20_000, interval: 500 }).toBe(0);
    await coturn.start();
    // The restarted server knows none of the old allocations: only a restart with new ones helps.
    await expectEveryoneDecodesEveryone([alice, bob], NAMES);
    expect((await connectionDetails(bob, NAMES[0]!)).route).toBe('Through a TURN server');
    // The same connection recovered (an ICE restart), not a new one built after ICE failed.
    expect(await aliceTileLost()).toBe(false);
    // The restart's offers, answers and relay candidates went through the ratchet: the relay
    // could read no SDP, candidate, name or identity key; its peer-to-peer envelopes carry no
    // address either (its own `joined` frames do: the TURN URLs it hands out).
    const forwarded = harness.relay!.forwarded;
    expect(relayLeaks(forwarded, [SDP_START, 'a=fingerprint', 'candidate', 'typ relay', ...NAMES], await identityKeysOf(harness))).toEqual([]);
    expect(relayLeaks(envelopeFrames(forwarded), ['127.0.0.1'], [])).toEqual([]);
    // The scan is not blind: it does find the TURN URLs in the relay's own frames.
    expect(relayLeaks(forwarded, ['127.0.0.1'], [])).toEqual(['127.0.0.1']);
  });

  it('refuses to call through a relay without TURN, and says why', async () => {
    harness = await startHarness({ participants: 1, relay: true });
    const [alice] = (await pagesThatAlwaysRelay(harness)) as [Page];
    await openNewMeeting(alice, NAMES[0]!);
    await expect.poll(() => heading(alice, 'error.noTurn.title').isVisible(), { timeout: 15_000 }).toBe(true);
  });
});
