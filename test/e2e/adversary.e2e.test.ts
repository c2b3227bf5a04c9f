// The adversary kit against the real app (test/adversary/README.md): the evil client, in Node,
// joins a meeting hosted by a page of the built renderer in Chromium, from the page's own invite
// link, and knocks. The host sees the knock in its lobby, and its welcome is what the client gets.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { encodeServerFrame } from '../../protocol/relay-wire/codec';
import { encodeRatchetEnvelope } from '../../protocol/wire/envelope';
import { encodeHeader, encodeRatchetMessage } from '../../protocol/wire/ratchet-message';
import { decodeAdmission } from '../../renderer/call/engine/access-control';
import { MAX_HELD_SIGNALS, VANISHED_PEER_GRACE_MS } from '../../renderer/call/engine/call-engine';
import { STRANGER_MAX_REJECTED } from '../../renderer/call/engine/room-session';
import { EvilClient } from '../adversary/evil-client';
import { startEvilRelay } from '../adversary/evil-relay';
import type { EvilRelay } from '../adversary/evil-relay';
import { admit, askToJoin, chatLog, confirmJoin, control, expectEveryoneDecodesEveryone, homeScreen, knockShown, openInvite, relayLostBanner, remoteMedia, sendChat, startMeeting, tileNames, tileState, toggleLobby } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness | undefined;
let evil: EvilClient[] = [];
let evilRelay: EvilRelay | undefined;

afterEach(async () => {
  await Promise.all(evil.map((client) => client.close()));
  await harness?.close();
  await evilRelay?.close();
  harness = evilRelay = undefined;
  evil = [];
});

/** Alice hosts, Bob joins and is admitted, both decode each other. */
async function twoInACall(h: Harness): Promise<{ alice: Page; bob: Page; invite: string }> {
  const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
  await Promise.all([alice, bob].map((page) => page.goto(`${h.origin}/index.html`)));
  const invite = await startMeeting(alice, 'Alice Anders');
  await askToJoin(bob, invite, 'Bob Berger');
  await admit(alice, 'Bob Berger');
  await expectEveryoneDecodesEveryone([alice, bob], ['Alice Anders', 'Bob Berger']);
  return { alice, bob, invite };
}

/** Lines the page logged with console.warn that start with `prefix`. */
function warnings(page: Page, prefix: string): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith(prefix)) seen.push(message.text());
  });
  return seen;
}

