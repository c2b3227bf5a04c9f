import { ed25519 } from '@noble/curves/ed25519.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalIdentityHex } from '../../protocol/keys/identity';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { SealedJsonFile } from '../vault/sealed-json-file';
import { Vault } from '../vault/vault';
import { IDENTITIES_FILE, KnownIdentities, SEEN_RETENTION_MS } from './known-identities';
import { nameSkeleton, namesLookAlike } from './name-skeleton';

let dir: string;
let vault: Vault;
let clock = 1000;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-identities-'));
  vault = await Vault.create(dir, createTestSealer());
  clock = 1000;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keyOf = (seed: number) => ed25519.getPublicKey(new Uint8Array(32).fill(seed));
const bob = keyOf(1);
const mallory = keyOf(2);
const carla = keyOf(3);
/** -A: another Ed25519 encoding of the same person (the same X25519 key, PROTOCOL.md §3.1). */
function negated(key: Uint8Array): Uint8Array {
  return ed25519.Point.fromBytes(key).negate().toBytes();
}
/** A new store on the same folder each time: what it says comes from the sealed file. */
const store = () => new KnownIdentities(dir, async () => vault, () => clock);

describe('the trust record', () => {
  it('remembers everyone met as seen, keyed by the canonical identity, with the names they used', async () => {
    expect(await store().meet(bob, 'Bob')).toMatchObject({ identity: { id: canonicalIdentityHex(bob), names: ['Bob'], verified: null, firstSeen: 1000 }, warning: null });
    clock = 2000;
    // The same person under the negated key and a new name: one record, names latest first.
    const again = await store().meet(negated(bob), 'Robert');
    expect(again.identity).toMatchObject({ id: canonicalIdentityHex(bob), names: ['Robert', 'Bob'], firstSeen: 1000, lastSeen: 2000 });
    expect(await store().list()).toHaveLength(1);
  });

  it('verifies anyone, met before or not, says when and how, and undoes it', async () => {
    expect((await store().setVerified(carla, true, 'qr-code')).identity).toMatchObject({ verified: { at: 1000, method: 'qr-code' }, names: [] });
    await store().meet(bob, 'Bob');
    clock = 5000;
    expect((await store().setVerified(bob, true, 'safety-number')).identity.verified).toEqual({ at: 5000, method: 'safety-number' });
    // Still verified the next time we meet them, under the same key.
    clock = 9000;
    expect((await store().meet(bob, 'Bob')).identity.verified).toEqual({ at: 5000, method: 'safety-number' });
    expect((await store().setVerified(bob, false, 'safety-number')).identity.verified).toBeNull();
    expect((await store().meet(bob, 'Bob')).identity.verified).toBeNull();
  });

  it('flags another key under a verified name as a changed safety number, and under a merely known name as a look-alike', async () => {
    await store().meet(bob, 'Bob Berger');
    await store().setVerified(bob, true, 'safety-number');
    await store().meet(carla, 'Carla');
    // "Bob Berger" with another key: Signal's "safety number changed" (it may be a reinstall, or not Bob).
    expect((await store().meet(mallory, 'bob  berger')).warning).toEqual({ kind: 'key-changed', name: 'Bob Berger' });
    // A look-alike of someone only seen.
    expect((await store().meet(keyOf(4), 'Cаrla')).warning).toEqual({ kind: 'look-alike', name: 'Carla' });
    // The real Bob is not warned about the impostor, and verifying the new key ends its warning.
    expect((await store().meet(bob, 'Bob Berger')).warning).toBeNull();
    expect((await store().setVerified(mallory, true, 'safety-number')).warning).toBeNull();
    expect((await store().meet(mallory, 'Bob Berger')).warning).toBeNull();
    // Unverified again, the warning is back.
    expect((await store().setVerified(mallory, false, 'safety-number')).warning).toEqual({ kind: 'key-changed', name: 'Bob Berger' });
  });

  it('views what it knows without recording a sighting', async () => {
    expect(await store().view(bob)).toBeNull();
    await store().meet(bob, 'Bob');
    clock = 3000;
    expect((await store().view(bob))?.identity.lastSeen).toBe(1000);
    await store().setVerified(bob, true, 'meeting-code');
    expect((await store().view(mallory, 'B0b'))).toBeNull();
    await store().meet(mallory, 'Mallory');
    expect((await store().view(mallory, 'B0b'))?.warning).toEqual({ kind: 'key-changed', name: 'Bob' });
  });

  it('forgets those only seen after a year unseen, keeps verified ones', async () => {
    await store().meet(bob, 'Bob');
    await store().meet(carla, 'Carla');
    await store().setVerified(carla, true, 'safety-number');
    clock += SEEN_RETENTION_MS + 1;
    await store().meet(mallory, 'Mallory');
    expect((await store().list()).map((r) => r.names[0]).sort()).toEqual(['Carla', 'Mallory']);
  });

  it('refuses a key that is not an Ed25519 point', async () => {
    const notAPoint = new Uint8Array(32).fill(0xff);
    await expect(store().meet(notAPoint, 'X')).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(store().setVerified(notAPoint, true, 'qr-code')).rejects.toMatchObject({ code: 'invalid-key' });
  });

  it('reads the earlier contacts-only file, keeping its verifications', async () => {
    const legacy = new SealedJsonFile(path.join(dir, IDENTITIES_FILE), 'identities');
    await legacy.write(vault, [
      { contactId: 'ab12', identityKey: Buffer.from(bob).toString('base64'), verified: true, firstSeen: 10, lastSeen: 20, keyChangedAt: null },
      { contactId: 'cd34', identityKey: Buffer.from(carla).toString('base64'), verified: false, firstSeen: 10, lastSeen: 20, keyChangedAt: null },
    ]);
    const list = await store().list();
    expect(list.find((r) => r.id === canonicalIdentityHex(bob))?.verified).toEqual({ at: 20, method: 'safety-number' });
    expect(list.find((r) => r.id === canonicalIdentityHex(carla))?.verified).toBeNull();
  });

  it('stores them sealed', async () => {
    await store().meet(bob, 'Bob Berger');
    const onDisk = await readFile(path.join(dir, IDENTITIES_FILE));
    expect(onDisk.includes(Buffer.from('Bob Berger'))).toBe(false);
    expect(onDisk.includes(Buffer.from(Buffer.from(bob).toString('base64')))).toBe(false);
  });
});

describe('name skeletons', () => {
  it('fold case, accents, spacing, other scripts and digit look-alikes', () => {
    for (const alike of ['bob', 'BOB', 'B0b', 'Bоb' /* Cyrillic о */, 'Böb', ' B o b ', 'B.o.b']) expect(namesLookAlike('Bob', alike), alike).toBe(true);
    expect(namesLookAlike('Kim', 'Kirn')).toBe(true);
    expect(namesLookAlike('Bill', 'BiII')).toBe(true);
    expect(namesLookAlike('Bob', 'Rob')).toBe(false);
    expect(namesLookAlike('', '')).toBe(false);
    expect(nameSkeleton('Jürgen Groß')).toBe('jurgengross');
  });
});
