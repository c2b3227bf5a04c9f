// The admission state machine of one meeting (PROTOCOL.md §14). Pure and synchronous:
// `admissionStep(state, event)` returns the next state and the effects the engine must carry out
// (send a message, have main sign a statement, persist the host's record, open or close a
// connection, show the lobby). Crypto results come in as facts (check.ts), time comes in with
// the events that need it, and nothing here keeps a timer, so every rule is a unit test and the
// whole machine is property-tested over random delivery orders (machine.property.test.ts).
//
// One machine per meeting (per join): nothing it holds, least of all our own admission, outlives
// the meeting it was made for.
import { equalBytes } from '@noble/curves/utils.js';
import type { PayloadType } from '../wire/payload';
import { chainFault, fitsChain, handOversOf, holderAfter, lastLinkSeq, mergeChain } from './chain';
import type { ChainFault } from './chain';
import type { Checked } from './check';
import { MAX_CHAIN_LINKS, checkDisplayName } from './messages';
import type { AdmissionMessage, DenyMessage, HandOverLink, StateMessage } from './messages';
import { encodeAdmissionRecord } from './record';
import { MAX_ADMITTED, MAX_REMOVED, encodeMeetingState, encodeStatement, meetingState, signedOf, stateDigest } from './statement';
import type { DenyReason, DenyStatement, MeetingState, PersonId, Signed, StateStatement, Statement } from './statement';
import { canonicalIdentityHex } from '../keys/identity';

/**
 * Where we stand (§14.6), always derived from what we hold: admitted while our newest state admits
 * us; removed when a newer one does not; denied while we hold a deny from the host; disputed
 * (for good, in this meeting) once we know of a fork. Only 'disputed' cannot change back: a deny
 * or a removal that a hand-over we learn later shows to be a former host's stops counting, so
 * that what we conclude never depends on the order messages came in.
 */
export type Status = 'knocking' | 'admitted' | 'denied' | 'removed' | 'disputed';

/** Someone we have a pairwise session with: canonical id, and the exact identity key they use. */
export interface Peer {
  id: PersonId;
  key: Uint8Array;
}

/** Everything received and dropped is counted by one of these reasons (§14.6 table). */
export type DropReason =
  | ChainFault
  | 'ended'
  | 'not-admitted'
  | 'not-from-host'
  | 'not-for-me'
  | 'old-epoch'
  | 'other-epoch'
  | 'after-hand-over'
  | 'stale'
  | 'duplicate'
  | 'unexpected'
  | 'lobby-full'
  | 'retired'
  | 'malformed';

/** Why the machine refused a host action. */
export type Refusal = 'not-host' | 'ended' | 'self' | 'not-admitted' | 'already-admitted' | 'roster-full' | 'removed-full' | 'handed-over-before' | 'chain-full' | 'busy' | 'sign-failed';

export type HostAction =
  | { kind: 'admit'; ids: PersonId[] }
  | { kind: 'deny'; id: PersonId; reason: DenyReason }
  | { kind: 'remove'; id: PersonId }
  | { kind: 'lock'; locked: boolean }
  | { kind: 'hand-over'; to: Peer; relayOnly?: boolean };

export interface LobbyEntry {
  id: PersonId;
  /** The host removed them from this meeting earlier: they wait for the host even with the lobby off. */
  removedEarlier: boolean;
}

export type AdmissionEvent =
  /** A pairwise session with this peer exists (we greeted them, or they us). */
  | { type: 'session'; peer: Peer }
  /** The peer is gone from the room (relay peer-left, bye). */
  | { type: 'gone'; id: PersonId }
  /** A newcomer's knock, or a member's welcome: greetings, which carry only a display name. */
  | { type: 'knock' | 'welcome'; from: Peer; now: number }
  | { type: 'state'; from: Peer; message: Checked<StateMessage>; now: number }
  /** Our own record's state message after a restart (restore.ts): judged like any other, but from nobody. */
  | { type: 'restore'; message: Checked<StateMessage>; now: number }
  | { type: 'deny'; from: Peer; message: Checked<DenyMessage> }
  /** An admission body that did not decode, or an old (§11) form: counted, never acted on. */
  | { type: 'undecodable'; from: Peer; reason: 'malformed' | 'retired' }
  /** Any other payload: the effects say whether to act on it (an 'accept' effect) or not. */
  | { type: 'payload'; from: Peer; payload: PayloadType }
  | { type: 'host-action'; action: HostAction; now: number }
  | { type: 'set-lobby'; enabled: boolean; now: number }
  /** People the host lets in without the lobby (the contacts it rang). */
  | { type: 'bypass-lobby'; ids: PersonId[] }
  | { type: 'signed'; requestId: number; signature: Uint8Array }
  | { type: 'sign-failed'; requestId: number };

