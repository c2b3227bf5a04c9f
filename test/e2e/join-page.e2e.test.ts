// The relay's /join page in real Chromium: it hands the invite over to the app as the app form
// that names this relay (PROTOCOL.md §4.3), which main's deep-link parser accepts as it is; the
// page loads nothing else and runs under its CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJoinLink } from '../../main/links/join-link';
import { parseInvite } from '../../protocol/room/invite';
import { silentLogger } from '../../relay/logger';
import { startRelay } from '../../relay/server';
import type { RunningRelay } from '../../relay/server';
import { launchChromium } from '../harness/chromium';
import type { LaunchedChromium } from '../harness/chromium';

const FRAGMENT = `${'A'.repeat(43)}.${'B'.repeat(21)}A`;
let relay: RunningRelay;
let browser: LaunchedChromium;

beforeAll(async () => {
  relay = await startRelay({ logger: silentLogger });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await relay?.close();
});

describe('the relay page for https links', () => {
  it('hands the link to the app in its app form, naming this relay; main takes it as it is', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const requests: string[] = [];
    page.on('request', (request) => void requests.push(request.url()));
    // The page replaces itself with the parley:// link at once, so its load never "finishes".
    const response = await page.goto(`http://127.0.0.1:${relay.port}/join#${FRAGMENT}`, { waitUntil: 'commit' });
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'; script-src 'sha256-/);
    await expect.poll(() => page.locator('#open').getAttribute('href')).not.toBe('#');
    const handedOver = await page.locator('#open').getAttribute('href');
    expect(handedOver).toBe(`parley://join?relay=${encodeURIComponent(relay.url)}#${FRAGMENT}`);
    // What the OS passes to Parley reaches the renderer unchanged, and names the relay.
    expect(parseJoinLink(handedOver)).toEqual({ inviteLink: handedOver });
    expect(parseInvite(handedOver!).relayUrl).toBe(relay.url);
    // The fragment never went to the server, and the page fetched nothing else.
    expect(requests.filter((url) => url.startsWith('http')).map((url) => new URL(url).pathname)).toEqual(['/join']);
    expect(requests.some((url) => url.includes(FRAGMENT.slice(0, 10)) && url.startsWith('http'))).toBe(false);
  });
});
