// The call engine: joins a room, runs the lobby, and keeps one end-to-end encrypted WebRTC
// connection per admitted participant (DESIGN.md "Access control", "The call engine"). It is
// the only writer of the call store and implements the CallController the UI calls.
//
// Who connects to whom: the newcomer starts a handshake with every member (its first ratchet
// message is a knock carrying its name). Once the host admits it, the host's signed admission
// and roster come back; the newcomer then opens a connection to every admitted member, showing
// the signed admission first. So no SDP (with its IP addresses) ever reaches someone who was
// not admitted, and there is never glare: only the newcomer offers.
//
// Participants are keyed by identity key (hex), not by relay peer id: after the relay restarts
// everybody has a new peer id, but the connections (peer to peer) and the people stay.
import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CryptoProvider } from '../../../protocol/crypto/provider';
import type { ProtocolError } from '../../../protocol/errors';
import type { OrganisationVerdict, ParleyApi, PublicPrekeys, TrustView, VerificationMethod } from '../../../protocol/ipc-contract';
import { hostKeyId, isHostKey } from '../../../protocol/room/host-key-id';
import { encodeInvite, encodeRelayInvite, meetingRelayUrl, parseInvite } from '../../../protocol/room/invite';
import type { ParsedInvite } from '../../../protocol/room/invite';
import { relayAllowed } from '../../../protocol/room/relay-address';
import { deriveRoomKeys, generateRoomSecret } from '../../../protocol/room/room';
import type { RoomKeys } from '../../../protocol/room/room';
import { compareScannableFingerprint, fingerprintHash, parleyFingerprintIdentity, safetyNumberOfHashes, scannableFingerprint } from '../../../protocol/safety-number';
import type { Payload } from '../../../protocol/wire/payload';
import { initialCallState, useCallStore } from '../call-store';
import type { CallController, CallErrorCode, JoinOptions, MeetingCodeView, OrganisationBadge, Participant, ScanVerdict, VerificationState } from '../call-store';
import { keyCode, meetingCode } from '../../../protocol/meeting-code';
import { decodeAdmission, decodeHostStatement, encodeAdmission, encodeHostStatement, signStatement, verifySuccession, verifyStatement } from './access-control';
import type { AdmissionMessage, SignedStatement, StatementKind, SuccessionLink } from './access-control';
import { QUALITY_STEPS, meshMaxFramerate, meshResolutionScale, nextQualityStep, videoBitrateCapKbps } from './bitrate-policy';
import type { PressureSample, QualityStep } from './bitrate-policy';
import type { PeerMediaCounters } from './media-crypto';
import { MediaKeyScheduler } from './media-keys';
import { MediaTransforms } from './media-transforms';
import { PeerLink, hasOurMediaSlots } from './peer-link';
import type { LinkSignal } from './peer-link';
import { KeyRequests } from './key-requests';
import { activeSpeaker, peerStatsBetween, qualityOf, snapshotOf } from './peer-stats';
import type { StatsSnapshot } from './peer-stats';
import type { ConnectRelay, JoinedRoom, RelayConnection } from './relay-port';
import { iceServersAfterJoin } from './ice-servers';
import { PreparedRelay } from './prepared-relay';
import { ONE_TIME_PREKEYS_PER_ROOM, RoomSession } from './room-session';
import type { PeerDropReason, RelayMember } from './room-session';
import type { HandshakeKeyOperations } from '../../../protocol/handshake/key-operations';