export type AdmissionEffect =
  | { kind: 'send'; to: PersonId; message: AdmissionMessage; relayOnly: boolean }
  /** Have main sign `statement` (purpose 'meeting-statement'), then feed 'signed' back. */
  | { kind: 'sign'; requestId: number; statement: Uint8Array }
  /** The host's record (record.ts): store it, sealed, before carrying out the sends after it. */
  | { kind: 'persist'; record: Uint8Array }
  | { kind: 'status'; status: Status }
  /** We and this present peer are both admitted now: a connection may be made. */
  | { kind: 'connectable'; id: PersonId }
  /** Close the connection; `removed`: the host removed them (rotate our media keys). */
  | { kind: 'disconnect'; id: PersonId; reason: 'removed' | 'no-longer-admitted' | 'new-meeting' | 'disputed' | 'we-left' }
  | { kind: 'host'; id: PersonId | null; self: boolean }
  | { kind: 'locked'; locked: boolean }
  /** The host's lobby (emitted while we are host; empty when we stop being host). */
  | { kind: 'lobby'; entries: LobbyEntry[] }
  | { kind: 'accept' }
  | { kind: 'drop'; from: PersonId | null; reason: DropReason }
  | { kind: 'refused'; action: HostAction['kind']; reason: Refusal };

/** What we know of the meeting we are in (one epoch). */
export interface Knowledge {
  epoch: number;
  /** The exact key of the invite's host, the root of every chain, and its canonical id. */
  rootKey: Uint8Array;
  rootId: PersonId;
  /** The hand-overs from the root to the host now (§14.4). */
  path: HandOverLink[];
  /** The newest meeting state we accepted; null while the root has made no statement (genesis). */
  latest: StateMessage | null;
}

interface QueuedAction {
  action: HostAction;
  now: number;
}

interface PendingStatement extends QueuedAction {
  requestId: number;
  statement: Statement;
  state: MeetingState | null;
  baseSeq: number;
  basePathLength: number;
}

export interface AdmissionState {
  roomId: Uint8Array;
  hostKeyId: Uint8Array;
  self: Peer & { displayName: string; isRoot: boolean };
  status: Status;
  knowledge: Knowledge | null;
  dispute: { holder: PersonId; evidence: StateMessage[] } | null;
  /** A deny we hold (while knocking): it counts while its signer is the host as far as we know. */
  denial: DenyMessage | null;
  present: Readonly<Record<PersonId, Uint8Array>>;
  lobbyEnabled: boolean;
  bypass: readonly PersonId[];
  /** Strangers and removed people who knocked and are still present (the host's lobby). */
  waiting: readonly LobbyEntry[];
  pending: PendingStatement | null;
  queue: readonly QueuedAction[];
  nextRequestId: number;
  drops: Readonly<Partial<Record<DropReason, number>>>;
}

export interface StepResult {
  state: AdmissionState;
  effects: AdmissionEffect[];
}

export const MAX_WAITING = 32;
export const MAX_QUEUED_ACTIONS = 16;
const NOT_ADMITTED_PAYLOADS: ReadonlySet<PayloadType> = new Set(['bye']);

// ---- creating a machine -------------------------------------------------------------------

export interface AdmissionInit {
  roomId: Uint8Array;
  hostKeyId: Uint8Array;
  self: Peer;
  displayName: string;
  /** Our key is the one the invite's host key id names (§4.2), computed by the caller. */
  isRoot: boolean;
  /** The root's new meeting number (nextEpoch); ignored for everyone else. */
  epoch: number;
  lobbyEnabled: boolean;
}

/** The epoch of a new meeting in a room (§14.1): the time, but always above the room's last one. */
export function nextEpoch(now: number, lastEpoch: number | null): number {
  return Math.max(Math.floor(now), (lastEpoch ?? 0) + 1);
}

export function createAdmission(init: AdmissionInit): AdmissionState {
  return {
    roomId: init.roomId.slice(),
    hostKeyId: init.hostKeyId.slice(),
    self: { id: init.self.id, key: init.self.key.slice(), displayName: checkDisplayName(init.displayName), isRoot: init.isRoot },
    status: init.isRoot ? 'admitted' : 'knocking',
    knowledge: init.isRoot ? { epoch: init.epoch, rootKey: init.self.key.slice(), rootId: init.self.id, path: [], latest: null } : null,
    dispute: null,
    denial: null,
    present: {},
    lobbyEnabled: init.lobbyEnabled,
    bypass: [],
    waiting: [],
    pending: null,
    queue: [],
    nextRequestId: 1,
    drops: {},
  };
}

// ---- what the state says ------------------------------------------------------------------

