// Ringing contacts (PROTOCOL.md §13.3): calling a contact or a team creates a fresh room and sends
// each callee a sealed invitation through their mailbox; an incoming invitation from a contact
// shows the incoming-call view until it is accepted (join the room; the caller's engine admits us
// without the lobby), declined, cancelled by the caller, or expires. Every reply goes sealed to
// the caller's mailbox. Nothing is published about us: a ring nobody answers just times out.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { fromBase64Url } from '../../protocol/bytes';
import { CONTACT_LINK_PREFIX, contactLink, decodeContactCard, verifyContactCard } from '../../protocol/contact/contact-card';
import { type AnswerOutcome, CALL_ID_LENGTH, type RingMessage, RingReplayGuard, decodeRingMessage, encodeRingMessage } from '../../protocol/contact/ring-message';
import { openFromMailbox, sealToMailbox } from '../../protocol/contact/sealed-sender';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { isHostKey } from '../../protocol/room/host-key-id';
import { encodeInvite, parseInvite } from '../../protocol/room/invite';
import { ProtocolError } from '../../protocol/errors';
import type { CallOutcome, CallRecord, ContactEntry, ParleyApi } from '../../protocol/ipc-contract';
import type { StoreApi } from 'zustand';
import { type IncomingRing, type RingState, useRingStore } from './ring-store';

/** How long a ring rings (the callee's view and the caller's wait). */
export const RING_MS = 30_000;

export interface MailboxPort {
  /** Listens on our mailbox(es) at our relay, replacing earlier ones. */
  listen(relayUrl: string, mailboxIds: Uint8Array[]): void;
  /** Posts a sealed blob to a mailbox on the relay the contact's card names. */
  post(relayUrl: string, mailboxId: Uint8Array, blob: Uint8Array): Promise<void>;
  onMail(handler: (mailboxId: Uint8Array, blob: Uint8Array) => void): void;
}

export interface RingEngine {
  createMeetingFor(displayName: string, admitWithoutLobby: Uint8Array[]): Promise<void>;
  join(inviteLink: string, displayName: string): Promise<void>;
  /** The invite link of the meeting we are in, once it exists. */
  inviteLink(): string | null;
  /** True while we are joining, waiting in a lobby or in a call. */
  busy(): boolean;
}

export interface RingTone {
  start(): void;
  stop(): void;
}

export interface RingerDeps {
  api: Pick<ParleyApi, 'getContactBook' | 'getMyContactCard' | 'addContact' | 'recordCall' | 'dhIdentity' | 'sign'>;
  provider: CryptoProvider;
  mailbox: MailboxPort;
  engine: RingEngine;
  displayName(): string;
  tone?: RingTone;
  now?: () => number;
  ringMs?: number;
  /**
   * An OS notification for a ring or a missed one (main skips it while our window is focused).
   * Never called under do-not-disturb.
   */
  notify?: (kind: 'incoming' | 'missed', caller: ContactEntry, callId: string) => void;
  /** The app's ring store unless a test passes its own. */
  store?: StoreApi<RingState>;
}

export class Ringer {
  private readonly guard = new RingReplayGuard();
  private readonly now: () => number;
  private readonly ringMs: number;
  private incomingTimer: ReturnType<typeof setTimeout> | undefined;
  private outgoingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly store: StoreApi<RingState>;

  constructor(private readonly deps: RingerDeps) {
    this.now = deps.now ?? Date.now;
    this.ringMs = deps.ringMs ?? RING_MS;
    this.store = deps.store ?? useRingStore;
    deps.mailbox.onMail((mailboxId, blob) => void this.onMail(mailboxId, blob).catch((e: unknown) => this.dropped(e)));
  }

  private name(): string {
    return this.deps.displayName().trim().slice(0, 64) || 'Parley';
  }

  /** Loads the book and our card and listens on our mailbox. */
  async start(): Promise<void> {
    await this.refresh();
    await this.loadCard(false);
  }

  async refresh(): Promise<void> {
    this.store.setState({ book: await this.deps.api.getContactBook() });
  }

  /** Our card again (e.g. after a name change), or a re-issued one: then only the new mailbox rings. */
  async loadCard(reissue: boolean): Promise<void> {
    const card = await this.deps.api.getMyContactCard(this.name(), reissue);
    this.store.setState({ myCard: card });
    this.deps.mailbox.listen(card.relayUrl, [card.mailboxId]);
  }

  // ---- calling --------------------------------------------------------------------------------

