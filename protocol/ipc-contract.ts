// The typed IPC contract between renderer (through preload) and main.
// One entry per channel: its arguments and its result. Main validates every argument
// (main/ipc/validators.ts) and checks the sender; preload exposes one named function per channel.
// Binary values cross as Uint8Array (structured clone in Electron).
import { concatBytes } from './bytes';
import type { AcceptedInit, PrekeyRef } from './handshake/key-operations';
import type { RecentMeeting } from './room/recent-meetings';
import type { KemPrekey, OneTimePrekey, SignedPrekey } from './keys/prekeys';
import type { OrganisationVerdict } from './organisation/statement';
export type { OrganisationVerdict } from './organisation/statement';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** ws:// URL of the relay embedded in main, when one is running. */
  embeddedRelayUrl: string | null;
}

// ---- call errors and diagnostics (main/diagnostics) ----

/** Errors a person can meet in a call; the renderer reports them to main's diagnostics by code only. */
export const CALL_ERROR_CODES = [
  'relay-unreachable',
  'invalid-invite',
  'room-locked',
  'room-full',
  'removed-by-host',
  'denied-by-host',
  'camera-unavailable',
  'keystore-locked',
  /** "Always relay calls" is on, but the relay hands out no TURN credentials. */
  'relay-without-turn',
  /** The link names a relay outside the organisation's allowedRelays (the detail names it). */
  'relay-not-allowed',
  'internal',
] as const;
export type CallErrorCode = (typeof CALL_ERROR_CODES)[number];

// ---- keystore ----

export type KeystoreRecoveryChoice = 'retry' | 'restore-backup' | 'new-identity';

export type KeystoreStatus =
  | { state: 'opening' }
  | { state: 'ready'; sealing: 'safe-storage' | 'passphrase'; identityKey: Uint8Array }
  /** No usable OS keychain: the user sets (setup) or enters the passphrase. */
  | { state: 'needs-passphrase'; setup: boolean; reason: string; lastError: 'wrong-passphrase' | null }
  | {
      state: 'damaged';
      problem: 'vault-key-missing' | 'vault-key-undecryptable' | 'keystore-missing' | 'keystore-corrupt';
      message: string;
      /** What the user may choose; 'new-identity' means contacts will see a changed safety number. */
      choices: KeystoreRecoveryChoice[];
    }
  /** After "erase everything", until the app restarts. */
  | { state: 'erased' };

/** The public half of our keys, for our prekey bundle (never any private key). */
export interface PublicPrekeys {
  identityKey: Uint8Array;
  signedPrekey: SignedPrekey;
  kemPrekey: KemPrekey;
  oneTimePrekeys: OneTimePrekey[];
}

/**
 * What main will sign with the identity key. Main never signs renderer-chosen bytes as they are:
 * it signs SIGNING_CONTEXT[purpose] || payload, so a signature made for one purpose can never
 * pass as another, nor as a prekey signature (those start with a key type byte, 0x05 / 0x0B).
 */
export type SignPurpose = 'admission' | 'recording-consent' | 'contact-card' | 'sealed-sender' | 'meeting-statement' | 'consent-export';

export const SIGNING_CONTEXT: Record<SignPurpose, string> = {
  admission: 'Parley v1 admission\0',
  'recording-consent': 'Parley v1 recording consent\0',
  // PROTOCOL.md §13.1 and §13.2
  'contact-card': 'Parley v1 contact card\0',
  'sealed-sender': 'Parley v1 sealed sender\0',
  // PROTOCOL.md §14.2: the host statements of the admission state machine (protocol/admission)
  'meeting-statement': 'Parley v1 meeting statement\0',
  // PROTOCOL.md §12.6: a recording's consent receipts file, signed by the recorder's main
  'consent-export': 'Parley v1 consent export\0',
};

/** Purposes main signs only for content it made itself: `identity:sign` refuses them to the renderer. */
export const MAIN_ONLY_SIGN_PURPOSES: ReadonlySet<SignPurpose> = new Set(['consent-export']);

export const MAX_SIGN_PAYLOAD = 16 * 1024;

