import { bytesToHex } from '@noble/hashes/utils.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openContactLink } from '../../protocol/contact/contact-card';
import { canonicalIdentityHex } from '../../protocol/keys/identity';
import { testIdentity, type TestIdentity } from '../../protocol/contact/test-identities';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import { KnownIdentities } from '../identities/known-identities';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { Vault } from '../vault/vault';
import { CONTACTS_FILE, ContactBookService } from './contact-book';

let dir: string;
let vault: Vault;
let clock = 1_790_000_000_000;
const DAY = 86_400_000;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-contacts-'));
  vault = await Vault.create(dir, createTestSealer());
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const me = await testIdentity();
const ada = await testIdentity();
const bo = await testIdentity();

function book(identity: TestIdentity = me, relayUrl: string | null = 'wss://relay.example.org') {
  const identities = new KnownIdentities(dir, async () => vault, () => clock);
  const service = new ContactBookService({
    dataDir: dir,
    vault: async () => vault,
    identities,
    provider: nobleProvider,
    identityKey: async () => identity.identityKey,
    sign: identity.sign,
    relayUrl: async () => relayUrl,
    now: () => clock,
  });
  return { service, identities };
}

/** Someone else's card, as their own installation would make it (in its own folder). */
async function cardOf(who: TestIdentity, name: string, reissue = false): Promise<string> {
  const other = new ContactBookService({
    dataDir: await mkdtemp(path.join(tmpdir(), 'parley-contacts-other-')),
    vault: async () => vault,
    identities: new KnownIdentities(dir, async () => vault, () => clock),
    provider: nobleProvider,
    identityKey: async () => who.identityKey,
    sign: who.sign,
    relayUrl: async () => 'wss://relay.example.org',
    now: () => clock,
  });
  await other.myCard(name, false);
  return (await other.myCard(name, reissue)).link;
}

describe('contact book', () => {
  it('makes our own signed card, stable until re-issued with a new mailbox id', async () => {
    const { service } = book();
    const first = await service.myCard('Me', false);
    const again = await service.myCard('Me', false);
    expect(again.link).toBe(first.link);
    const card = await openContactLink(nobleProvider, first.link);
    expect(card.identityKey).toEqual(me.identityKey);
    expect(card.mailboxId).toEqual(first.mailboxId);
    clock += 1000;
    const reissued = await service.myCard('Me', true);
    expect(reissued.mailboxId).not.toEqual(first.mailboxId);
    expect(reissued.link).not.toBe(first.link);
    const renamed = await service.myCard('Me Too', false);
    expect(renamed.mailboxId).toEqual(reissued.mailboxId);
    expect((await openContactLink(nobleProvider, renamed.link)).issuedAt).toBeGreaterThan((await openContactLink(nobleProvider, reissued.link)).issuedAt);
    await expect(book(me, null).service.myCard('Me', false)).rejects.toMatchObject({ code: 'no-relay' });
  });

  it('adds a verified card into known identities, lists it, and refuses tampered or own cards', async () => {
    const { service, identities } = book();
    const link = await cardOf(ada, 'Ada');
    const entry = await service.add(link);
    expect(entry).toMatchObject({ contactId: bytesToHex(ada.identityKey), displayName: 'Ada', verified: false });
    expect((await identities.list()).map((k) => [k.id, k.names])).toEqual([[canonicalIdentityHex(ada.identityKey), ['Ada']]]);
    await identities.setVerified(ada.identityKey, true, 'safety-number');
    expect((await service.get()).contacts).toEqual([expect.objectContaining({ displayName: 'Ada', verified: true, keyChangedAt: null })]);
    const tampered = link.slice(0, -3) + (link.endsWith('A') ? 'BAA' : 'AAA');
    await expect(service.add(tampered)).rejects.toMatchObject({ name: 'IpcRefusal', code: expect.stringMatching(/^contact-/) });
    await expect(service.add(await cardOf(me, 'Me'))).rejects.toMatchObject({ code: 'contact-own-card' });
    // Nothing about Ada is readable in the file on disk.
    const raw = await readFile(path.join(dir, CONTACTS_FILE));
    expect(raw.toString('latin1')).not.toContain('Ada');
  });

  it('shows a card under a verified contact\'s name with another key as a changed safety number', async () => {
    const { service, identities } = book();
    await service.add(await cardOf(ada, 'Ada Lovelace'));
    await identities.setVerified(ada.identityKey, true, 'qr-code');
    clock += 1000;
    // "Ada" re-installed, or someone who is not Ada: either way a new key under her name.
    const other = await service.add(await cardOf(bo, 'Ada Lovelace'));
    expect(other).toMatchObject({ verified: false, keyChangedAt: clock });
    expect((await service.get()).contacts.map((c) => c.keyChangedAt)).toEqual([null, clock]);
  });

  it('replaces an older card of the same identity with a re-issued one, never the other way round', async () => {
    const { service } = book();
    const old = await cardOf(ada, 'Ada');
    await service.add(old);
    clock += 1000;
    const fresh = await cardOf(ada, 'Ada L.', true);
    expect((await service.add(fresh)).displayName).toBe('Ada L.');
    expect((await service.add(old)).displayName).toBe('Ada L.');
    expect((await service.get()).contacts).toHaveLength(1);
  });

  it('keeps teams of contacts, and removing a contact removes it from its teams', async () => {
    const { service } = book();
    const a = await service.add(await cardOf(ada, 'Ada'));
    const b = await service.add(await cardOf(bo, 'Bo'));
    const team = await service.saveTeam({ id: '', name: 'Ops', members: [a.contactId, b.contactId] });
    expect(team.id).toMatch(/^[0-9a-f]{16}$/);
    await expect(service.saveTeam({ id: '', name: 'X', members: ['ff'.repeat(32)] })).rejects.toMatchObject({ code: 'unknown-contact' });
    await service.remove(a.contactId);
    const after = await service.get();
    expect(after.contacts.map((c) => c.displayName)).toEqual(['Bo']);
    expect(after.teams).toEqual([{ ...team, members: [b.contactId] }]);
    await service.removeTeam(team.id);
    expect((await service.get()).teams).toEqual([]);
  });

  it('keeps the call history only for the retention the user sets, newest first, across restarts', async () => {
    const { service } = book();
    const peer = bytesToHex(ada.identityKey);
    await service.recordCall({ at: clock - 10 * DAY, direction: 'incoming', peers: [peer], teamName: '', outcome: 'missed' });
    await service.recordCall({ at: clock - DAY, direction: 'outgoing', peers: [peer], teamName: '', outcome: 'answered' });
    expect((await service.get()).history.map((r) => r.outcome)).toEqual(['answered', 'missed']);
    await service.setPrefs({ doNotDisturb: true, historyRetentionDays: 7 });
    const reopened = book().service;
    const view = await reopened.get();
    expect(view.history.map((r) => r.outcome)).toEqual(['answered']);
    expect(view.prefs).toEqual({ doNotDisturb: true, historyRetentionDays: 7 });
  });
});