/** The meeting state now: the newest accepted one, or for the root before its first statement, itself alone. */
export function meetingStateOf(state: AdmissionState): MeetingState | null {
  const k = state.knowledge;
  if (!k || state.status === 'disputed') return null;
  if (k.latest) return k.latest.state;
  return state.self.isRoot ? meetingState(false, [state.self.id], []) : null;
}

function latestSeq(k: Knowledge): number {
  return k.latest?.final.statement.seq ?? 0;
}

export function hostKeyOf(state: AdmissionState): Uint8Array | null {
  const k = state.knowledge;
  if (!k || state.dispute) return null;
  return holderAfter(k.rootKey, k.path);
}

export function isHost(state: AdmissionState): boolean {
  const key = hostKeyOf(state);
  return state.status === 'admitted' && key !== null && equalBytes(key, state.self.key);
}

export function isAdmitted(state: AdmissionState, id: PersonId): boolean {
  return meetingStateOf(state)?.admitted.includes(id) ?? false;
}

export function isRemoved(state: AdmissionState, id: PersonId): boolean {
  return meetingStateOf(state)?.removed.includes(id) ?? false;
}

/** Whether we may open or accept a connection to this person (§14.6): both of us admitted. */
export function mayConnect(state: AdmissionState, id: PersonId): boolean {
  return state.status === 'admitted' && id !== state.self.id && isAdmitted(state, id);
}

/** What two machines must agree on once they received the same statements (the convergence property). */
export interface Projection {
  status: Status;
  epoch: number | null;
  host: PersonId | null;
  seq: number;
  admitted: readonly PersonId[];
  removed: readonly PersonId[];
  locked: boolean;
}

export function projection(state: AdmissionState): Projection {
  const k = state.knowledge;
  if (state.dispute) return { status: 'disputed', epoch: k?.epoch ?? null, host: null, seq: 0, admitted: [], removed: [], locked: false };
  const ms = meetingStateOf(state);
  const hostKey = hostKeyOf(state);
  const hostLink = k?.path.at(-1);
  return {
    status: state.status,
    epoch: k?.epoch ?? null,
    host: hostKey === null ? null : hostLink ? hostLink.successorId! : k!.rootId,
    seq: k ? latestSeq(k) : 0,
    admitted: ms?.admitted ?? [],
    removed: ms?.removed ?? [],
    locked: ms?.locked ?? false,
  };
}

/** Statements we hold already (for check.ts `known`): their signatures need no second look. */
export function isKnownStatement(state: AdmissionState, signed: Signed): boolean {
  const k = state.knowledge;
  if (!k) return false;
  const same = (s: Signed) => equalBytes(s.bytes, signed.bytes) && equalBytes(s.signature, signed.signature);
  return k.path.some(same) || (k.latest !== null && (same(k.latest.final) || k.latest.links.some(same)));
}

/** The message proving our state (and so our admission) to another member; null while we hold none. */
export function ownStateMessage(state: AdmissionState): StateMessage | null {
  return state.status === 'admitted' ? (state.knowledge?.latest ?? null) : null;
}

// ---- the step ------------------------------------------------------------------------------

class Step {
  readonly effects: AdmissionEffect[] = [];
  constructor(public s: AdmissionState) {}

  emit(effect: AdmissionEffect): void {
    this.effects.push(effect);
  }

  drop(from: PersonId | null, reason: DropReason): void {
    this.s = { ...this.s, drops: { ...this.s.drops, [reason]: (this.s.drops[reason] ?? 0) + 1 } };
    this.emit({ kind: 'drop', from, reason });
  }

  result(): StepResult {
    return { state: this.s, effects: this.effects };
  }
}

/** Statuses in which we take part in the meeting's conversation (greetings, payloads). */
const TAKING_PART: ReadonlySet<Status> = new Set(['knocking', 'admitted']);

export function admissionStep(state: AdmissionState, event: AdmissionEvent): StepResult {
  const step = new Step(state);
  switch (event.type) {
    case 'session':
      onSession(step, event.peer);
      break;
    case 'gone':
      onGone(step, event.id);
      break;
    case 'knock':
    case 'welcome':
      onGreeting(step, event.from, event.type === 'welcome', event.now);
      break;
    case 'state':
      onState(step, event.from, event.message, event.now);
      break;
    case 'restore':
      onState(step, null, event.message, event.now);
      break;
    case 'deny':
      onDeny(step, event.from, event.message);
      break;
    case 'undecodable':
      step.drop(event.from.id, event.reason);
      break;
    case 'payload':
      onPayload(step, event.from, event.payload);
      break;
    case 'host-action':
      requestAction(step, event.action, event.now);
      break;
    case 'set-lobby':
      onSetLobby(step, event.enabled, event.now);
      break;
    case 'bypass-lobby':
      step.s = { ...step.s, bypass: [...new Set([...step.s.bypass, ...event.ids])] };
      persistIfMember(step);
      break;
    case 'signed':
      onSigned(step, event.requestId, event.signature, null);
      break;
    case 'sign-failed':
      onSigned(step, event.requestId, null, 'sign-failed');
      break;
  }
  return step.result();
}