/** The exact bytes main signs for (purpose, payload); verifiers rebuild them the same way. */
export function signingInput(purpose: SignPurpose, payload: Uint8Array): Uint8Array {
  const context = new Uint8Array([...SIGNING_CONTEXT[purpose]].map((c) => c.charCodeAt(0)));
  return concatBytes(context, payload);
}

// ---- trust: known identities (main/identities; PROTOCOL.md §9.2) ----

/** How a person was verified: comparing the safety number, scanning its QR code, or the meeting code. */
export type VerificationMethod = 'safety-number' | 'qr-code' | 'meeting-code';
export const VERIFICATION_METHODS: readonly VerificationMethod[] = ['safety-number', 'qr-code', 'meeting-code'];

/** Everyone this person has met (in a call, a lobby, as a contact) and what they decided about them. */
export interface KnownIdentity {
  /** The canonical identity (X25519 form of the identity key, PROTOCOL.md §3.1), hex: the record's key. */
  id: string;
  /** The exact Ed25519 identity key last seen. */
  identityKey: Uint8Array;
  /** Display names it used, the latest first (a few at most): look-alikes are found by them. */
  names: string[];
  /** Verified (when, how), or only seen (null). */
  verified: { at: number; method: VerificationMethod } | null;
  firstSeen: number;
  lastSeen: number;
}

/**
 * Why a name cannot be trusted on its own. Names are chosen by whoever joins, so a key that is
 * not the one we know under that name is flagged, before the host admits it and in the call.
 */
export type TrustWarning =
  /** Someone we verified under this name has another key: Signal's "safety number changed". */
  | { kind: 'key-changed'; name: string }
  /** Someone else we met (or a contact) under this name has another key. */
  | { kind: 'look-alike'; name: string };

export interface TrustView {
  identity: KnownIdentity;
  warning: TrustWarning | null;
}

/** The longest display name main keeps in the trust record. */
export const MAX_TRUST_NAME_LENGTH = 200;

// ---- organisation: colleagues verified by their organisation (main/identities; PROTOCOL.md §9.4) ----

/** The statement this person imported, as IT signed it (the organisation name is the statement's own). */
export interface OwnOrganisationStatement {
  organisation: string;
  name: string;
  issuedAt: number;
  expiresAt: number;
  /** The bytes presented to others when greeting (statement || signature). */
  credential: Uint8Array;
}

export interface OrganisationStatus {
  /** Our own identity key: what IT signs (`npm run org -- sign --identity <base64url>`). */
  identityKey: Uint8Array;
  statement: OwnOrganisationStatement | null;
  /** The organisations this installation's admin policy trusts, by the policy's names. */
  trustedOrganisations: string[];
}

/** The longest statement file text main reads (a statement is at most 657 bytes; base64url and spaces). */
export const MAX_ORGANISATION_STATEMENT_TEXT = 4096;

// ---- settings and policy ----

export type RecordingMode = 'disabled' | 'consent-all' | 'notify';
/** The composed recording's frame size (16:9): 540p = 960x540, 720p = 1280x720, 1080p = 1920x1080. */
export type RecordingResolution = '540p' | '720p' | '1080p';

export interface SettingsValues {
  relayUrl: string | null;
  /** Only an administrator sets this; null means any relay. */
  allowedRelays: string[] | null;
  recordingMode: RecordingMode;
  retentionDays: number;
  requireLobby: boolean;
  allowScreenShare: boolean;
  /**
   * Media only through the relay's TURN server (iceTransportPolicy "relay"): other participants
   * never learn this device's IP addresses. Calls need a relay that hands out TURN credentials.
   */
  alwaysRelayCalls: boolean;
  autoUpdate: boolean;
  displayName: string;
  /** Absolute folder for new recordings; null means <data folder>/recordings. */
  recordingFolder: string | null;
  recordingResolution: RecordingResolution;
  /** The composed recording's video bitrate. */
  recordingBitrateKbps: number;
  /**
   * Host meetings for the local network: the embedded relay also listens on this computer's LAN
   * address and links name it (no internet, DNS or mDNS needed). Takes effect without a restart.
   */
  hostOnLocalNetwork: boolean;
  /** The LAN relay's TCP port (and its STUN's UDP port); null until first needed, then kept stable. */
  localNetworkPort: number | null;
  /**
   * Closing the window keeps Parley running in the tray (menu bar on macOS), listening for rings;
   * Quit is in the tray menu. Off: closing the window quits (except on macOS, whose apps stay in the dock).
   */
  keepRunningInTray: boolean;
  /** Start Parley when the person logs in, hidden in the tray (so rings reach them). */
  openAtLogin: boolean;
  /**
   * Keep a local diagnostics log for a help desk (main/diagnostics): events and error codes only,
   * never names, keys, addresses or message contents; rotating, size-capped, erased when turned off.
   */
  diagnosticsLog: boolean;
}