export interface CallEngineDeps {
  api: ParleyApi;
  provider: CryptoProvider;
  connectRelay: ConnectRelay;
  /** Main's effective settings the engine needs when joining. */
  callSettings(): Promise<CallSettings>;
  /** Camera and microphone for a join (the pre-join preview's, and the devices chosen there). */
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** Exactly the device the constraints name, for a switch during the call. */
  openDevice(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(): Promise<MediaStream>;
  /** Video constraints for the camera (smaller in big meshes, see TESTING.md). */
  videoConstraints?: MediaTrackConstraints;
}

export interface CallSettings {
  /** The relay meetings we host live on, also for links that name none; null when none is configured. */
  relayUrl: string | null;
  /** The organisation's allowedRelays (null: any): a link to another relay is refused. */
  allowedRelays: string[] | null;
  /** "Always relay calls": media only through TURN, our addresses hidden from peers. */
  alwaysRelayCalls: boolean;
  /** requireLobby: whether meetings we host start with the lobby on... */
  lobbyByDefault: boolean;
  /** ...and whether the organisation's policy keeps it on. */
  lobbyRequiredByPolicy: boolean;
}

/** Where 'recording' payloads go (renderer/call/recording): the sender's identity key (hex) and the body. */
export interface RecordingPort {
  onRecordingMessage(fromId: string, body: Uint8Array): void;
}

/** How long a guest waits for the host to show itself among the members before saying it is not there. */
export const HOST_PRESENCE_WAIT_MS = 3000;
/**
 * A connection with no working path this long after it was made is reported to the person, with
 * the reason when it is clear (no TURN server to fall back on). ICE itself gives up after ~15 s.
 */
export const NO_PATH_AFTER_MS = 10_000;
/** A vanished peer (relay says it left and its connection is not up) is dropped after this. */
export const VANISHED_PEER_GRACE_MS = 5000;
/** How often the path of someone the relay says has left, but whose path worked then, is checked. */
const PATH_CHECK_AFTER_RELAY_LEFT_MS = 500;
const STATS_INTERVAL_MS = 1000;
/** A link that failed (ICE gave up) is rebuilt, by whoever offers to that person, after this pause. */
export const RECONNECT_AFTER_MS = 1000;
/**
 * What goes over the person's own connection (its data channel, still sealed by the ratchet)
 * while that has a working path, so it keeps arriving when the relay is away and the relay sees
 * less: chat, mute state, SFrame keys and key requests, recording messages, host statements.
 * Signaling stays on the relay (an ICE restart is needed exactly when the path is gone), as do
 * admissions and bye, and a removal to the person removed: their connection is closed right
 * after, which can drop what is still queued on it.
 */
const PAYLOADS_ON_THE_CONNECTION: ReadonlySet<Payload['type']> = new Set(['chat', 'peer-state', 'media-key', 'media-key-request', 'recording', 'access-control']);
/**
 * A safety number costs two times 5,200 SHA-512 on the main thread (~15 ms each): computed this
 * long after a person's tile appears, not on the way to the first frame. The host's knock list
 * computes it at once (the host needs it to decide).
 */
export const SAFETY_NUMBER_DELAY_MS = 1000;
/**
 * Signals (offer, answer, candidates) held for someone we cannot connect to yet: a newcomer's
 * offer can arrive before the host's word that it is admitted. An honest connection sends one
 * offer and a few dozen candidates; a stranger who sends more is dropped (issue 16).
 */
export const MAX_HELD_SIGNALS = 64;
export const MAX_HELD_SIGNAL_BYTES = 256 * 1024;
/** Chat messages kept for the call (the oldest go first), so a chatty peer cannot fill memory. */
export const MAX_CHAT_MESSAGES = 500;

/** Why a peer or a message of theirs was dropped: the session's bounds, and messages not allowed from them. */
export type DropReason = PeerDropReason | 'chat-not-admitted' | 'offer-slots';

interface Person {
  id: string;
  identityKey: Uint8Array;
  displayName: string;
  relayPeerId: string | null;
  admitted: boolean;
  link: PeerLink | null;
  /** The peer's screen slot on the current link: shown when its peer-state says it shares. */
  remoteScreen: MediaStream | null;
  screenSharing: boolean;
  /** Signals that arrived before we may (or can) connect: applied in order later (bounded, MAX_HELD_*). */
  held: LinkSignal[];
  heldBytes: number;
  stats: StatsSnapshot | null;
  pressure: PressureSample[];
  qualityStep: QualityStep;
  vanishTimer: ReturnType<typeof setTimeout> | null;
  /**
   * The newcomer's connection to this member, built while the knock is answered and the host
   * decides: its offer and candidates wait in the outbox and leave only once we are admitted.
   */
  prepared: { link: PeerLink; outbox: LinkSignal[] } | null;
  safetyNumber: string | null;
  safetyNumberTimer: ReturnType<typeof setTimeout> | null;
  /** What the trust record says about this key under its current name (null until main answered). */
  trust: TrustView | null;
  /** The organisation statement they presented (kind 7), and main's verdict on it under their current name. */
  organisationCredential: Uint8Array | null;
  organisation: OrganisationVerdict | null;
  /** The display name the current verdict was given for. */
  organisationCheckedAs: string | null;
  /** Asks main again when the statement expires, so "verified" does not outlive it in a long call. */
  organisationExpiry: ReturnType<typeof setTimeout> | null;
  /** Says "cannot connect" if the current link has no working path this long after it was made. */
  pathWatch: ReturnType<typeof setTimeout> | null;
  /** The relay said they left while their connection still worked: they go when it ends (onPeerLeft). */
  relaySaysGone: boolean;
  /** (Host) An admission signed while the relay was unreachable: sent again when they knock again. */
  undeliveredAdmission: SignedStatement | null;
  /**
   * Whether we greeted them (our knock started the current session) rather than they us. The
   * greeter offers the connection and the other side answers: one rule for both ends of every
   * pair, so two offers never cross.
   */
  weGreeted: boolean;
}

interface Room {
  keys: RoomKeys;
  hostKeyId: Uint8Array;
  hostIdentityKey: Uint8Array | null;
  self: { identityKey: Uint8Array; id: string; displayName: string; organisationCredential: Uint8Array | null };
  relay: RelayConnection;
  session: RoomSession;
  transforms: MediaTransforms;
  mediaKeys: MediaKeyScheduler;
  localStream: MediaStream;
  cameraTrack: MediaStreamTrack | null;
  screenStream: MediaStream | null;
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  people: Map<string, Person>;
  byPeerId: Map<string, string>;
  /** Identities the host admitted, also those we have not met yet (roster, statements). */
  admittedIds: Set<string>;
  /** Removed identities and when: an admission issued before the removal no longer counts. */
  removedAt: Map<string, number>;
  /** The hand-overs from the invite's host to the host now (empty while that is the invite's host). */
  succession: SuccessionLink[];
  /** A succession from the host being checked: admissions wait for it (they are signed by that host). */
  successionCheck: Promise<void>;
  admittedSelf: boolean;
  lobbyEnabled: boolean;
  /** Identities the host admits without the lobby: the contacts it rang (renderer/contacts). */
  lobbyBypass: Set<string>;
  counters: Record<string, PeerMediaCounters>;
  keyRequests: KeyRequests;
  /** Our half of every safety number, hashed once per call. */
  ownFingerprint: Uint8Array | null;
  /** Peers and messages dropped in this meeting, by reason (dropCounts()). */
  drops: Map<DropReason, number>;
  /** One-time prekey ids published in this room: never published twice (a newcomer may hold one). */
  publishedPrekeys: Set<number>;
  /**
   * Sessions we opened towards a bundle naming someone we already have a session with (relay
   * peer id -> person id): they wait, unused, until a message under them decrypts (onSession).
   */
  pendingSessions: Map<string, string>;
  statsTimer: ReturnType<typeof setInterval>;
}

/**
 * Envelopes kept from before our room is up (enterRoomWith): a few newcomers' inits and their
 * first messages; the room session's own bounds apply once they are read.
 */
const MAX_EARLY_ENVELOPES = 256;

const hex = bytesToHex;
const set = useCallStore.setState;

function keepLast<T>(messages: T[]): T[] {
  return messages.length > MAX_CHAT_MESSAGES ? messages.slice(-MAX_CHAT_MESSAGES) : messages;
}

class JoinError extends Error {
  constructor(
    readonly code: CallErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** The camera as a call opens it (TESTING.md: the mesh's capacity was measured at 640x480@20). */
const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: 640, height: 480, frameRate: 20 };

export class CallEngine implements CallController {
  private room: Room | null = null;
  /** Counts joins and leaves: a join still under way when it changes has been given up. */
  private joinAttempt = 0;
  /** The host's signed admission of us, shown to each member before our offer. */
  private ownAdmission: SignedStatement | null = null;
  private recordingPort: RecordingPort | null = null;
  /** Numbers chat messages (their React keys stay unique while old ones are dropped). */
  private chatSeq = 0;
  private readonly preparedRelay: PreparedRelay;

  constructor(private readonly deps: CallEngineDeps) {
    this.preparedRelay = new PreparedRelay(deps.connectRelay);
  }

  // ---- hooks for the recording module (renderer/call/recording) ---------------------------

  setRecordingPort(port: RecordingPort | null): void {
    this.recordingPort = port;
  }

  /** The meeting's room id, which recording requests and consents name; null outside a call. */
  currentRoomId(): Uint8Array | null {
    return this.room?.keys.roomId.slice() ?? null;
  }

  /** Sends a 'recording' payload over the pairwise ratchet to a participant with a connection. */
  async sendRecording(id: string, body: Uint8Array): Promise<void> {
    const person = this.room?.people.get(id);
    if (person?.link) await this.send(person, { type: 'recording', body });
  }

  // ---- hook for ringing contacts (renderer/contacts) ---------------------------------------

  /** A new meeting whose host admits these identities (the contacts being rung) without the
   * lobby. They learn the invite link only after this resolves, so no knock can come earlier. */
  async createMeetingFor(displayName: string, admitWithoutLobby: Uint8Array[]): Promise<void> {
    await this.createMeeting(displayName);
    if (this.room) this.room.lobbyBypass = new Set(admitWithoutLobby.map((key) => hex(key)));
  }

  // ---- CallController: joining and leaving -------------------------------------------------

  async createMeeting(displayName: string): Promise<void> {
    const { provider, api } = this.deps;
    const prekeys = await api.getPublicPrekeys();
    // The link names the relay our meetings live on, so a guest set up for another relay finds it.
    const { relayUrl } = await this.deps.callSettings();
    const invite = encodeInvite({ secret: generateRoomSecret(provider), hostKeyId: await hostKeyId(provider, prekeys.identityKey), ...(relayUrl ? { relayUrl } : {}) });
    await this.join(invite, displayName);
  }

  /**
   * The pre-join screen shows: open the socket to the relay the meeting lives on (the link's, or
   * ours for a new meeting), if the organisation allows that relay, so that Join is quicker.
   */
  async prepareJoin(inviteLink: string | null): Promise<void> {
    const attempt = this.joinAttempt;
    let invite: ParsedInvite | null = null;
    try {
      if (inviteLink !== null) invite = parseInvite(inviteLink);
    } catch {
      return; // Join will say what is wrong with the link.
    }
    const settings = await this.deps.callSettings().catch(() => null);
    // Joined meanwhile: that join connected by itself.
    if (!settings || attempt !== this.joinAttempt || this.room) return;
    const relayUrl = invite ? meetingRelayUrl(invite, settings.relayUrl) : settings.relayUrl;
    if (relayUrl && relayAllowed(relayUrl, settings.allowedRelays)) this.preparedRelay.open(relayUrl);
  }

  /** The pre-join screen was left without joining. */
  cancelPreparedJoin(): void {
    this.preparedRelay.release();
  }

  async join(inviteLink: string, displayName: string, options: JoinOptions = {}): Promise<void> {
    const claimed = this.preparedRelay.claim();
    if (this.room) await this.leave();
    const attempt = ++this.joinAttempt;
    const givenUp = () => this.joinAttempt !== attempt;
    set({ ...initialCallState, phase: 'joining', self: { ...initialCallState.self, displayName } });
    try {
      await this.enterRoom(inviteLink, displayName, options, claimed.connect, givenUp);
    } catch (error) {
      claimed.discard();
      // Cancelled (or replaced by another join) meanwhile: its outcome is nobody's business now.
      if (givenUp()) return;
      const code: CallErrorCode = error instanceof JoinError ? error.code : 'internal';
      this.teardown();
      set({ phase: 'error', error: { code, detail: error instanceof Error ? error.message : undefined } });
    }
  }

  async leave(): Promise<void> {
    this.joinAttempt++;
    const room = this.room;
    if (!room) {
      // A join not far enough to have a room stops at its next step; a failed call was torn
      // down already. Either way the person is back where they started.
      const { phase } = useCallStore.getState();
      if (phase === 'joining' || phase === 'error') set({ ...initialCallState, phase: 'left' });
      return;
    }
    // A host that leaves passes the role on, so someone can still admit newcomers: to the first
    // admitted person still connected (usually the longest in the call). Through the relay, like
    // the bye after it, so everyone reads the hand-over first.
    const successor = useCallStore.getState().isHost ? [...room.people.values()].find((p) => p.admitted && p.link?.connected) : undefined;
    if (successor) await this.sendHandOver(room, successor, { relayOnly: true });
    await Promise.allSettled([...room.people.values()].filter((p) => p.relayPeerId).map((p) => this.send(p, { type: 'bye' })));
    this.teardown();
    set({ ...initialCallState, phase: 'left' });
  }

  private async enterRoom(inviteLink: string, displayName: string, options: JoinOptions, connectRelay: ConnectRelay, givenUp: () => boolean): Promise<void> {
    let invite;
    try {
      invite = parseInvite(inviteLink);
    } catch (error) {
      throw new JoinError('invalid-invite', (error as Error).message);
    }
    // Camera and microphone take the longest to open (~80 ms): they open while the keys are
    // derived and the relay is joined. If joining fails first, they are closed again.
    const mediaOpening = this.openLocalMedia();
    mediaOpening.catch(() => undefined); // reported where it is awaited
    try {
      await this.enterRoomWith(invite, displayName, options, mediaOpening, connectRelay, givenUp);
    } catch (error) {
      if (!this.room) void mediaOpening.then((stream) => stream.getTracks().forEach((track) => track.stop()), () => undefined);
      throw error;
    }
  }

  private async enterRoomWith(invite: ParsedInvite, displayName: string, options: JoinOptions, mediaOpening: Promise<MediaStream>, connectRelay: ConnectRelay, givenUp: () => boolean): Promise<void> {
    const { provider, api } = this.deps;
    // The statement our organisation signed for us, presented to everyone we greet; none if main has none (or cannot say).
    const ownStatement = Promise.resolve()
      .then(() => api.getOrganisation())
      .then((status) => status.statement?.credential ?? null, () => null);
    // Fail closed: if the settings cannot be read, a call must not reveal addresses they may hide.
    const settings = await this.deps.callSettings().catch((error: unknown) => {
      throw new JoinError('internal', `settings unavailable: ${(error as Error).message}`);
    });
    const alwaysRelay = settings.alwaysRelayCalls;
    const relayUrl = meetingRelayUrl(invite, settings.relayUrl);
    if (!relayUrl) throw new Error('No relay is configured');
    set({ relayUrl });
    // Admin policy wins over the link: the organisation decides which relays see its people's traffic.
    if (!relayAllowed(relayUrl, settings.allowedRelays)) throw new JoinError('relay-not-allowed', relayUrl);
    // Envelopes that arrive before the room is up and the first join's member list is handled
    // wait here: a newcomer who joins right after us greets us at once, and its init must neither
    // be lost (no room yet: every later message would fail to open, and it would be dropped as a
    // stranger) nor be handled before onJoined, which forgets every peer id it has not greeted.
    let early: Array<[string, Uint8Array]> | null = [];
    // Open since the pre-join screen showed (prepared-relay.ts), or opening now: its handshakes
    // then overlap the keys being derived and read from main.
    const relay = connectRelay(relayUrl, {
      onMessage: (from, envelope) => {
        if (!early) void this.room?.session.receive(from, envelope);
        else if (early.length < MAX_EARLY_ENVELOPES) early.push([from, envelope]);
      },
      onPeerLeft: (peerId) => this.onPeerLeft(peerId),
      onStatus: (status) => set({ relay: status }),
      onRejoined: (joined) => void this.onJoined(joined).then(() => this.republishPrekeys()),
      onFatal: (code) => givenUp() || this.fail(code === 'room-full' ? 'room-full' : 'relay-unreachable', code),
    });
    let keys: RoomKeys;
    let prekeys: PublicPrekeys;
    let isHost: boolean;
    try {
      [keys, prekeys] = await Promise.all([
        deriveRoomKeys(provider, invite.secret),
        api.getPublicPrekeys().catch((error: unknown) => {
          throw new JoinError('keystore-locked', (error as Error).message);
        }),
      ]);
      isHost = await isHostKey(provider, prekeys.identityKey, invite.hostKeyId);
    } catch (error) {
      relay.close();
      throw error;
    }
    const transforms = new MediaTransforms((counters) => this.onCounters(counters));
    const selfId = hex(prekeys.identityKey);
    const handshakeKeys: HandshakeKeyOperations = {
      identityPublicKey: async () => prekeys.identityKey,
      dhIdentity: (remote) => api.dhIdentity(remote),
      dhPrekey: (ref, remote) => api.dhPrekey(ref, remote),
      kemDecapsulate: (id, cipherText) => api.kemDecapsulate(id, cipherText),
      commitInit: async (init) => void (await api.commitInit(init)),
    };
    const session = new RoomSession(provider, handshakeKeys, keys, relay, {
      onSession: (peerId, identityKey, authenticated) => this.onSession(peerId, identityKey, authenticated),
      onPayload: (peerId, payload) => void this.onPayload(peerId, payload).catch((e: unknown) => console.warn('call: payload failed', (e as Error).message)),
      onRejected: (_peerId, error) => this.onRejected(error),
      // Someone the host admitted: everyone else gets the stranger bounds (room-session.ts).
      isTrusted: (peerId) => this.personByPeer(peerId)?.admitted === true,
      onPeerDropped: (peerId, reason) => this.onPeerDropped(peerId, reason),
    });
    // The room can come later: what a newcomer sends us meanwhile waits in `early` (above).
    const joining = (async () => relay.join(keys.roomId, await session.sealedBundle(prekeys)))();
    joining.catch(() => undefined); // reported where it is awaited
    let localStream: MediaStream;
    try {
      localStream = await mediaOpening;
      if (givenUp()) {
        for (const track of localStream.getTracks()) track.stop();
        throw new JoinError('internal', 'the join was cancelled');
      }
    } catch (error) {
      relay.close();
      transforms.close();
      throw error;
    }
    const mediaKeys = new MediaKeyScheduler({
      randomBytes: (n) => provider.randomBytes(n),
      sendKeyToPeer: async (id, kid, key) => {
        const person = this.room?.people.get(id);
        if (person) await this.send(person, { type: 'media-key', kid, key });
      },
      useSendKey: (id, kid, key) => transforms.setSendKey(id, kid, key),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    });
    const room: Room = {
      keys,
      hostKeyId: invite.hostKeyId,
      hostIdentityKey: isHost ? prekeys.identityKey : null,
      self: { identityKey: prekeys.identityKey, id: selfId, displayName, organisationCredential: await ownStatement },
      relay,
      session,
      transforms,
      mediaKeys,
      localStream,
      cameraTrack: localStream.getVideoTracks()[0] ?? null,
      screenStream: null,
      iceServers: [],
      iceTransportPolicy: alwaysRelay ? 'relay' : 'all',
      people: new Map(),
      byPeerId: new Map(),
      admittedIds: new Set(),
      removedAt: new Map(),
      succession: [],
      successionCheck: Promise.resolve(),
      admittedSelf: isHost,
      // A scheduled meeting brings its own lobby rule (My meetings); a policy requiring the lobby wins.
      lobbyEnabled: (options.lobby ?? settings.lobbyByDefault) || settings.lobbyRequiredByPolicy,
      lobbyBypass: new Set(),
      counters: {},
      keyRequests: new KeyRequests(),
      ownFingerprint: null,
      drops: new Map(),
      publishedPrekeys: new Set(prekeys.oneTimePrekeys.slice(0, ONE_TIME_PREKEYS_PER_ROOM).map((p) => p.id)),
      pendingSessions: new Map(),
      statsTimer: setInterval(() => void this.sampleStats(), STATS_INTERVAL_MS),
    };
    this.room = room;
    for (const track of localStream.getTracks()) this.watchDevice(room, track);
    set({
      inviteLink: encodeInvite({ ...invite, relayUrl }),
      inviteLinkPage: encodeRelayInvite({ ...invite, relayUrl }),
      lobbyEnabled: room.lobbyEnabled,
      lobbyRequiredByPolicy: settings.lobbyRequiredByPolicy,
      isHost,
      self: { peerId: selfId, displayName, audioMuted: false, videoMuted: false, screenSharing: false, stream: localStream },
    });

    let joined: JoinedRoom;
    try {
      joined = await joining;
    } catch (error) {
      throw new JoinError('relay-unreachable', `${relayUrl}: ${(error as Error).message}`);
    }
    if (givenUp()) return; // leave() tore the room down meanwhile
    if (alwaysRelay && !joined.turn) throw new JoinError('relay-without-turn', relayUrl);
    set({ phase: isHost ? 'in-call' : 'lobby', relay: 'connected', hostPresent: isHost ? true : null });
    // An empty room means the host has not started yet; otherwise the host shows itself in its
    // welcome (or a succession) within a round trip or two.
    if (!isHost) {
      if (joined.members.length === 0) set({ hostPresent: false });
      else setTimeout(() => this.room === room && !room.hostIdentityKey && set({ hostPresent: false }), HOST_PRESENCE_WAIT_MS);
    }
    // onJoined forgets old peer ids at once, then greets: what waited is read after that.
    const greeting = this.onJoined(joined);
    const waited = early;
    early = null;
    for (const [from, envelope] of waited) void room.session.receive(from, envelope);
    await greeting;
  }

  private async openLocalMedia(): Promise<MediaStream> {
    const video = this.deps.videoConstraints ?? CAMERA_CONSTRAINTS;
    try {
      return await this.deps.getUserMedia({ audio: true, video });
    } catch {
      try {
        return await this.deps.getUserMedia({ audio: true, video: false });
      } catch (error) {
        throw new JoinError('camera-unavailable', (error as Error).message);
      }
    }
  }

  /** First join and every re-join after a relay reconnect: greet every member. */
  private async onJoined(joined: JoinedRoom): Promise<void> {
    const room = this.room;
    if (!room) return;
    room.iceServers = iceServersAfterJoin(room.iceServers, joined, room.iceTransportPolicy);
    room.byPeerId.clear();
    // Peer ids of the previous join are gone with it.
    for (const peerId of room.pendingSessions.keys()) room.session.forget(peerId);
    room.pendingSessions.clear();
    for (const person of room.people.values()) {
      person.relayPeerId = null;
      // Built with the previous join's TURN credentials: greeting again builds them anew.
      this.discardPrepared(person);
    }
    await Promise.allSettled(joined.members.map((member) => this.greet(member)));
  }

  /**
   * A re-join publishes our base bundle only (the relay client never re-sends one-time blobs it
   * may have handed out), so a newcomer after a relay restart would handshake without a one-time
   * prekey: no DH4, and an init that can be replayed (PROTOCOL.md §5.5). So we publish one-time
   * prekeys again, ones not published in this room before (issue 16 item 3).
   */
  private async republishPrekeys(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const prekeys = await this.deps.api.getPublicPrekeys().catch(() => null);
    if (!prekeys || this.room !== room) return;
    const fresh = prekeys.oneTimePrekeys.filter((p) => !room.publishedPrekeys.has(p.id)).slice(0, ONE_TIME_PREKEYS_PER_ROOM);
    for (const p of fresh) room.publishedPrekeys.add(p.id);
    const bundle = await room.session.sealedBundle({ ...prekeys, oneTimePrekeys: fresh });
    if (this.room === room) room.relay.publish(bundle);
  }

  private async greet(member: RelayMember): Promise<void> {
    const room = this.room!;
    const identityKey = await room.session.connect(member, { type: 'admission', body: encodeAdmission({ kind: 'knock', displayName: room.self.displayName }) });
    const person = room.people.get(hex(identityKey));
    // A waiting session (a second bundle under a known identity, onSession) is not them yet.
    if (this.room !== room || !person || room.pendingSessions.has(member.peerId)) return;
    person.weGreeted = true;
    if (room.admittedSelf) this.connect(person);
    else this.prepareConnection(person);
    await this.presentOrganisation(person);
  }

  /**
   * While we wait for admission, the connection we will offer is built (RTCPeerConnection,
   * transforms, offer, ICE gathering: ~100 ms), so the offer leaves the moment we are admitted.
   * Nothing of it is sent before then.
   */
  private prepareConnection(person: Person): void {
    const room = this.room!;
    if (room.admittedSelf || person.link || person.prepared) return;
    person.prepared = { link: this.newLink(person, true), outbox: [] };
  }

  private discardPrepared(person: Person): void {
    const prepared = person.prepared;
    person.prepared = null;
    prepared?.link.close();
  }

  private teardown(): void {
    const room = this.room;
    if (!room) return;
    this.room = null;
    clearInterval(room.statsTimer);
    room.mediaKeys.stopAll();
    for (const person of room.people.values()) {
      if (person.vanishTimer) clearTimeout(person.vanishTimer);
      person.link?.close();
      person.prepared?.link.close();
      if (person.safetyNumberTimer) clearTimeout(person.safetyNumberTimer);
      if (person.organisationExpiry) clearTimeout(person.organisationExpiry);
      if (person.pathWatch) clearTimeout(person.pathWatch);
    }
    room.transforms.close();
    room.relay.close();
    for (const track of room.localStream.getTracks()) track.stop();
    for (const track of room.screenStream?.getTracks() ?? []) track.stop();
  }

  private fail(code: CallErrorCode, detail?: string): void {
    this.teardown();
    set({ phase: 'error', error: detail === undefined ? { code } : { code, detail } });
  }

  // ---- sessions and payloads ---------------------------------------------------------------

  private onSession(peerId: string, identityKey: Uint8Array, authenticated: boolean): void {
    const room = this.room;
    if (!room) return;
    const id = hex(identityKey);
    let person = room.people.get(id);
    // An unauthenticated session never replaces the one we have (issue 16 item 3): a link holder
    // can republish a member's base bundle as its own, and our handshake towards that copy claims
    // the member's identity though nobody there can answer under it. It waits until a message
    // under it decrypts (a real second instance of that person, or the one the relay still lists
    // after a restart: then it replaces the old one, in onPayload), and meanwhile is unused.
    if (!authenticated && person?.relayPeerId && person.relayPeerId !== peerId) {
      room.pendingSessions.set(peerId, id);
      return;
    }
    room.pendingSessions.delete(peerId);
    if (!person) {
      person = {
        id,
        identityKey,
        displayName: '',
        relayPeerId: null,
        admitted: room.admittedIds.has(id),
        link: null,
        remoteScreen: null,
        screenSharing: false,
        held: [],
        heldBytes: 0,
        stats: null,
        pressure: [],
        qualityStep: 0,
        vanishTimer: null,
        prepared: null,
        safetyNumber: null,
        safetyNumberTimer: null,
        trust: null,
        organisationCredential: null,
        organisation: null,
        organisationExpiry: null,
        organisationCheckedAs: null,
        undeliveredAdmission: null,
        relaySaysGone: false,
        weGreeted: false,
        pathWatch: null,
      };
      room.people.set(id, person);
    }
    if (person.relayPeerId && person.relayPeerId !== peerId) {
      room.session.forget(person.relayPeerId);
      room.byPeerId.delete(person.relayPeerId);
    }
    person.relayPeerId = peerId;
    person.relaySaysGone = false;
    room.byPeerId.set(peerId, id);
    if (person.vanishTimer) clearTimeout(person.vanishTimer);
    person.vanishTimer = null;
  }

  private personByPeer(peerId: string): Person | undefined {
    const room = this.room;
    const id = room?.byPeerId.get(peerId);
    return id === undefined ? undefined : room!.people.get(id);
  }

  private isCurrentHost(person: Person): boolean {
    const host = this.room?.hostIdentityKey;
    return host !== null && host !== undefined && equalBytes(host, person.identityKey);
  }

  /** False when it could not be sent (no relay connection, or the person is not on the relay now). */
  private async send(person: Person, payload: Payload, { relayOnly = false } = {}): Promise<boolean> {
    const room = this.room;
    if (!room || !person.relayPeerId) return false;
    const onConnection = !relayOnly && PAYLOADS_ON_THE_CONNECTION.has(payload.type) && person.link?.pathUp;
    const viaDataChannel = onConnection ? (bytes: Uint8Array) => person.link!.send(bytes) : undefined;
    return room.session.send(person.relayPeerId, payload, viaDataChannel);
  }

  private onRejected(error: ProtocolError): void {
    // Wrong room secret, tampering, replays: the message is dropped; the call goes on.
    console.warn(`call: message from a peer rejected (${error.code})`);
  }

  /** How many peers and messages this meeting dropped, by reason (diagnostics and tests). */
  dropCounts(): Partial<Record<DropReason, number>> {
    return Object.fromEntries(this.room?.drops ?? []);
  }

  private countDrop(reason: DropReason): void {
    const drops = this.room?.drops;
    if (!drops) return;
    drops.set(reason, (drops.get(reason) ?? 0) + 1);
    console.warn(`call: dropped (${reason})`);
  }

  /** The session refuses to read more from this peer id (over a bound): they are gone from the call. */
  private onPeerDropped(peerId: string, reason: PeerDropReason): void {
    this.countDrop(reason);
    this.room?.pendingSessions.delete(peerId);
    const person = this.personByPeer(peerId);
    if (person) this.removePerson(person);
  }

  private async onPayload(peerId: string, payload: Payload): Promise<void> {
    // A message under a waiting session decrypted: whoever is there holds the identity's keys.
    const waiting = this.room?.pendingSessions.has(peerId) ? this.room.session.identityOf(peerId) : undefined;
    if (waiting) this.onSession(peerId, waiting, true);
    const person = this.personByPeer(peerId);
    if (!person || !this.room) return;
    switch (payload.type) {
      case 'admission':
        return this.onAdmission(person, payload.body);
      case 'access-control':
        return this.onHostStatement(person, decodeHostStatement(payload.body));
      case 'offer':
      case 'answer':
      case 'ice-candidate':
        return this.onSignal(person, payload);
      case 'media-key':
        this.room.transforms.addReceiveKey(person.id, payload.kid, payload.key);
        return;
      case 'media-key-request':
        if (person.link && this.room.keyRequests.shouldHonour(person.id, Date.now())) await this.room.mediaKeys.rotate(person.id);
        return;
      case 'chat':
        return this.onChat(person, payload.text, payload.sentAt);
      case 'bye':
        return this.removePerson(person);
      case 'peer-state':
        return this.onPeerState(person, payload);
      case 'recording':
        // Only from participants we are connected with (admitted, in the call).
        if (person.link) this.recordingPort?.onRecordingMessage(person.id, payload.body);
        return;
    }
  }

  private async onAdmission(person: Person, body: Uint8Array): Promise<void> {
    const room = this.room!;
    const message = decodeAdmission(body);
    switch (message.kind) {
      case 'knock':
      case 'welcome': {
        const named = person.trust === null || person.displayName !== message.displayName;
        person.displayName = message.displayName;
        // The trust record is asked at once (in parallel with the answer below); the host waits
        // for it before showing the knock, so the lobby shows it from the first moment.
        const trust = named ? this.meetTrust(person) : Promise.resolve();
        // A statement holds for the name it signed: a new name is checked again.
        if (named) void this.checkOrganisation(person);
        if (!room.hostIdentityKey && (await isHostKey(this.deps.provider, person.identityKey, room.hostKeyId))) {
          room.hostIdentityKey = person.identityKey;
        }
        if (this.isCurrentHost(person)) {
          person.admitted = true;
          // Waiting, we show the number the host's knock list shows for us (computed at once there too).
          set({ hostPresent: true, ...(room.admittedSelf ? {} : { hostSafetyNumber: this.safetyNumberOf(person) }) });
        }
        if (message.kind === 'knock') {
          person.weGreeted = false;
          this.discardPrepared(person);
          await this.send(person, { type: 'admission', body: encodeAdmission({ kind: 'welcome', isHost: useCallStore.getState().isHost, displayName: room.self.displayName }) });
          await this.presentOrganisation(person);
          // The greeter offers, once it knows we are in; it may have missed the host's word on
          // that (sent while it was away from the relay), so our signed admission says it.
          if (room.admittedSelf) await this.sendProof(person);
        }
        // A knock, or the welcome of someone who joined while we were away from the relay (we
        // greeted them on re-joining): either way the host decides about anyone not admitted.
        if (useCallStore.getState().isHost && !person.admitted) {
          await trust;
          await this.onKnockAsHost(person);
        }
        // Admitted while one of us was away from the relay: they do not know yet, and will offer once they do.
        else if (person.undeliveredAdmission) await this.sendAdmission(person, person.undeliveredAdmission);
        // Admitted earlier and back without a connection (they left, or their app restarted): an
        // admission lasts for the meeting, until a removal, so they get a new one at once.
        else if (message.kind === 'knock' && useCallStore.getState().isHost && !person.link) await this.sendAdmission(person, await this.hostStatement('admit', person.identityKey));
        // A welcome can tell us that the person we greeted is the host, and so admitted.
        else this.connect(person);
        this.publishPerson(person);
        return;
      }
      case 'succession':
        room.successionCheck = this.onSuccession(person, message.links);
        return room.successionCheck;
      case 'admit':
      case 'proof':
        await room.successionCheck;
        return this.onAdmissionStatement(person, message.kind, message.signed, message.kind === 'admit' ? message.roster : []);
      case 'deny':
        if (this.isCurrentHost(person)) this.fail(message.reason === 'locked' ? 'room-locked' : 'denied-by-host');
        return;
      case 'organisation':
        // One statement per person: a repeat of the same bytes asks main nothing.
        if (person.organisationCredential && equalBytes(person.organisationCredential, message.credential)) return;
        person.organisationCredential = message.credential;
        return this.checkOrganisation(person);
    }
  }

  /**
   * The policy changed (main's settings-changed): another list of trusted organisations or
   * revocations. Everyone's statement is checked again, so a revocation reaches calls under way.
   */
  recheckOrganisations(): void {
    for (const person of this.room?.people.values() ?? []) void this.checkOrganisation(person);
  }

  /** After our knock or welcome: the statement our organisation signed for us, if we have one. */
  private async presentOrganisation(person: Person): Promise<void> {
    const credential = this.room?.self.organisationCredential;
    if (credential) await this.send(person, { type: 'admission', body: encodeAdmission({ kind: 'organisation', credential }) });
  }

  /** Main (which alone knows whom our policy trusts) says whether their statement holds for their key and current name. */
  private async checkOrganisation(person: Person): Promise<void> {
    const credential = person.organisationCredential;
    if (!credential) return;
    const name = person.displayName;
    // Until main answers for this name, a verdict given for another name says nothing.
    if (person.organisation && person.organisationCheckedAs !== name) {
      person.organisation = null;
      this.updateParticipant(person.id, { organisation: null });
    }
    const verdict = await this.deps.api.checkOrganisationStatement(credential, person.identityKey, name).catch((error: unknown) => {
      console.warn(`call: main did not check an organisation statement (${String(error)})`);
      return null;
    });
    // A later name or statement has its own check under way.
    if (person.displayName !== name || person.organisationCredential !== credential) return;
    person.organisation = verdict;
    person.organisationCheckedAs = name;
    if (this.room?.people.get(person.id) !== person) return;
    if (person.organisationExpiry) clearTimeout(person.organisationExpiry);
    person.organisationExpiry = null;
    const untilExpiry = verdict && 'expiresAt' in verdict ? verdict.expiresAt - Date.now() : Infinity;
    if (untilExpiry <= MAX_TIMER_MS) person.organisationExpiry = setTimeout(() => void this.checkOrganisation(person), Math.max(0, untilExpiry));
    const organisation = organisationBadgeOf(verdict);
    this.updateParticipant(person.id, { organisation });
    set((s) => ({ lobby: s.lobby.map((entry) => (entry.peerId === person.id ? { ...entry, organisation } : entry)) }));
  }

  private async onKnockAsHost(person: Person): Promise<void> {
    const state = useCallStore.getState();
    if (state.locked) {
      await this.sendAsHost(person, { kind: 'deny', reason: 'locked' });
      return;
    }
    const room = this.room!;
    // Someone removed from this call comes back only if the host says so, lobby or not.
    const waivedLobby = !room.lobbyEnabled || room.lobbyBypass.has(person.id);
    if (waivedLobby && !room.removedAt.has(person.id)) return this.admit(person.id);
    if (!state.lobby.some((entry) => entry.peerId === person.id)) {
      const entry = {
        peerId: person.id,
        displayName: person.displayName,
        safetyNumber: this.safetyNumberOf(person),
        removedEarlier: room.removedAt.has(person.id),
        verification: verificationOf(person.trust),
        trustWarning: person.trust?.warning ?? null,
        organisation: organisationBadgeOf(person.organisation),
      };
      set({ lobby: [...state.lobby, entry] });
    }
  }

  private async onAdmissionStatement(from: Person, kind: 'admit' | 'proof', signed: SignedStatement, roster: Uint8Array[]): Promise<void> {
    const room = this.room!;
    const host = room.hostIdentityKey ?? (kind === 'admit' && (await isHostKey(this.deps.provider, from.identityKey, room.hostKeyId)) ? from.identityKey : null);
    if (!host || signed.statement.kind !== 'admit' || !(await verifyStatement(this.deps.provider, host, room.keys.roomId, signed))) {
      console.warn('call: an admission that the host did not sign was ignored');
      return;
    }
    room.hostIdentityKey = host;
    if (equalBytes(signed.statement.subject, room.self.identityKey)) {
      // Already in (a re-sent admission, or a former host's first): keep one to prove it with.
      if (room.admittedSelf) {
        this.ownAdmission ??= signed;
        return;
      }
      room.admittedSelf = true;
      this.ownAdmission = signed;
      for (const key of roster) {
        room.admittedIds.add(hex(key));
        const person = room.people.get(hex(key));
        if (person) person.admitted = true;
      }
      set({ phase: 'in-call' });
      // Those not admitted yet offer to us once they are: our prepared offers to them are moot.
      for (const person of room.people.values()) if (person.admitted) this.connect(person);
      else this.discardPrepared(person);
      return;
    }
    const subjectId = hex(signed.statement.subject);
    if ((room.removedAt.get(subjectId) ?? -Infinity) >= signed.statement.issuedAt) {
      console.warn('call: an admission older than the removal of its subject was ignored');
      return;
    }
    room.admittedIds.add(subjectId);
    const subject = room.people.get(subjectId);
    if (!subject) return;
    subject.admitted = true;
    this.publishPerson(subject);
    this.connect(subject);
  }

  /** The host is not the invite's: it shows the hand-overs that made it host, and we follow them. */
  private async onSuccession(from: Person, links: SuccessionLink[]): Promise<void> {
    const room = this.room!;
    const host = await verifySuccession(this.deps.provider, room.hostKeyId, room.keys.roomId, links);
    // Only the host it names may send it, and only a longer one than we know (a former host
    // cannot take the role back with the shorter chain that once ended at it).
    if (!host || !equalBytes(host, from.identityKey) || links.length <= room.succession.length) {
      console.warn('call: a host succession that does not hold was ignored');
      return;
    }
    room.succession = links;
    room.hostIdentityKey = host;
    set({ hostPresent: true, ...(room.admittedSelf ? {} : { hostSafetyNumber: this.safetyNumberOf(from) }) });
    from.admitted = true;
    for (const person of room.people.values()) this.publishPerson(person);
  }

  private async onHostStatement(from: Person, signed: SignedStatement): Promise<void> {
    const room = this.room!;
    if (!this.isCurrentHost(from) || !(await verifyStatement(this.deps.provider, from.identityKey, room.keys.roomId, signed))) return;
    const { kind, subject } = signed.statement;
    if (kind === 'lock' || kind === 'unlock') {
      set({ locked: kind === 'lock' });
    } else if (kind === 'hand-over') {
      // The former host stays admitted, also if it comes back to the relay as someone new to us.
      room.admittedIds.add(from.id);
      room.succession = [...room.succession, { signer: from.identityKey, signed }];
      room.hostIdentityKey = subject;
      set({ isHost: equalBytes(subject, room.self.identityKey) });
      for (const person of room.people.values()) this.publishPerson(person);
    } else if (kind === 'remove') {
      if (equalBytes(subject, room.self.identityKey)) return this.fail('removed-by-host');
      this.forbid(hex(subject), signed.statement.issuedAt);
    }
  }

  // ---- connections -------------------------------------------------------------------------

  /**
   * Opens (if we greeted them) or accepts (when their offer is here) the connection to an admitted
   * person, once we are admitted too. Called whenever one of those conditions may have become true.
   */
  private connect(person: Person): void {
    const room = this.room!;
    if (person.link || !person.admitted || !room.admittedSelf) return;
    const incomingOffer = person.held.find((s) => s.type === 'offer');
    if (!incomingOffer && !person.weGreeted) return;
    const initiator = !incomingOffer;
    // A former host holds no signed admission and offers without one: members count it as
    // admitted since its hand-over (onHostStatement), newcomers from their admission's roster.
    if (initiator && !useCallStore.getState().isHost) void this.sendProof(person);
    const prepared = person.prepared;
    person.prepared = null;
    if (prepared && !initiator) prepared.link.close();
    const link = prepared && initiator ? prepared.link : this.newLink(person, initiator);
    person.link = link;
    this.watchPath(person, link);
    const screenTrack = room.screenStream?.getVideoTracks()[0];
    if (screenTrack) void link.setScreenTrack(screenTrack);
    void room.mediaKeys.start(person.id);
    if (prepared && initiator) for (const signal of prepared.outbox) void this.send(person, signal);
    const held = person.held;
    person.held = [];
    person.heldBytes = 0;
    for (const signal of held) person.link.signal(signal);
    this.publishPerson(person);
    void this.applySendParameters();
  }

  private newLink(person: Person, initiator: boolean): PeerLink {
    const room = this.room!;
    const link = new PeerLink({
      peerId: person.id,
      initiator,
      localStream: room.localStream,
      iceServers: room.iceServers,
      iceTransportPolicy: room.iceTransportPolicy,
      transforms: room.transforms,
      onSignal: (signal) => {
        if (person.link === link) void this.send(person, signal);
        else if (person.prepared?.link === link) person.prepared.outbox.push(signal);
      },
      // Not yet "encrypted": that waits for a frame from them that decrypted (sampleStats).
      onRemoteStream: (stream) => this.updateParticipant(person.id, { stream }),
      onRemoteScreen: (stream) => {
        person.remoteScreen = stream;
        if (person.screenSharing) this.updateParticipant(person.id, { screenStream: stream });
      },
      onData: (bytes) => person.relayPeerId && void room.session.receive(person.relayPeerId, bytes),
      onConnected: () => {
        if (person.link === link) this.updateParticipant(person.id, { connectionProblem: null });
        void this.send(person, this.ownState());
        void this.applySendParameters();
      },
      onClosed: (reason) => {
        if (person.prepared?.link === link) person.prepared = null;
        if (person.link !== link) return;
        // The relay said they had left, and now their connection has ended too.
        if (person.relaySaysGone) return this.removePerson(person);
        this.dropConnection(person);
        if (reason !== 'local') {
          this.reportNoPath(person);
          this.reconnectAfterFailure(person);
        }
      },
    });
    return link;
  }

  private watchPath(person: Person, link: PeerLink): void {
    if (person.pathWatch) clearTimeout(person.pathWatch);
    person.pathWatch = setTimeout(() => {
      person.pathWatch = null;
      if (person.link === link && !link.pathUp) this.reportNoPath(person);
    }, NO_PATH_AFTER_MS);
  }

  /** No working path to this person: without a TURN server to fall back on, that is why. */
  private reportNoPath(person: Person): void {
    const turn = this.room?.iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url))) ?? false;
    this.updateParticipant(person.id, { connectionProblem: turn ? 'not-connected' : 'no-direct-path' });
  }

