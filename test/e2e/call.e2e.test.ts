// Real end-to-end encrypted calls: pages of the built renderer in Chromium, each with its own
// main services (keystore, identity), a real relay on 127.0.0.1, fake camera and microphone.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { identityKeysOf, startHarness } from '../harness/harness';
import { SDP_START, envelopeFrames, relayLeaks } from '../harness/relay-scan';
import { JOIN_TIMEOUT_MS } from '../../renderer/call/engine/relay-connection';
import type { Harness } from '../harness/harness';
import { admit, askToJoin, backToStart, connectionDetails, leavePreJoin, cancelJoining, chatLog, hostActionsShownFor, knockSaysRemovedEarlier, knockShown, confirmJoin, control, deny, expectEveryoneDecodesEveryone as expectDecoding, framesFrom, heading, lockMeeting, makeHost, openInvite, openNewMeeting, relayLostBanner, remoteMedia, removeParticipant, safetyNumberWith, sendChat, shareScreen, sharedScreenAspect, sharedScreenFrames, startMeeting, stopSharing, tileNames, tileState, toggleLobby, homeScreen } from '../harness/call-flow';
import { en } from '../../renderer/i18n/messages.en';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const NAMES = ['Alice Anders', 'Bob Berger', 'Carla Costa', 'Dan Dorsey'];

let invite = '';

async function callOf(participants: number, extraPages = 0): Promise<Harness> {
  harness = await startHarness({ participants: participants + extraPages, relay: true });
  const pages = harness.pages.map((p) => p.page);
  await Promise.all(pages.map((page) => page.goto(`${harness!.origin}/index.html`)));
  invite = await startMeeting(pages[0]!, NAMES[0]!);
  for (let i = 1; i < participants; i++) {
    await askToJoin(pages[i]!, invite, NAMES[i]!);
    await admit(pages[0]!, NAMES[i]!);
  }
  return harness;
}

/** Notes every RTCPeerConnection of this page (they all report stats, every second). */
async function watchConnections(page: Page): Promise<void> {
  await page.evaluate(() => {
    const connections = new Set<RTCPeerConnection>();
    Object.assign(window, { seenConnections: connections });
    const getStats = RTCPeerConnection.prototype.getStats;
    RTCPeerConnection.prototype.getStats = function (this: RTCPeerConnection, ...args: Parameters<typeof getStats>) {
      connections.add(this);
      return getStats.apply(this, args);
    } as typeof getStats;
  });
}

/**
 * Samples, every 100 ms from the connection's first description on, the frame width each
 * connection's camera encoder sends (outbound-rtp of the first video m-line's sender).
 */
async function recordCameraSendWidths(page: Page): Promise<void> {
  await page.evaluate(() => {
    const widths: number[][] = [];
    Object.assign(window, { cameraSendWidths: widths });
    const setLocalDescription = RTCPeerConnection.prototype.setLocalDescription;
    const watched = new WeakSet<RTCPeerConnection>();
    RTCPeerConnection.prototype.setLocalDescription = function (this: RTCPeerConnection, ...args: Parameters<typeof setLocalDescription>) {
      if (!watched.has(this)) {
        watched.add(this);
        const samples: number[] = [];
        widths.push(samples);
        const timer = setInterval(() => {
          if (this.connectionState === 'closed') return clearInterval(timer);
          const camera = this.getTransceivers().find((t) => t.sender.track?.kind === 'video');
          void camera?.sender.getStats().then((report) => {
            for (const stat of report.values()) if (stat.type === 'outbound-rtp' && typeof stat.frameWidth === 'number') samples.push(stat.frameWidth);
          });
        }, 100);
      }
      return setLocalDescription.apply(this, args);
    } as typeof setLocalDescription;
  });
}

/** Makes every open connection seen so far report "failed", as when ICE gives up; returns how many. */
function failConnections(page: Page): Promise<number> {
  return page.evaluate(() => {
    const seen = (window as unknown as { seenConnections: Set<RTCPeerConnection> }).seenConnections;
    const open = [...seen].filter((pc) => pc.connectionState !== 'closed');
    for (const pc of open) {
      seen.delete(pc);
      Object.defineProperty(pc, 'connectionState', { get: () => 'failed' });
      pc.dispatchEvent(new Event('connectionstatechange'));
    }
    return open.length;
  });
}

