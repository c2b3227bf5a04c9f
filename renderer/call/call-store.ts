// The call's state as the UI sees it. The call engine (renderer/call/engine/*) is the only
// writer; components read it through narrow selectors (a tile subscribes to its own peer).
// User intents go through the CallController the engine registers, so the UI never touches
// peer connections or keys.
import { create } from 'zustand';
import type { CallErrorCode, TrustWarning, VerificationMethod } from '../../protocol/ipc-contract';

export type CallPhase = 'idle' | 'joining' | 'lobby' | 'in-call' | 'left' | 'error';
export type RelayStatus = 'connected' | 'reconnecting' | 'offline';
/**
 * From the trust record (main/identities): verified; not verified; or 'changed', Signal's "safety
 * number changed": someone we verified under this name has another key.
 */
export type VerificationState = 'verified' | 'unverified' | 'changed';
/** The meeting code this participant reads aloud (PROTOCOL.md §9.3), and a key code per person it covers. */
export interface MeetingCodeView {
  groups: string[];
  /** Everyone the code covers, ourselves first ('self'), each with a 4-digit key code. */
  people: Array<{ peerId: string; displayName: string; keyCode: string }>;
}

/** A scanned safety-number QR code: theirs for us, someone else's, or not a safety number at all. */
export type ScanVerdict = 'match' | 'mismatch' | 'not-a-safety-code';
export type ConnectionQuality = 'good' | 'fair' | 'poor' | 'unknown';

/**
 * Errors a person can meet, each with its own screen text (renderer i18n keys use these codes).
 * The list is in the IPC contract because main's diagnostics accept exactly these codes.
 */
export type { CallErrorCode };

export interface CallError {
  code: CallErrorCode;
  /** Technical detail for the "details" disclosure (never secrets). */
  detail?: string;
}

export interface PeerStats {
  rttMs: number | null;
  sendBitrateKbps: number | null;
  receiveBitrateKbps: number | null;
  packetLossPercent: number | null;
  framesDecoded: number;
  /** Video frames we sent this person (RTCOutboundRtpStreamStats.framesSent). */
  framesSent: number;
  decryptFailures: number;
  /** Whether media goes straight to the person or through a TURN server (null: not yet known). */
  route: 'direct' | 'relayed' | null;
  /** ICE candidate types of the pair media uses, at our end and theirs (RFC 8445 §5.1.1); null before there is one. */
  candidateTypes: { local: 'host' | 'srflx' | 'prflx' | 'relay' | null; remote: 'host' | 'srflx' | 'prflx' | 'relay' | null } | null;
  /** What we send the person: the bitrate policy's step (renderer/call/engine/bitrate-policy.ts). */
  videoSend: VideoSendQuality;
}

export type VideoSendQuality = 'full' | 'half' | 'quarter' | 'audio-only';

/**
 * Why there is no media from a person: 'no-direct-path' — ICE found no path and the relay offers
 * no TURN server to fall back on (both networks block direct connections); 'not-connected' — no
 * path yet although TURN is there (still trying).
 */
export type ConnectionProblem = 'no-direct-path' | 'not-connected';

/**
 * What an organisation our admin policy trusts says about this person (PROTOCOL.md §9.4):
 * 'verified' when its statement holds for their key and the name they use; 'wrong-name' when
 * it holds for their key but names someone else (shown as a warning with the signed name,
 * never as verified). Expired, revoked, wrong-key and untrusted statements show nothing.
 */
export interface OrganisationBadge {
  status: 'verified' | 'wrong-name';
  /** The name our policy gives the organisation. */
  organisation: string;
  /** The employee name the organisation signed. */
  signedName: string;
}

export interface Participant {
  peerId: string;
  displayName: string;
  /**
   * The name they were first shown under in this call, when they have since given another: names
   * are theirs to choose, so a change after admission is shown to everyone (null: never renamed).
   */
  joinedAs: string | null;
  /** Ed25519 identity public key, hex. */
  identityKeyHex: string;
  /** 60 digits, as safetyNumber() returns them. */
  safetyNumber: string;
  verification: VerificationState;
  /** The name looks like one we know under another key (a changed safety number, or a look-alike). */
  trustWarning: TrustWarning | null;
  /** Verified by their organisation (absent or null: no statement that holds). */
  organisation?: OrganisationBadge | null;
  isHost: boolean;
  audioMuted: boolean;
  videoMuted: boolean;
  speaking: boolean;
  quality: ConnectionQuality;
  /** Media is flowing and every frame is SFrame-protected. */
  e2ee: boolean;
  stream: MediaStream | null;
  screenStream: MediaStream | null;
  /** Null while the connection works (or is being made); why there is no media otherwise. */
  connectionProblem: ConnectionProblem | null;
  stats: PeerStats;
}

export interface LobbyEntry {
  peerId: string;
  displayName: string;
  safetyNumber: string;
  /** The host removed this identity from this call before: letting it back in is a new decision. */
  removedEarlier: boolean;
  /** What the trust record says, before the host decides: verified, or "this is not the Bob you verified". */
  verification: VerificationState;
  trustWarning: TrustWarning | null;
  organisation?: OrganisationBadge | null;
}

export interface ChatMessage {
  id: string;
  fromPeerId: string | 'self';
  displayName: string;
  text: string;
  sentAt: number;
}

export interface SelfState {
  peerId: string | null;
  displayName: string;
  audioMuted: boolean;
  videoMuted: boolean;
  screenSharing: boolean;
  stream: MediaStream | null;
}