export type SettingKey = keyof SettingsValues;
/** What the user may change (allowedRelays is admin-only). */
export type UserSettingKey = Exclude<SettingKey, 'allowedRelays'>;

export interface EffectiveSetting<T> {
  value: T;
  source: 'policy' | 'user' | 'default';
  /** 'policy' when the organisation's policy pins it: the UI shows it as managed and locked. */
  lockedBy: 'policy' | null;
}

export type EffectiveSettings = { [K in SettingKey]: EffectiveSetting<SettingsValues[K]> };

export interface PolicyStatus {
  /** Where the policy came from (e.g. "/etc/parley/policy.json"), or null when none is set. */
  source: string | null;
  /** Problems found in the policy; when non-empty the safest values are enforced for what was unreadable. */
  errors: string[];
}

// ---- how others reach meetings hosted here (main/hosting) ----

/** Why the local-network relay is not running although hostOnLocalNetwork is on. */
export type LocalNetworkProblem = 'no-local-address' | 'port-unavailable' | 'not-available';

export interface RelayHosting {
  /** The organisation's relay (policy), a relay the person entered, this local network, or this computer only. */
  reach: 'organisation' | 'relay' | 'local-network' | 'this-computer';
  /** The relay meetings hosted here live on (their links name it); null when none runs. */
  relayUrl: string | null;
  /** False when a link naming relayUrl works only on this computer. */
  reachableByOthers: boolean;
  localNetworkProblem: LocalNetworkProblem | null;
}

// ---- screen sharing, links, erase ----

export interface ScreenSource {
  id: string;
  name: string;
  kind: 'screen' | 'window';
  /** PNG data: URL of a small preview, or null when the platform gives none (Wayland portal). */
  thumbnail: string | null;
}

/** A parley://join link the OS opened; the room secret stays in the renderer and never goes to a server. */
export interface JoinLink {
  /** The invite in its app form (PROTOCOL.md §4.3), relay included, as main parsed and re-encoded it. */
  inviteLink: string;
}

export interface EraseRequest {
  /** Pass back to eraseEverything() within the time limit to confirm. */
  token: string;
  expiresAt: number;
  /** What will be deleted: ids of the privacy inventory's items (main/privacy/inventory.ts); the
   * renderer names each in the person's language (`privacy.item.<id>`). */
  willDelete: string[];
}

// ---- data-protection report (main/privacy) ----

export type ReportLanguage = 'en' | 'de';
export type ReportFormat = 'markdown' | 'pdf';

/** The report for the organisation's data-protection officer, built by main from the effective configuration. */
export interface PrivacyReportText {
  language: ReportLanguage;
  markdown: string;
  /** Suggested file name without extension. */
  baseName: string;
}

// ---- recording (PROTOCOL.md §12; main/recording) ----

/** What main is doing with the running recording. */
export interface RecordingSessionStatus {
  /** The recording id from the request, hex (32 characters). */
  id: string;
  /** 'paused': main refuses chunks until every participant in waitingFor has consented. */
  state: 'recording' | 'paused';
  /** Identity keys (hex) of present participants whose consent main has not verified. */
  waitingFor: string[];
  expiresAt: number;
}

export interface RecordingSummary {
  id: string;
  createdAt: number;
  sizeBytes: number;
  /** When retention deletes it. */
  expiresAt: number;
  /** Null while it runs, or when it was cut off (a crash): it still exports up to the last whole chunk. */
  endedAt: number | null;
  participants: number;
}

