// Real end-to-end encrypted calls: pages of the built renderer in Chromium, each with its own
// main services (keystore, identity), a real relay on 127.0.0.1, fake camera and microphone.
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';
import { admit, askToJoin, remoteMedia, startMeeting } from '../harness/call-flow';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const NAMES = ['Alice Anders', 'Bob Berger', 'Carla Costa', 'Dan Dorsey'];

async function callOf(participants: number): Promise<Harness> {
  harness = await startHarness({ participants, relay: true });
  const pages = harness.pages.map((p) => p.page);
  await Promise.all(pages.map((page) => page.goto(`${harness!.origin}/index.html`)));
  const invite = await startMeeting(pages[0]!, NAMES[0]!);
  for (let i = 1; i < participants; i++) {
    await askToJoin(pages[i]!, invite, NAMES[i]!);
    await admit(pages[0]!, NAMES[i]!);
  }
  return harness;
}

async function expectEveryoneDecodesEveryone(h: Harness): Promise<void> {
  for (const [index, { page }] of h.pages.entries()) {
    await expect
      .poll(async () => (await remoteMedia(page, 1000)).filter((m) => m.frames > 3).map((m) => m.name).sort(), { timeout: 30_000, interval: 500 })
      .toEqual(NAMES.slice(0, h.pages.length).filter((_, i) => i !== index).sort());
    const media = await remoteMedia(page);
    for (const m of media) expect(m.audioLevel, `audio from ${m.name} on page ${index}`).toBeGreaterThan(0.01);
  }
}

function relaySaw(h: Harness): string {
  return Buffer.concat(h.relay!.forwarded).toString('latin1');
}

describe('encrypted mesh calls', () => {
  it('two people: the host admits a newcomer, both decode video and audio, the relay sees no plaintext', async () => {
    const h = await callOf(2);
    await expectEveryoneDecodesEveryone(h);
    const seen = relaySaw(h);
    for (const marker of ['v=0', 'a=fingerprint', 'candidate', '127.0.0.1', ...NAMES.slice(0, 2)]) expect(seen).not.toContain(marker);
    for (const { services } of h.pages) {
      const identity = (await services.handlers['identity:getPublicPrekeys']()).identityKey;
      expect(Buffer.concat(h.relay!.forwarded).includes(Buffer.from(identity))).toBe(false);
      expect(seen).not.toContain(bytesToHex(identity));
    }
    for (const { errors } of h.pages) expect(errors).toEqual([]);
  });
});
