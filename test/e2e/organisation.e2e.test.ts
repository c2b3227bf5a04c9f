// Colleagues verified by their organisation (PROTOCOL.md §9.4), through the real UI, main
// services and relay. Alice's installation is managed: its policy trusts Example GmbH's key.
// Bob imports the statement IT signed for his identity key in Settings (the file chosen there)
// and joins: Alice sees "Verified by Example GmbH" in her lobby, on his tile, in People and in
// the verification box, while her own shield still says she has not verified him herself.
// Carla's statement is for "Carla Costa" but she joins as someone else: Alice sees the signed
// name as a warning, never "verified". Bob's installation trusts no organisation: he sees no
// organisation word for anyone. When IT revokes Bob's key and Alice's policy carries the list,
// her call under way stops showing him verified.
import { ed25519 } from '@noble/curves/ed25519.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes';
import { signOrganisationStatement, signRevocationList } from '../../protocol/organisation/statement';
import type { PolicyReader } from '../../main/policy/reader';
import { NO_POLICY } from '../../main/policy/reader';
import { en } from '../../renderer/i18n/messages.en';
import { admit, askToJoin, knockEntryText, openParticipantsPanel, startMeeting } from '../harness/call-flow';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

const DAY = 24 * 60 * 60 * 1000;
const orgSecret = ed25519.utils.randomSecretKey();
const ORG = 'Example GmbH';
const fill = (text: string, values: Record<string, string>) => Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), text);
const verifiedBy = fill(en['organisation.verifiedBy'], { organisation: ORG });

let harness: Harness;
let alice: Page;
let bob: Page;
let carla: Page;
let invite = '';
/** Alice's policy, as her policy file says now; `policyChanged` is the file watcher's call. */
let alicePolicy: Record<string, unknown> = {};
let policyChanged: () => void = () => {};

beforeAll(async () => {
  alicePolicy = { trustedOrganisations: [{ name: ORG, publicKey: toBase64Url(ed25519.getPublicKey(orgSecret)) }] };
  const managed: PolicyReader = {
    read: async () => ({ kind: 'found', source: '/etc/parley/policy.json', raw: alicePolicy }),
    watch: (onChange) => ((policyChanged = onChange), () => {}),
  };
  harness = await startHarness({ participants: 3, relay: true, policyFor: (i) => (i === 0 ? managed : NO_POLICY) });
  [alice, bob, carla] = harness.pages.map((p) => p.page) as [Page, Page, Page];
  await Promise.all([alice, bob, carla].map((page) => page.goto(`${harness.origin}/index.html`)));
});

afterAll(async () => {
  await harness?.close();
});

/** What IT does with `npm run org -- sign`: a statement for this identity key and name. */
const statementFor = (identityKey: Uint8Array, employeeName: string) =>
  toBase64Url(signOrganisationStatement(orgSecret, { organisationName: ORG, employeeName, identityKey, issuedAt: Date.now() - DAY, expiresAt: Date.now() + 30 * DAY }));

const tileText = async (page: Page, name: string) => (await page.getByRole('figure', { name, exact: true }).textContent()) ?? '';