  /**
   * ICE failed for good (simple-peer ends the link), here or on the other side (which then closes
   * its end): the side that offers to this person (the greeter) builds a new connection while both
   * are still in the room; the other side accepts it. Someone who left is gone from the room by
   * then (their bye, or the relay's peer-left), so nothing is rebuilt for them.
   */
  private reconnectAfterFailure(person: Person): void {
    if (!person.weGreeted) return;
    setTimeout(() => {
      const room = this.room;
      if (!room || room.people.get(person.id) !== person || person.link || !person.relayPeerId) return;
      this.connect(person);
    }, RECONNECT_AFTER_MS);
  }

  private onSignal(person: Person, signal: LinkSignal): void {
    const room = this.room!;
    // Only our three media slots: any other m-line would have no SFrame transform (peer-link.ts).
    if (signal.type === 'offer' && !hasOurMediaSlots(signal.sdp)) return this.countDrop('offer-slots');
    // An offer from a new RTCPeerConnection (the other side rebuilt a failed link, and ours has
    // not noticed yet): the old link is dead, the new offer starts a new one.
    if (person.link && signal.type === 'offer' && person.link.isFromAnotherConnection(signal.sdp)) this.dropConnection(person);
    if (person.link) {
      person.link.signal(signal);
      return;
    }
    const bytes = signal.type === 'ice-candidate' ? signal.candidate.candidate.length : signal.sdp.length;
    if (person.held.length >= MAX_HELD_SIGNALS || person.heldBytes + bytes > MAX_HELD_SIGNAL_BYTES) {
      if (person.relayPeerId) room.session.drop(person.relayPeerId, 'held-signals');
      return;
    }
    person.held.push(signal);
    person.heldBytes += bytes;
    if (signal.type === 'offer' && person.admitted && room.admittedSelf) this.connect(person);
  }