export interface RecordingExport {
  path: string;
  bytes: number;
  /** False when the recording was cut off and only the part before the cut was exported. */
  complete: boolean;
}

export interface ConsentsExport {
  path: string;
  /** How many consent receipts the file holds. */
  consents: number;
}

/** At most this many participants per recording call (more than a mesh carries). */
export const MAX_RECORDING_PARTICIPANTS = 32;
/** A MediaRecorder chunk crossing IPC (main/recording/sealed-stream.ts has the same limit). */
export const MAX_RECORDING_CHUNK = 16 * 1024 * 1024;

// ---- contact book (PROTOCOL.md §13; main/contacts) ----

/** Our own contact card, built and signed by main (PROTOCOL.md §13.1). */
export interface MyContactCard {
  /** parley://contact#... */
  link: string;
  displayName: string;
  identityKey: Uint8Array;
  /** The mailbox we listen on: only this card's, so a re-issued card cuts off the old one. */
  mailboxId: Uint8Array;
  relayUrl: string;
}

export interface ContactEntry {
  /** Hex of the identity key: one entry per identity. */
  contactId: string;
  displayName: string;
  identityKey: Uint8Array;
  mailboxId: Uint8Array;
  relayUrl: string;
  /** The card's issue time: a newer card (e.g. re-issued) replaces an older one. */
  issuedAt: number;
  addedAt: number;
  /** From the known-identities store (safety number compared). */
  verified: boolean;
  keyChangedAt: number | null;
}

export interface ContactTeam {
  id: string;
  name: string;
  /** contactIds, at most MAX_TEAM_MEMBERS (a mesh is 8 including the caller). */
  members: string[];
}

export type CallOutcome = 'answered' | 'missed' | 'declined' | 'no-answer' | 'cancelled';

export interface CallRecord {
  at: number;
  direction: 'incoming' | 'outgoing';
  /** contactIds of the other side (the caller, or the callees). */
  peers: string[];
  teamName: string;
  outcome: CallOutcome;
}

export interface ContactPrefs {
  doNotDisturb: boolean;
  /** Call history older than this is deleted. */
  historyRetentionDays: number;
}

export interface ContactBook {
  contacts: ContactEntry[];
  teams: ContactTeam[];
  /** Newest first; only what is inside the retention period. */
  history: CallRecord[];
  prefs: ContactPrefs;
}

export const MAX_TEAM_MEMBERS = 7;

/**
 * An OS notification about a ring (PROTOCOL.md §13.3). Only the caller's display name is shown:
 * the OS notification centre may keep it (docs/PRIVACY.md). The language picks main's wording.
 */
export interface CallNotification {
  kind: 'incoming' | 'missed';
  /** The ring's call id (hex): an Accept or Decline on the notification answers this ring only. */
  callId: string;
  callerName: string;
  verified: boolean;
  language: 'en' | 'de';
}
export const MAX_HISTORY_RETENTION_DAYS = 365;

// ---- meetings planned ahead (main/meetings) ----

/** What the person chooses when scheduling a meeting; main draws the room secret. */
export interface MeetingDraft {
  /** Shown in My meetings, the invitation and the calendar file (the only personal data in them, chosen by the person). */
  title: string;
  /** ms since the epoch. */
  startsAt: number;
  durationMinutes: number;
  /** Guests wait to be admitted (true) or come straight in (false); a policy requiring the lobby wins. */
  lobby: boolean;
}

/** A scheduled meeting as main keeps it (sealed) and hands it to the renderer to show, copy or open. */
export interface ScheduledMeeting extends MeetingDraft {
  /** Random, hex (32 characters); the calendar file's UID is made from it. */
  id: string;
  createdAt: number;
  /** The invite in its app form (parley://join?relay=…#…): the same room and host every time it is opened. */
  inviteLink: string;
  /** The clickable https form, or null for a relay without an https page. */
  inviteLinkPage: string | null;
}

export const MAX_MEETING_TITLE_CHARACTERS = 120;
export const MIN_MEETING_MINUTES = 5;
export const MAX_MEETING_MINUTES = 24 * 60;
/** My meetings keeps at most this many; scheduling another is refused until one is deleted. */
export const MAX_SCHEDULED_MEETINGS = 200;

