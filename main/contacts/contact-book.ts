// The contact book (PROTOCOL.md §13): our own card's mailbox, the contacts we added (from their
// signed cards), teams, the local call history and ringing preferences. One document sealed under
// the vault key, like the trust record (main/identities), which keeps each contact's verified
// state and flags another key under a verified contact's name. Nothing here ever leaves this machine; the history is pruned to the
// retention period the user sets on every read and write.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import path from 'node:path';
import { type ContactCard, contactLink, openContactLink, signContactCard } from '../../protocol/contact/contact-card';
import { MAILBOX_ID_LENGTH } from '../../protocol/contact/contact-card';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { ProtocolError } from '../../protocol/errors';
import type { CallRecord, ContactBook, ContactEntry, ContactPrefs, ContactTeam, MyContactCard, TrustView } from '../../protocol/ipc-contract';
import type { SignPurpose } from '../../protocol/ipc-contract';
import type { KnownIdentities } from '../identities/known-identities';
import { IpcRefusal } from '../ipc/dispatch';
import { SealedJsonFile } from '../vault/sealed-json-file';
import type { Vault } from '../vault/vault';

export const CONTACTS_FILE = 'contacts.sealed';
const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CONTACT_PREFS: ContactPrefs = { doNotDisturb: false, historyRetentionDays: 30 };
/** More history than this is pruned oldest first, whatever the retention. */
const MAX_HISTORY = 500;

interface StoredContact {
  link: string;
  addedAt: number;
}

interface Stored {
  me: { mailboxId: string; issuedAt: number; displayName?: string } | null;
  contacts: StoredContact[];
  teams: ContactTeam[];
  history: CallRecord[];
  prefs: ContactPrefs;
}

const EMPTY: Stored = { me: null, contacts: [], teams: [], history: [], prefs: DEFAULT_CONTACT_PREFS };

export interface ContactBookDeps {
  dataDir: string;
  vault: () => Promise<Vault>;
  identities: KnownIdentities;
  provider: CryptoProvider;
  identityKey: () => Promise<Uint8Array>;
  sign: (purpose: SignPurpose, payload: Uint8Array) => Promise<Uint8Array>;
  /** The relay our card names (the configured one, else the embedded one); null if none. */
  relayUrl: () => Promise<string | null>;
  now?: () => number;
}

/** A contact as the renderer sees it, with what the trust record says about its key. */
function entryOf(card: ContactCard, addedAt: number, trust: TrustView | null): ContactEntry {
  return {
    contactId: bytesToHex(card.identityKey),
    displayName: card.displayName,
    identityKey: card.identityKey,
    mailboxId: card.mailboxId,
    relayUrl: card.relayUrl,
    issuedAt: card.issuedAt,
    addedAt,
    verified: trust?.identity.verified !== null && trust?.identity.verified !== undefined,
    // Another key we verified under this contact's name: Signal's "safety number changed", since we first saw this one.
    keyChangedAt: trust?.warning?.kind === 'key-changed' ? trust.identity.firstSeen : null,
  };
}

function refusal(error: unknown): never {
  if (error instanceof ProtocolError) throw new IpcRefusal(`contact-${error.code}`, error.message);
  throw error;
}

