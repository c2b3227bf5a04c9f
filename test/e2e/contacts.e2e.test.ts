// Contacts and ringing in real Chromium (PROTOCOL.md §13): four installed copies of Parley (Alice,
// Bob, Carol, Dan: own main services each, one real relay). Alice and each of the others swap
// contact cards through the UI; Alice saves the team "Ops" of Bob, Carol and Dan and rings it.
// Bob and Carol accept (Carol on the OS notification), Dan declines: Alice's ringing status shows both accepted and Dan declined,
// and Alice, Bob and Carol are in one end-to-end encrypted call without a lobby, each decoding the
// other two's video. What the relay delivered to the mailboxes names no identity, no name and no
// sender mailbox. Then everyone leaves, Dan quits (his page closes) and Alice rings him: the ring
// times out as "No answer" after the ring time (RING_MS, the one 30 s wait in this file), and
// nothing reached Dan's mailbox. Histories and OS notifications record exactly those rings.
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../protocol/bytes';
import { CONTACT_LINK_PREFIX, decodeContactCard } from '../../protocol/contact/contact-card';
import type { ContactBook } from '../../protocol/ipc-contract';
import { FrameType } from '../../protocol/relay-wire/codec';
import { en } from '../../renderer/i18n/messages.en';
import { runAxe, seriousViolations } from '../harness/axe';
import { remoteMedia, tileNames } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

const ALICE = 'Alice Anders';
const BOB = 'Bob Berger';
const CAROL = 'Carol Cole';
const DAN = 'Dan Dorn';
const TEAM = 'Ops';

let harness: Harness;
let alice: Page;
let bob: Page;
let carol: Page;
let dan: Page;
/** Mailbox ids (hex) Alice's app posted to, read from her page's WebSocket frames as they left Chromium. */
const alicePostedTo: string[] = [];

const text = (key: keyof typeof en, vars: Record<string, string> = {}): string =>
  (en[key] as string).replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');

beforeAll(async () => {
  harness = await startHarness({ participants: 4, relay: true });
  [alice, bob, carol, dan] = harness.pages.map((p) => p.page) as [Page, Page, Page, Page];
  alice.on('websocket', (socket) => socket.on('framesent', ({ payload }) => {
    if (typeof payload !== 'string' && payload[1] === FrameType.post) alicePostedTo.push(bytesToHex(payload.subarray(2, 18)));
  }));
  await Promise.all([alice, bob, carol, dan].map((page) => page.goto(`${harness.origin}/index.html`)));
});

afterAll(async () => {
  await harness?.close();
});

async function openContacts(page: Page, name: string): Promise<string> {
  await page.getByLabel(text('home.nameLabel')).fill(name);
  await page.getByRole('button', { name: text('nav.contacts'), exact: true }).click();
  const link = page.getByRole('textbox', { name: text('contacts.myCardLink'), exact: true });
  // The card on screen is re-signed with the name just typed (the app started with a default one).
  const nameOnCard = async () => {
    const value = await link.inputValue();
    return value.startsWith(CONTACT_LINK_PREFIX) ? decodeContactCard(fromBase64Url(value.slice(CONTACT_LINK_PREFIX.length))!).displayName : '';
  };
  await expect.poll(nameOnCard, { timeout: 30_000 }).toBe(name);
  return link.inputValue();
}

async function addContact(page: Page, link: string, name: string): Promise<void> {
  await page.getByRole('textbox', { name: text('contacts.addLabel'), exact: true }).fill(link);
  await page.getByRole('button', { name: text('contacts.addButton'), exact: true }).click();
  await page.getByText(text('contacts.added', { name }), { exact: true }).waitFor({ timeout: 30_000 });
}

const incomingCall = (page: Page) => page.getByRole('alertdialog', { name: text('ring.incomingTitle') });
const ringStatus = (page: Page) => page.getByRole('complementary', { name: text('ring.outgoingTitle') });
/** The caller's per-callee lines ("Bob Berger: Accepted"), sorted. */
const ringLines = async (page: Page) => (await ringStatus(page).getByRole('listitem').allTextContents()).sort();
const line = (name: string, status: 'ring.ringing' | 'ring.accepted' | 'ring.declined' | 'ring.noAnswer') => `${name}: ${text(status)}`;

