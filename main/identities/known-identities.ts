// The trust record (PROTOCOL.md §9.2): every identity this person has met — in a call, in a
// lobby, as a contact — keyed by the canonical identity (§3.1, so a key and its negation are one
// person), with the names it used and what the person decided: verified (when, how) or only
// seen. Sealed under the vault key, like the keystore. A key with a name we know under another
// key is flagged: Signal's "safety number changed" when we had verified that other key, a
// look-alike otherwise.
import path from 'node:path';
import { ProtocolError } from '../../protocol/errors';
import type { KnownIdentity, TrustView, TrustWarning, VerificationMethod } from '../../protocol/ipc-contract';
import { MAX_TRUST_NAME_LENGTH, VERIFICATION_METHODS } from '../../protocol/ipc-contract';
import { canonicalIdentityHex } from '../../protocol/keys/identity';
import { IpcRefusal } from '../ipc/dispatch';
import { SealedJsonFile } from '../vault/sealed-json-file';
import type { Vault } from '../vault/vault';
import { namesLookAlike } from './name-skeleton';

export const IDENTITIES_FILE = 'identities.sealed';
/** Names kept per identity: enough to recognise a look-alike of a recent one. */
export const MAX_NAMES = 4;
/** Someone only seen (never verified) and not met again for this long is forgotten. */
export const SEEN_RETENTION_MS = 365 * 24 * 60 * 60 * 1000;
/** At most this many records; beyond it, those only seen are forgotten, longest unseen first. */
export const MAX_IDENTITIES = 5000;

interface StoredIdentity {
  id: string;
  /** base64 of the Ed25519 key last seen. */
  identityKey: string;
  names: string[];
  verified: { at: number; method: VerificationMethod } | null;
  firstSeen: number;
  lastSeen: number;
}

/** The record before the trust record (contacts only, keyed by a renderer-chosen id). */
interface LegacyIdentity {
  identityKey: string;
  verified: boolean;
  firstSeen: number;
  lastSeen: number;
}

const decodeKey = (s: StoredIdentity) => new Uint8Array(Buffer.from(s.identityKey, 'base64'));

function toPublic(s: StoredIdentity): KnownIdentity {
  return { id: s.id, identityKey: decodeKey(s), names: [...s.names], verified: s.verified && { ...s.verified }, firstSeen: s.firstSeen, lastSeen: s.lastSeen };
}

function isStored(v: unknown): v is StoredIdentity {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const verified = s.verified as Record<string, unknown> | null;
  return (
    typeof s.id === 'string' && typeof s.identityKey === 'string' && Array.isArray(s.names) && s.names.every((n) => typeof n === 'string') &&
    (verified === null || (typeof verified === 'object' && typeof verified.at === 'number' && VERIFICATION_METHODS.includes(verified.method as VerificationMethod))) &&
    typeof s.firstSeen === 'number' && typeof s.lastSeen === 'number'
  );
}

function isLegacy(v: unknown): v is LegacyIdentity {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.contactId === 'string' && typeof s.identityKey === 'string' && typeof s.verified === 'boolean' && typeof s.firstSeen === 'number' && typeof s.lastSeen === 'number';
}

/** An earlier file's entry in today's form; a verification kept, the method was the safety number. */
function fromLegacy(l: LegacyIdentity): StoredIdentity | null {
  try {
    const id = canonicalIdentityHex(new Uint8Array(Buffer.from(l.identityKey, 'base64')));
    return { id, identityKey: l.identityKey, names: [], verified: l.verified ? { at: l.lastSeen, method: 'safety-number' } : null, firstSeen: l.firstSeen, lastSeen: l.lastSeen };
  } catch {
    return null;
  }
}

function canonicalId(identityKey: Uint8Array): string {
  try {
    return canonicalIdentityHex(identityKey);
  } catch (error) {
    if (error instanceof ProtocolError) throw new IpcRefusal('invalid-key', error.message);
    throw error;
  }
}

/** The name as we keep it: trimmed, at most MAX_TRUST_NAME_LENGTH characters. */
function cleanName(name: string): string {
  return name.trim().slice(0, MAX_TRUST_NAME_LENGTH);
}

/**
 * The warning for `record` seen under `name`: none once it is verified itself; otherwise another
 * identity we know under a name that looks the same — a verified one first.
 */