// ---- presence ------------------------------------------------------------------------------

function present(step: Step, peer: Peer): void {
  const known = step.s.present[peer.id];
  if (known && equalBytes(known, peer.key)) return;
  step.s = { ...step.s, present: { ...step.s.present, [peer.id]: peer.key.slice() } };
}

function onSession(step: Step, peer: Peer): void {
  if (peer.id === step.s.self.id) return;
  const wasPresent = step.s.present[peer.id] !== undefined;
  present(step, peer);
  if (!wasPresent && mayConnect(step.s, peer.id)) step.emit({ kind: 'connectable', id: peer.id });
}

function onGone(step: Step, id: PersonId): void {
  if (step.s.present[id] === undefined) return;
  const rest = { ...step.s.present };
  delete rest[id];
  step.s = { ...step.s, present: rest };
  setWaiting(step, step.s.waiting.filter((entry) => entry.id !== id));
}

function setWaiting(step: Step, waiting: readonly LobbyEntry[]): void {
  const before = step.s.waiting;
  step.s = { ...step.s, waiting };
  const changed = before.length !== waiting.length || before.some((e, i) => e.id !== waiting[i]!.id || e.removedEarlier !== waiting[i]!.removedEarlier);
  if (changed && isHost(step.s)) step.emit({ kind: 'lobby', entries: [...waiting] });
}

// ---- greetings: knock and welcome ----------------------------------------------------------

function send(step: Step, to: PersonId, message: AdmissionMessage, relayOnly = false): void {
  step.emit({ kind: 'send', to, message, relayOnly });
}

function welcomeFor(step: Step): AdmissionMessage {
  return { kind: 'welcome', displayName: step.s.self.displayName };
}

/**
 * A knock or a welcome. Greetings carry no statement (§14.5): what anyone concludes about the
 * meeting comes from state and deny messages alone, so it is the same whatever order they came in.
 */
function onGreeting(step: Step, from: Peer, welcome: boolean, now: number): void {
  if (!TAKING_PART.has(step.s.status)) return step.drop(from.id, 'ended');
  if (from.id === step.s.self.id) return step.drop(from.id, 'unexpected');
  present(step, from);
  if (step.s.status !== 'admitted') {
    if (!welcome) send(step, from.id, welcomeFor(step));
    return;
  }
  const admitted = isAdmitted(step.s, from.id);
  const removed = isRemoved(step.s, from.id);
  if (!welcome && !removed) send(step, from.id, welcomeFor(step));
  if (admitted) {
    // Every new session between two members exchanges their newest state (§14.8): the proof of
    // each one's admission, and how a member who was away learns what it missed.
    const own = ownStateMessage(step.s);
    if (own) send(step, from.id, own);
    return;
  }
  lobbyArrival(step, from.id, removed, now);
}

/**
 * A stranger, or someone removed, greets us (or, `carried`, was waiting when we became host): the
 * host decides (§14.6 host rules); others note them, so a new host finds its lobby.
 */
function lobbyArrival(step: Step, id: PersonId, removed: boolean, now: number, carried = false): void {
  const host = isHost(step.s);
  const ms = meetingStateOf(step.s)!;
  if (host && ms.locked && !carried) return requestAction(step, { kind: 'deny', id, reason: 'locked' }, now);
  if (host && !ms.locked && !removed && (!step.s.lobbyEnabled || step.s.bypass.includes(id))) return requestAction(step, { kind: 'admit', ids: [id] }, now);
  if (step.s.waiting.some((entry) => entry.id === id)) return;
  if (step.s.waiting.length >= MAX_WAITING) return step.drop(id, 'lobby-full');
  setWaiting(step, [...step.s.waiting, { id, removedEarlier: removed }]);
}

// ---- knowledge of the meeting: epochs and the chain ----------------------------------------

/**
 * The knowledge a message of `epoch` is judged against (§14.1): ours; a fresh one for a newcomer
 * or, when `mayMove`, for a newer meeting the invite's host opened; or null (dropped).
 */