  /** Rings one contact, or every member of a team, into a fresh meeting. */
  async call(callees: ContactEntry[], teamName = ''): Promise<void> {
    const { provider, engine } = this.deps;
    const myCard = this.store.getState().myCard;
    if (!myCard || callees.length === 0) return;
    await engine.createMeetingFor(this.name(), callees.map((c) => c.identityKey));
    const meetingLink = engine.inviteLink();
    if (!meetingLink) return; // the meeting failed; the call screens show why
    const inviteLink = withRelay(meetingLink, myCard.relayUrl);
    const callId = provider.randomBytes(CALL_ID_LENGTH);
    const sentAt = this.now();
    const expiresAt = sentAt + this.ringMs;
    const callerCard = cardBytes(myCard.link);
    this.store.setState({
      outgoing: { callId: bytesToHex(callId), teamName, expiresAt, callees: callees.map((c) => ({ contactId: c.contactId, displayName: c.displayName, status: 'ringing' })) },
    });
    const ring = encodeRingMessage({ kind: 'ring', callId, sentAt, expiresAt, inviteLink, callerCard, teamName });
    await Promise.allSettled(callees.map((c) => this.sendTo(c, ring)));
    clearTimeout(this.outgoingTimer);
    this.outgoingTimer = setTimeout(() => this.finishOutgoing(), this.ringMs);
  }

  /** Stops ringing the callees who have not answered (the caller hung up or gave up). */
  async cancelOutgoing(): Promise<void> {
    const outgoing = this.store.getState().outgoing;
    if (!outgoing) return;
    const book = this.store.getState().book;
    const cancel = encodeRingMessage({ kind: 'cancel', callId: hexToBytes(outgoing.callId), sentAt: this.now() });
    const ringing = outgoing.callees.filter((c) => c.status === 'ringing');
    await Promise.allSettled(ringing.map((c) => {
      const contact = book?.contacts.find((k) => k.contactId === c.contactId);
      return contact ? this.sendTo(contact, cancel) : Promise.resolve();
    }));
    this.finishOutgoing(true);
  }

  private finishOutgoing(cancelled = false): void {
    clearTimeout(this.outgoingTimer);
    const outgoing = this.store.getState().outgoing;
    if (!outgoing) return;
    const callees = outgoing.callees.map((c) => (c.status === 'ringing' ? { ...c, status: 'no-answer' as const } : c));
    const outcome: CallOutcome = callees.some((c) => c.status === 'accepted')
      ? 'answered'
      : cancelled ? 'cancelled' : callees.every((c) => c.status === 'declined') ? 'declined' : 'no-answer';
    this.store.setState({ outgoing: { ...outgoing, callees } });
    void this.record({ at: this.now(), direction: 'outgoing', peers: callees.map((c) => c.contactId), teamName: outgoing.teamName, outcome });
  }

  /** The caller's own view: dismiss the finished ring summary. */
  dismissOutgoing(): void {
    this.store.setState({ outgoing: null });
  }

  // ---- answering ------------------------------------------------------------------------------

  async accept(): Promise<void> {
    const incoming = this.takeIncoming();
    if (!incoming) return;
    await this.answer(incoming, 'accepted');
    void this.record({ at: this.now(), direction: 'incoming', peers: [incoming.caller.contactId], teamName: incoming.teamName, outcome: 'answered' });
    await this.deps.engine.join(incoming.inviteLink, this.name());
  }

  async decline(): Promise<void> {
    const incoming = this.takeIncoming();
    if (!incoming) return;
    void this.record({ at: this.now(), direction: 'incoming', peers: [incoming.caller.contactId], teamName: incoming.teamName, outcome: 'declined' });
    await this.answer(incoming, 'declined');
  }

  private takeIncoming(): IncomingRing | null {
    const incoming = this.store.getState().incoming;
    clearTimeout(this.incomingTimer);
    this.deps.tone?.stop();
    this.store.setState({ incoming: null });
    return incoming;
  }

  private async answer(incoming: IncomingRing, outcome: AnswerOutcome): Promise<void> {
    const message = encodeRingMessage({ kind: 'answer', callId: hexToBytes(incoming.callId), sentAt: this.now(), outcome });
    await this.sendTo(incoming.caller, message);
  }

  // ---- mail -----------------------------------------------------------------------------------

  private async onMail(mailboxId: Uint8Array, blob: Uint8Array): Promise<void> {
    const { provider, api } = this.deps;
    const myCard = this.store.getState().myCard;
    if (!myCard || bytesToHex(mailboxId) !== bytesToHex(myCard.mailboxId)) return; // an old mailbox: cut off
    const opened = await openFromMailbox(provider, myCard.identityKey, (remote) => api.dhIdentity(remote), mailboxId, blob);
    const senderId = bytesToHex(opened.senderIdentityKey);
    // Only contacts can ring us: anyone else's message is dropped unread.
    const sender = this.store.getState().book?.contacts.find((c) => c.contactId === senderId);
    if (!sender) return;
    const message = decodeRingMessage(opened.message);
    this.guard.check(senderId, message, this.now());
    switch (message.kind) {
      case 'ring':
        return this.onRing(sender, message);
      case 'answer':
        return this.onAnswer(senderId, message.callId, message.outcome);
      case 'cancel':
        return this.onCancel(senderId, message.callId);
    }
  }