/** Accept or Decline pressed on a ring's OS notification, for the renderer's Ringer. */
export interface RingAnswer {
  callId: string;
  answer: 'accept' | 'decline';
}

/**
 * Something changed in main; the renderer asks again for the details (takePendingJoinLink,
 * getEffectiveSettings). Delivered by keeping one nextMainEvent() call pending.
 */
export type MainEvent =
  | { type: 'join-link' }
  | { type: 'settings-changed' }
  /** Accept or Decline on a ring's notification: takeRingAnswer() says which. */
  | { type: 'ring-answer' }
  /** "Start a meeting" in the tray menu. */
  | { type: 'start-meeting' }
  /** "Settings…" in the application menu. */
  | { type: 'open-settings' };

export interface IpcContract {
  'app:getInfo': { args: []; result: AppInfo };
  'keystore:getStatus': { args: []; result: KeystoreStatus };
  'keystore:unlock': { args: [passphrase: string]; result: KeystoreStatus };
  'keystore:recover': { args: [choice: KeystoreRecoveryChoice]; result: KeystoreStatus };
  'identity:getPublicPrekeys': { args: []; result: PublicPrekeys };
  'identity:dhIdentity': { args: [remotePublic: Uint8Array]; result: Uint8Array };
  'identity:dhPrekey': { args: [ref: PrekeyRef, remotePublic: Uint8Array]; result: Uint8Array };
  'identity:kemDecapsulate': { args: [kemPrekeyId: number, cipherText: Uint8Array]; result: Uint8Array };
  'identity:commitInit': { args: [init: AcceptedInit]; result: null };
  'identity:sign': { args: [purpose: SignPurpose, payload: Uint8Array]; result: Uint8Array };
  'trust:list': { args: []; result: KnownIdentity[] };
  'trust:meet': { args: [identityKey: Uint8Array, displayName: string]; result: TrustView };
  'trust:setVerified': { args: [identityKey: Uint8Array, verified: boolean, method: VerificationMethod]; result: TrustView };
  'recentMeetings:list': { args: []; result: RecentMeeting[] };
  'recentMeetings:remember': { args: [inviteLink: string, at: number]; result: RecentMeeting[] };
  'recentMeetings:forget': { args: [inviteLink: string]; result: RecentMeeting[] };
  'recentMeetings:forgetAll': { args: []; result: RecentMeeting[] };
  'organisation:get': { args: []; result: OrganisationStatus };
  'organisation:import': { args: [text: string]; result: OrganisationStatus };
  'organisation:remove': { args: []; result: OrganisationStatus };
  'organisation:check': { args: [credential: Uint8Array, identityKey: Uint8Array, displayName: string]; result: OrganisationVerdict };
  'settings:getEffective': { args: []; result: EffectiveSettings };
  'settings:set': { args: [changes: Partial<Pick<SettingsValues, UserSettingKey>>]; result: EffectiveSettings };
  'policy:getStatus': { args: []; result: PolicyStatus };
  'hosting:get': { args: []; result: RelayHosting };
  'screen:listSources': { args: []; result: ScreenSource[] };
  'screen:chooseSource': { args: [sourceId: string | null]; result: null };
  'links:takePendingJoin': { args: []; result: JoinLink | null };
  'links:openExternal': { args: [url: string]; result: boolean };
  'erase:request': { args: []; result: EraseRequest };
  'erase:confirm': { args: [token: string]; result: null };
  'events:next': { args: []; result: MainEvent };
  'recording:start': { args: [request: Uint8Array, participants: Uint8Array[], consents: Uint8Array[]]; result: RecordingSessionStatus };
  'recording:update': { args: [id: string, participants: Uint8Array[], consents: Uint8Array[]]; result: RecordingSessionStatus };
  'recording:chunk': { args: [id: string, chunk: Uint8Array]; result: null };
  'recording:stop': { args: [id: string]; result: RecordingSummary };
  'recording:list': { args: []; result: RecordingSummary[] };
  'recording:export': { args: [id: string]; result: RecordingExport | null };
  'recording:exportConsents': { args: [id: string]; result: ConsentsExport | null };
  'recording:delete': { args: [id: string]; result: null };
  'recording:chooseFolder': { args: []; result: string | null };
  'privacy:getReport': { args: [language: ReportLanguage]; result: PrivacyReportText };
  'privacy:exportReport': { args: [language: ReportLanguage, format: ReportFormat]; result: boolean };
  'contactBook:get': { args: []; result: ContactBook };
  'contactBook:myCard': { args: [displayName: string, reissue: boolean]; result: MyContactCard };
  'contactBook:add': { args: [link: string]; result: ContactEntry };
  'contactBook:remove': { args: [contactId: string]; result: null };
  'contactBook:saveTeam': { args: [team: ContactTeam]; result: ContactTeam };
  'contactBook:removeTeam': { args: [teamId: string]; result: null };
  'contactBook:recordCall': { args: [record: CallRecord]; result: null };
  'contactBook:setPrefs': { args: [prefs: ContactPrefs]; result: ContactPrefs };
  'notify:call': { args: [notification: CallNotification]; result: null };
  'notify:takeRingAnswer': { args: []; result: RingAnswer | null };
  'diagnostics:reportCallError': { args: [code: CallErrorCode]; result: null };
  'diagnostics:get': { args: [language: ReportLanguage]; result: string };
  'meetings:list': { args: []; result: ScheduledMeeting[] };
  'meetings:schedule': { args: [draft: MeetingDraft]; result: ScheduledMeeting };
  'meetings:remove': { args: [id: string]; result: null };
  'meetings:saveCalendarFile': { args: [id: string, language: ReportLanguage]; result: boolean };
}

