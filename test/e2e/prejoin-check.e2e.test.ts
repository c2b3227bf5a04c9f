// The pre-join connection check (issue 15 item 7) in Chromium against real relays: it checks the
// relay the meeting lives on (the link's for a guest, the hosting relay for a new meeting) and
// says in plain words whether a call would connect.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeInvite } from '../../protocol/room/invite';
import { en as messagesEn } from '../../renderer/i18n/messages.en';
import { openInvite } from '../harness/call-flow';
import { useOnePageWithRelay } from '../harness/one-page';

const opened = useOnePageWithRelay();

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function runCheck(): Promise<{ verdict: string | null; text: string }> {
  await opened.page.getByRole('button', { name: messagesEn['prejoin.checkConnection'], exact: true }).click();
  const result = opened.page.getByTestId('reachability');
  await result.waitFor({ timeout: 15_000 });
  return { verdict: await result.getAttribute('data-verdict'), text: await result.innerText() };
}


describe('pre-join connection check', () => {
  it("checks the relay a guest's link names and says by name that it cannot be reached", async () => {
    const port = await closedPort();
    const link = encodeInvite({ secret: new Uint8Array(32).fill(7), hostKeyId: new Uint8Array(16).fill(9), relayUrl: `ws://127.0.0.1:${port}` });
    await openInvite(opened.page, link, 'Bob Berger');
    const { verdict, text } = await runCheck();
    expect(verdict).toBe('relay-unreachable');
    expect(text).toContain(`127.0.0.1:${port}`);
    await opened.page.getByRole('button', { name: messagesEn['prejoin.checkAgain'], exact: true }).waitFor();
    await opened.page.getByRole('button', { name: messagesEn['common.back'], exact: true }).click();
  });

  it('checks the relay a new meeting will live on (here the embedded one on this computer)', async () => {
    await opened.page.getByRole('button', { name: messagesEn['home.create'], exact: true }).click();
    const { verdict, text } = await runCheck();
    expect(verdict).toBe('local-only');
    expect(text).toContain(new URL(opened.harness.relay!.url).host);
  });
});