describe('verified by their organisation', () => {
  it('Bob gives IT the key Settings shows and imports the statement it signed', async () => {
    await bob.getByRole('button', { name: en['settings.title'], exact: true }).click();
    const keyText = (await bob.getByTestId('own-identity-key').textContent()) ?? '';
    const identityKey = fromBase64Url(keyText)!;
    expect(identityKey).toHaveLength(32);
    // A statement for someone else's key is refused, and says why.
    await bob.locator('input[type=file]').setInputFiles({ name: 'carla.parley-org', mimeType: 'text/plain', buffer: Buffer.from(statementFor(ed25519.getPublicKey(ed25519.utils.randomSecretKey()), 'Bob Berger')) });
    await bob.getByText(en['organisation.importWrongKey']).waitFor();
    await bob.locator('input[type=file]').setInputFiles({ name: 'bob.parley-org', mimeType: 'text/plain', buffer: Buffer.from(`${statementFor(identityKey, 'Bob Berger')}\n`) });
    await expect.poll(async () => bob.getByTestId('own-organisation-statement').textContent(), { timeout: 10_000 }).toContain(`Signed by ${ORG} for Bob Berger`);
    await bob.getByRole('button', { name: en['nav.home'], exact: true }).click();
    // Carla's statement (imported through main, as the Settings screen does) names "Carla Costa".
    const carlaKey = (await harness.pages[2]!.services.handlers['organisation:get']()).identityKey;
    await harness.pages[2]!.services.handlers['organisation:import'](statementFor(carlaKey, 'Carla Costa'));
  });

  it("Alice, whose policy trusts Example GmbH, sees Bob verified by it in her lobby, on his tile, in People and in the verification box", async () => {
    invite = await startMeeting(alice, 'Alice Anders');
    await askToJoin(bob, invite, 'Bob Berger');
    await expect.poll(() => knockEntryText(alice, 'Bob Berger'), { timeout: 15_000 }).toContain(verifiedBy);
    await admit(alice, 'Bob Berger');
    await alice.getByRole('figure', { name: 'Bob Berger', exact: true }).waitFor({ timeout: 20_000 });
    await expect.poll(() => tileText(alice, 'Bob Berger'), { timeout: 20_000 }).toContain(verifiedBy);
    // Distinct from her own verification: the shield still says she has not compared numbers.
    expect(await tileText(alice, 'Bob Berger')).not.toContain(en['trust.verified']);
    await openParticipantsPanel(alice);
    const person = alice.locator('li.person', { hasText: 'Bob Berger' });
    expect(await person.textContent()).toContain(verifiedBy);
    await alice.getByRole('button', { name: 'Verify Bob Berger', exact: true }).click();
    expect(await alice.locator('[data-organisation-detail=verified]').textContent()).toBe(fill(en['organisation.detail'], { organisation: ORG, signedName: 'Bob Berger' }));
  });

  it('Carla, signed as "Carla Costa" but joining as "Carla Mallory", is not shown verified: the signed name is a warning', async () => {
    await askToJoin(carla, invite, 'Carla Mallory');
    const signedAs = fill(en['organisation.signedAs'], { organisation: ORG, signedName: 'Carla Costa' });
    await expect.poll(() => knockEntryText(alice, 'Carla Mallory'), { timeout: 15_000 }).toContain(signedAs);
    expect(await knockEntryText(alice, 'Carla Mallory')).not.toContain(verifiedBy);
    await admit(alice, 'Carla Mallory');
    await alice.getByRole('figure', { name: 'Carla Mallory', exact: true }).waitFor({ timeout: 20_000 });
    await expect.poll(() => tileText(alice, 'Carla Mallory'), { timeout: 20_000 }).toContain(signedAs);
    expect(await tileText(alice, 'Carla Mallory')).not.toContain(verifiedBy);
  });

  it('Bob, whose installation trusts no organisation, sees no organisation word for anyone', async () => {
    await bob.getByRole('figure', { name: 'Carla Mallory', exact: true }).waitFor({ timeout: 20_000 });
    for (const name of ['Alice Anders', 'Carla Mallory']) expect(await tileText(bob, name)).not.toMatch(new RegExp(`${ORG}`));
  });

  it("IT revokes Bob's key: once Alice's policy carries the signed list, the call under way no longer shows him verified", async () => {
    expect(await tileText(alice, 'Bob Berger')).toContain(verifiedBy);
    const bobKey = (await harness.pages[1]!.services.handlers['organisation:get']()).identityKey;
    const revocations = toBase64Url(signRevocationList(orgSecret, { issuedAt: Date.now(), revocations: [{ identityKey: bobKey, revokedAt: Date.now() }] }));
    alicePolicy = { trustedOrganisations: [{ name: ORG, publicKey: toBase64Url(ed25519.getPublicKey(orgSecret)), revocations }] };
    policyChanged();
    await expect.poll(() => tileText(alice, 'Bob Berger'), { timeout: 15_000 }).not.toContain(verifiedBy);
    expect(await tileText(alice, 'Carla Mallory')).toContain(fill(en['organisation.signedAs'], { organisation: ORG, signedName: 'Carla Costa' }));
  });
});