/** Recording in this call (renderer/call/recording writes it; PROTOCOL.md §12). */
export interface RecordingView {
  /** The policy on this device lets us record (main refuses anyway when it does not). */
  available: boolean;
  /** A recording by anyone in this call, as the indicator shows it. */
  active: {
    recordingId: string;
    /** Identity key (hex) of the recorder, or 'self'. */
    recorderId: string;
    recorderName: string;
    status: 'waiting' | 'recording' | 'paused';
    /** Whether we consented (participants) — they may withdraw. */
    consented: boolean;
  } | null;
  /** A request waiting for our answer. */
  consentRequest: { recordingId: string; recorderId: string; recorderName: string; retentionDays: number } | null;
  /** Why our recording did not start or stopped, for a short message. */
  notice: { kind: 'declined' | 'withdrawn' | 'refused' | 'stopped'; name?: string; detail?: string } | null;
}

/** How to join beyond the link: a scheduled meeting (My meetings) brings its own lobby rule. */
export interface JoinOptions {
  /** (Host) Guests wait to be admitted; absent: the lobby setting. A policy requiring the lobby wins. */
  lobby?: boolean;
}

export interface CallController {
  createMeeting(displayName: string): Promise<void>;
  join(inviteLink: string, displayName: string, options?: JoinOptions): Promise<void>;
  /** The pre-join screen of this link (null: of a new meeting) shows: Join will be quicker. */
  prepareJoin(inviteLink: string | null): Promise<void>;
  /** The pre-join screen was left without joining. */
  cancelPreparedJoin(): void;
  leave(): Promise<void>;
  /** Another microphone or camera during the call (null: the system's default). */
  switchDevice(kind: 'audio' | 'video', deviceId: string | null): Promise<void>;
  setMicMuted(muted: boolean): void;
  setCameraMuted(muted: boolean): void;
  startScreenShare(): Promise<void>;
  stopScreenShare(): Promise<void>;
  sendChat(text: string): Promise<void>;
  admit(peerId: string): Promise<void>;
  deny(peerId: string): Promise<void>;
  remove(peerId: string): Promise<void>;
  lockRoom(locked: boolean): Promise<void>;
  /** The host lets newcomers straight in (false) or has them wait to be admitted (true). */
  setLobbyEnabled(enabled: boolean): Promise<void>;
  handOverHost(peerId: string): Promise<void>;
  /** Marks the person verified (how: compared the number, scanned the QR, the meeting code) or not. */
  markVerified(peerId: string, verified: boolean, method?: VerificationMethod): Promise<void>;
  /** Signal's scannable payload of our safety number with this person (PROTOCOL.md §9.1), for the QR; null if unknown. */
  scannableCode(peerId: string): Uint8Array | null;
  /** A code scanned from the person's screen: a match (the mirror image of ours) marks them verified by QR. */
  checkScannedCode(peerId: string, scanned: Uint8Array): Promise<ScanVerdict>;
  /** The meeting code over the meeting and everyone in it as we see them; null outside a call. */
  meetingCode(): MeetingCodeView | null;
  /** Everyone read the same code: the people it covered (peer ids) are verified by "meeting-code". */
  markVerifiedByMeetingCode(peerIds: string[]): Promise<void>;
}

export interface CallState {
  phase: CallPhase;
  error: CallError | null;
  /** The invite in its app form (parley://join?relay=…), which names the meeting's relay. */
  inviteLink: string | null;
  /** The clickable https form, for relays with an https page (null for a LAN relay without TLS). */
  inviteLinkPage: string | null;
  /** The relay this meeting lives on (the link's, or ours for a link that names none). */
  relayUrl: string | null;
  /** (Waiting guest) Whether the host is in the room: false once it is clear nobody can admit us yet. */
  hostPresent: boolean | null;
  /** (Waiting guest) The safety number with the host, the one the host's knock list shows: the two can read it to each other before admission. */
  hostSafetyNumber: string | null;
  isHost: boolean;
  locked: boolean;
  /** Newcomers wait in the lobby (the host's choice, or forced by the requireLobby policy). */
  lobbyEnabled: boolean;
  /** The organisation's policy pins requireLobby: the host cannot switch the lobby off. */
  lobbyRequiredByPolicy: boolean;
  relay: RelayStatus;
  self: SelfState;
  participants: Record<string, Participant>;
  /** Peer ids in join order, so tiles keep their places. */
  order: string[];
  activeSpeaker: string | null;
  /** The device of this kind went away mid-call and the system's default took over (a notice). */
  deviceFallback: { kind: 'audio' | 'video'; at: number } | null;
  lobby: LobbyEntry[];
  chat: ChatMessage[];
  unreadChat: number;
  chatOpen: boolean;
  recording: RecordingView;
}

export const initialCallState: CallState = {
  phase: 'idle',
  error: null,
  inviteLink: null,
  inviteLinkPage: null,
  relayUrl: null,
  hostPresent: null,
  hostSafetyNumber: null,
  isHost: false,
  locked: false,
  lobbyEnabled: true,
  lobbyRequiredByPolicy: false,
  relay: 'offline',
  self: { peerId: null, displayName: '', audioMuted: false, videoMuted: false, screenSharing: false, stream: null },
  participants: {},
  order: [],
  activeSpeaker: null,
  deviceFallback: null,
  lobby: [],
  chat: [],
  unreadChat: 0,
  chatOpen: false,
  recording: { available: false, active: null, consentRequest: null, notice: null },
};

export const useCallStore = create<CallState>(() => initialCallState);

let controller: CallController | null = null;

/** The engine registers itself here; the UI calls callController() for every intent. */
export function registerCallController(next: CallController | null): void {
  controller = next;
}

export function callController(): CallController {
  if (!controller) throw new Error('The call engine is not running');
  return controller;
}