export type IpcChannel = keyof IpcContract;
export type IpcArgs<C extends IpcChannel> = IpcContract[C]['args'];
export type IpcResult<C extends IpcChannel> = IpcContract[C]['result'];

/** What crosses the process boundary: Electron loses error classes, so errors travel as data. */
export type IpcOutcome<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** The API object preload exposes to the renderer as `window.parley`. */
export interface ParleyApi {
  getAppInfo(): Promise<AppInfo>;
  getKeystoreStatus(): Promise<KeystoreStatus>;
  unlockKeystore(passphrase: string): Promise<KeystoreStatus>;
  recoverKeystore(choice: KeystoreRecoveryChoice): Promise<KeystoreStatus>;
  getPublicPrekeys(): Promise<PublicPrekeys>;
  dhIdentity(remotePublic: Uint8Array): Promise<Uint8Array>;
  dhPrekey(ref: PrekeyRef, remotePublic: Uint8Array): Promise<Uint8Array>;
  kemDecapsulate(kemPrekeyId: number, cipherText: Uint8Array): Promise<Uint8Array>;
  /** An init authenticated: consume it (its one-time prekey, its ephemeral key), once (PROTOCOL.md §5.5). */
  commitInit(init: AcceptedInit): Promise<null>;
  sign(purpose: SignPurpose, payload: Uint8Array): Promise<Uint8Array>;
  /** Everyone met, with what was decided about them. */
  listKnownIdentities(): Promise<KnownIdentity[]>;
  /** Records that we meet this key under this name now, and says what we know about it. */
  meetIdentity(identityKey: Uint8Array, displayName: string): Promise<TrustView>;
  /** Marks anyone verified (how) or not verified any more. */
  setIdentityVerified(identityKey: Uint8Array, verified: boolean, method: VerificationMethod): Promise<TrustView>;
  /** Recent meetings (only asked for when the person opted in), sealed in main: newest first. */
  listRecentMeetings(): Promise<RecentMeeting[]>;
  rememberRecentMeeting(inviteLink: string, at: number): Promise<RecentMeeting[]>;
  forgetRecentMeeting(inviteLink: string): Promise<RecentMeeting[]>;
  forgetAllRecentMeetings(): Promise<RecentMeeting[]>;
  /** Our identity key, the statement our organisation signed for it (if imported), and whom our policy trusts. */
  getOrganisation(): Promise<OrganisationStatus>;
  /** Keeps a statement file's text if it is well-formed, signed, for our own key and not expired. */
  importOrganisationStatement(text: string): Promise<OrganisationStatus>;
  removeOrganisationStatement(): Promise<OrganisationStatus>;
  /** Whether someone's presented statement verifies them (this key, this name) by an organisation our policy trusts. */
  checkOrganisationStatement(credential: Uint8Array, identityKey: Uint8Array, displayName: string): Promise<OrganisationVerdict>;
  getEffectiveSettings(): Promise<EffectiveSettings>;
  updateSettings(changes: Partial<Pick<SettingsValues, UserSettingKey>>): Promise<EffectiveSettings>;
  getPolicyStatus(): Promise<PolicyStatus>;
  /** How others reach the meetings this person hosts, and the relay those meetings use. */
  getRelayHosting(): Promise<RelayHosting>;
  listScreenSources(): Promise<ScreenSource[]>;
  chooseScreenSource(sourceId: string | null): Promise<null>;
  takePendingJoinLink(): Promise<JoinLink | null>;
  openExternalLink(url: string): Promise<boolean>;
  requestErase(): Promise<EraseRequest>;
  eraseEverything(token: string): Promise<null>;
  /** Resolves with the next event from main; keep one call pending at a time. */
  nextMainEvent(): Promise<MainEvent>;
  /** Main verifies every consent (PROTOCOL.md §12.3) before it opens the encrypted writer. */
  startRecording(request: Uint8Array, participants: Uint8Array[], consents: Uint8Array[]): Promise<RecordingSessionStatus>;
  /** Who is present now and any consents since; a participant without consent pauses the recording. */
  updateRecording(id: string, participants: Uint8Array[], consents: Uint8Array[]): Promise<RecordingSessionStatus>;
  appendRecordingChunk(id: string, chunk: Uint8Array): Promise<null>;
  stopRecording(id: string): Promise<RecordingSummary>;
  listRecordings(): Promise<RecordingSummary[]>;
  /** Asks where to save (a dialog in the app) and decrypts to .webm there; null when cancelled. */
  exportRecording(id: string): Promise<RecordingExport | null>;
  /** The recording's consent receipts as one signed file (a save dialog), PROTOCOL.md §12.6; null when cancelled. */
  exportRecordingConsents(id: string): Promise<ConsentsExport | null>;
  deleteRecording(id: string): Promise<null>;
  /** A folder dialog in the app; null when cancelled. Save the choice with updateSettings({ recordingFolder }). */
  chooseRecordingFolder(): Promise<string | null>;
  /** The data-protection report of this installation, as Markdown. */
  getPrivacyReport(language: ReportLanguage): Promise<PrivacyReportText>;
  /** Saves the report (Markdown or PDF) where the user chooses; false when cancelled. */
  exportPrivacyReport(language: ReportLanguage, format: ReportFormat): Promise<boolean>;
  /** Contacts, teams, call history (inside its retention) and ringing preferences. */
  getContactBook(): Promise<ContactBook>;
  /** Our signed contact card; `reissue` draws a new mailbox id, so the old card no longer rings. */
  getMyContactCard(displayName: string, reissue: boolean): Promise<MyContactCard>;
  /** Verifies a parley://contact link and adds (or updates) the contact. */
  addContact(link: string): Promise<ContactEntry>;
  removeContact(contactId: string): Promise<null>;
  /** Creates (empty id) or replaces a team. */
  saveTeam(team: ContactTeam): Promise<ContactTeam>;
  removeTeam(teamId: string): Promise<null>;
  recordCall(record: CallRecord): Promise<null>;
  setContactPrefs(prefs: ContactPrefs): Promise<ContactPrefs>;
  /** An OS notification for a ring, unless our window is focused (the in-app view is enough). */
  notifyCall(notification: CallNotification): Promise<null>;
  /** The Accept / Decline last pressed on a ring's notification, once; null when none is pending. */
  takeRingAnswer(): Promise<RingAnswer | null>;
  /** A call ended in this error: main keeps the code (recent errors; the diagnostics log when on), nothing else. */
  reportCallError(code: CallErrorCode): Promise<null>;
  /** Main's part of "Copy diagnostics": versions, OS, relay, policy in force, recent error codes. */
  getDiagnostics(language: ReportLanguage): Promise<string>;
  /** My meetings: the meetings scheduled here, soonest first. */
  listScheduledMeetings(): Promise<ScheduledMeeting[]>;
  /** A new meeting for later, hosted by this identity on the relay meetings hosted here live on; not started. */
  scheduleMeeting(draft: MeetingDraft): Promise<ScheduledMeeting>;
  removeScheduledMeeting(id: string): Promise<null>;
  /** Saves the meeting's .ics where the person chooses (a save dialog in the app); false when cancelled. */
  saveMeetingCalendarFile(id: string, language: ReportLanguage): Promise<boolean>;
}

