// Contacts and ringing in real Chromium (PROTOCOL.md §13): two installed copies of Parley swap
// contact cards through the UI; Alice rings a team of Bob and Carol, whose card she has but whose
// app is not running. Bob's page shows the incoming call, he accepts and both are in an encrypted
// call without a lobby; Carol's ring times out as "No answer". What the relay delivered to Bob's
// mailbox names neither identity, nor any name, nor Alice's mailbox.
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../protocol/bytes';
import { CONTACT_LINK_PREFIX, contactLink, decodeContactCard, signContactCard } from '../../protocol/contact/contact-card';
import { testIdentity } from '../../protocol/contact/test-identities';
import type { ContactBook } from '../../protocol/ipc-contract';
import { FrameType } from '../../protocol/relay-wire/codec';
import { en } from '../../renderer/i18n/messages.en';
import { runAxe, seriousViolations } from '../harness/axe';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness;
let alice: Page;
let bob: Page;

const text = (key: keyof typeof en, vars: Record<string, string> = {}): string =>
  (en[key] as string).replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');

beforeAll(async () => {
  harness = await startHarness({ participants: 2, relay: true });
  [alice, bob] = harness.pages.map((p) => p.page) as [Page, Page];
  await Promise.all([alice, bob].map((page) => page.goto(`${harness.origin}/index.html`)));
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
  await expect.poll(nameOnCard, { timeout: 10_000 }).toBe(name);
  return link.inputValue();
}

async function addContact(page: Page, link: string, name: string): Promise<void> {
  await page.getByRole('textbox', { name: text('contacts.addLabel'), exact: true }).fill(link);
  await page.getByRole('button', { name: text('contacts.addButton'), exact: true }).click();
  await page.getByText(text('contacts.added', { name }), { exact: true }).waitFor();
}

describe('ringing contacts', () => {
  it('A rings a team of B (online) and C (offline): B accepts into an encrypted call, C times out', async () => {
    const [aliceLink, bobLink] = await Promise.all([openContacts(alice, 'Alice Anders'), openContacts(bob, 'Bob Berger')]);
    // Carol has a card on the same relay, but her app never runs.
    const carol = await testIdentity();
    const carolCard = await signContactCard(
      { displayName: 'Carol Cole', identityKey: carol.identityKey, mailboxId: new Uint8Array(16).fill(0xcc), relayUrl: harness.relay!.url, issuedAt: Date.now() },
      carol.sign,
    );
    await addContact(alice, bobLink, 'Bob Berger');
    await addContact(alice, contactLink(carolCard), 'Carol Cole');
    await addContact(bob, aliceLink, 'Alice Anders');
    expect(seriousViolations(await runAxe(bob)), 'contacts screen').toEqual([]);

    await alice.getByRole('textbox', { name: text('teams.name'), exact: true }).fill('Ops');
    await alice.getByRole('checkbox', { name: 'Bob Berger' }).check();
    await alice.getByRole('checkbox', { name: 'Carol Cole' }).check();
    await alice.getByRole('button', { name: text('teams.save'), exact: true }).click();
    await alice.getByRole('button', { name: text('teams.callName', { name: 'Ops' }), exact: true }).click();

    const incoming = bob.getByRole('alertdialog', { name: text('ring.incomingTitle') });
    await incoming.getByText(text('ring.incomingTeam', { name: 'Alice Anders', team: 'Ops' })).waitFor({ timeout: 20_000 });
    expect(seriousViolations(await runAxe(bob)), 'incoming call view').toEqual([]);
    await incoming.getByRole('button', { name: text('ring.accept'), exact: true }).click();

    // No lobby: Bob is admitted at once and both see each other, end-to-end encrypted.
    await bob.getByRole('figure', { name: 'Alice Anders' }).waitFor({ timeout: 20_000 });
    await alice.getByRole('figure', { name: 'Bob Berger' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => bob.getByText('End-to-end encrypted', { exact: true }).count(), { timeout: 20_000 }).toBe(1);

    const status = alice.getByRole('complementary', { name: text('ring.outgoingTitle') });
    await status.getByText(`Bob Berger: ${text('ring.accepted')}`).waitFor({ timeout: 10_000 });
    await status.getByText(`Carol Cole: ${text('ring.noAnswer')}`).waitFor({ timeout: 40_000 });

    // The relay's view: every mail frame it delivered to Bob's mailbox.
    const [aliceBook, bobBook] = (await Promise.all(harness.pages.map((p) => p.services.contactBook.get()))) as [ContactBook, ContactBook];
    const bobEntry = aliceBook.contacts.find((c) => c.displayName === 'Bob Berger')!;
    const aliceEntry = bobBook.contacts.find((c) => c.displayName === 'Alice Anders')!;
    const mails = harness.relay!.forwarded.filter((f) => f[1] === FrameType.mail);
    const toBob = mails.filter((f) => bytesToHex(f.subarray(2, 18)) === bytesToHex(bobEntry.mailboxId));
    expect(toBob.length).toBeGreaterThan(0);
    const secrets = [aliceEntry.identityKey, bobEntry.identityKey, aliceEntry.mailboxId, utf8ToBytes('Alice Anders'), utf8ToBytes('Bob Berger'), utf8ToBytes('Ops'), utf8ToBytes('parley://')];
    for (const frame of toBob) for (const secret of secrets) expect(bytesToHex(frame.subarray(18)).includes(bytesToHex(secret))).toBe(false);
  });

  it('after both leave, A rings B again and B declines: A sees it', async () => {
    for (const page of [bob, alice]) await page.keyboard.press('Control+Shift+L'); // the Leave control's shortcut
    await alice.getByRole('heading', { name: text('contacts.title'), exact: true }).waitFor();
    await alice.getByRole('button', { name: text('contacts.callName', { name: 'Bob Berger' }), exact: true }).click();
    const incoming = bob.getByRole('alertdialog', { name: text('ring.incomingTitle') });
    await incoming.getByText(text('ring.incomingFrom', { name: 'Alice Anders' })).waitFor({ timeout: 20_000 });
    await incoming.getByRole('button', { name: text('ring.decline'), exact: true }).click();
    const status = alice.getByRole('complementary', { name: text('ring.outgoingTitle') });
    await status.getByText(`Bob Berger: ${text('ring.declined')}`).waitFor({ timeout: 10_000 });
  });

  it('keeps the calls in both histories and logged no console errors', async () => {
    const [aliceBook, bobBook] = (await Promise.all(harness.pages.map((p) => p.services.contactBook.get()))) as [ContactBook, ContactBook];
    expect(aliceBook.history.map((r) => [r.direction, r.teamName, r.outcome])).toEqual([['outgoing', '', 'declined'], ['outgoing', 'Ops', 'answered']]);
    expect(bobBook.history.map((r) => [r.direction, r.teamName, r.outcome])).toEqual([['incoming', '', 'declined'], ['incoming', 'Ops', 'answered']]);
    for (const { errors } of harness.pages) expect(errors).toEqual([]);
  });

  it('asked main for an OS notification per ring, with nothing but the caller name and verified state', () => {
    const [aliceMain, bobMain] = harness.pages as [(typeof harness.pages)[number], (typeof harness.pages)[number]];
    expect(aliceMain.notifications).toEqual([]);
    const ring = { kind: 'incoming', callerName: 'Alice Anders', verified: false, language: expect.stringMatching(/^(en|de)$/) };
    expect(bobMain.notifications).toEqual([ring, ring]);
  });
});
