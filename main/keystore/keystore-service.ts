// The keystore's life cycle: open (or create on first run), unlock with a passphrase where the
// OS keychain is unusable, and recover from damage only by the user's explicit choice (retry,
// restore the backup, or start a new identity that contacts will see as changed). It never
// regenerates an identity on its own.
import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import type { KeystoreRecoveryChoice, KeystoreStatus } from '../../protocol/ipc-contract';
import { IpcRefusal } from '../ipc/dispatch';
import { backupPathOf } from '../storage/atomic-file';
import { SealedJsonFile } from '../vault/sealed-json-file';
import { VAULT_KEY_FILE, Vault, VaultDataError, readVaultKeyFile } from '../vault/vault';
import type { KeyMaterial } from './key-material';
import { KeyMaterialFormatError, generateKeyMaterial, keyMaterialFromJson, keyMaterialToJson } from './key-material';
import { Keystore } from './keystore';
import type { ScryptParams } from './passphrase-sealer';
import { SCRYPT_PRODUCTION, createPassphraseSealer } from './passphrase-sealer';
import type { Sealer } from './sealer';
import { SealerError } from './sealer';

export const KEYSTORE_FILE = 'keystore.sealed';
/** Files sealed under the vault key; a new vault key makes them unreadable, so they move aside together. */
export const VAULT_SEALED_FILES = [KEYSTORE_FILE, 'identities.sealed'];

/** Ids skipped after restoring a backup (far more than a damaged version could have used). */
export const RESTORED_ID_GAP = 100_000;

/** How the vault key is sealed: a ready sealer (safeStorage, or the test sealer), or a passphrase the user must enter. */
export type KeySealing = { kind: 'sealer'; sealer: Sealer } | { kind: 'passphrase'; reason: string; scrypt?: ScryptParams };

export interface KeystoreServiceOptions {
  dataDir: string;
  sealing: KeySealing;
  crypto: CryptoProvider;
  now?: () => number;
}

export interface UnlockedKeystore {
  keystore: Keystore;
  vault: Vault;
}

type Damage = Extract<KeystoreStatus, { state: 'damaged' }>;

export class KeystoreService {
  private status: KeystoreStatus = { state: 'opening' };
  private unlocked: UnlockedKeystore | null = null;
  private opening: Promise<void>;
  private readonly file: SealedJsonFile;
  private readonly now: () => number;

  constructor(private readonly options: KeystoreServiceOptions) {
    this.now = options.now ?? Date.now;
    // The backup is a copy of the newest version, never the one before: that one still holds the
    // private key of the one-time prekey a handshake has just consumed (issue 16), which forward
    // secrecy needs gone from the disk. It still guards against a damaged main file.
    this.file = new SealedJsonFile(path.join(options.dataDir, KEYSTORE_FILE), 'keystore', 'new-version');
    this.opening = this.open(null);
  }

  async getStatus(): Promise<KeystoreStatus> {
    await this.opening;
    return this.status;
  }

  /** The unlocked keystore, or an IpcRefusal the renderer can act on. */
  async require(): Promise<UnlockedKeystore> {
    await this.opening;
    if (this.unlocked) return this.unlocked;
    throw new IpcRefusal(`keystore-${this.status.state}`, 'The keystore is not unlocked');
  }

  /** Sets the passphrase on first run, or unlocks with it. */
  async unlock(passphrase: string): Promise<KeystoreStatus> {
    await this.opening;
    if (this.status.state !== 'needs-passphrase') throw new IpcRefusal('invalid-state', 'The keystore does not need a passphrase');
    let sealer: Sealer;
    try {
      sealer = createPassphraseSealer(passphrase, this.scrypt());
    } catch (error) {
      if (error instanceof SealerError) throw new IpcRefusal('weak-passphrase', error.message);
      throw error;
    }
    this.opening = this.open(sealer);
    return this.getStatus();
  }

  async recover(choice: KeystoreRecoveryChoice): Promise<KeystoreStatus> {
    await this.opening;
    if (this.status.state !== 'damaged' || !this.status.choices.includes(choice)) {
      throw new IpcRefusal('invalid-state', `"${choice}" is not offered now`);
    }
    const sealer = this.currentSealer;
    this.opening = (async () => {
      if (choice === 'restore-backup') await this.restoreBackup();
      if (choice === 'new-identity') await this.moveAsideSealedFiles();
      await this.open(sealer, choice === 'new-identity');
    })();
    return this.getStatus();
  }

  /** After "erase everything": refuse all use until the app restarts. */
  markErased(): void {
    this.unlocked = null;
    this.status = { state: 'erased' };
  }

  private currentSealer: Sealer | null = null;

  private scrypt(): ScryptParams {
    return this.options.sealing.kind === 'passphrase' ? (this.options.sealing.scrypt ?? SCRYPT_PRODUCTION) : SCRYPT_PRODUCTION;
  }