/** The page's JavaScript heap after a full garbage collection, in bytes. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

describe('adversary kit against the app', () => {
  it('the evil client knocks on a real host page: the host shows it in the lobby and welcomes it', async () => {
    harness = await startHarness({ participants: 1, relay: true });
    const host: Page = harness.pages[0]!.page;
    await host.goto(`${harness.origin}/index.html`);
    const invite = await startMeeting(host, 'Alice Anders');
    const mallory = await EvilClient.join(invite, { relayUrl: harness.relay!.url, displayName: 'Mallory Evil', admission: 'v1' });
    evil.push(mallory);
    await knockShown(host, 'Mallory Evil');
    const welcome = await mallory.waitFor(() => mallory.payloads('admission')[0]);
    expect(decodeAdmission(welcome.body)).toEqual({ kind: 'welcome', isHost: true, displayName: 'Alice Anders' });
  });

  it('knockers who send chat, an absurd sentAt, 60 KiB texts, an ICE flood and 500 messages that each skip 1,000 keys: nothing shown, they are dropped, media flows, the controls work', async () => {
    harness = await startHarness({ participants: 2, relay: true });
    const { alice, bob, invite } = await twoInACall(harness);
    const drops = [alice, bob].map((page) => warnings(page, 'call: dropped'));
    const heapBefore = await heapAfterGc(alice);

    // Mallory knocks on both, then talks as if she were in.
    const mallory = await EvilClient.join(invite, { relayUrl: harness.relay!.url, displayName: 'Mallory Evil', admission: 'v1' });
    evil.push(mallory);
    await knockShown(alice, 'Mallory Evil');
    const members = [...mallory.members.keys()];
    for (const peer of members) {
      await mallory.send(peer, { type: 'chat', text: 'Knock knock, I am the host now', sentAt: Date.now() });
      await mallory.send(peer, { type: 'chat', text: 'from the end of time', sentAt: 1e300 });
      for (let i = 0; i < 3; i++) await mallory.send(peer, { type: 'chat', text: `${i}`.repeat(60 * 1024), sentAt: Date.now() });
      // An offer with a fourth media m-line (it would get a transceiver without an SFrame transform).
      const mline = (kind: string, mid: number) => `m=${kind} 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:${mid}`;
      await mallory.send(peer, { type: 'offer', sdp: ['v=0', 's=-', mline('audio', 0), mline('video', 1), mline('video', 2), mline('video', 3), ''].join('\r\n') });
      for (let i = 0; i <= MAX_HELD_SIGNALS; i++) {
        await mallory.send(peer, { type: 'ice-candidate', candidate: { candidate: `candidate:${i} 1 udp 2122260223 127.0.0.1 ${10_000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 } });
      }
    }
    // Over the held-signal bound, on both pages: Mallory is gone, from the host's lobby too (the
    // toast that said she knocked may still be fading).
    await expect.poll(() => drops.map((d) => d.filter((w) => w.includes('held-signals')).length), { timeout: 10_000 }).toEqual([1, 1]);
    expect(drops.map((d) => d.filter((w) => w.includes('offer-slots')).length)).toEqual([1, 1]);
    await expect.poll(() => alice.locator('.knock-banner, li.knock').count()).toBe(0);

    // Trudy, a second knocker, sends 500 ratchet messages that each claim to skip 1,000 keys (new
    // ratchet key, pn = n = 1000, garbage ciphertext: an unbounded receiver derives 2,000 keys
    // before finding out). Each costs at most STRANGER_MAX_SKIP steps; after STRANGER_MAX_REJECTED
    // she is dropped and the rest is not even opened.
    const trudy = await EvilClient.join(invite, { relayUrl: harness.relay!.url, displayName: 'Trudy Evil', admission: 'v1' });
    evil.push(trudy);
    await knockShown(alice, 'Trudy Evil');
    // The host is the member whose welcome says so.
    const hostWelcome = await trudy.waitFor(() => trudy.received.find((r) => r.payload.type === 'admission' && (decodeAdmission(r.payload.body) as { isHost?: boolean }).isHost));
    const hostPeer = hostWelcome.from;
    for (let i = 0; i < 500; i++) {
      const header = encodeHeader({ dh: crypto.getRandomValues(new Uint8Array(32)), pn: 1000, n: 1000 });
      await trudy.sendRaw(hostPeer, encodeRatchetEnvelope(encodeRatchetMessage(header, crypto.getRandomValues(new Uint8Array(64)))));
      // The relay allows 100 frames a second per connection: stay under it.
      if (i % 90 === 89) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await expect.poll(() => drops[0]!.filter((w) => w.includes('rejected-messages')).length, { timeout: 20_000 }).toBe(1);
    expect(STRANGER_MAX_REJECTED).toBeLessThan(500);

    // Nothing any of them sent is shown; media kept flowing; the controls work.
    for (const page of [alice, bob]) {
      const log = await chatLog(page);
      for (const text of ['Knock knock', 'end of time', '000', '111']) expect(log).not.toContain(text);
    }
    for (const page of [alice, bob]) expect((await remoteMedia(page, 1000)).map((m) => m.frames > 0)).toEqual([true]);
    expect(await alice.locator('.knock-banner, li.knock').count()).toBe(0);
    for (const page of [alice, bob]) expect(await page.locator('figure[data-peer]').count()).toBe(1);
    expect(await heapAfterGc(alice) - heapBefore).toBeLessThan(50 * 1024 * 1024);
    await control(alice, 'controls.mute');
    await expect.poll(() => tileState(bob, 'Alice Anders')).toEqual({ micOff: true, cameraOff: false });
    await control(alice, 'controls.leave');
    await expect.poll(() => homeScreen(alice).isVisible()).toBe(true);
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });

  it('a forged peer-left from the relay leaves a working connection alone: media keeps flowing, chat still arrives', async () => {
    evilRelay = await startEvilRelay();
    harness = await startHarness({ participants: 2, externalRelayUrl: evilRelay.url });
    const { alice, bob } = await twoInACall(harness);
    // The two pages' room connections, in the order they joined: Alice's, then Bob's.
    const [aliceConnection, bobConnection] = evilRelay.clients().filter((c) => c.open && c.peerId);
    const leftFrame = (peerId: string) => encodeServerFrame({ type: 'peer-left', peerId: hexToBytes(peerId) });
    evilRelay.inject({ client: aliceConnection!.client }, leftFrame(bobConnection!.peerId!));
    evilRelay.inject({ client: bobConnection!.client }, leftFrame(aliceConnection!.peerId!));
    // Past the grace in which a vanished peer with a connection used to be dropped.
    await new Promise((resolve) => setTimeout(resolve, VANISHED_PEER_GRACE_MS + 2000));
    expect(await tileNames(alice)).toEqual(['Bob Berger']);
    expect(await tileNames(bob)).toEqual(['Alice Anders']);
    for (const page of [alice, bob]) expect((await remoteMedia(page, 1000)).map((m) => m.frames > 0)).toEqual([true]);
    // Their sessions stayed too: chat (on the data channel) still opens.
    await sendChat(bob, 'still here after the relay said I left');
    await expect.poll(() => chatLog(alice)).toContain('still here after the relay said I left');
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });

  it('after a relay restart the host publishes one-time prekeys again: a newcomer handshakes with one (no replayable init)', async () => {
    harness = await startHarness({ participants: 1, relay: true });
    const host: Page = harness.pages[0]!.page;
    await host.goto(`${harness.origin}/index.html`);
    const invite = await startMeeting(host, 'Alice Anders');
    await harness.relay!.stop();
    await expect.poll(() => relayLostBanner(host).isVisible(), { timeout: 10_000 }).toBe(true);
    await harness.relay!.start();
    await expect.poll(() => relayLostBanner(host).isVisible(), { timeout: 30_000 }).toBe(false);
    // A newcomer gets the host's base blob and, since the host published them again, a one-time one.
    await expect
      .poll(async () => {
        // Each probe leaves again: on a loaded machine the republishing takes a while, and probes
        // that stayed would fill the room (the relay then refuses the join: roomFull).
        const probe = await EvilClient.join(invite, { relayUrl: harness!.relay!.url, knock: false });
        const oneTime = [...probe.members.values()].map((m) => m?.oneTime !== null && m?.oneTime !== undefined);
        await probe.close();
        return oneTime;
      }, { timeout: 20_000, interval: 500 })
      .toEqual([true]);
  });
});

// Sessions that cannot be displaced or replayed (issue 16 item 3; PROTOCOL.md §5.5, §11.3).
describe('sessions against a malicious participant and an active relay', () => {
  it('link holders republish the host\'s base bundle as their own: a newcomer keeps the real host\'s session, is admitted and decodes', async () => {
    harness = await startHarness({ participants: 2, relay: true });
    const [alice, bob] = harness.pages.map((p) => p.page) as [Page, Page];
    await Promise.all([alice, bob].map((page) => page.goto(`${harness!.origin}/index.html`)));
    const invite = await startMeeting(alice, 'Alice Anders');
    const relayUrl = harness.relay!.url;
    // Two link holders (so the real host is not the last bundle a newcomer handshakes with)
    // replace their blobs with a copy of the host's base blob and of the one-time blob the relay
    // gave them (it opens: its AD is the host's identity), so a newcomer's handshake with a copy
    // costs what the real one costs and ends in the same order as they are listed.
    for (const name of ['Mallory', 'Trudy']) {
      const copier = await EvilClient.join(invite, { relayUrl, displayName: name, knock: false });
      evil.push(copier);
      const [hostBlobs] = [...copier.members.values()];
      copier.publish({ base: hostBlobs!.base, oneTime: [hostBlobs!.oneTime!, hostBlobs!.oneTime!, hostBlobs!.oneTime!] });
    }
    // The relay now hands out three base blobs, all naming Alice.
    await expect
      .poll(async () => {
        const probe = await EvilClient.join(invite, { relayUrl, knock: false });
        await probe.close();
        return new Set([...probe.members.values()].map((m) => bytesToHex(m!.base))).size;
      }, { timeout: 10_000, interval: 300 })
      .toBe(1);

    // Bob handshakes with all three; only one of them can answer under Alice's identity.
    await askToJoin(bob, invite, 'Bob Berger');
    await admit(alice, 'Bob Berger');
    await expectEveryoneDecodesEveryone([alice, bob], ['Alice Anders', 'Bob Berger']);
    await sendChat(alice, 'this is the real Alice');
    await expect.poll(() => chatLog(bob)).toContain('this is the real Alice');
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });

  it('the relay replays a member\'s handshake init under a new peer id: it opens nothing, and everyone keeps decoding', async () => {
    evilRelay = await startEvilRelay();
    harness = await startHarness({ participants: 2, externalRelayUrl: evilRelay.url });
    const [alice, bob] = harness.pages.map((p) => p.page) as [Page, Page];
    await Promise.all([alice, bob].map((page) => page.goto(`${harness!.origin}/index.html`)));
    const invite = await startMeeting(alice, 'Alice Anders');
    await askToJoin(bob, invite, 'Bob Berger');
    await admit(alice, 'Bob Berger');
    await expectEveryoneDecodesEveryone([alice, bob], ['Alice Anders', 'Bob Berger']);
    const rejected = warnings(alice, 'call: message from a peer rejected');
    // Bob's connection joined second; its first send to Alice was his handshake init.
    const [aliceConnection, bobConnection] = evilRelay.clients().filter((c) => c.open && c.peerId);
    const init = evilRelay.recorded.find((f) => f.type === 'send' && f.client === bobConnection!.client && f.to === aliceConnection!.peerId)!;
    const sealed = (init.frame as { envelope: Uint8Array }).envelope;
    evilRelay.injectMessage({ client: aliceConnection!.client }, bytesToHex(crypto.getRandomValues(new Uint8Array(16))), sealed);
    await expect.poll(() => rejected.filter((w) => w.includes('(replay)')).length).toBe(1);
    await expectEveryoneDecodesEveryone([alice, bob], ['Alice Anders', 'Bob Berger']);
    await sendChat(bob, 'still the one session');
    await expect.poll(() => chatLog(alice)).toContain('still the one session');
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });
});

// Two newcomers let in at the same moment (a team ring both accept; test/e2e/contacts.e2e.test.ts
// saw Bob never meet Carol): the second greets the first at once, possibly before the first has
// its room up or has handled its own join.
describe('newcomers who arrive together', () => {
  it('the second greets the first before the first has heard back from the relay: both end up seeing each other', async () => {
    evilRelay = await startEvilRelay();
    harness = await startHarness({ participants: 3, externalRelayUrl: evilRelay.url });
    const [alice, bob, carol] = harness.pages.map((p) => p.page) as [Page, Page, Page];
    await Promise.all([alice, bob, carol].map((page) => page.goto(`${harness!.origin}/index.html`)));
    const invite = await startMeeting(alice, 'Alice Anders');
    // No lobby: both come straight in, as the contacts a host rings do.
    await toggleLobby(alice);
    const joinedFrames = () => evilRelay!.recorded.filter((f) => f.direction === 'to-client' && f.type === 'joined');
    const aliceClient = joinedFrames()[0]!.client;
    // Bob's answer to his join waits at the relay; whatever comes for him after it goes through.
    let bobClient: string | null = null;
    const hold = evilRelay.hold((f) => {
      if (f.direction !== 'to-client' || f.type !== 'joined' || f.client === aliceClient || (bobClient !== null && f.client !== bobClient)) return false;
      bobClient = f.client;
      return true;
    });
    await openInvite(bob, invite, 'Bob Berger');
    await confirmJoin(bob);
    await expect.poll(() => evilRelay!.held().length).toBe(1);
    hold.remove();
    // Carol joins: the relay lists Alice and Bob, she greets both; her init and first messages reach Bob.
    await openInvite(carol, invite, 'Carol Clark');
    await confirmJoin(carol);
    await evilRelay.waitFor(() => evilRelay!.recorded.some((f) => f.direction === 'to-client' && f.client === bobClient && f.type === 'message'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    evilRelay.release();
    await expectEveryoneDecodesEveryone([alice, bob, carol], ['Alice Anders', 'Bob Berger', 'Carol Clark']);
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });
});