  /**
   * The relay says a peer left. It is not believed over a working connection: a relay (or whoever
   * controls it) could send `peer-left` for someone still in the call, and that must not tear the
   * call down (issue 16). While their ICE path answers, the person, their session and their peer id
   * stay (their messages keep arriving on the data channel); they go when that connection ends,
   * or when they greet us under a new peer id (a real re-join). Without a working path, they go
   * now, or after a short grace if the connection is still up and may only be re-routing.
   */
  private onPeerLeft(peerId: string): void {
    const person = this.personByPeer(peerId);
    const room = this.room;
    if (room?.pendingSessions.delete(peerId)) room.session.forget(peerId);
    if (!person || !room) return;
    if (person.link?.pathUp) {
      person.relaySaysGone = true;
      this.watchPathAfterRelayLeft(person);
      return;
    }
    room.byPeerId.delete(peerId);
    room.session.forget(peerId);
    person.relayPeerId = null;
    if (person.link?.connected) {
      person.vanishTimer = setTimeout(() => {
        if (!person.link?.pathUp || !person.relayPeerId) this.removePerson(person);
      }, VANISHED_PEER_GRACE_MS);
    } else {
      this.removePerson(person);
    }
  }

  /**
   * The relay said they left while their path worked. A page that really closed stops answering
   * ICE within a few seconds (its connection is not always closed cleanly); a forged `peer-left`
   * leaves the path up. So they stay while it is up and go once it is not, unless they greet us
   * again meanwhile (a re-join: onSession clears the flag).
   */
  private watchPathAfterRelayLeft(person: Person): void {
    if (person.vanishTimer) clearTimeout(person.vanishTimer);
    person.vanishTimer = setTimeout(() => {
      person.vanishTimer = null;
      if (!person.relaySaysGone || this.room?.people.get(person.id) !== person) return;
      if (person.link?.pathUp) this.watchPathAfterRelayLeft(person);
      else this.removePerson(person);
    }, PATH_CHECK_AFTER_RELAY_LEFT_MS);
  }