/** Keeps the WebSocket this page last sent on (the relay connection) as window.relaySocket. */
async function watchRelaySocket(page: Page): Promise<void> {
  await page.evaluate(() => {
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: Parameters<typeof send>[0]) {
      Object.assign(window, { relaySocket: this });
      return send.call(this, data);
    };
  });
}

function inCall(h: Harness, count: number): Harness {
  return { ...h, pages: h.pages.slice(0, count) };
}

async function expectEveryoneDecodesEveryone(h: Harness): Promise<void> {
  await expectDecoding(h.pages.map((p) => p.page), NAMES);
}

/**
 * Everything the relay forwarded so far carried no SDP, ICE candidate, address, display name,
 * identity key (raw or hex) or the given extra text in clear: only opaque bytes.
 */
async function expectRelaySawOnlyOpaqueBytes(h: Harness, extraMarkers: string[] = []): Promise<void> {
  const markers = [SDP_START, 'a=fingerprint', 'candidate', '127.0.0.1', ...NAMES, ...extraMarkers];
  expect(relayLeaks(h.relay!.forwarded, markers, await identityKeysOf(h))).toEqual([]);
}

describe('encrypted mesh calls', () => {
  it('two people: the host admits a newcomer, both decode video and audio, the relay sees no plaintext', async () => {
    const h = await callOf(2);
    await expectEveryoneDecodesEveryone(h);
    // Muting travels inside the ratchet: the other side's tile shows it.
    const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
    await control(bob, 'controls.mute');
    await control(bob, 'controls.stopVideo');
    await expect.poll(() => tileState(alice, NAMES[1]!)).toEqual({ micOff: true, cameraOff: true });
    await control(bob, 'controls.unmute');
    await expect.poll(() => tileState(alice, NAMES[1]!)).toEqual({ micOff: false, cameraOff: true });
    // Everything the relay forwarded during the whole call, control messages included.
    await expectRelaySawOnlyOpaqueBytes(h);
    // Bob leaves: he is back home, and Alice's call shows nobody.
    await control(bob, 'controls.leave');
    await expect.poll(() => homeScreen(bob).isVisible()).toBe(true);
    await expect.poll(() => tileNames(alice), { timeout: 10_000 }).toEqual([]);
    for (const { errors } of h.pages) expect(errors).toEqual([]);
  });

  it('three people: media both ways, chat, matching safety numbers; a removed participant is cut off; a closed page vanishes', async () => {
    const h = await callOf(3);
    await expectEveryoneDecodesEveryone(h);
    const [alice, bob, carla] = h.pages.map((p) => p.page) as [Page, Page, Page];

    await sendChat(bob, 'Hallo zusammen, the agenda is ready');
    for (const page of [alice, carla]) await expect.poll(() => chatLog(page)).toContain('Hallo zusammen, the agenda is ready');
    // Carla's knock to Bob was answered with his signed admission as well: still opaque.
    await expectRelaySawOnlyOpaqueBytes(h, ['agenda']);

    const aliceSeesBob = await safetyNumberWith(alice, NAMES[1]!);
    expect(aliceSeesBob).toMatch(/^\d{60}$/);
    expect(await safetyNumberWith(bob, NAMES[0]!)).toBe(aliceSeesBob);

    // Alice hands the host role to Bob; Bob, now host, removes Carla.
    await makeHost(alice, NAMES[1]!);
    await removeParticipant(bob, NAMES[2]!);
    await expect.poll(() => heading(carla, 'error.removed.title').isVisible(), { timeout: 10_000 }).toBe(true);
    for (const page of [alice, bob]) await expect.poll(() => tileNames(page), { timeout: 10_000 }).not.toContain(NAMES[2]);
    expect(await remoteMedia(carla, 500)).toEqual([]);

    const closedAt = Date.now();
    await bob.close();
    await expect.poll(() => tileNames(alice), { timeout: 10_000, interval: 250 }).toEqual([]);
    expect(Date.now() - closedAt).toBeLessThan(10_000);
  });

  it('a host who leaves passes the role on: the meeting still admits newcomers', async () => {
    const h = await callOf(3, 1);
    const [alice, bob, carla, dan] = h.pages.map((p) => p.page) as [Page, Page, Page, Page];
    await expectEveryoneDecodesEveryone(inCall(h, 3));
    await control(alice, 'controls.leave');
    await hostActionsShownFor(bob, NAMES[2]!);
    // Dan trusts Bob's decisions although the invite names Alice: first a no, then a yes.
    await askToJoin(dan, invite, NAMES[3]!);
    await deny(bob, NAMES[3]!);
    await expect.poll(() => heading(dan, 'error.denied.title').isVisible(), { timeout: 10_000 }).toBe(true);
    await backToStart(dan);
    await askToJoin(dan, invite, NAMES[3]!);
    await admit(bob, NAMES[3]!);
    await expectDecoding([bob, carla, dan], [NAMES[1]!, NAMES[2]!, NAMES[3]!]);
    // The succession (identity keys and signatures), the hand-over and the deny: still opaque.
    await expectRelaySawOnlyOpaqueBytes(h);
  });

  it('someone admitted who left comes back with the link straight into the call, until removed', async () => {
    const h = await callOf(2);
    const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
    await expectEveryoneDecodesEveryone(h);
    await control(bob, 'controls.leave');
    await expect.poll(() => tileNames(alice), { timeout: 10_000 }).toEqual([]);
    await askToJoin(bob, invite, NAMES[1]!);
    await expectEveryoneDecodesEveryone(h);
    expect(await tileNames(alice)).toEqual([NAMES[1]]);
    await expectRelaySawOnlyOpaqueBytes(h);
  });

  it('someone removed who comes back with the link waits for the host, even with the lobby off', async () => {
    const h = await callOf(2);
    const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
    await expectEveryoneDecodesEveryone(h);
    await toggleLobby(alice);
    await removeParticipant(alice, NAMES[1]!);
    await expect.poll(() => heading(bob, 'error.removed.title').isVisible(), { timeout: 10_000 }).toBe(true);
    await backToStart(bob);
    await askToJoin(bob, invite, NAMES[1]!);
    expect(await knockSaysRemovedEarlier(alice, NAMES[1]!)).toBe(true);
    expect(await tileNames(alice)).toEqual([]);
    // The host may let them back in: the new admission is younger than the removal.
    await admit(alice, NAMES[1]!);
    await expectEveryoneDecodesEveryone(h);
    await expectRelaySawOnlyOpaqueBytes(h);
  });

  it('a newcomer waits in the lobby without media until the host decides; a denied newcomer is told; a locked meeting admits nobody', async () => {
    const h = await callOf(1, 2);
    const [alice, bob, carla] = h.pages.map((p) => p.page) as [Page, Page, Page];
    await askToJoin(bob, invite, NAMES[1]!);
    await expect.poll(() => heading(bob, 'lobby.title').isVisible()).toBe(true);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await tileNames(bob)).toEqual([]);
    expect(await tileNames(alice)).toEqual([]);
    await expectRelaySawOnlyOpaqueBytes(h);
    // Bob's connection is built while he waits, but nothing of it leaves before admission: the
    // relay carried his knock and Alice's welcome, no offer or candidate (they would be more envelopes).
    expect(envelopeFrames(h.relay!.forwarded)).toHaveLength(2);
    await deny(alice, NAMES[1]!);
    await expect.poll(() => heading(bob, 'error.denied.title').isVisible(), { timeout: 10_000 }).toBe(true);

    await lockMeeting(alice);
    await askToJoin(carla, invite, NAMES[2]!);
    await expect.poll(() => heading(carla, 'error.locked.title').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await tileNames(alice)).toEqual([]);
  });

  /** Alice starts a meeting while the relay is down: the page, still joining. */
  async function newMeetingWithRelayDown(): Promise<Page> {
    harness = await startHarness({ participants: 1, relay: true });
    const alice = harness.pages[0]!.page;
    await alice.goto(`${harness.origin}/index.html`);
    await harness.relay!.stop();
    await openNewMeeting(alice, NAMES[0]!);
    return alice;
  }

  it('a relay that is down: the meeting does not open, and the error says so', async () => {
    const alice = await newMeetingWithRelayDown();
    await expect.poll(() => heading(alice, 'error.relay.title').isVisible(), { timeout: 20_000 }).toBe(true);
  });

  it('cancelling a join that waits for a relay that is down goes back home, and stays there', async () => {
    const alice = await newMeetingWithRelayDown();
    await cancelJoining(alice);
    await expect.poll(() => homeScreen(alice).isVisible(), { timeout: 5000 }).toBe(true);
    // The abandoned join gives up on the relay after JOIN_TIMEOUT_MS: no error screen follows.
    await new Promise((r) => setTimeout(r, JOIN_TIMEOUT_MS + 1000));
    expect(await homeScreen(alice).isVisible()).toBe(true);
    expect(await heading(alice, 'error.relay.title').count()).toBe(0);
  });

  it('with the lobby switched off, a newcomer comes straight in, with the camera and microphone of its preview', async () => {
    const h = await callOf(1, 1);
    const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
    await toggleLobby(alice);
    await bob.evaluate(() => {
      const devices = navigator.mediaDevices;
      const open = devices.getUserMedia.bind(devices);
      const counts = { called: 0, opened: 0 };
      Object.assign(window, { userMediaCounts: counts });
      devices.getUserMedia = (constraints) => {
        counts.called++;
        return open(constraints).then((stream) => (counts.opened++, stream));
      };
    });
    const counts = () => bob.evaluate(() => (window as unknown as { userMediaCounts: { called: number; opened: number } }).userMediaCounts);
    await openInvite(bob, invite, NAMES[1]!);
    // The preview opens camera and microphone separately.
    await expect.poll(counts).toEqual({ called: 2, opened: 2 });
    await confirmJoin(bob);
    // Nobody clicks "Admit".
    await expectEveryoneDecodesEveryone(h);
    // The call took the preview's devices over instead of opening them a third time.
    expect(await counts()).toEqual({ called: 2, opened: 2 });
  });

  it('survives the relay going away: media keeps flowing, and after it is back a newcomer joins the same call', async () => {
    const h = await callOf(2, 1);
    const twoInCall = inCall(h, 2);
    await expectEveryoneDecodesEveryone(twoInCall);
    await h.relay!.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await expectEveryoneDecodesEveryone(twoInCall);
    await h.relay!.start();
    const carla = h.pages[2]!.page;
    await askToJoin(carla, invite, NAMES[2]!);
    await admit(h.pages[0]!.page, NAMES[2]!);
    await expectEveryoneDecodesEveryone(h);
    await expectRelaySawOnlyOpaqueBytes(h);
  });

  it('while the relay is down, new media keys, mute state and host statements still arrive over the connections', async () => {
    const h = await callOf(3);
    const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
    await expectEveryoneDecodesEveryone(h);
    await h.relay!.stop();
    await Promise.all([relayLostBanner(alice).waitFor(), relayLostBanner(bob).waitFor()]);
    // Removing Carla makes Alice send Bob a new key and switch to it 2 s later: a key sent
    // through the missing relay would leave Bob unable to decrypt her from then on.
    await removeParticipant(alice, NAMES[2]!);
    await expect.poll(() => tileNames(alice), { timeout: 10_000 }).toEqual([NAMES[1]]);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await remoteMedia(bob, 3000)).find((m) => m.name === NAMES[0])?.frames).toBeGreaterThan(9);
    // Bob heard of the removal too, over his connection with Alice, and cut Carla off.
    await expect.poll(() => tileNames(bob), { timeout: 10_000 }).toEqual([NAMES[0]]);
    await control(alice, 'controls.mute');
    await expect.poll(() => tileState(bob, NAMES[0]!), { timeout: 10_000 }).toEqual({ micOff: true, cameraOff: false });
    // A hand-over reaches him the same way: the call is not left without a host.
    await makeHost(alice, NAMES[1]!);
    await hostActionsShownFor(bob, NAMES[0]!);
    await expect(relayLostBanner(bob).isVisible()).resolves.toBe(true);
  });

  it('an admission given while the relay is down reaches the waiting newcomer once the relay is back', async () => {
    const h = await callOf(1, 1);
    const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
    await askToJoin(bob, invite, NAMES[1]!);
    await expect.poll(() => heading(bob, 'lobby.title').isVisible()).toBe(true);
    // Bob's lobby shows once his knock is sent; stopping the relay before Alice has it would test
    // a lost knock (Bob knocks again after the restart), not a lost admission.
    await knockShown(alice, NAMES[1]!);
    await h.relay!.stop();
    await relayLostBanner(alice).waitFor();
    await admit(alice, NAMES[1]!);
    await h.relay!.start();
    await expectEveryoneDecodesEveryone(h);
    // The re-sent admission and the offers after it, through the restarted relay: still opaque.
    await expectRelaySawOnlyOpaqueBytes(h);
  });

  it('a former host rebuilds a failed connection it offers on (failed at either end), and stays admitted when it comes back to the relay as someone new', async () => {
    const h = await callOf(2);
    const [alice, bob] = h.pages.map((p) => p.page) as [Page, Page];
    await expectEveryoneDecodesEveryone(h);
    // Alice comes back to the restarted relay after Bob, so she greets him and offers to him from
    // now on (the greeter rule). Her page is held in the debugger until Bob is back.
    const aliceDebugger = await alice.context().newCDPSession(alice);
    await watchRelaySocket(alice); // her re-join is sent on the new relay connection
    await h.relay!.stop();
    await Promise.all([relayLostBanner(alice).waitFor(), relayLostBanner(bob).waitFor()]);
    await aliceDebugger.send('Debugger.enable');
    await aliceDebugger.send('Debugger.pause');
    await h.relay!.start();
    await expect.poll(() => relayLostBanner(bob).isVisible(), { timeout: 30_000 }).toBe(false);
    await aliceDebugger.send('Debugger.resume');
    await aliceDebugger.send('Debugger.disable');
    await expect.poll(() => relayLostBanner(alice).isVisible(), { timeout: 30_000 }).toBe(false);
    await makeHost(alice, NAMES[1]!);
    await hostActionsShownFor(bob, NAMES[0]!);
    for (const page of [alice, bob]) await watchConnections(page);

    // Alice's connection fails (as if ICE had given up): she, not Bob, has to build a new one,
    // although no host ever signed an admission for her.
    await expect.poll(() => failConnections(alice), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => tileNames(alice), { timeout: 10_000 }).toEqual([]);
    await expectEveryoneDecodesEveryone(h);

    // Bob's end fails and he closes it: Alice only sees her end closed, and still rebuilds.
    await expect.poll(() => failConnections(bob), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => tileNames(alice), { timeout: 10_000 }).toEqual([]);
    await expectEveryoneDecodesEveryone(h);

    // Bob's end fails again and Alice drops off the relay before anyone rebuilds it: Bob forgets
    // her. She comes back as someone new to him, and Bob, the host now, knows she is admitted.
    await expect.poll(() => failConnections(bob), { timeout: 10_000 }).toBeGreaterThan(0);
    await alice.evaluate(() => (window as unknown as { relaySocket: WebSocket }).relaySocket.close());
    await expect.poll(() => tileNames(bob), { timeout: 10_000 }).toEqual([]);
    await expectEveryoneDecodesEveryone(h);
    await expectRelaySawOnlyOpaqueBytes(h);
  });

  it('a member that hears of a newcomer\'s admission before its knock leaves the offer to the newcomer: no crossing offers', async () => {
    const h = await callOf(2, 1);
    const [alice, bob, carla] = h.pages.map((p) => p.page) as [Page, Page, Page];
    await expectEveryoneDecodesEveryone(inCall(h, 2));
    await toggleLobby(alice);
    // Bob accepts handshakes slowly, so Carla's knock reaches him after Alice admitted her (and
    // after Carla, admitted, already offered to him).
    h.pages[1]!.ipcDelays.set('identity:kemDecapsulate', 1500);
    await bob.evaluate(() => {
      const counts = { offers: 0 };
      Object.assign(window, { offerCounts: counts });
      const proto = RTCPeerConnection.prototype as unknown as { createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> };
      const createOffer = proto.createOffer;
      proto.createOffer = function (this: RTCPeerConnection, options?: RTCOfferOptions) {
        counts.offers++;
        return createOffer.call(this, options);
      };
    });
    await askToJoin(carla, invite, NAMES[2]!);
    await expectEveryoneDecodesEveryone(h);
    // Carla greeted Bob, so she offers; Bob only answers.
    expect(await bob.evaluate(() => (window as unknown as { offerCounts: { offers: number } }).offerCounts.offers)).toBe(0);
    await expectRelaySawOnlyOpaqueBytes(h);
  });

  it('a shared screen arrives next to the camera, also for someone who joins during the share, and goes when it stops', async () => {
    const h = await callOf(2, 1);
    const [alice, bob, carla] = h.pages.map((p) => p.page) as [Page, Page, Page];
    await expectEveryoneDecodesEveryone(inCall(h, 2));
    await shareScreen(alice);
    await expect.poll(() => sharedScreenFrames(bob, NAMES[0]!), { timeout: 20_000, interval: 500 }).toBeGreaterThan(3);
    // It is the screen (wide), not the 4:3 camera, and the camera keeps going: the screen has a
    // slot of its own on every connection.
    expect(await sharedScreenAspect(bob, NAMES[0]!)).toBeGreaterThan(1.5);
    await expect.poll(() => framesFrom(bob, NAMES[0]!), { timeout: 10_000 }).toBeGreaterThan(3);
    await askToJoin(carla, invite, NAMES[2]!);
    await admit(alice, NAMES[2]!);
    await expect.poll(() => sharedScreenFrames(carla, NAMES[0]!), { timeout: 30_000, interval: 500 }).toBeGreaterThan(3);
    await expectEveryoneDecodesEveryone(h);
    await stopSharing(alice);
    for (const page of [bob, carla]) await expect.poll(() => sharedScreenFrames(page, NAMES[0]!), { timeout: 10_000 }).toBeNull();
    // The camera keeps its slot: it is presenting again within seconds (right after the screen's
    // track ends, a loaded machine shows a second or two of few frames).
    await expect.poll(() => framesFrom(bob, NAMES[0]!), { timeout: 10_000 }).toBeGreaterThan(3);
  });

  it("the pre-join screen opens the link's relay connection, Join takes it over, and Back closes it", async () => {
    harness = await startHarness({ participants: 2, relay: true });
    const [alice, bob] = harness.pages.map((p) => p.page) as [Page, Page];
    await Promise.all([alice, bob].map((page) => page.goto(`${harness!.origin}/index.html`)));
    invite = await startMeeting(alice, NAMES[0]!);
    const relay = harness.relay!;
    const accepted = relay.metric('parley_relay_accepted_connections_total');
    const open = relay.metric('parley_relay_connections');
    // Bob looks at the pre-join screen: one connection, in no room yet.
    await openInvite(bob, invite, NAMES[1]!);
    await expect.poll(() => relay.metric('parley_relay_connections')).toBe(open + 1);
    await leavePreJoin(bob);
    await expect.poll(() => relay.metric('parley_relay_connections')).toBe(open);
    await openInvite(bob, invite, NAMES[1]!);
    await expect.poll(() => relay.metric('parley_relay_connections')).toBe(open + 1);
    await confirmJoin(bob);
    await admit(alice, NAMES[1]!);
    await expectEveryoneDecodesEveryone(harness);
    // The join used the connection the pre-join screen opened: two in all, one of them closed.
    expect(relay.metric('parley_relay_accepted_connections_total')).toBe(accepted + 2);
    expect(relay.metric('parley_relay_connections')).toBe(open + 1);
  });

  it('switching camera and microphone mid-call keeps the other side decoding, and an unplugged microphone falls back with a notice', async () => {
    // Three fake cameras: Chromium's second one (fake_device_1) gives frames no encoder takes
    // (docs/TESTING.md, "Fake devices"), so the switch goes to the third.
    harness = await startHarness({ participants: 2, relay: true, fakeCameras: 3 });
    const [alice, bob] = harness.pages.map((p) => p.page) as [Page, Page];
    await Promise.all([alice, bob].map((page) => page.goto(`${harness!.origin}/index.html`)));
    await watchConnections(bob);
    invite = await startMeeting(alice, NAMES[0]!);
    await askToJoin(bob, invite, NAMES[1]!);
    await admit(alice, NAMES[1]!);
    await expectEveryoneDecodesEveryone(harness);
    const sending = () =>
      bob.evaluate(() => {
        const [pc] = [...(window as unknown as { seenConnections: Set<RTCPeerConnection> }).seenConnections].filter((c) => c.connectionState !== 'closed');
        return pc!.getSenders().map((s) => s.track?.label ?? null).filter((label) => label !== null).sort();
      });
    expect(await sending()).toEqual(['Fake Default Audio Input', 'fake_device_0']);
    // Bob picks the second camera and another microphone in the call's device dialog (keyboard: D).
    await bob.keyboard.press('d');
    const dialog = bob.getByRole('dialog', { name: en['devices.title'] });
    await dialog.getByLabel(en['devices.camera'], { exact: true }).selectOption({ label: 'fake_device_2' });
    await dialog.getByLabel(en['devices.microphone'], { exact: true }).selectOption({ label: 'Fake Audio Input 1' });
    await expect.poll(sending, { timeout: 10_000 }).toEqual(['Fake Audio Input 1', 'fake_device_2']);
    await dialog.getByRole('button', { name: en['common.close'] }).click();
    // Alice keeps decoding both, through the same connection, and nothing failed to decrypt.
    await expect.poll(() => framesFrom(alice, NAMES[1]!), { timeout: 10_000 }).toBeGreaterThan(3);
    await expect.poll(async () => (await remoteMedia(alice)).find((m) => m.name === NAMES[1])?.audioLevel ?? 0, { timeout: 10_000 }).toBeGreaterThan(0.01);
    expect((await connectionDetails(alice, NAMES[1]!))['decrypt-failures']).toBe('0');
    // The microphone goes away (as when a headset is unplugged, its track ends): the default takes over.
    await bob.evaluate(() => {
      const [pc] = [...(window as unknown as { seenConnections: Set<RTCPeerConnection> }).seenConnections].filter((c) => c.connectionState !== 'closed');
      pc!.getSenders().find((s) => s.track?.kind === 'audio')!.track!.dispatchEvent(new Event('ended'));
    });
    await bob.getByText(en['devices.fallbackAudio']).waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await sending())[0], { timeout: 10_000 }).not.toBe('Fake Audio Input 1');
    await expect.poll(async () => (await remoteMedia(alice)).find((m) => m.name === NAMES[1])?.audioLevel ?? 0, { timeout: 10_000 }).toBeGreaterThan(0.01);
  });

  it('four people at reduced resolution: everyone decodes everyone', async () => {
    const h = await callOf(4);
    await expectEveryoneDecodesEveryone(h);
    // From four people on, cameras go out at 15 fps (the fake camera captures 20).
    for (const { frames, name } of await remoteMedia(h.pages[0]!.page, 2000)) expect(frames, `frames from ${name} in 2 s`).toBeLessThanOrEqual(32);
  });

  it('the fourth person sends at reduced resolution from the first frame on every connection', async () => {
    const h = await callOf(3, 1);
    const dan = h.pages[3]!.page;
    await dan.goto(`${h.origin}/index.html`);
    await recordCameraSendWidths(dan);
    await askToJoin(dan, invite, NAMES[3]!);
    await admit(h.pages[0]!.page, NAMES[3]!);
    await expect.poll(async () => (await remoteMedia(dan, 2000)).filter((m) => m.frames > 3).length, { timeout: 30_000, interval: 500 }).toBe(3);
    // The camera captures 640x480; a mesh of four sends half of it (bitrate-policy.ts), also on
    // the connections that open while the newcomer knows of fewer built ones.
    const widths = await dan.evaluate(() => (window as unknown as { cameraSendWidths: number[][] }).cameraSendWidths);
    expect(widths).toHaveLength(3);
    for (const perConnection of widths) {
      expect(perConnection.length, 'width samples').toBeGreaterThan(0);
      expect(Math.max(...perConnection)).toBeLessThanOrEqual(320);
    }
  });
});
