import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import type { KeystoreStatus } from '../../protocol/ipc-contract';
import { verifyPrekeySignatures } from '../../protocol/keys/prekeys';
import { SealedJsonFile } from '../vault/sealed-json-file';
import { VAULT_KEY_FILE } from '../vault/vault';
import { MAX_ACCEPTED_INITS, ONE_TIME_PREKEY_TARGET, SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_ROTATION_MS, generateKeyMaterial } from './key-material';
import type { KeyMaterial } from './key-material';
import { Keystore } from './keystore';
import type { KeySealing } from './keystore-service';
import { KEYSTORE_FILE, KeystoreService, RESTORED_ID_GAP } from './keystore-service';
import { TEST_SCRYPT, createTestSealer } from './passphrase-sealer';
import { createSafeStorageSealer } from './safe-storage-sealer';

let dataDir: string;
let clock: number;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-keystore-'));
  clock = Date.UTC(2026, 0, 1);
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const testSealing: KeySealing = { kind: 'sealer', sealer: createTestSealer() };
function open(sealing: KeySealing = testSealing): KeystoreService {
  return new KeystoreService({ dataDir, sealing, crypto: nobleProvider, now: () => clock });
}
async function ready(service: KeystoreService): Promise<Extract<KeystoreStatus, { state: 'ready' }>> {
  const status = await service.getStatus();
  if (status.state !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(status)}`);
  return status;
}
const keystoreFile = () => path.join(dataDir, KEYSTORE_FILE);

describe('keystore', () => {
  it('creates an identity on first run, keeps it across restarts, and writes nothing in plaintext', async () => {
    const first = await ready(open());
    const again = await ready(open());
    expect(again.identityKey).toEqual(first.identityKey);
    expect((await readdir(dataDir)).sort()).toEqual([KEYSTORE_FILE, VAULT_KEY_FILE].sort());
    const { keystore } = await open().require();
    const bundle = await keystore.publicPrekeys();
    expect(bundle.oneTimePrekeys).toHaveLength(ONE_TIME_PREKEY_TARGET);
    await verifyPrekeySignatures(nobleProvider, bundle.identityKey, bundle.signedPrekey, bundle.kemPrekey);
    // Public keys may appear anywhere; the private halves must not appear in any file.
    const onDisk = Buffer.concat(await Promise.all((await readdir(dataDir)).map((f) => readFile(path.join(dataDir, f)))));
    const publicKeyB64 = Buffer.from(bundle.signedPrekey.publicKey).toString('base64');
    expect(onDisk.includes(Buffer.from(publicKeyB64))).toBe(false);
    expect(onDisk.includes(Buffer.from(bundle.signedPrekey.publicKey))).toBe(false);
    if (process.platform !== 'win32') {
      for (const f of await readdir(dataDir)) expect((await stat(path.join(dataDir, f))).mode & 0o777).toBe(0o600);
    }
  });

  it('performs the DH, KEM and signature steps with keys that match the published bundle', async () => {
    const { keystore } = await open().require();
    const bundle = await keystore.publicPrekeys();
    const remote = x25519.utils.randomSecretKey();
    const remotePublic = x25519.getPublicKey(remote);
    const opk = bundle.oneTimePrekeys[3]!;
    expect(await keystore.dhPrekey({ kind: 'one-time', id: opk.id }, remotePublic)).toEqual(x25519.getSharedSecret(remote, opk.publicKey));
    expect(await keystore.dhPrekey({ kind: 'signed', id: bundle.signedPrekey.id }, remotePublic)).toEqual(
      x25519.getSharedSecret(remote, bundle.signedPrekey.publicKey),
    );
    const identityDh = ed25519.utils.toMontgomery(bundle.identityKey);
    expect(await keystore.dhIdentity(remotePublic)).toEqual(x25519.getSharedSecret(remote, identityDh));
    const { cipherText, sharedSecret } = ml_kem768.encapsulate(bundle.kemPrekey.publicKey);
    expect(await keystore.kemDecapsulate(bundle.kemPrekey.id, cipherText)).toEqual(sharedSecret);
    const message = new Uint8Array([1, 2, 3]);
    expect(ed25519.verify(await keystore.sign(message), message, bundle.identityKey)).toBe(true);
  });

  it('consumes a one-time prekey once, by an init that commits: not twice concurrently, not again after a restart', async () => {
    const service = open();
    const { keystore } = await service.require();
    const { oneTimePrekeys, signedPrekey } = await keystore.publicPrekeys();
    const id = oneTimePrekeys[0]!.id;
    const remotePublic = x25519.getPublicKey(x25519.utils.randomSecretKey());
    // A DH alone (an init that has not authenticated yet, or never will) consumes nothing.
    await keystore.dhPrekey({ kind: 'one-time', id }, remotePublic);
    expect((await keystore.publicPrekeys()).oneTimePrekeys.map((k) => k.id)).toContain(id);
    const commit = (ephemeralKey: Uint8Array) => keystore.commitInit({ ephemeralKey, signedPrekeyId: signedPrekey.id, oneTimePrekeyId: id });
    const results = await Promise.allSettled([commit(remotePublic), commit(x25519.getPublicKey(x25519.utils.randomSecretKey()))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'replay' } });

    const restarted = (await open().require()).keystore;
    await expect(restarted.dhPrekey({ kind: 'one-time', id }, remotePublic)).rejects.toMatchObject({ code: 'invalid-key' });
    expect((await restarted.publicPrekeys()).oneTimePrekeys.map((k) => k.id)).not.toContain(id);
  });

  it('accepts an init once, also after a restart, and forgets the record with its signed prekey (PROTOCOL.md §5.5)', async () => {
    const { keystore } = await open().require();
    const before = await keystore.publicPrekeys();
    const init = { ephemeralKey: x25519.getPublicKey(x25519.utils.randomSecretKey()), signedPrekeyId: before.signedPrekey.id };
    await keystore.commitInit(init);
    await expect(keystore.commitInit(init)).rejects.toMatchObject({ code: 'replay' });
    const restarted = (await open().require()).keystore;
    await expect(restarted.commitInit(init)).rejects.toMatchObject({ code: 'replay' });
    // Another init (another ephemeral key) is fine; an unknown signed prekey is not.
    await restarted.commitInit({ ...init, ephemeralKey: x25519.getPublicKey(x25519.utils.randomSecretKey()) });
    await expect(restarted.commitInit({ ...init, signedPrekeyId: 99 })).rejects.toMatchObject({ code: 'invalid-key' });
    // Once the signed prekey expires, no init for it is accepted, so its record goes too.
    clock += SIGNED_PREKEY_ROTATION_MS;
    await restarted.maintain(); // replaced: still answers inits for the grace period
    await expect(restarted.commitInit(init)).rejects.toMatchObject({ code: 'replay' });
    clock += SIGNED_PREKEY_GRACE_MS;
    await restarted.maintain();
    await expect(restarted.commitInit(init)).rejects.toMatchObject({ code: 'invalid-key' });
    const { vault } = await open().require();
    const stored = await new SealedJsonFile(keystoreFile(), 'keystore').read(vault);
    expect((stored as { value: { acceptedInits: unknown[] } }).value.acceptedInits).toEqual([]);
  });

  it('remembers at most MAX_ACCEPTED_INITS inits, the newest', async () => {
    // In memory (a file write per init would make this test slow): the bound is the keystore's.
    let persisted: KeyMaterial | null = null;
    const keystore = new Keystore(await generateKeyMaterial(nobleProvider, clock), { crypto: nobleProvider, now: () => clock, persist: async (m) => void (persisted = m) });
    const { signedPrekey } = await keystore.publicPrekeys();
    const inits = Array.from({ length: MAX_ACCEPTED_INITS + 1 }, (_, i) => {
      const ephemeralKey = new Uint8Array(32);
      new DataView(ephemeralKey.buffer).setUint32(0, i);
      return { ephemeralKey, signedPrekeyId: signedPrekey.id };
    });
    for (const init of inits) await keystore.commitInit(init);
    await expect(keystore.commitInit(inits.at(-1)!)).rejects.toMatchObject({ code: 'replay' });
    await expect(keystore.commitInit(inits[1]!)).rejects.toMatchObject({ code: 'replay' });
    await keystore.commitInit(inits[0]!); // the oldest was forgotten
    expect(persisted!.acceptedInits).toHaveLength(MAX_ACCEPTED_INITS);
  });

  it('refills one-time prekeys below 20 with never-used ids', async () => {
    const { keystore } = await open().require();
    const { oneTimePrekeys } = await keystore.publicPrekeys();
    for (const { id } of oneTimePrekeys.slice(0, 81)) await keystore.commitInit({ ephemeralKey: x25519.getPublicKey(x25519.utils.randomSecretKey()), signedPrekeyId: 1, oneTimePrekeyId: id });
    expect(keystore.oneTimePrekeyCount()).toBe(19);
    const refilled = (await keystore.publicPrekeys()).oneTimePrekeys;
    expect(refilled).toHaveLength(ONE_TIME_PREKEY_TARGET);
    const used = new Set(oneTimePrekeys.slice(0, 81).map((k) => k.id));
    expect(refilled.some((k) => used.has(k.id))).toBe(false);
  });

  it('rotates the signed and KEM prekeys weekly and keeps the previous ones for the grace period', async () => {
    const service = open();
    const { keystore } = await service.require();
    const before = await keystore.publicPrekeys();
    clock += SIGNED_PREKEY_ROTATION_MS;
    const after = await keystore.publicPrekeys();
    expect(after.signedPrekey.id).not.toBe(before.signedPrekey.id);
    expect(after.kemPrekey.id).not.toBe(before.kemPrekey.id);
    await verifyPrekeySignatures(nobleProvider, after.identityKey, after.signedPrekey, after.kemPrekey);
    const remotePublic = x25519.getPublicKey(x25519.utils.randomSecretKey());
    await expect(keystore.dhPrekey({ kind: 'signed', id: before.signedPrekey.id }, remotePublic)).resolves.toHaveLength(32);
    clock += SIGNED_PREKEY_GRACE_MS;
    await keystore.maintain();
    await expect(keystore.dhPrekey({ kind: 'signed', id: before.signedPrekey.id }, remotePublic)).rejects.toMatchObject({ code: 'invalid-key' });
    const { cipherText } = ml_kem768.encapsulate(before.kemPrekey.publicKey);
    await expect(keystore.kemDecapsulate(before.kemPrekey.id, cipherText)).rejects.toMatchObject({ code: 'invalid-key' });
  });

  it('survives a crash during a write: a truncated temp file or a missing rename leaves the previous keystore', async () => {
    const identity = (await ready(open())).identityKey;
    const current = await readFile(keystoreFile());
    await writeFile(`${keystoreFile()}.tmp-0123456789ab`, current.subarray(0, 40)); // killed mid-write
    await writeFile(`${keystoreFile()}.tmp-ba9876543210`, current); // killed before the rename
    expect((await ready(open())).identityKey).toEqual(identity);
    expect(await readdir(dataDir)).not.toContainEqual(expect.stringContaining('.tmp-'));
  });

  it('keeps no consumed one-time prekey on disk: the .prev backup is the newest version, not the one before (issue 16)', async () => {
    const service = open();
    await ready(service);
    const { keystore, vault } = await service.require();
    await keystore.commitInit({ ephemeralKey: x25519.getPublicKey(x25519.utils.randomSecretKey()), signedPrekeyId: 1, oneTimePrekeyId: 1 });
    await keystore.commitInit({ ephemeralKey: x25519.getPublicKey(x25519.utils.randomSecretKey()), signedPrekeyId: 1, oneTimePrekeyId: 2 });
    const file = new SealedJsonFile(keystoreFile(), 'keystore');
    for (const read of [await file.read(vault), await file.readBackup(vault)]) {
      expect(read.kind).toBe('ok');
      const ids = (read as { value: { oneTimePrekeys: Array<{ id: number }> } }).value.oneTimePrekeys.map((k) => k.id);
      expect(ids).not.toContain(1);
      expect(ids).not.toContain(2);
    }
  });

  it('reports a corrupt keystore with choices and never regenerates on its own', async () => {
    const service = open();
    const identity = (await ready(service)).identityKey;
    await (await service.require()).keystore.commitInit({ ephemeralKey: x25519.getPublicKey(x25519.utils.randomSecretKey()), signedPrekeyId: 1, oneTimePrekeyId: 1 }); // a second write: .prev exists
    const bytes = await readFile(keystoreFile());
    bytes[bytes.length - 5]! ^= 0xff;
    await writeFile(keystoreFile(), bytes);

    const damaged = open();
    const status = await damaged.getStatus();
    expect(status).toMatchObject({ state: 'damaged', problem: 'keystore-corrupt', choices: ['retry', 'restore-backup', 'new-identity'] });
    await expect(damaged.require()).rejects.toMatchObject({ code: 'keystore-damaged' });
    expect(await damaged.recover('retry')).toMatchObject({ state: 'damaged' });
    expect(await readFile(keystoreFile())).toEqual(bytes); // untouched

    const restored = await damaged.recover('restore-backup');
    expect(restored).toMatchObject({ state: 'ready', identityKey: identity });
    // The backup's one-time prekeys were dropped: none of the old ids comes back.
    const ids = (await (await damaged.require()).keystore.publicPrekeys()).oneTimePrekeys.map((k) => k.id);
    expect(Math.min(...ids)).toBeGreaterThan(ONE_TIME_PREKEY_TARGET + RESTORED_ID_GAP);
  });

  it('starts a new identity only when the user chooses it, keeping the damaged file aside', async () => {
    const identity = (await ready(open())).identityKey;
    await writeFile(keystoreFile(), 'garbage');
    const service = open();
    expect(await service.getStatus()).toMatchObject({ state: 'damaged', choices: ['retry', 'new-identity'] });
    const fresh = await service.recover('new-identity');
    expect(fresh.state).toBe('ready');
    expect((fresh as { identityKey: Uint8Array }).identityKey).not.toEqual(identity);
    expect(await readdir(dataDir)).toContainEqual(expect.stringMatching(/^keystore\.sealed\.damaged-\d+$/));
    await expect(service.recover('retry')).rejects.toMatchObject({ code: 'invalid-state' });
  });

  it('reports a vault key the system keychain can no longer open', async () => {
    const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x33));
    const keychain = {
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (s: string) => xor(Buffer.from(s)),
      decryptStringAsync: async (b: Buffer) => ({ result: xor(b).toString(), shouldReEncrypt: false }),
    };
    await ready(open({ kind: 'sealer', sealer: createSafeStorageSealer(keychain) }));
    const lostKeychain = { ...keychain, decryptStringAsync: async (): Promise<never> => { throw new Error('key gone'); } };
    const service = open({ kind: 'sealer', sealer: createSafeStorageSealer(lostKeychain) });
    expect(await service.getStatus()).toMatchObject({ state: 'damaged', problem: 'vault-key-undecryptable', choices: ['retry', 'new-identity'] });
  });

  it('re-seals the vault key when safeStorage reports a rotated key', async () => {
    let generation = 1;
    const keychain = {
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (s: string) => Buffer.from(`${generation}:${s}`),
      decryptStringAsync: async (b: Buffer) => {
        const [written, text] = b.toString().split(':') as [string, string];
        return { result: text, shouldReEncrypt: Number(written) < generation };
      },
    };
    const identity = (await ready(open({ kind: 'sealer', sealer: createSafeStorageSealer(keychain) }))).identityKey;
    const before = await readFile(path.join(dataDir, VAULT_KEY_FILE));
    generation = 2;
    expect((await ready(open({ kind: 'sealer', sealer: createSafeStorageSealer(keychain) }))).identityKey).toEqual(identity);
    const after = await readFile(path.join(dataDir, VAULT_KEY_FILE));
    expect(after).not.toEqual(before);
    expect(after.subarray(5, 7).toString()).toBe('2:');
  });

  it('with a passphrase: set it on first run, refuse a wrong one, unlock with the right one', async () => {
    const sealing: KeySealing = { kind: 'passphrase', reason: 'No desktop keyring', scrypt: TEST_SCRYPT };
    const first = open(sealing);
    expect(await first.getStatus()).toEqual({ state: 'needs-passphrase', setup: true, reason: 'No desktop keyring', lastError: null });
    await expect(first.require()).rejects.toMatchObject({ code: 'keystore-needs-passphrase' });
    await expect(first.unlock('short')).rejects.toMatchObject({ code: 'weak-passphrase' });
    const identity = (await first.unlock('a long enough passphrase')) as { identityKey: Uint8Array };

    const second = open(sealing);
    expect(await second.getStatus()).toMatchObject({ state: 'needs-passphrase', setup: false });
    expect(await second.unlock('the wrong passphrase')).toMatchObject({ state: 'needs-passphrase', lastError: 'wrong-passphrase' });
    expect(await second.unlock('a long enough passphrase')).toMatchObject({ state: 'ready', sealing: 'passphrase', identityKey: identity.identityKey });
  });
});