  /** A removed person: gone now, and their earlier admission no longer opens a connection. */
  private forbid(id: string, at: number): void {
    const room = this.room!;
    room.admittedIds.delete(id);
    room.removedAt.set(id, at);
    const person = room.people.get(id);
    if (person) this.removePerson(person);
  }

  /** Gone from the room: the relay says so, they said bye, or the host removed them. */
  private removePerson(person: Person): void {
    const room = this.room;
    if (!room || room.people.get(person.id) !== person) return;
    room.people.delete(person.id);
    // Waiting for a host who just left: say so (it may come back, or hand over to someone else).
    if (!room.admittedSelf && this.isCurrentHost(person)) set({ hostPresent: false });
    if (person.relayPeerId) {
      room.byPeerId.delete(person.relayPeerId);
      room.session.forget(person.relayPeerId);
    }
    if (person.vanishTimer) clearTimeout(person.vanishTimer);
    if (person.organisationExpiry) clearTimeout(person.organisationExpiry);
    this.dropConnection(person);
  }

  /**
   * The media connection ended. The ratchet session stays while the relay still has the person,
   * so a last word (the host's "you were removed", a bye) still arrives and can be read.
   */
  private dropConnection(person: Person): void {
    const room = this.room;
    if (!room) return;
    room.mediaKeys.stop(person.id);
    room.transforms.removePeer(person.id);
    room.keyRequests.forget(person.id);
    if (person.pathWatch) clearTimeout(person.pathWatch);
    person.pathWatch = null;
    const link = person.link;
    person.link = null;
    person.remoteScreen = null;
    link?.close();
    this.discardPrepared(person);
    const state = useCallStore.getState();
    const participants = { ...state.participants };
    delete participants[person.id];
    set({
      participants,
      order: state.order.filter((id) => id !== person.id),
      lobby: state.lobby.filter((entry) => entry.peerId !== person.id),
      activeSpeaker: state.activeSpeaker === person.id ? null : state.activeSpeaker,
    });
    void this.applySendParameters();
  }

