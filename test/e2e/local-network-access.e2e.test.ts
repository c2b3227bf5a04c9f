// Chromium's Local Network Access rules (docs/TESTING.md "Local Network Access"): a page whose
// origin Chromium does not count as local may not open a WebSocket to loopback or a private
// address unless it holds the local-network permission. In Electron the renderer comes from
// app://parley, so main's permission handler must grant it for the embedded relay (127.0.0.1) and
// a LAN relay to work. The harness normally serves the renderer from 127.0.0.1, which hides the
// rule; here the same build is served from a public https origin by request interception.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor } from '../../main/electron/app-protocol';
import { LOCAL_NETWORK_PERMISSIONS, allowPermissionRequest } from '../../main/electron/permissions';
import { RENDERER_DIST, startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';
import { en as messagesEn } from '../../renderer/i18n/messages.en';
import { openNewMeeting } from '../harness/call-flow';

const PUBLIC_ORIGIN = 'https://parley.example';
let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness({ participants: 1, relay: true });
  page = harness.pages[0]!.page;
  await page.context().route(`${PUBLIC_ORIGIN}/**`, async (route) => {
    const pathname = new URL(route.request().url()).pathname;
    const file = path.join(RENDERER_DIST, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(RENDERER_DIST + path.sep)) return route.fulfill({ status: 404 });
    const body = await readFile(file).catch(() => null);
    return body ? route.fulfill({ status: 200, body, headers: { 'content-type': contentTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY } }) : route.fulfill({ status: 404 });
  });
});

afterAll(async () => {
  await harness?.close();
});

describe('local network access', () => {
  it('blocks the loopback relay for a page from a non-local origin; the permission main grants our page lets the meeting start', async () => {
    await page.goto(`${PUBLIC_ORIGIN}/index.html`);
    await openNewMeeting(page, 'Ada Anders');
    await page.getByRole('heading', { name: messagesEn['error.relay.title'] }).waitFor();
    expect(harness.pages[0]!.errors.some((e) => e.includes('ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS'))).toBe(true);

    // What main/electron/session-hardening.ts answers for our renderer's top frame.
    const appPage = { pageUrl: 'app://parley/index.html', requestingUrl: 'app://parley/index.html', isMainFrame: true, mediaTypes: [] };
    expect(LOCAL_NETWORK_PERMISSIONS.filter((permission) => allowPermissionRequest({ ...appPage, permission }, false))).toEqual([...LOCAL_NETWORK_PERMISSIONS]);
    // playwright's 'local-network-access' grants Chromium's local-network and loopback-network.
    await page.context().grantPermissions(['local-network-access'], { origin: PUBLIC_ORIGIN });
    await page.goto(`${PUBLIC_ORIGIN}/index.html`);
    await openNewMeeting(page, 'Ada Anders');
    await page.getByRole('button', { name: messagesEn['call.invite'], exact: true }).waitFor();
    expect(await page.evaluate(() => location.origin)).toBe(PUBLIC_ORIGIN);
  });
});