function knowledgeFor(step: Step, from: PersonId | null, epoch: number, rootKey: Uint8Array, mayMove: boolean): Knowledge | null {
  const k = step.s.knowledge;
  if (k && epoch === k.epoch) {
    if (!equalBytes(k.rootKey, rootKey)) {
      step.drop(from, 'not-root');
      return null;
    }
    return k;
  }
  if (k && epoch < k.epoch) {
    step.drop(from, 'old-epoch');
    return null;
  }
  // The root chose this meeting's epoch; a statement of another one is not about it. Anyone
  // else moves to a newer meeting only with a state that admits them to it.
  if (k && (step.s.self.isRoot || !mayMove)) {
    step.drop(from, k && step.s.self.isRoot ? 'other-epoch' : 'not-for-me');
    return null;
  }
  return { epoch, rootKey: rootKey.slice(), rootId: canonicalIdentityHex(rootKey), path: [], latest: null };
}

/** Joins a chain into what we know; a fork ends the meeting's host role for us (§14.4, "Forks"). */
function mergeIntoPath(step: Step, k: Knowledge, chain: readonly HandOverLink[], evidence: StateMessage | null): Knowledge | null {
  const merged = mergeChain(k.path, chain);
  if ('forkAt' in merged) {
    disputed(step, k, merged.forkAt, evidence);
    return null;
  }
  const next = { ...k, path: merged.path };
  if (step.s.knowledge && step.s.knowledge.epoch !== next.epoch) leaveEpoch(step);
  step.s = { ...step.s, knowledge: next };
  return next;
}

/** Moving to a newer meeting: every connection and decision of the old one ends (§14.1). */
function leaveEpoch(step: Step): void {
  const s = step.s;
  for (const id of Object.keys(s.present)) if (mayConnect(s, id)) step.emit({ kind: 'disconnect', id, reason: 'new-meeting' });
  if (isHost(s)) step.emit({ kind: 'lobby', entries: [] });
  step.s = { ...s, waiting: [], pending: null, queue: [], denial: null };
}

function disputed(step: Step, k: Knowledge, forkAt: number, evidence: StateMessage | null): void {
  const before = step.s;
  const holder = forkAt === 0 ? k.rootId : k.path[forkAt - 1]!.successorId!;
  const proofs = [before.knowledge?.epoch === k.epoch ? before.knowledge.latest : null, evidence].filter((m): m is StateMessage => m !== null);
  // Everyone we are connected to gets both sides of the fork, so the whole meeting stops with us.
  if (before.status === 'admitted' && proofs.length === 2) {
    for (const id of Object.keys(before.present)) if (isAdmitted(before, id)) for (const proof of proofs) send(step, id, proof);
  }
  step.s = { ...step.s, knowledge: { ...k, path: k.path.slice(0, forkAt) }, dispute: { holder, evidence: proofs }, pending: null, queue: [] };
  settle(step, before, 0);
}

// ---- state messages ------------------------------------------------------------------------

/**
 * A state message from a peer, or (`from` null) our own record's after a restart (§14.6 steps).
 * Every rule here looks at the message and at what we know, never at the order things came in:
 * the sender must be admitted in the state it shows (a member's proof, or the host's own word),
 * the statement must fit the chain, and the newest fitting state about us wins.
 */
function onState(step: Step, from: Peer | null, message: Checked<StateMessage>, now: number): void {
  const sender = from?.id ?? null;
  if (step.s.status === 'disputed') return step.drop(sender, 'ended');
  if (from) present(step, from);
  const fault = chainFault(step.s.roomId, message.links, message.final, message, message.checks);
  if (fault) return step.drop(sender, fault);
  if (from && !message.state.admitted.includes(from.id)) return step.drop(sender, 'not-admitted');
  const admitsMe = message.state.admitted.includes(step.s.self.id);
  const aboutMe = admitsMe || message.state.removed.includes(step.s.self.id);
  const base = knowledgeFor(step, sender, message.final.statement.epoch, (message.links[0] ?? message.final).statement.signer, aboutMe);
  if (!base) return;
  const before = step.s;
  const k = learnChain(step, base, handOversOf(message.links, message.final), stripChecks(message));
  if (!k) return;
  const decided = aboutMe ? judgeState(step, sender, k, message) : (step.drop(sender, 'not-for-me'), null);
  if (decided) step.s = { ...step.s, knowledge: decided };
  settle(step, before, now);
  if (decided) persistIfMember(step);
}

/**
 * Joins a chain into what we know. A state we held that the longer chain shows to be signed
 * after its signer handed over (a former host's, which we could not tell before) stops counting.
 */
function learnChain(step: Step, base: Knowledge, chain: readonly HandOverLink[], evidence: StateMessage | null): Knowledge | null {
  const k = mergeIntoPath(step, base, chain, evidence);
  if (!k) return null;
  if (k.latest && !fitsChain(k.rootKey, k.path, k.latest.final)) {
    const cleared = { ...k, latest: null };
    step.s = { ...step.s, knowledge: cleared };
    return cleared;
  }
  return k;
}