export class ContactBookService {
  private readonly file: SealedJsonFile;
  private readonly now: () => number;
  private cache: { stored: Stored; cards: Map<string, ContactCard> } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ContactBookDeps) {
    this.file = new SealedJsonFile(path.join(deps.dataDir, CONTACTS_FILE), 'contacts');
    this.now = deps.now ?? Date.now;
  }

  get(): Promise<ContactBook> {
    return this.exclusive(async () => {
      const { stored, cards } = await this.load();
      const contacts: ContactEntry[] = [];
      for (const c of stored.contacts) {
        const card = cards.get(c.link);
        if (!card) continue;
        const trust = await this.deps.identities.view(card.identityKey, card.displayName);
        contacts.push(entryOf(card, c.addedAt, trust));
      }
      return { contacts, teams: stored.teams, history: this.pruned(stored).history, prefs: stored.prefs };
    });
  }

  /** Our card, signed by the identity key; `reissue` draws a new mailbox id. */
  myCard(displayName: string, reissue: boolean): Promise<MyContactCard> {
    return this.exclusive(async () => {
      const { stored } = await this.load();
      const relayUrl = await this.deps.relayUrl();
      if (!relayUrl) throw new IpcRefusal('no-relay', 'No relay is configured, so there is no mailbox to be rung at');
      let me = stored.me;
      if (!me || reissue) {
        me = { mailboxId: bytesToHex(this.deps.provider.randomBytes(MAILBOX_ID_LENGTH)), issuedAt: this.now(), displayName };
        await this.save({ ...stored, me });
      } else if (me.displayName !== displayName) {
        // Same mailbox, newer card: contacts replace the old name when they see this one.
        me = { ...me, issuedAt: Math.max(this.now(), me.issuedAt + 1), displayName };
        await this.save({ ...stored, me });
      }
      const identityKey = await this.deps.identityKey();
      const card = await signContactCard(
        { displayName, identityKey, mailboxId: hexToBytes(me.mailboxId), relayUrl, issuedAt: me.issuedAt },
        (purpose, payload) => this.deps.sign(purpose, payload),
      ).catch(refusal);
      return { link: contactLink(card), displayName, identityKey, mailboxId: card.mailboxId, relayUrl };
    });
  }

  /** Verifies the card and adds the contact, or replaces an older card of the same identity. */
  add(link: string): Promise<ContactEntry> {
    return this.exclusive(async () => {
      const card = await openContactLink(this.deps.provider, link).catch(refusal);
      const contactId = bytesToHex(card.identityKey);
      if (contactId === bytesToHex(await this.deps.identityKey())) throw new IpcRefusal('contact-own-card', 'This is your own contact card');
      const { stored, cards } = await this.load();
      const existing = stored.contacts.find((c) => bytesToHex(cards.get(c.link)?.identityKey ?? new Uint8Array()) === contactId);
      const existingCard = existing && cards.get(existing.link);
      let entry = existing;
      if (!existing || !existingCard || existingCard.issuedAt < card.issuedAt) {
        entry = { link: link.trim(), addedAt: existing?.addedAt ?? this.now() };
        cards.set(entry.link, card);
        await this.save({ ...stored, contacts: [...stored.contacts.filter((c) => c !== existing), entry] });
      }
      const current = cards.get(entry!.link)!;
      return entryOf(current, entry!.addedAt, await this.deps.identities.meet(current.identityKey, current.displayName));
    });
  }

  remove(contactId: string): Promise<null> {
    return this.exclusive(async () => {
      const { stored, cards } = await this.load();
      const contacts = stored.contacts.filter((c) => bytesToHex(cards.get(c.link)?.identityKey ?? new Uint8Array()) !== contactId);
      const teams = stored.teams.map((t) => ({ ...t, members: t.members.filter((m) => m !== contactId) }));
      await this.save({ ...stored, contacts, teams });
      return null;
    });
  }

  saveTeam(team: ContactTeam): Promise<ContactTeam> {
    return this.exclusive(async () => {
      const { stored, cards } = await this.load();
      const ids = new Set(stored.contacts.map((c) => bytesToHex(cards.get(c.link)?.identityKey ?? new Uint8Array())));
      if (!team.members.every((m) => ids.has(m))) throw new IpcRefusal('unknown-contact', 'A team can only have contacts as members');
      const saved = { id: team.id || bytesToHex(this.deps.provider.randomBytes(8)), name: team.name, members: [...new Set(team.members)] };
      await this.save({ ...stored, teams: [...stored.teams.filter((t) => t.id !== saved.id), saved] });
      return saved;
    });
  }

  removeTeam(teamId: string): Promise<null> {
    return this.exclusive(async () => {
      const { stored } = await this.load();
      await this.save({ ...stored, teams: stored.teams.filter((t) => t.id !== teamId) });
      return null;
    });
  }

  recordCall(record: CallRecord): Promise<null> {
    return this.exclusive(async () => {
      const { stored } = await this.load();
      await this.save(this.pruned({ ...stored, history: [record, ...stored.history] }));
      return null;
    });
  }

  setPrefs(prefs: ContactPrefs): Promise<ContactPrefs> {
    return this.exclusive(async () => {
      const { stored } = await this.load();
      await this.save(this.pruned({ ...stored, prefs: { ...prefs } }));
      return prefs;
    });
  }

  /** Forgets the cache (after erase-everything or a new identity). */
  reset(): void {
    this.cache = null;
  }

  private pruned(stored: Stored): Stored {
    const oldest = this.now() - stored.prefs.historyRetentionDays * DAY_MS;
    const history = stored.history.filter((r) => r.at >= oldest).sort((a, b) => b.at - a.at).slice(0, MAX_HISTORY);
    return { ...stored, history };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async load(): Promise<{ stored: Stored; cards: Map<string, ContactCard> }> {
    if (this.cache) return this.cache;
    const vault = await this.deps.vault();
    let read = await this.file.read(vault);
    if (read.kind === 'damaged') read = await this.file.readBackup(vault);
    if (read.kind === 'damaged') throw new IpcRefusal('contacts-damaged', 'The contacts file is damaged');
    const stored: Stored = read.kind === 'ok' ? { ...EMPTY, ...(read.value as Partial<Stored>) } : EMPTY;
    // Cards were verified when added; they are checked again on load, so a file edited by hand
    // (it is sealed, but still) cannot slip an unsigned card in.
    const cards = new Map<string, ContactCard>();
    for (const c of stored.contacts) {
      const card = await openContactLink(this.deps.provider, c.link).catch(() => null);
      if (card) cards.set(c.link, card);
    }
    this.cache = { stored, cards };
    return this.cache;
  }

  private async save(next: Stored): Promise<void> {
    await this.file.write(await this.deps.vault(), next);
    this.cache = { stored: next, cards: this.cache?.cards ?? new Map() };
  }
}
