// Known identities: the identity key we last saw for each contact, whether the user verified
// it (by safety number), and key changes (Signal's "safety number changed"). Stored sealed
// under the vault key, like the keystore.
import { equalBytes } from '@noble/curves/utils.js';
import path from 'node:path';
import type { IdentityCheck, KnownIdentity } from '../../protocol/ipc-contract';
import { IpcRefusal } from '../ipc/dispatch';
import { SealedJsonFile } from '../vault/sealed-json-file';
import type { Vault } from '../vault/vault';

export const IDENTITIES_FILE = 'identities.sealed';

interface StoredIdentity {
  contactId: string;
  identityKey: string;
  verified: boolean;
  firstSeen: number;
  lastSeen: number;
  keyChangedAt: number | null;
}

function toPublic(s: StoredIdentity): KnownIdentity {
  return { ...s, identityKey: new Uint8Array(Buffer.from(s.identityKey, 'base64')) };
}

function isStored(v: unknown): v is StoredIdentity {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.contactId === 'string' && typeof s.identityKey === 'string' && typeof s.verified === 'boolean' &&
    typeof s.firstSeen === 'number' && typeof s.lastSeen === 'number' && (s.keyChangedAt === null || typeof s.keyChangedAt === 'number')
  );
}

export class KnownIdentities {
  private readonly file: SealedJsonFile;
  private cache: Map<string, StoredIdentity> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly vault: () => Promise<Vault>,
    private readonly now: () => number = Date.now,
  ) {
    this.file = new SealedJsonFile(path.join(dataDir, IDENTITIES_FILE), 'identities');
  }

  list(): Promise<KnownIdentity[]> {
    return this.exclusive(async () => [...(await this.load()).values()].map(toPublic));
  }

  /** Records a sighting of contactId's key and says whether it is new, known or changed. */
  check(contactId: string, identityKey: Uint8Array): Promise<IdentityCheck> {
    return this.exclusive(async () => {
      const all = await this.load();
      const now = this.now();
      const encoded = Buffer.from(identityKey).toString('base64');
      const known = all.get(contactId);
      if (!known) {
        const fresh: StoredIdentity = { contactId, identityKey: encoded, verified: false, firstSeen: now, lastSeen: now, keyChangedAt: null };
        await this.save(new Map(all).set(contactId, fresh));
        return { status: 'new', identity: toPublic(fresh) };
      }
      if (equalBytes(new Uint8Array(Buffer.from(known.identityKey, 'base64')), identityKey)) {
        const seen = { ...known, lastSeen: now };
        await this.save(new Map(all).set(contactId, seen));
        return { status: 'known', identity: toPublic(seen) };
      }
      // A different key: forget the verification (it was for the old key) and flag the change.
      const changed: StoredIdentity = { ...known, identityKey: encoded, verified: false, lastSeen: now, keyChangedAt: now };
      await this.save(new Map(all).set(contactId, changed));
      return { status: 'changed', identity: toPublic(changed), previousKey: toPublic(known).identityKey, previousWasVerified: known.verified };
    });
  }

  /** Marks the contact's current key (verified) or not; refuses when the key is not the current one. */
  setVerified(contactId: string, identityKey: Uint8Array, verified: boolean): Promise<KnownIdentity> {
    return this.exclusive(async () => {
      const all = await this.load();
      const known = all.get(contactId);
      if (!known || !equalBytes(new Uint8Array(Buffer.from(known.identityKey, 'base64')), identityKey)) {
        throw new IpcRefusal('identity-mismatch', 'This is not the key currently known for this contact');
      }
      const next = { ...known, verified };
      await this.save(new Map(all).set(contactId, next));
      return toPublic(next);
    });
  }

  /** Forgets the cache (after erase-everything or a new identity). */
  reset(): void {
    this.cache = null;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async load(): Promise<Map<string, StoredIdentity>> {
    if (this.cache) return this.cache;
    const vault = await this.vault();
    let read = await this.file.read(vault);
    // A damaged file falls back to the previous version: at worst a recent "verified" mark or
    // sighting is lost, which errs on the side of showing a contact as unverified.
    if (read.kind === 'damaged') read = await this.file.readBackup(vault);
    if (read.kind === 'damaged') throw new IpcRefusal('identities-damaged', 'The known-identities file is damaged');
    const entries = read.kind === 'ok' && Array.isArray(read.value) ? read.value.filter(isStored) : [];
    this.cache = new Map(entries.map((e) => [e.contactId, e]));
    return this.cache;
  }

  private async save(next: Map<string, StoredIdentity>): Promise<void> {
    await this.file.write(await this.vault(), [...next.values()]);
    this.cache = next;
  }
}
