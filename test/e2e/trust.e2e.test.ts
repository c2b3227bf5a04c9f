// Trust that is remembered (PROTOCOL.md §9.2), through the real UI, main services and relay:
// Alice verifies Bob in one call and sees him verified in the next, in her lobby before she
// admits him and on his tile after; Bob verifies Alice by scanning the QR code on her screen (a
// screenshot of her dialog, held up to his camera); someone else who knocks as "Bob Berger" with
// another key is flagged in her lobby as not the Bob she verified; with a third person in, all
// three pages show one meeting code.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/messages.en';
import { admit, askToJoin, backToStart, control, deny, heading, homeScreen, knockEntryText, openParticipantsPanel, startMeeting } from '../harness/call-flow';
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
  it('Alice marks Bob verified in a call (he was not, in the lobby, where both saw the same number)', async () => {
    const invite = await startMeeting(alice, 'Alice Anders');
    await askToJoin(bob, invite, 'Bob Berger');
    expect(await knockEntryText(alice, 'Bob Berger')).not.toContain(en['lobby.verifiedBefore']);
    // Waiting, Bob sees the very number Alice's knock list shows: they can read it to each other first.
    const digits = async (page: Page, label: string) => ((await page.getByRole('list', { name: label, exact: true }).textContent()) ?? '').replace(/\D/g, '');
    const bobSees = await digits(bob, en['lobby.numberWithHost']);
    expect(bobSees).toMatch(/^\d{60}$/);
    expect(await digits(alice, en['verify.numberOf'].replace('{name}', 'Bob Berger'))).toBe(bobSees);
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

  it('Bob verifies Alice by scanning the QR on her screen: his own code does not match, hers does', async () => {
    await feedCameraFromImages(bob);
    const aliceCode = await qrScreenshot(alice, 'Bob Berger');
    const bobOwnCode = await qrScreenshot(bob, 'Alice Anders');
    await bob.getByRole('button', { name: 'Scan Alice Anders’s code', exact: true }).click();
    const dialog = bob.getByRole('dialog');
    await showToCamera(bob, bobOwnCode);
    await dialog.getByText(en['verify.scanMismatch'].replaceAll('{name}', 'Alice Anders')).waitFor({ timeout: 15_000 });
    expect(await tileText(bob, 'Alice Anders')).not.toContain(en['trust.verified']);
    await showToCamera(bob, aliceCode);
    await bob.getByText(en['verify.scanMatched'].replace('{name}', 'Alice Anders')).waitFor({ timeout: 15_000 });
    await expect.poll(() => tileText(bob, 'Alice Anders'), { timeout: 10_000 }).toContain(en['trust.verified']);
    const record = (await harness.pages[1]!.services.handlers['trust:list']()).find((r) => r.names.includes('Alice Anders'));
    expect(record?.verified).toMatchObject({ method: 'qr-code' });
  });

  it('someone else knocking as "Bob Berger" is flagged before Alice admits them', async () => {
    await askToJoin(mallory, secondInvite, 'Bob Berger');
    await expect.poll(() => alice.locator('li.knock').count(), { timeout: 20_000 }).toBe(1);
    const warning = en['lobby.notTheVerified'].replace('{name}', 'Bob Berger');
    await alice.locator('li.knock').getByText(warning).waitFor({ timeout: 20_000 });
    await deny(alice, 'Bob Berger');
    await heading(mallory, 'error.denied.title').waitFor({ timeout: 20_000 });
  });

  it('three people read one meeting code: the same on every page, another than before the third came in', async () => {
    const before = await meetingCodeOf(alice);
    await backToStart(mallory);
    await askToJoin(mallory, secondInvite, 'Carla Costa');
    await admit(alice, 'Carla Costa');
    await Promise.all([alice.getByRole('figure', { name: 'Carla Costa', exact: true }).waitFor({ timeout: 20_000 }), mallory.getByRole('figure', { name: 'Bob Berger', exact: true }).waitFor({ timeout: 20_000 })]);
    await bob.getByRole('figure', { name: 'Carla Costa', exact: true }).waitFor({ timeout: 20_000 });
    const codes = await Promise.all([alice, bob, mallory].map((page) => meetingCodeOf(page)));
    expect(codes[0]).toMatch(/^\d{16}$/);
    expect(new Set(codes).size).toBe(1);
    expect(codes[0]).not.toBe(before);
    await alice.getByRole('button', { name: en['meetingCode.same'], exact: true }).click();
    await expect.poll(() => tileText(alice, 'Carla Costa'), { timeout: 10_000 }).toContain(en['trust.verified']);
    const carla = (await harness.pages[0]!.services.handlers['trust:list']()).find((r) => r.names.includes('Carla Costa'));
    expect(carla?.verified).toMatchObject({ method: 'meeting-code' });
  });

  it('logged no console errors', () => {
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });
});

/** The meeting code `page` shows now (opened afresh, so it covers who is in the call now), as 16 digits. */
async function meetingCodeOf(page: Page): Promise<string> {
  await openParticipantsPanel(page);
  const toggle = page.getByRole('button', { name: en['meetingCode.show'], exact: true });
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await toggle.click();
  return ((await page.getByRole('list', { name: en['meetingCode.title'], exact: true }).textContent()) ?? '').replace(/\D/g, '');
}

/** A screenshot of the safety-number QR that `page` shows for `name` (the participants panel's verify box). */
async function qrScreenshot(page: Page, name: string): Promise<Buffer> {
  const qr = page.getByRole('img', { name: en['verify.qrOf'].replace('{name}', name), exact: true });
  if (!(await qr.isVisible())) {
    await openParticipantsPanel(page);
    await page.getByRole('button', { name: `Verify ${name}`, exact: true }).click();
  }
  return qr.screenshot();
}

/**
 * The scanner's camera (the only getUserMedia asking for the 'environment' camera) becomes a
 * canvas showing whatever image showToCamera put there, as a phone held up to a screen would.
 */
async function feedCameraFromImages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 480;
    const context = canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    const feed = { image: null as HTMLImageElement | null };
    Object.assign(window, { qrFeed: feed });
    setInterval(() => {
      context.fillStyle = '#fff';
      context.fillRect(0, 0, 480, 480);
      if (feed.image) context.drawImage(feed.image, 40, 40, 400, 400);
    }, 50);
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const video = constraints?.video;
      return typeof video === 'object' && video.facingMode === 'environment' ? canvas.captureStream(15) : original(constraints);
    };
  });
}

async function showToCamera(page: Page, png: Buffer): Promise<void> {
  await page.evaluate(async (url) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    (window as unknown as { qrFeed: { image: HTMLImageElement | null } }).qrFeed.image = image;
  }, `data:image/png;base64,${png.toString('base64')}`);
}