  /** newIdentity: the user chose to start over, so a missing keystore is created, not reported. */
  private async open(passphraseSealer: Sealer | null, newIdentity = false): Promise<void> {
    const { sealing, dataDir } = this.options;
    const sealer = sealing.kind === 'sealer' ? sealing.sealer : passphraseSealer;
    this.currentSealer = sealer;
    this.unlocked = null;
    const sealedKey = await readVaultKeyFile(dataDir);
    const keystoreExists = await exists(this.file.file);

    if (!sealer) {
      this.status = { state: 'needs-passphrase', setup: sealedKey === null && !keystoreExists, reason: sealing.kind === 'passphrase' ? sealing.reason : '', lastError: null };
      return;
    }
    if (sealedKey === null) {
      if (!newIdentity && (keystoreExists || (await exists(backupPathOf(this.file.file))))) {
        this.status = damage('vault-key-missing', 'The key that unlocks the keystore is missing', false);
        return;
      }
      const vault = await Vault.create(dataDir, sealer);
      await this.adopt(vault, await generateKeyMaterial(this.options.crypto, this.now()), true);
      return;
    }

    let vault: Vault;
    try {
      vault = await Vault.open(sealedKey, sealer);
      // safeStorage says its key was rotated: seal the vault key again under the new one.
      if (sealer.wantsReseal?.()) vault = await vault.reseal(dataDir, sealer);
    } catch (error) {
      if (error instanceof SealerError && error.code === 'wrong-passphrase') {
        this.status = { state: 'needs-passphrase', setup: false, reason: sealing.kind === 'passphrase' ? sealing.reason : '', lastError: 'wrong-passphrase' };
        return;
      }
      if (error instanceof SealerError || error instanceof VaultDataError) {
        this.status = damage('vault-key-undecryptable', 'The system keychain could not unlock the keystore', false);
        return;
      }
      throw error;
    }

    const read = await this.file.read(vault);
    if (read.kind === 'missing' && newIdentity) {
      await this.adopt(vault, await generateKeyMaterial(this.options.crypto, this.now()), true);
      return;
    }
    if (read.kind === 'missing') {
      const backup = await this.file.readBackup(vault);
      this.status = damage('keystore-missing', 'The keystore file is missing', backup.kind === 'ok');
      this.currentVault = vault;
      return;
    }
    if (read.kind === 'damaged') {
      const backup = await this.file.readBackup(vault);
      this.status = damage('keystore-corrupt', read.reason, backup.kind === 'ok');
      this.currentVault = vault;
      return;
    }
    let material: KeyMaterial;
    try {
      material = keyMaterialFromJson(read.value);
    } catch (error) {
      if (!(error instanceof KeyMaterialFormatError)) throw error;
      const backup = await this.file.readBackup(vault);
      this.status = damage('keystore-corrupt', error.message, backup.kind === 'ok');
      this.currentVault = vault;
      return;
    }
    await this.adopt(vault, material, false);
  }

  private currentVault: Vault | null = null;

  private async adopt(vault: Vault, material: KeyMaterial, isNew: boolean): Promise<void> {
    const keystore = new Keystore(material, {
      crypto: this.options.crypto,
      now: this.now,
      persist: (m) => this.file.write(vault, keyMaterialToJson(m)),
    });
    if (isNew) await this.file.write(vault, keyMaterialToJson(material));
    await keystore.maintain();
    this.unlocked = { keystore, vault };
    this.currentVault = vault;
    this.status = { state: 'ready', sealing: vault.sealerKind, identityKey: await keystore.identityPublicKey() };
  }

  /**
   * Restores `<keystore>.prev`. Its one-time prekeys are dropped (and replaced with fresh ones
   * by the next maintenance): the damaged newer version may already have consumed some of
   * them, and a one-time prekey must never serve two handshakes.
   */
  private async restoreBackup(): Promise<void> {
    const vault = this.currentVault;
    if (!vault) return;
    const backup = await this.file.readBackup(vault);
    if (backup.kind !== 'ok') return;
    const material = keyMaterialFromJson(backup.value);
    await moveAside(this.file.file, this.now());
    // The damaged version may have published ids beyond the backup's counters; skip past them
    // so no id ever names two different keys.
    await this.file.write(
      vault,
      keyMaterialToJson({
        ...material,
        oneTimePrekeys: [],
        nextOneTimePrekeyId: material.nextOneTimePrekeyId + RESTORED_ID_GAP,
        nextSignedPrekeyId: material.nextSignedPrekeyId + RESTORED_ID_GAP,
        nextKemPrekeyId: material.nextKemPrekeyId + RESTORED_ID_GAP,
      }),
    );
  }

  /** "Start a new identity": keep the damaged files under a new name (never delete them silently). */
  private async moveAsideSealedFiles(): Promise<void> {
    const { dataDir } = this.options;
    const stamp = this.now();
    const vaultUnusable = this.status.state === 'damaged' && this.status.problem.startsWith('vault-key');
    const files = vaultUnusable ? [VAULT_KEY_FILE, ...VAULT_SEALED_FILES] : [KEYSTORE_FILE];
    for (const name of files) {
      await moveAside(path.join(dataDir, name), stamp);
      await moveAside(backupPathOf(path.join(dataDir, name)), stamp);
    }
  }
}

function damage(problem: Damage['problem'], message: string, backupAvailable: boolean): Damage {
  const choices: KeystoreRecoveryChoice[] = ['retry', ...(backupAvailable ? (['restore-backup'] as const) : []), 'new-identity'];
  return { state: 'damaged', problem, message, choices };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export const DAMAGED_SUFFIX = '.damaged-';

async function moveAside(file: string, stamp: number): Promise<void> {
  if (await exists(file)) await rename(file, `${file}${DAMAGED_SUFFIX}${stamp}`);
}