  // ---- store -------------------------------------------------------------------------------

  private safetyNumberOf(person: Person): string {
    if (person.safetyNumber === null) {
      const room = this.room!;
      room.ownFingerprint ??= fingerprintHash(parleyFingerprintIdentity(room.self.identityKey));
      person.safetyNumber = safetyNumberOfHashes(room.ownFingerprint, fingerprintHash(parleyFingerprintIdentity(person.identityKey)));
    }
    return person.safetyNumber;
  }

  /** The participant's safety number, once the call has settled ('' until then: "not available yet"). */
  private publishSafetyNumberLater(person: Person): void {
    if (person.safetyNumber !== null || person.safetyNumberTimer) return;
    person.safetyNumberTimer = setTimeout(() => {
      person.safetyNumberTimer = null;
      if (this.room?.people.get(person.id) === person) this.updateParticipant(person.id, { safetyNumber: this.safetyNumberOf(person) });
    }, SAFETY_NUMBER_DELAY_MS);
  }

  /** Shows a person once they are admitted and connected or connecting. */
  private publishPerson(person: Person): void {
    const state = useCallStore.getState();
    if (!person.link) return;
    const existing = state.participants[person.id];
    const participant: Participant = {
      peerId: person.id,
      displayName: person.displayName,
      joinedAs: joinedAs(existing, person.displayName),
      identityKeyHex: person.id,
      safetyNumber: person.safetyNumber ?? '',
      verification: verificationOf(person.trust),
      trustWarning: person.trust?.warning ?? null,
      organisation: organisationBadgeOf(person.organisation),
      isHost: this.isCurrentHost(person),
      audioMuted: existing?.audioMuted ?? false,
      videoMuted: existing?.videoMuted ?? false,
      speaking: existing?.speaking ?? false,
      quality: existing?.quality ?? 'unknown',
      e2ee: existing?.e2ee ?? false,
      stream: existing?.stream ?? null,
      screenStream: null,
      connectionProblem: existing?.connectionProblem ?? null,
      stats: existing?.stats ?? { rttMs: null, sendBitrateKbps: null, receiveBitrateKbps: null, packetLossPercent: null, framesDecoded: 0, framesSent: 0, decryptFailures: 0, route: null, candidateTypes: null, videoSend: 'full' },
    };
    this.publishSafetyNumberLater(person);
    set({
      participants: { ...state.participants, [person.id]: participant },
      order: state.order.includes(person.id) ? state.order : [...state.order, person.id],
      lobby: state.lobby.filter((entry) => entry.peerId !== person.id),
    });
  }