  private async onRing(sender: ContactEntry, ring: Extract<RingMessage, { kind: 'ring' }>): Promise<void> {
    const card = await verifyContactCard(this.deps.provider, decodeContactCard(ring.callerCard));
    if (bytesToHex(card.identityKey) !== sender.contactId) throw new ProtocolError('authentication-failed', 'ring: the caller card is not the sender’s');
    // The caller hosts the room it rings us into: a contact cannot ring us into someone else's room.
    if (!(await isHostKey(this.deps.provider, sender.identityKey, parseInvite(ring.inviteLink).hostKeyId))) {
      throw new ProtocolError('authentication-failed', 'ring: the invite is not for a room the caller hosts');
    }
    let caller = sender;
    if (card.issuedAt > sender.issuedAt) {
      // The caller re-issued their card: answer (and ring) them at the new mailbox from now on.
      caller = await this.deps.api.addContact(contactLink(card));
      await this.refresh();
    }
    const incoming: IncomingRing = { callId: bytesToHex(ring.callId), caller, teamName: ring.teamName, inviteLink: ring.inviteLink, expiresAt: ring.expiresAt };
    const book = this.store.getState().book;
    if (book?.prefs.doNotDisturb) {
      // Do not disturb: no ring, no reply (the caller's ring times out); a missed call, kept locally.
      return void this.record({ at: this.now(), direction: 'incoming', peers: [caller.contactId], teamName: ring.teamName, outcome: 'missed' });
    }
    if (this.store.getState().incoming || this.deps.engine.busy()) {
      void this.record({ at: this.now(), direction: 'incoming', peers: [caller.contactId], teamName: ring.teamName, outcome: 'missed' });
      this.deps.notify?.('missed', caller, incoming.callId);
      return this.answer(incoming, 'busy');
    }
    this.store.setState({ incoming });
    this.deps.tone?.start();
    this.deps.notify?.('incoming', caller, incoming.callId);
    clearTimeout(this.incomingTimer);
    this.incomingTimer = setTimeout(() => {
      const current = this.takeIncoming();
      if (!current) return;
      void this.record({ at: this.now(), direction: 'incoming', peers: [current.caller.contactId], teamName: current.teamName, outcome: 'missed' });
      this.deps.notify?.('missed', current.caller, current.callId);
      void this.answer(current, 'no-answer').catch((e: unknown) => this.dropped(e));
    }, Math.max(0, ring.expiresAt - this.now()));
  }

  private onAnswer(senderId: string, callId: Uint8Array, outcome: AnswerOutcome): void {
    const outgoing = this.store.getState().outgoing;
    if (!outgoing || outgoing.callId !== bytesToHex(callId)) return;
    const callees = outgoing.callees.map((c) => (c.contactId === senderId && c.status === 'ringing' ? { ...c, status: outcome } : c));
    this.store.setState({ outgoing: { ...outgoing, callees } });
    if (callees.every((c) => c.status !== 'ringing')) this.finishOutgoing();
  }

  private onCancel(senderId: string, callId: Uint8Array): void {
    const incoming = this.store.getState().incoming;
    if (!incoming || incoming.callId !== bytesToHex(callId) || incoming.caller.contactId !== senderId) return;
    this.takeIncoming();
    void this.record({ at: this.now(), direction: 'incoming', peers: [senderId], teamName: incoming.teamName, outcome: 'missed' });
    this.deps.notify?.('missed', incoming.caller, incoming.callId);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private async sendTo(contact: ContactEntry, message: Uint8Array): Promise<void> {
    const { provider, api, mailbox } = this.deps;
    const myCard = this.store.getState().myCard;
    if (!myCard) return;
    const sealed = await sealToMailbox(provider, { identityKey: myCard.identityKey, sign: (purpose, payload) => api.sign(purpose, payload) }, contact.identityKey, contact.mailboxId, message);
    await mailbox.post(contact.relayUrl, contact.mailboxId, sealed);
  }

  private async record(record: CallRecord): Promise<void> {
    await this.deps.api.recordCall(record).catch((e: unknown) => this.dropped(e));
    await this.refresh().catch(() => undefined);
  }

  private dropped(error: unknown): void {
    // Replays, expired rings and messages that do not open are refused quietly (no reply: a
    // reply would tell a prober that we are online), but the UI may show the last reason.
    this.store.setState({ problem: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * The invite naming our relay (§4.3), so a callee whose own relay is another one still joins the
 * room on ours (the room lives on the relay its host uses).
 */
function withRelay(inviteLink: string, relayUrl: string): string {
  const invite = parseInvite(inviteLink);
  if (invite.relayUrl) return inviteLink;
  try {
    return encodeInvite({ ...invite, relayUrl });
  } catch {
    return inviteLink; // a relay URL a link cannot carry: the callee uses its own relay
  }
}

/** Our own card's bytes (main made and signed the link). */
function cardBytes(link: string): Uint8Array {
  const bytes = link.startsWith(CONTACT_LINK_PREFIX) ? fromBase64Url(link.slice(CONTACT_LINK_PREFIX.length)) : undefined;
  if (!bytes) throw new ProtocolError('malformed', 'our own card link does not decode');
  return bytes;
}
