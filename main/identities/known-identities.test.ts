import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { Vault } from '../vault/vault';
import { IDENTITIES_FILE, KnownIdentities } from './known-identities';

let dir: string;
let vault: Vault;
let clock = 1000;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-identities-'));
  vault = await Vault.create(dir, createTestSealer());
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keyA = new Uint8Array(32).fill(1);
const keyB = new Uint8Array(32).fill(2);
const store = () => new KnownIdentities(dir, async () => vault, () => clock);

describe('known identities', () => {
  it('remembers first sight, verification, and flags a changed key (verification reset)', async () => {
    expect(await store().check('ada', keyA)).toMatchObject({ status: 'new', identity: { verified: false, firstSeen: 1000 } });
    await expect(store().setVerified('ada', keyB, true)).rejects.toMatchObject({ code: 'identity-mismatch' });
    expect(await store().setVerified('ada', keyA, true)).toMatchObject({ verified: true });
    clock = 2000;
    expect(await store().check('ada', keyA)).toMatchObject({ status: 'known', identity: { verified: true, firstSeen: 1000, lastSeen: 2000 } });
    clock = 3000;
    const changed = await store().check('ada', keyB);
    expect(changed).toMatchObject({ status: 'changed', previousKey: keyA, previousWasVerified: true, identity: { verified: false, keyChangedAt: 3000 } });
    expect(await store().list()).toEqual([{ contactId: 'ada', identityKey: keyB, verified: false, firstSeen: 1000, lastSeen: 3000, keyChangedAt: 3000 }]);
  });

  it('stores them sealed', async () => {
    await store().check('ada', keyA);
    const onDisk = await readFile(path.join(dir, IDENTITIES_FILE));
    expect(onDisk.includes(Buffer.from('ada'))).toBe(false);
    expect(onDisk.includes(Buffer.from(keyA).toString('base64'))).toBe(false);
  });
});
