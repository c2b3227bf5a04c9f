import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPassphraseSealer, createTestSealer, TEST_SCRYPT } from '../keystore/passphrase-sealer';
import { SealedJsonFile } from './sealed-json-file';
import { VAULT_KEY_FILE, Vault, VaultDataError, readVaultKeyFile } from './vault';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('vault', () => {
  it('seals files under a sealed vault key; a file cannot be opened under another label or key', async () => {
    const vault = await Vault.create(dir, createTestSealer());
    const reopened = await Vault.open((await readVaultKeyFile(dir))!, createTestSealer());
    const sealed = vault.encrypt('keystore', new Uint8Array([1, 2, 3]));
    expect(reopened.decrypt('keystore', sealed)).toEqual(new Uint8Array([1, 2, 3]));
    expect(() => reopened.decrypt('identities', sealed)).toThrow(VaultDataError);
    const other = await Vault.create(await mkdtemp(path.join(dir, 'x-')), createTestSealer());
    expect(() => other.decrypt('keystore', sealed)).toThrow(VaultDataError);
  });

  it('re-seals the same key under a new passphrase', async () => {
    const vault = await Vault.create(dir, createPassphraseSealer('first passphrase', TEST_SCRYPT));
    const sealed = vault.encrypt('keystore', new Uint8Array([9]));
    await vault.reseal(dir, createPassphraseSealer('second passphrase', TEST_SCRYPT));
    const keyFile = await readFile(path.join(dir, VAULT_KEY_FILE));
    await expect(Vault.open(keyFile, createPassphraseSealer('first passphrase', TEST_SCRYPT))).rejects.toMatchObject({ code: 'wrong-passphrase' });
    const opened = await Vault.open(keyFile, createPassphraseSealer('second passphrase', TEST_SCRYPT));
    expect(opened.decrypt('keystore', sealed)).toEqual(new Uint8Array([9]));
  });

  it('tells missing, damaged and good sealed JSON files apart', async () => {
    const vault = await Vault.create(dir, createTestSealer());
    const file = new SealedJsonFile(path.join(dir, 'doc.sealed'), 'doc');
    expect(await file.read(vault)).toEqual({ kind: 'missing' });
    await file.write(vault, { a: 1 });
    await file.write(vault, { a: 2 });
    expect(await file.read(vault)).toEqual({ kind: 'ok', value: { a: 2 } });
    expect(await file.readBackup(vault)).toEqual({ kind: 'ok', value: { a: 1 } });
    const wrongLabel = new SealedJsonFile(path.join(dir, 'doc.sealed'), 'other');
    expect(await wrongLabel.read(vault)).toMatchObject({ kind: 'damaged' });
  });
});