/** Whether a state message about us becomes our meeting state (§14.6 step 6); the knowledge if so. */
function judgeState(step: Step, sender: PersonId | null, k: Knowledge, message: StateMessage): Knowledge | null {
  const drop = (reason: DropReason) => (step.drop(sender, reason), null);
  if (!fitsChain(k.rootKey, k.path, message.final)) return drop('after-hand-over');
  if (message.final.statement.seq < lastLinkSeq(k.path)) return drop('stale');
  const current = k.latest;
  if (current) {
    const ours = current.final.statement.seq;
    const theirs = message.final.statement.seq;
    if (theirs < ours) return drop('stale');
    if (theirs === ours) {
      if (equalBytes(current.final.bytes, message.final.bytes)) return drop('duplicate');
      // The host signed two states with one seq (only a faulty or dishonest host does): every
      // receiver keeps the same one, the smaller encoding.
      if (compareBytes(message.final.bytes, current.final.bytes) > 0) return drop('stale');
    }
  }
  // The adopted state is at or after the last hand-over we know, so the chain it stands on is ours.
  const links = message.final.statement.kind === 'hand-over' ? k.path.slice(0, -1) : [...k.path];
  return { ...k, latest: { ...stripChecks(message), links } };
}

/** What the machine keeps of a message: no check results. */
function stripChecks(message: StateMessage): StateMessage {
  return { kind: 'state', links: [...message.links], final: message.final, state: message.state };
}

/**
 * The record of what we know (record.ts), whenever it changed. The host must store it before it
 * sends anything that follows (§14.9); a member may, to prove its admission after a restart.
 */