  /**
   * Records that we meet this person's key under the name they gave and keeps what the trust
   * record says about it. Without an answer (main refused: a locked keystore) they stay unverified.
   */
  private meetTrust(person: Person): Promise<void> {
    const name = person.displayName;
    return this.deps.api.meetIdentity(person.identityKey, name).then(
      (view) => {
        if (person.displayName === name) this.showTrust(person, view);
      },
      (error: unknown) => console.warn(`call: the trust record did not answer (${String(error)})`),
    );
  }

  /** A new word from the trust record: on the tile, in the participants panel and in the knock list. */
  private showTrust(person: Person, view: TrustView): void {
    person.trust = view;
    if (this.room?.people.get(person.id) !== person) return;
    const changes = { verification: verificationOf(view), trustWarning: view.warning };
    this.updateParticipant(person.id, changes);
    set((s) => ({ lobby: s.lobby.map((entry) => (entry.peerId === person.id ? { ...entry, ...changes } : entry)) }));
  }

  private updateParticipant(id: string, changes: Partial<Participant>): void {
    const state = useCallStore.getState();
    const current = state.participants[id];
    if (current) set({ participants: { ...state.participants, [id]: { ...current, ...changes } } });
  }

  /** What a peer says it sends; a shared screen arrives in the link's screen slot and goes on the stage. */
  private onPeerState(person: Person, state: { audioMuted: boolean; videoMuted: boolean; screenSharing: boolean }): void {
    person.screenSharing = state.screenSharing;
    const screenStream = state.screenSharing ? person.remoteScreen : null;
    this.updateParticipant(person.id, { audioMuted: state.audioMuted, videoMuted: state.videoMuted, screenStream });
  }

  private ownState(): Payload {
    const { audioMuted, videoMuted, screenSharing } = useCallStore.getState().self;
    return { type: 'peer-state', audioMuted, videoMuted, screenSharing };
  }

  private broadcastState(): void {
    const room = this.room;
    if (!room) return;
    const state = this.ownState();
    for (const person of room.people.values()) if (person.link) void this.send(person, state);
  }

  /** Chat from someone admitted (a knocker's would show under any name it chose: issue 16). */
  private onChat(person: Person, text: string, sentAt: number): void {
    if (!person.admitted) return this.countDrop('chat-not-admitted');
    const state = useCallStore.getState();
    set({
      chat: keepLast([...state.chat, { id: `${person.id}-${this.chatSeq++}`, fromPeerId: person.id, displayName: person.displayName, text, sentAt }]),
      unreadChat: state.chatOpen ? state.unreadChat : state.unreadChat + 1,
    });
  }

  private onCounters(counters: Record<string, PeerMediaCounters>): void {
    if (this.room) this.room.counters = counters;
  }

  // ---- quality -----------------------------------------------------------------------------

  private async applySendParameters(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const participants = [...room.people.values()].filter((p) => p.link).length + 1;
    const cap = videoBitrateCapKbps(participants);
    const meshScale = meshResolutionScale(participants);
    await Promise.allSettled(
      [...room.people.values()].map((person) => {
        const step = QUALITY_STEPS[person.qualityStep];
        return person.link?.setVideoSendParameters({
          maxBitrateKbps: cap,
          scaleResolutionDownBy: Math.max(meshScale, step.scaleResolutionDownBy),
          maxFramerate: meshMaxFramerate(participants),
          active: step.video && !useCallStore.getState().self.videoMuted,
        });
      }),
    );
  }

  private async sampleStats(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const levels = new Map<string, number>();
    let stepsChanged = false;
    for (const person of room.people.values()) {
      const link = person.link;
      if (!link) continue;
      const report = await link.connection.getStats().catch(() => null);
      if (!report || this.room !== room) continue;
      const snapshot = snapshotOf(report.values() as Iterable<Record<string, unknown> & { type: string }>, Date.now());
      const stats = peerStatsBetween(person.stats, snapshot, room.counters[person.id]?.decryptFailures ?? 0);
      person.stats = snapshot;
      person.pressure = [...person.pressure, { availableKbps: snapshot.availableKbps }].slice(-20);
      const step = nextQualityStep(person.qualityStep, person.pressure);
      if (step !== person.qualityStep) {
        person.qualityStep = step;
        person.pressure = [];
        stepsChanged = true;
      }
      levels.set(person.id, snapshot.audioLevel);
      const counts = room.counters[person.id];
      if (counts && room.keyRequests.shouldRequest(person.id, counts, Date.now())) void this.send(person, { type: 'media-key-request' });
      this.updateParticipant(person.id, {
        stats: { ...stats, videoSend: QUALITY_STEPS[person.qualityStep].shown },
        quality: qualityOf(stats.rttMs, stats.packetLossPercent),
        speaking: snapshot.audioLevel > 0.02,
        e2ee: room.keyRequests.decrypting(person.id),
      });
    }
    set({ activeSpeaker: activeSpeaker(levels, useCallStore.getState().activeSpeaker) });
    if (stepsChanged) await this.applySendParameters();
  }

  // ---- CallController: in the call --------------------------------------------------------

  setMicMuted(muted: boolean): void {
    for (const track of this.room?.localStream.getAudioTracks() ?? []) track.enabled = !muted;
    set((s) => ({ self: { ...s.self, audioMuted: muted } }));
    this.broadcastState();
  }

  setCameraMuted(muted: boolean): void {
    if (this.room?.cameraTrack) this.room.cameraTrack.enabled = !muted;
    set((s) => ({ self: { ...s.self, videoMuted: muted } }));
    this.broadcastState();
    void this.applySendParameters();
  }

  /**
   * Another microphone or camera, live (null: the system's default): it opens, then replaces the
   * old track on every connection (PeerLink.setLocalTrack: no renegotiation, SFrame untouched),
   * keeping the mute state; the old device closes. If it cannot open, the old one stays.
   */
  async switchDevice(kind: 'audio' | 'video', deviceId: string | null): Promise<void> {
    const room = this.room;
    if (!room) return;
    const exact = deviceId ? { deviceId: { exact: deviceId } } : {};
    const constraints = kind === 'audio' ? { audio: deviceId ? exact : true, video: false } : { audio: false, video: { ...(this.deps.videoConstraints ?? CAMERA_CONSTRAINTS), ...exact } };
    const track = (await this.deps.openDevice(constraints)).getTracks()[0];
    if (!track) return;
    if (this.room !== room) return track.stop();
    const { self } = useCallStore.getState();
    track.enabled = kind === 'audio' ? !self.audioMuted : !self.videoMuted;
    const old = kind === 'audio' ? room.localStream.getAudioTracks()[0] : room.cameraTrack;
    if (old) {
      room.localStream.removeTrack(old);
      old.stop();
    }
    room.localStream.addTrack(track);
    if (kind === 'video') room.cameraTrack = track;
    this.watchDevice(room, track);
    const links = [...room.people.values()].flatMap((p) => [p.link, p.prepared?.link].filter((l): l is PeerLink => !!l));
    await Promise.allSettled(links.map((link) => link.setLocalTrack(kind, track)));
    // A camera added to a call that had none gets the mesh's send parameters now.
    if (kind === 'video') await this.applySendParameters();
  }

  /** A device that goes away mid-call (unplugged) ends its track: the system's default takes over, with a notice. */
  private watchDevice(room: Room, track: MediaStreamTrack): void {
    track.addEventListener('ended', () => {
      const current = track.kind === 'audio' ? room.localStream.getAudioTracks()[0] : room.cameraTrack;
      if (this.room !== room || current !== track) return;
      const kind = track.kind === 'audio' ? 'audio' : 'video';
      set({ deviceFallback: { kind, at: Date.now() } });
      void this.switchDevice(kind, null).catch((error: unknown) => console.warn('call: no default device', (error as Error).message));
    });
  }

  async startScreenShare(): Promise<void> {
    const room = this.room;
    if (!room || room.screenStream) return;
    const screen = await this.deps.getDisplayMedia();
    const track = screen.getVideoTracks()[0];
    if (!track) return;
    room.screenStream = screen;
    track.addEventListener('ended', () => void this.stopScreenShare());
    await Promise.allSettled([...room.people.values()].map((p) => p.link?.setScreenTrack(track)));
    set((s) => ({ self: { ...s.self, screenSharing: true } }));
    this.broadcastState();
  }