/** Names of the remote tiles on `page` whose video presented more than 3 frames in a second. */
async function decodedVideoFrom(page: Page): Promise<string[]> {
  return (await remoteMedia(page, 1000)).filter((m) => m.frames > 3).map((m) => m.name).sort();
}

async function books(): Promise<ContactBook[]> {
  return Promise.all(harness.pages.map((p) => p.services.contactBook.get()));
}

describe('ringing contacts', () => {
  it('Alice rings the team Bob, Carol, Dan: two accept into one encrypted call, Dan declines, Alice sees it', async () => {
    const [aliceLink, bobLink, carolLink, danLink] = await Promise.all([
      openContacts(alice, ALICE), openContacts(bob, BOB), openContacts(carol, CAROL), openContacts(dan, DAN),
    ]);
    // Alice adds each callee; each callee adds Alice (a ring is only taken from a contact).
    await addContact(alice, bobLink, BOB);
    await addContact(alice, carolLink, CAROL);
    await addContact(alice, danLink, DAN);
    await Promise.all([bob, carol, dan].map((page) => addContact(page, aliceLink, ALICE)));
    expect(seriousViolations(await runAxe(bob)), 'contacts screen').toEqual([]);

    await alice.getByRole('textbox', { name: text('teams.name'), exact: true }).fill(TEAM);
    for (const name of [BOB, CAROL, DAN]) await alice.getByRole('checkbox', { name }).check();
    await alice.getByRole('button', { name: text('teams.save'), exact: true }).click();
    await alice.getByRole('button', { name: text('teams.callName', { name: TEAM }), exact: true }).click();

    const invitation = text('ring.incomingTeam', { name: ALICE, team: TEAM });
    await Promise.all([bob, carol, dan].map((page) => incomingCall(page).getByText(invitation).waitFor({ timeout: 30_000 })));
    expect(seriousViolations(await runAxe(dan)), 'incoming call view').toEqual([]);
    // Carol answers on the OS notification instead (her window, like every e2e page, is not
    // focused): main hands her Accept to the renderer (ring-answer event, takeRingAnswer), whose
    // Ringer accepts that ring and joins, as main/electron does for the notification's Accept button.
    const carolMain = harness.pages[2]!;
    await expect.poll(() => carolMain.notifications.length, { timeout: 10_000 }).toBe(1);
    await Promise.all([
      incomingCall(bob).getByRole('button', { name: text('ring.accept'), exact: true }).click(),
      carolMain.services.ringAnswers.offer({ callId: carolMain.notifications[0]!.callId, answer: 'accept' }),
      incomingCall(dan).getByRole('button', { name: text('ring.decline'), exact: true }).click(),
    ]);

    // The caller sees every answer: two accepted, Dan declined.
    await expect
      .poll(() => ringLines(alice), { timeout: 30_000 })
      .toEqual([line(BOB, 'ring.accepted'), line(CAROL, 'ring.accepted'), line(DAN, 'ring.declined')].sort());
    await expect.poll(() => incomingCall(dan).count()).toBe(0);

    // No lobby: Bob and Carol are admitted at once; Alice, Bob and Carol form one call (Dan is in
    // none), and each decodes the other two's video, end-to-end encrypted.
    const inCall: Array<[Page, string[]]> = [[alice, [BOB, CAROL]], [bob, [ALICE, CAROL]], [carol, [ALICE, BOB]]];
    await Promise.all(inCall.map(([page, others]) => expect.poll(() => tileNames(page), { timeout: 30_000 }).toEqual(others)));
    await Promise.all(inCall.map(([page, others]) => expect.poll(() => decodedVideoFrom(page), { timeout: 30_000, interval: 500 }).toEqual(others)));
    // The shield follows the media Worker's counters, which arrive a moment after the first frames.
    for (const [page] of inCall) await expect.poll(() => page.getByText('End-to-end encrypted', { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    expect(await tileNames(dan)).toEqual([]);

    // The relay's view: every mail frame it delivered (rings to the three, answers to Alice) is an
    // opaque blob behind a mailbox id. No identity key, name, team name, card or other mailbox id.
    const [aliceBook, bobBook] = (await books()) as [ContactBook, ContactBook];
    const callees = [BOB, CAROL, DAN].map((name) => aliceBook.contacts.find((c) => c.displayName === name)!);
    const aliceEntry = bobBook.contacts.find((c) => c.displayName === ALICE)!;
    const mailboxes = [aliceEntry, ...callees].map((c) => bytesToHex(c.mailboxId));
    const mails = harness.relay!.forwarded.filter((f) => f[1] === FrameType.mail);
    const recipients = mails.map((f) => bytesToHex(f.subarray(2, 18)));
    for (const mailbox of mailboxes) expect(recipients, 'a mail reached every mailbox').toContain(mailbox);
    const names = [ALICE, BOB, CAROL, DAN, TEAM, 'parley://'].map((s) => bytesToHex(utf8ToBytes(s)));
    const keys = [aliceEntry, ...callees].map((c) => bytesToHex(c.identityKey));
    for (const [i, frame] of mails.entries()) {
      const blob = bytesToHex(frame.subarray(18));
      const otherMailboxes = mailboxes.filter((m) => m !== recipients[i]);
      for (const secret of [...keys, ...names, ...otherMailboxes]) expect(blob.includes(secret)).toBe(false);
    }
  });

  it('a ring to a contact whose app is closed times out as "No answer", and reaches nobody', async () => {
    for (const page of [bob, carol, alice]) await page.keyboard.press('Control+Shift+L'); // the Leave control's shortcut
    await alice.getByRole('heading', { name: text('contacts.title'), exact: true }).waitFor({ timeout: 30_000 });
    await dan.close(); // Dan quits Parley: nothing listens on his mailbox any more
    const danMailbox = bytesToHex((await harness.pages[0]!.services.contactBook.get()).contacts.find((c) => c.displayName === DAN)!.mailboxId);
    const forwardedBefore = harness.relay!.forwarded.length;
    const postsBefore = alicePostedTo.length;

    await alice.getByRole('button', { name: text('contacts.callName', { name: DAN }), exact: true }).click();
    await expect.poll(() => ringLines(alice), { timeout: 30_000 }).toEqual([line(DAN, 'ring.ringing')]);
    await expect.poll(() => ringLines(alice), { timeout: 45_000, interval: 1000 }).toEqual([line(DAN, 'ring.noAnswer')]);
    // Alice's app did post the sealed ring to Dan's mailbox; the relay delivered nothing there.
    expect(alicePostedTo.slice(postsBefore)).toContain(danMailbox);
    const toDan = harness.relay!.forwarded.slice(forwardedBefore).filter((f) => f[1] === FrameType.mail && bytesToHex(f.subarray(2, 18)) === danMailbox);
    expect(toDan).toEqual([]);
    // A clean end: the summary can be closed.
    await ringStatus(alice).getByRole('button', { name: text('ring.dismiss'), exact: true }).click();
    await expect.poll(() => ringStatus(alice).count()).toBe(0);
  });

  it('keeps every ring in the local histories and logged no console errors', async () => {
    const history = (book: ContactBook | undefined) => book!.history.map((r) => [r.direction, r.teamName, r.outcome]);
    const [aliceBook, bobBook, carolBook, danBook] = await books();
    expect(history(aliceBook)).toEqual([['outgoing', '', 'no-answer'], ['outgoing', TEAM, 'answered']]);
    expect(history(bobBook)).toEqual([['incoming', TEAM, 'answered']]);
    expect(history(carolBook)).toEqual([['incoming', TEAM, 'answered']]);
    expect(history(danBook)).toEqual([['incoming', TEAM, 'declined']]);
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });

  it('asked main for an OS notification per ring received, with nothing but the ring id, caller name and verified state', () => {
    const [aliceMain, ...callees] = harness.pages;
    expect(aliceMain!.notifications).toEqual([]);
    const ring = { kind: 'incoming', callId: expect.stringMatching(/^[0-9a-f]{32}$/), callerName: ALICE, verified: false, language: expect.stringMatching(/^(en|de)$/) };
    // One each for the team ring; the ring to Dan while his app was closed reached nobody.
    for (const callee of callees) expect(callee.notifications).toEqual([ring]);
    // One team ring: the same call id for every callee (an Accept on the notification answers that ring).
    expect(new Set(callees.map((c) => c.notifications[0]!.callId)).size).toBe(1);
  });
});