function warningFor(all: Map<string, StoredIdentity>, record: StoredIdentity, name: string): TrustWarning | null {
  if (record.verified || name.length === 0) return null;
  let lookAlike: TrustWarning | null = null;
  for (const other of all.values()) {
    if (other.id === record.id) continue;
    const match = other.names.find((n) => namesLookAlike(n, name));
    if (match === undefined) continue;
    if (other.verified) return { kind: 'key-changed', name: match };
    lookAlike ??= { kind: 'look-alike', name: match };
  }
  return lookAlike;
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

  /**
   * We meet `identityKey` under `displayName` now (a knock, a participant, a contact card):
   * remembered as seen if it is new, and returned with what we decided and any warning.
   */
  async meet(identityKey: Uint8Array, displayName: string): Promise<TrustView> {
    const id = canonicalId(identityKey);
    const name = cleanName(displayName);
    return this.exclusive(async () => {
      const all = await this.load();
      const now = this.now();
      const known = all.get(id);
      const names = name ? [name, ...(known?.names ?? []).filter((n) => n !== name)].slice(0, MAX_NAMES) : (known?.names ?? []);
      const record: StoredIdentity = known
        ? { ...known, identityKey: Buffer.from(identityKey).toString('base64'), names, lastSeen: now }
        : { id, identityKey: Buffer.from(identityKey).toString('base64'), names, verified: null, firstSeen: now, lastSeen: now };
      const next = new Map(all).set(id, record);
      await this.save(next);
      return { identity: toPublic(record), warning: warningFor(next, record, name) };
    });
  }

  /** What we know about `identityKey` (under `displayName`, else the name it last used), recording nothing. */
  async view(identityKey: Uint8Array, displayName?: string): Promise<TrustView | null> {
    const id = canonicalId(identityKey);
    return this.exclusive(async () => {
      const all = await this.load();
      const record = all.get(id);
      if (!record) return null;
      return { identity: toPublic(record), warning: warningFor(all, record, cleanName(displayName ?? record.names[0] ?? '')) };
    });
  }

  /** Marks anyone verified (now, by `method`) or not verified any more; someone not met yet is remembered. */
  async setVerified(identityKey: Uint8Array, verified: boolean, method: VerificationMethod): Promise<TrustView> {
    const id = canonicalId(identityKey);
    return this.exclusive(async () => {
      const all = await this.load();
      const now = this.now();
      const known = all.get(id);
      const encoded = Buffer.from(identityKey).toString('base64');
      // The verification is of the key just compared: those exact bytes are the ones kept.
      const base: StoredIdentity = known ?? { id, identityKey: encoded, names: [], verified: null, firstSeen: now, lastSeen: now };
      const record: StoredIdentity = { ...base, identityKey: encoded, verified: verified ? { at: now, method } : null };
      const next = new Map(all).set(id, record);
      await this.save(next);
      return { identity: toPublic(record), warning: warningFor(next, record, record.names[0] ?? '') };
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
    // sighting is lost, which errs on the side of showing someone as unverified.
    if (read.kind === 'damaged') read = await this.file.readBackup(vault);
    if (read.kind === 'damaged') throw new IpcRefusal('identities-damaged', 'The known-identities file is damaged');
    const raw = read.kind === 'ok' && Array.isArray(read.value) ? (read.value as unknown[]) : [];
    const entries = raw.flatMap((e) => (isStored(e) ? [e] : isLegacy(e) ? [fromLegacy(e)].filter((x) => x !== null) : []));
    const all = new Map<string, StoredIdentity>();
    for (const e of entries) {
      const earlier = all.get(e.id);
      // Two legacy entries of one person (a key and its negation): a verification wins.
      if (!earlier || (!earlier.verified && e.verified)) all.set(e.id, e);
    }
    this.cache = this.pruned(all);
    return this.cache;
  }

  /** Those only seen, long ago or beyond the cap, are forgotten; verified ones stay until unmarked or erased. */
  private pruned(all: Map<string, StoredIdentity>): Map<string, StoredIdentity> {
    const oldest = this.now() - SEEN_RETENTION_MS;
    const kept = [...all.values()].filter((r) => r.verified || r.lastSeen >= oldest);
    const seen = kept.filter((r) => !r.verified).sort((a, b) => b.lastSeen - a.lastSeen);
    const verified = kept.filter((r) => r.verified);
    const room = Math.max(0, MAX_IDENTITIES - verified.length);
    return new Map([...verified, ...seen.slice(0, room)].map((r) => [r.id, r]));
  }

  private async save(next: Map<string, StoredIdentity>): Promise<void> {
    const kept = this.pruned(next);
    await this.file.write(await this.vault(), [...kept.values()]);
    this.cache = kept;
  }
}