/** Which channel each named API function calls (preload builds the API from this). */
export const API_CHANNELS = {
  getAppInfo: 'app:getInfo',
  getKeystoreStatus: 'keystore:getStatus',
  unlockKeystore: 'keystore:unlock',
  recoverKeystore: 'keystore:recover',
  getPublicPrekeys: 'identity:getPublicPrekeys',
  dhIdentity: 'identity:dhIdentity',
  dhPrekey: 'identity:dhPrekey',
  kemDecapsulate: 'identity:kemDecapsulate',
  commitInit: 'identity:commitInit',
  sign: 'identity:sign',
  listKnownIdentities: 'trust:list',
  meetIdentity: 'trust:meet',
  setIdentityVerified: 'trust:setVerified',
  listRecentMeetings: 'recentMeetings:list',
  rememberRecentMeeting: 'recentMeetings:remember',
  forgetRecentMeeting: 'recentMeetings:forget',
  forgetAllRecentMeetings: 'recentMeetings:forgetAll',
  getOrganisation: 'organisation:get',
  importOrganisationStatement: 'organisation:import',
  removeOrganisationStatement: 'organisation:remove',
  checkOrganisationStatement: 'organisation:check',
  getEffectiveSettings: 'settings:getEffective',
  updateSettings: 'settings:set',
  getPolicyStatus: 'policy:getStatus',
  getRelayHosting: 'hosting:get',
  listScreenSources: 'screen:listSources',
  chooseScreenSource: 'screen:chooseSource',
  takePendingJoinLink: 'links:takePendingJoin',
  openExternalLink: 'links:openExternal',
  requestErase: 'erase:request',
  eraseEverything: 'erase:confirm',
  nextMainEvent: 'events:next',
  startRecording: 'recording:start',
  updateRecording: 'recording:update',
  appendRecordingChunk: 'recording:chunk',
  stopRecording: 'recording:stop',
  listRecordings: 'recording:list',
  exportRecording: 'recording:export',
  exportRecordingConsents: 'recording:exportConsents',
  deleteRecording: 'recording:delete',
  chooseRecordingFolder: 'recording:chooseFolder',
  getPrivacyReport: 'privacy:getReport',
  exportPrivacyReport: 'privacy:exportReport',
  getContactBook: 'contactBook:get',
  getMyContactCard: 'contactBook:myCard',
  addContact: 'contactBook:add',
  removeContact: 'contactBook:remove',
  saveTeam: 'contactBook:saveTeam',
  removeTeam: 'contactBook:removeTeam',
  recordCall: 'contactBook:recordCall',
  setContactPrefs: 'contactBook:setPrefs',
  notifyCall: 'notify:call',
  takeRingAnswer: 'notify:takeRingAnswer',
  reportCallError: 'diagnostics:reportCallError',
  getDiagnostics: 'diagnostics:get',
  listScheduledMeetings: 'meetings:list',
  scheduleMeeting: 'meetings:schedule',
  removeScheduledMeeting: 'meetings:remove',
  saveMeetingCalendarFile: 'meetings:saveCalendarFile',
} as const satisfies { [K in keyof ParleyApi]: IpcChannel };

/** Every channel name, for validation in main and the exhaustive mapping in preload. */
export const IPC_CHANNELS = Object.values(API_CHANNELS) satisfies readonly IpcChannel[];