function persistIfMember(step: Step): void {
  if (step.s.status === 'admitted' && step.s.knowledge) step.emit({ kind: 'persist', record: encodeAdmissionRecord(step.s) });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Our status from what we hold (see Status). */
function deriveStatus(s: AdmissionState): Status {
  if (s.dispute) return 'disputed';
  const ms = meetingStateOf(s);
  if (ms?.admitted.includes(s.self.id)) return 'admitted';
  if (ms?.removed.includes(s.self.id)) return 'removed';
  if (s.denial) return 'denied';
  return 'knocking';
}

/** A deny counts while its signer is the host now as we know it, in the state we know (§14.6). */
function denialHolds(s: AdmissionState, denial: DenyMessage): boolean {
  const k = s.knowledge;
  if (!k || k.epoch !== denial.final.statement.epoch) return false;
  return equalBytes(holderAfter(k.rootKey, k.path), denial.final.statement.signer) && denial.final.statement.seq >= lastLinkSeq(k.path);
}

/**
 * After what we know changed: our own status, and every effect that follows from the difference
 * (connections, host, lock, lobby).
 */
function settle(step: Step, before: AdmissionState, now: number): void {
  // A deny whose signer turned out not to be the host now never counts again, and once we are
  // admitted none does: forget it.
  if (step.s.denial && (!denialHolds(step.s, step.s.denial) || isAdmitted(step.s, step.s.self.id))) step.s = { ...step.s, denial: null };
  const status = deriveStatus(step.s);
  step.s = { ...step.s, status, ...(status === 'admitted' ? {} : { pending: null, queue: [] }) };
  const after = step.s;
  const ms = meetingStateOf(after);
  if (after.status !== before.status) step.emit({ kind: 'status', status: after.status });
  for (const id of new Set([...Object.keys(before.present), ...Object.keys(after.present)])) {
    const was = mayConnect(before, id) && before.present[id] !== undefined;
    const is = mayConnect(after, id) && after.present[id] !== undefined;
    if (!was && is) step.emit({ kind: 'connectable', id });
    const reason = after.dispute ? 'disputed' : after.status !== 'admitted' ? 'we-left' : isRemoved(after, id) ? 'removed' : 'no-longer-admitted';
    if (was && !is && !(before.knowledge && after.knowledge && before.knowledge.epoch !== after.knowledge.epoch)) step.emit({ kind: 'disconnect', id, reason });
  }
  const hostBefore = projection(before).host;
  const hostAfter = projection(after).host;
  const wasHost = isHost(before);
  const nowHost = isHost(after);
  if (hostBefore !== hostAfter || wasHost !== nowHost) step.emit({ kind: 'host', id: hostAfter, self: nowHost });
  if ((meetingStateOf(before)?.locked ?? false) !== (ms?.locked ?? false)) step.emit({ kind: 'locked', locked: ms?.locked ?? false });
  if (after.status !== 'admitted') {
    if (wasHost) step.emit({ kind: 'lobby', entries: [] });
    step.s = { ...step.s, waiting: [] };
    return;
  }
  // Whoever is admitted or gone leaves the waiting list; a new host decides about those still there.
  const waiting = step.s.waiting.filter((e) => !isAdmitted(step.s, e.id) && step.s.present[e.id] !== undefined);
  if (nowHost && !wasHost) {
    step.s = { ...step.s, waiting: [] };
    step.emit({ kind: 'lobby', entries: [] });
    for (const entry of waiting) lobbyArrival(step, entry.id, isRemoved(step.s, entry.id), now, true);
  } else if (wasHost && !nowHost) {
    step.s = { ...step.s, waiting };
    step.emit({ kind: 'lobby', entries: [] });
  } else {
    setWaiting(step, waiting);
  }
}

// ---- deny ----------------------------------------------------------------------------------

/** A deny addressed to us. Its chain counts even when we are in already (it may show a former host). */
function onDeny(step: Step, from: Peer, message: Checked<DenyMessage>): void {
  if (step.s.status === 'disputed') return step.drop(from.id, 'ended');
  present(step, from);
  const fault = chainFault(step.s.roomId, message.links, message.final, null, message.checks);
  if (fault) return step.drop(from.id, fault);
  if (message.final.statement.subject !== step.s.self.id) return step.drop(from.id, 'not-for-me');
  if (!equalBytes(message.final.statement.signer, from.key)) return step.drop(from.id, 'not-from-host');
  const base = knowledgeFor(step, from.id, message.final.statement.epoch, (message.links[0] ?? message.final).statement.signer, true);
  if (!base) return;
  const before = step.s;
  if (!learnChain(step, base, message.links, null)) return;
  const denial: DenyMessage = { kind: 'deny', links: [...message.links], final: message.final };
  // Only the host now may say no: a former host's deny is not the meeting's answer. Someone
  // admitted is past the lobby: a deny means nothing to them.
  if (isAdmitted(step.s, step.s.self.id)) step.drop(from.id, 'unexpected');
  else if (!denialHolds(step.s, denial)) step.drop(from.id, 'not-from-host');
  else step.s = { ...step.s, denial };
  settle(step, before, 0);
}

// ---- other payloads ------------------------------------------------------------------------

function onPayload(step: Step, from: Peer, payload: PayloadType): void {
  if (payload === 'access-control') return step.drop(from.id, 'retired');
  if (payload === 'admission') return step.drop(from.id, 'unexpected');
  if (NOT_ADMITTED_PAYLOADS.has(payload)) return step.emit({ kind: 'accept' });
  if (!TAKING_PART.has(step.s.status)) return step.drop(from.id, 'ended');
  if (!mayConnect(step.s, from.id)) return step.drop(from.id, 'not-admitted');
  step.emit({ kind: 'accept' });
}

// ---- host actions --------------------------------------------------------------------------

function onSetLobby(step: Step, enabled: boolean, now: number): void {
  step.s = { ...step.s, lobbyEnabled: enabled };
  persistIfMember(step);
  if (enabled || !isHost(step.s)) return;
  // Whoever is waiting when the host opens the door comes in, except someone removed earlier.
  const ids = step.s.waiting.filter((e) => !e.removedEarlier).map((e) => e.id);
  if (ids.length > 0) requestAction(step, { kind: 'admit', ids }, now);
}

function refusal(s: AdmissionState, action: HostAction): Refusal | null {
  if (!TAKING_PART.has(s.status)) return 'ended';
  if (!isHost(s)) return 'not-host';
  const ms = meetingStateOf(s)!;
  const path = s.knowledge!.path;
  switch (action.kind) {
    case 'admit': {
      const ids = action.ids.filter((id) => !ms.admitted.includes(id));
      if (ids.length === 0) return 'already-admitted';
      return ms.admitted.length + ids.length > MAX_ADMITTED ? 'roster-full' : null;
    }
    case 'deny':
      return ms.admitted.includes(action.id) ? 'already-admitted' : null;
    case 'remove':
      if (action.id === s.self.id) return 'self';
      if (!ms.admitted.includes(action.id)) return 'not-admitted';
      return ms.removed.length >= MAX_REMOVED ? 'removed-full' : null;
    case 'lock':
      return null;
    case 'hand-over':
      if (action.to.id === s.self.id) return 'self';
      if (!ms.admitted.includes(action.to.id)) return 'not-admitted';
      // Nobody signs two hand-overs in one meeting (§14.4): a second one would be a fork.
      if (path.some((link) => link.signerId === s.self.id)) return 'handed-over-before';
      return path.length + 1 > MAX_CHAIN_LINKS ? 'chain-full' : null;
  }
}

/** Starts a host action, or queues it behind the one main is signing (one at a time, in order). */
function requestAction(step: Step, action: HostAction, now: number): void {
  if (step.s.pending) {
    if (step.s.queue.length >= MAX_QUEUED_ACTIONS) return step.emit({ kind: 'refused', action: action.kind, reason: 'busy' });
    step.s = { ...step.s, queue: [...step.s.queue, { action, now }] };
    return;
  }
  const refused = refusal(step.s, action);
  if (refused) return step.emit({ kind: 'refused', action: action.kind, reason: refused });
  const s = step.s;
  const k = s.knowledge!;
  const ms = meetingStateOf(s)!;
  const seq = latestSeq(k);
  const issuedAt = Math.max(Math.floor(now), k.latest?.final.statement.issuedAt ?? 0);
  const common = { roomId: s.roomId, epoch: k.epoch, issuedAt, signer: s.self.key };
  let statement: Statement;
  let next: MeetingState | null = null;
  switch (action.kind) {
    case 'deny':
      statement = { ...common, kind: 'deny', seq, subject: action.id, reason: action.reason };
      break;
    case 'hand-over':
      next = ms;
      statement = { ...common, kind: 'hand-over', seq: seq + 1, successor: action.to.key.slice(), stateDigest: stateDigest(encodeMeetingState(ms)) };
      break;
    default:
      next = changedState(ms, action);
      statement = { ...common, kind: 'view', seq: seq + 1, stateDigest: stateDigest(encodeMeetingState(next)) };
  }
  const requestId = s.nextRequestId;
  step.s = { ...s, nextRequestId: requestId + 1, pending: { requestId, action, now, statement, state: next, baseSeq: seq, basePathLength: k.path.length } };
  step.emit({ kind: 'sign', requestId, statement: encodeStatement(statement) });
}

function changedState(ms: MeetingState, action: Exclude<HostAction, { kind: 'deny' | 'hand-over' }>): MeetingState {
  switch (action.kind) {
    case 'admit':
      return meetingState(ms.locked, [...ms.admitted, ...action.ids], ms.removed.filter((id) => !action.ids.includes(id)));
    case 'remove':
      return meetingState(ms.locked, ms.admitted.filter((id) => id !== action.id), [...ms.removed, action.id]);
    case 'lock':
      return meetingState(action.locked, ms.admitted, ms.removed);
  }
}

function onSigned(step: Step, requestId: number, signature: Uint8Array | null, failure: Refusal | null): void {
  const pending = step.s.pending;
  if (!pending || pending.requestId !== requestId) return;
  step.s = { ...step.s, pending: null };
  const k = step.s.knowledge;
  const stillValid = isHost(step.s) && k !== null && latestSeq(k) === pending.baseSeq && k.path.length === pending.basePathLength;
  if (failure || !signature) step.emit({ kind: 'refused', action: pending.action.kind, reason: failure ?? 'sign-failed' });
  // The state changed while main was signing (we learned something newer): build it again.
  else if (!stillValid) step.s = { ...step.s, queue: [{ action: pending.action, now: pending.now }, ...step.s.queue] };
  else publish(step, pending, signedOf(pending.statement, signature));
  drainQueue(step);
}

function drainQueue(step: Step): void {
  while (!step.s.pending && step.s.queue.length > 0) {
    const [next, ...rest] = step.s.queue;
    step.s = { ...step.s, queue: rest };
    requestAction(step, next!.action, next!.now);
  }
}

/** Our own statement is signed: record it, persist, and tell whom it concerns (§14.8). */
function publish(step: Step, pending: PendingStatement, signed: Signed): void {
  const before = step.s;
  const k = before.knowledge!;
  const action = pending.action;
  if (action.kind === 'deny') {
    if (before.present[action.id] !== undefined) send(step, action.id, { kind: 'deny', links: [...k.path], final: signed as Signed<DenyStatement> });
    setWaiting(step, step.s.waiting.filter((e) => e.id !== action.id));
    return;
  }
  const state = pending.state!;
  const final = signed as Signed<StateStatement>;
  const message: StateMessage = { kind: 'state', links: [...k.path], final, state };
  const path = final.statement.kind === 'hand-over' ? [...k.path, final as HandOverLink] : k.path;
  step.s = { ...step.s, knowledge: { ...k, path, latest: message } };
  step.emit({ kind: 'persist', record: encodeAdmissionRecord(step.s) });
  const relayOnly = action.kind === 'hand-over' && action.relayOnly === true;
  for (const id of Object.keys(step.s.present)) {
    if (state.admitted.includes(id) && id !== before.self.id) send(step, id, message, relayOnly);
  }
  // The person removed hears it too, through the relay: their connection closes right after.
  if (action.kind === 'remove' && step.s.present[action.id] !== undefined) send(step, action.id, message, true);
  settle(step, before, pending.now);
}
