import { ed25519 } from '@noble/curves/ed25519.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../protocol/bytes';
import type { TrustedOrganisation } from '../../protocol/organisation/statement';
import { signOrganisationStatement } from '../../protocol/organisation/statement';
import { IpcRefusal } from '../ipc/dispatch';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { Vault } from '../vault/vault';
import { ORGANISATION_FILE, OrganisationStatements } from './organisation-statements';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 4);
const orgSecret = ed25519.utils.randomSecretKey();
const me = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
const someoneElse = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
const statementFor = (identityKey: Uint8Array, over: { issuedAt?: number; expiresAt?: number } = {}) =>
  signOrganisationStatement(orgSecret, { organisationName: 'Example GmbH', employeeName: 'Bob Berger', identityKey, issuedAt: NOW - DAY, expiresAt: NOW + DAY, ...over });

let dir: string;
let vault: Vault;
let identityKey: Uint8Array;
let trusted: TrustedOrganisation[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-organisation-'));
  vault = await Vault.create(dir, createTestSealer());
  identityKey = me;
  trusted = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const service = () => new OrganisationStatements({ dataDir: dir, vault: async () => vault, identityKey: async () => identityKey, trusted: async () => trusted, now: () => NOW });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof IpcRefusal ? e.code : e));

describe("main's organisation statements", () => {
  it("imports a statement for our own key, keeps it sealed across restarts, and removes it", async () => {
    expect((await service().status()).statement).toBeNull();
    const credential = statementFor(me);
    const status = await service().import(`  ${toBase64Url(credential)}\n`);
    expect(status.statement).toEqual({ organisation: 'Example GmbH', name: 'Bob Berger', issuedAt: NOW - DAY, expiresAt: NOW + DAY, credential });
    expect(status.identityKey).toEqual(me);
    expect((await service().status()).statement?.credential).toEqual(credential);
    expect(await readFile(path.join(dir, ORGANISATION_FILE), 'latin1')).not.toContain('Bob Berger');
    expect((await service().remove()).statement).toBeNull();
    expect((await service().status()).statement).toBeNull();
  });

  it('refuses a file that is not a statement, one for another key, an expired one, and changes nothing', async () => {
    await service().import(toBase64Url(statementFor(me)));
    expect(await refusal(service().import('hello'))).toBe('organisation-statement-malformed');
    expect(await refusal(service().import(toBase64Url(statementFor(someoneElse))))).toBe('organisation-statement-wrong-key');
    expect(await refusal(service().import(toBase64Url(statementFor(me, { issuedAt: NOW - 2 * DAY, expiresAt: NOW - DAY }))))).toBe('organisation-statement-expired');
    const tampered = statementFor(me);
    tampered[tampered.length - 1]! ^= 1;
    expect(await refusal(service().import(toBase64Url(tampered)))).toBe('organisation-statement-malformed');
    expect((await service().status()).statement?.expiresAt).toBe(NOW + DAY);
  });

  it('after a new identity key, the old statement is not ours any more', async () => {
    await service().import(toBase64Url(statementFor(me)));
    identityKey = someoneElse;
    expect((await service().status()).statement).toBeNull();
  });

  it("checks others' statements against the policy's organisations only", async () => {
    const credential = statementFor(someoneElse);
    expect((await service().check(credential, someoneElse, 'Bob Berger')).status).toBe('untrusted');
    trusted = [{ name: 'Example', publicKey: ed25519.getPublicKey(orgSecret), revocations: [] }];
    expect(await service().check(credential, someoneElse, 'Bob Berger')).toEqual({ status: 'verified', organisation: 'Example', name: 'Bob Berger', expiresAt: NOW + DAY });
    expect((await service().status()).trustedOrganisations).toEqual(['Example']);
  });
});