  async stopScreenShare(): Promise<void> {
    const room = this.room;
    if (!room?.screenStream) return;
    for (const track of room.screenStream.getTracks()) track.stop();
    room.screenStream = null;
    await Promise.allSettled([...room.people.values()].map((p) => p.link?.setScreenTrack(null)));
    set((s) => ({ self: { ...s.self, screenSharing: false } }));
    this.broadcastState();
  }

  async sendChat(text: string): Promise<void> {
    const room = this.room;
    const trimmed = text.trim();
    if (!room || trimmed.length === 0) return;
    const sentAt = Date.now();
    await Promise.allSettled([...room.people.values()].filter((p) => p.link).map((p) => this.send(p, { type: 'chat', text: trimmed, sentAt })));
    const state = useCallStore.getState();
    set({ chat: keepLast([...state.chat, { id: `self-${this.chatSeq++}`, fromPeerId: 'self', displayName: room.self.displayName, text: trimmed, sentAt }]) });
  }

  // ---- CallController: host actions -------------------------------------------------------

  private async hostStatement(kind: StatementKind, subject: Uint8Array): Promise<SignedStatement> {
    const room = this.room!;
    return signStatement((payload) => this.deps.api.sign('admission', payload), { kind, roomId: room.keys.roomId, issuedAt: Date.now(), subject });
  }

  private requireHost(): Room {
    const room = this.room;
    if (!room || !useCallStore.getState().isHost) throw new Error('Only the host can do this');
    return room;
  }

  async admit(id: string): Promise<void> {
    const room = this.requireHost();
    const person = room.people.get(id);
    if (!person) return;
    const signed = await this.hostStatement('admit', person.identityKey);
    person.admitted = true;
    room.admittedIds.add(person.id);
    const admitted = this.admittedOthers(person);
    await this.sendAdmission(person, signed);
    await Promise.allSettled(admitted.map((p) => this.send(p, { type: 'admission', body: encodeAdmission({ kind: 'admit', signed, roster: [] }) })));
    set((s) => ({ lobby: s.lobby.filter((entry) => entry.peerId !== id) }));
    // Usually they greeted us and will offer; if we greeted them (after a relay restart), we do.
    this.connect(person);
  }

  /** Our own admission, signed by the host, to someone who has to know we are in (the host needs none). */
  private async sendProof(person: Person): Promise<void> {
    if (this.ownAdmission) await this.send(person, { type: 'admission', body: encodeAdmission({ kind: 'proof', signed: this.ownAdmission }) });
  }

  private admittedOthers(person: Person): Person[] {
    return [...this.room!.people.values()].filter((p) => p.admitted && p !== person);
  }

  /**
   * The host's decision to a newcomer. A host other than the invite's sends the hand-overs that
   * made it host first: the newcomer recognises only the invite's host by itself.
   */
  private async sendAsHost(person: Person, decision: AdmissionMessage): Promise<boolean> {
    const succession = this.room!.succession;
    if (succession.length > 0) await this.send(person, { type: 'admission', body: encodeAdmission({ kind: 'succession', links: succession }) });
    return this.send(person, { type: 'admission', body: encodeAdmission(decision) });
  }

  /** The admission with the roster of everyone admitted; kept for a second try if it could not be sent. */
  private async sendAdmission(person: Person, signed: SignedStatement): Promise<void> {
    const roster = this.admittedOthers(person).map((p) => p.identityKey);
    const delivered = await this.sendAsHost(person, { kind: 'admit', signed, roster });
    person.undeliveredAdmission = delivered ? null : signed;
  }

  async deny(id: string): Promise<void> {
    const room = this.requireHost();
    const person = room.people.get(id);
    if (!person) return;
    await this.sendAsHost(person, { kind: 'deny', reason: 'denied' });
    this.removePerson(person);
  }

  async remove(id: string): Promise<void> {
    const room = this.requireHost();
    const person = room.people.get(id);
    if (!person) return;
    const signed = await this.hostStatement('remove', person.identityKey);
    const statement = encodeHostStatement(signed);
    await Promise.allSettled([...room.people.values()].map((p) => this.send(p, { type: 'access-control', body: statement }, { relayOnly: p === person })));
    this.forbid(id, signed.statement.issuedAt);
    // Everyone's keys change, so nothing the removed person may have kept opens later frames.
    await Promise.allSettled([...room.people.keys()].map((peer) => room.mediaKeys.rotate(peer)));
  }

  async lockRoom(locked: boolean): Promise<void> {
    const room = this.requireHost();
    const statement = encodeHostStatement(await this.hostStatement(locked ? 'lock' : 'unlock', room.self.identityKey));
    set({ locked });
    await Promise.allSettled([...room.people.values()].filter((p) => p.admitted).map((p) => this.send(p, { type: 'access-control', body: statement })));
  }

  async setLobbyEnabled(enabled: boolean): Promise<void> {
    const room = this.requireHost();
    if (!enabled && useCallStore.getState().lobbyRequiredByPolicy) return;
    room.lobbyEnabled = enabled;
    set({ lobbyEnabled: enabled });
    // Whoever is waiting when the host opens the door comes in, except someone removed earlier.
    const waiting = useCallStore.getState().lobby.filter((entry) => !room.removedAt.has(entry.peerId));
    if (!enabled) await Promise.allSettled(waiting.map((entry) => this.admit(entry.peerId)));
  }

  async handOverHost(id: string): Promise<void> {
    const room = this.requireHost();
    const person = room.people.get(id);
    if (!person?.admitted) return;
    await this.sendHandOver(room, person);
  }

  /** Signs the hand-over to `successor`, tells everyone admitted, and is host no more. */
  private async sendHandOver(room: Room, successor: Person, options: { relayOnly?: boolean } = {}): Promise<void> {
    const signed = await this.hostStatement('hand-over', successor.identityKey);
    room.succession = [...room.succession, { signer: room.self.identityKey, signed }];
    const statement = encodeHostStatement(signed);
    await Promise.allSettled([...room.people.values()].filter((p) => p.admitted).map((p) => this.send(p, { type: 'access-control', body: statement }, options)));
    room.hostIdentityKey = successor.identityKey;
    set({ isHost: false });
    for (const p of room.people.values()) this.publishPerson(p);
  }

  async markVerified(id: string, verified: boolean, method: VerificationMethod = 'safety-number'): Promise<void> {
    const person = this.room?.people.get(id);
    if (!person) return;
    this.showTrust(person, await this.deps.api.setIdentityVerified(person.identityKey, verified, method));
  }

  scannableCode(id: string): Uint8Array | null {
    const room = this.room;
    const person = room?.people.get(id);
    if (!room || !person) return null;
    // Two times 5,200 SHA-512 (~30 ms): only when the person opens the QR, not on the way to a frame.
    return scannableFingerprint(parleyFingerprintIdentity(room.self.identityKey), parleyFingerprintIdentity(person.identityKey));
  }

  meetingCode(): MeetingCodeView | null {
    const room = this.room;
    if (!room) return null;
    // Everyone admitted whom we are in the call with (their tile is shown), and ourselves.
    const people = [...room.people.values()].filter((p) => p.admitted && p.link);
    return {
      groups: meetingCode(room.keys.roomId, [room.self.identityKey, ...people.map((p) => p.identityKey)]),
      people: [
        { peerId: 'self', displayName: room.self.displayName, keyCode: keyCode(room.self.identityKey) },
        ...people.map((p) => ({ peerId: p.id, displayName: p.displayName, keyCode: keyCode(p.identityKey) })),
      ],
    };
  }

  async markVerifiedByMeetingCode(peerIds: string[]): Promise<void> {
    await Promise.all(peerIds.filter((id) => id !== 'self').map((id) => this.markVerified(id, true, 'meeting-code')));
  }

  async checkScannedCode(id: string, scanned: Uint8Array): Promise<ScanVerdict> {
    const ours = this.scannableCode(id);
    if (!ours) return 'mismatch';
    let match: boolean;
    try {
      match = compareScannableFingerprint(ours, scanned);
    } catch {
      return 'not-a-safety-code';
    }
    if (!match) return 'mismatch';
    await this.markVerified(id, true, 'qr-code');
    return 'match';
  }
}

/** The first name someone was shown under in this call, while they use another now. */
function joinedAs(shown: Participant | undefined, name: string): string | null {
  const first = shown ? (shown.joinedAs ?? shown.displayName) : null;
  return first !== null && first !== name ? first : null;
}

/** The trust record's answer as the tile shows it; nothing known yet is "not verified". */
/** setTimeout's longest delay (about 24.8 days); a statement expiring later is checked again on the next greeting or policy change. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Only a statement that holds for the key is shown: verified, or (signed for another name) a warning. */
function organisationBadgeOf(verdict: OrganisationVerdict | null): OrganisationBadge | null {
  if (verdict?.status !== 'verified' && verdict?.status !== 'wrong-name') return null;
  return { status: verdict.status, organisation: verdict.organisation, signedName: verdict.name };
}

function verificationOf(view: TrustView | null): VerificationState {
  if (view?.identity.verified) return 'verified';
  return view?.warning?.kind === 'key-changed' ? 'changed' : 'unverified';
}
