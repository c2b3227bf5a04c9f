// One end-to-end encrypted WebRTC connection to one remote participant (simple-peer). Its
// signaling leaves only through onSignal (the engine sends it inside the pairwise ratchet);
// every sent and received frame passes through the SFrame transforms, which are attached
// right after the tracks are added and before negotiation (TESTING.md: a receive transform set
// later, in ontrack, is silently ignored by Chromium). For the same reason the screen-share
// video exists from the start: every connection has three media slots — audio, camera, screen —
// and sharing a screen fills the screen slot with replaceTrack, without renegotiating.
import SimplePeer from 'simple-peer';
import type { SignalData } from 'simple-peer';
import type { MediaKind } from './frame-layout';

/** Attaches the SFrame transforms to one connection's senders and receivers. */
export interface TransformAttacher {
  /** What the RTCPeerConnection must be created with for these transforms (e.g. a legacy switch). */
  readonly connectionConfig?: RTCConfiguration;
  attachSender(peerId: string, kind: MediaKind, sender: RTCRtpSender): void;
  attachReceiver(peerId: string, kind: MediaKind, receiver: RTCRtpReceiver): void;
}

/** What the engine sends to the peer through the ratchet: simple-peer's signals, narrowed. */
export type LinkSignal =
  | { type: 'offer'; sdp: string }
  | { type: 'answer'; sdp: string }
  | { type: 'ice-candidate'; candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } };

export interface PeerLinkOptions {
  peerId: string;
  initiator: boolean;
  localStream: MediaStream;
  iceServers: RTCIceServer[];
  /** 'relay': only TURN candidates, so the peer never learns this device's addresses. */
  iceTransportPolicy: RTCIceTransportPolicy;
  transforms: TransformAttacher;
  onSignal(signal: LinkSignal): void;
  /** The peer's microphone and camera. */
  onRemoteStream(stream: MediaStream): void;
  /** The peer's screen slot (its track is silent until the peer shares; peer-state says when). */
  onRemoteScreen(stream: MediaStream): void;
  onData(bytes: Uint8Array): void;
  onConnected(): void;
  /** Why the link ended: 'local' (closed by us), 'closed' (by the peer), or simple-peer's error code. */
  onClosed(reason: string): void;
}

/** How long ICE may stay "disconnected" before the initiator restarts it (RFC 8445 §2.4). */
export const ICE_RESTART_AFTER_MS = 2000;
/** Further restarts while no path works back off up to this. */
const ICE_RESTART_MAX_MS = 30_000;

/** The media slots every connection has, in order (audio, camera, screen): see the top of this file. */
export const MEDIA_SLOTS = ['audio', 'video', 'video'] as const;

/**
 * Whether an offer's m-lines are exactly our slots (plus at most the data channel's). The
 * answering side creates its transforms for its own three slots before negotiation; an offer with
 * another m-line would get a transceiver with no SFrame transform on it (issue 16), so such an
 * offer is refused rather than answered.
 */
export function hasOurMediaSlots(sdp: string): boolean {
  const kinds = [...sdp.matchAll(/^m=(\S+) /gm)].map((match) => match[1]!);
  const media = kinds.filter((kind) => kind !== 'application');
  return media.length === MEDIA_SLOTS.length && media.every((kind, i) => kind === MEDIA_SLOTS[i]) && kinds.length - media.length <= 1;
}

/** The DTLS certificate fingerprint in an SDP: a new RTCPeerConnection has a new one. */
export function sdpFingerprint(sdp: string): string | null {
  return /^a=fingerprint:(.+)$/m.exec(sdp)?.[1]?.trim() ?? null;
}

function toLinkSignal(data: SignalData): LinkSignal | null {
  if (data.type === 'offer' || data.type === 'answer') return { type: data.type, sdp: data.sdp };
  if (data.type === 'candidate') {
    const c = data.candidate;
    return { type: 'ice-candidate', candidate: { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null } };
  }
  // Renegotiation requests come only from a non-initiator adding tracks; the engine never does
  // (screen share replaces the camera track), so there is nothing to carry.
  return null;
}

function fromLinkSignal(signal: LinkSignal): SignalData {
  if (signal.type === 'ice-candidate') return { type: 'candidate', candidate: signal.candidate };
  return { type: signal.type, sdp: signal.sdp };
}

/** Only VP8 (the codec whose clear header bytes the transform knows) plus its repair codecs. */
function preferVp8(transceiver: RTCRtpTransceiver): void {
  const capabilities = RTCRtpReceiver.getCapabilities('video');
  if (!capabilities || typeof transceiver.setCodecPreferences !== 'function') return;
  const allowed = capabilities.codecs.filter((c) => /^video\/(VP8|rtx|red|ulpfec)$/i.test(c.mimeType));
  transceiver.setCodecPreferences(allowed);
}

/**
 * A video slot with nothing in it yet: added with addTrack (so that on the answering side it is
 * matched to the offer's next video m-line, JSEP §5.10) and then emptied before negotiation.
 */
function addEmptyVideoSlot(pc: RTCPeerConnection, stream: MediaStream): RTCRtpTransceiver {
  const canvas = document.createElement('canvas');
  const placeholder = canvas.captureStream(0).getVideoTracks()[0]!;
  const sender = pc.addTrack(placeholder, stream);
  void sender.replaceTrack(null).finally(() => placeholder.stop());
  return pc.getTransceivers().find((t) => t.sender === sender)!;
}

/** What the bitrate policy sets on the camera's encoding (bitrate-policy.ts). */
export interface CameraSendParameters {
  maxBitrateKbps: number;
  scaleResolutionDownBy: number;
  /** Undefined: the capture's frame rate. */
  maxFramerate: number | undefined;
  active: boolean;
}

async function applyEncoding(sender: RTCRtpSender, settings: Partial<RTCRtpEncodingParameters>): Promise<void> {
  if (!sender.track) return;
  const parameters = sender.getParameters();
  for (const encoding of parameters.encodings ?? []) Object.assign(encoding, settings);
  await sender.setParameters(parameters).catch(() => {
    // Parameters can be refused before the encodings are negotiated; the engine sets them again
    // when the connection connects and on every change of mesh size, quality step or camera.
  });
}

export class PeerLink {
  readonly peerId: string;
  readonly initiator: boolean;
  private readonly peer: SimplePeer;
  private readonly camera: RTCRtpTransceiver;
  private readonly screen: RTCRtpTransceiver;
  private closed = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: PeerLinkOptions) {
    this.peerId = options.peerId;
    this.initiator = options.initiator;
    this.peer = new SimplePeer({
      initiator: options.initiator,
      streams: [options.localStream],
      config: { ...options.transforms.connectionConfig, iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy, bundlePolicy: 'max-bundle' },
      trickle: true,
    });
    // simple-peer batches its first negotiation in a microtask, so the transceivers its
    // constructor created can still be configured here, before any offer exists. Both sides add
    // the same slots in the same order (audio, camera, screen), so their m-lines pair up.
    const pc = this.peer._pc;
    const ownVideo = options.localStream.getVideoTracks()[0];
    this.camera = ownVideo ? pc.getTransceivers().find((t) => t.sender.track === ownVideo)! : addEmptyVideoSlot(pc, options.localStream);
    this.screen = addEmptyVideoSlot(pc, new MediaStream());
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind as MediaKind;
      if (kind === 'video') preferVp8(transceiver);
      options.transforms.attachSender(this.peerId, kind, transceiver.sender);
      options.transforms.attachReceiver(this.peerId, kind, transceiver.receiver);
    }
    this.peer.on('signal', (data) => {
      const signal = toLinkSignal(data);
      if (signal) options.onSignal(signal);
    });
    this.peer.on('stream', (stream) => {
      if (stream.getTracks().includes(this.screen.receiver.track)) options.onRemoteScreen(stream);
      else options.onRemoteStream(stream);
    });
    this.peer.on('data', (data) => options.onData(new Uint8Array(data)));
    this.peer.on('connect', () => options.onConnected());
    this.peer.on('close', () => this.finish('closed'));
    this.peer.on('error', (error) => this.finish(error.code ?? 'error'));
    this.peer.on('iceStateChange', (state) => this.onIceState(state));
  }

  /**
   * A path that stopped answering (network change, TURN server restarted): the initiator restarts
   * ICE with a new offer through the ratchet, so media resumes over whatever path works now. The
   * other side answers that offer like any other. If ICE fails first, simple-peer ends the link
   * and the engine builds a new one.
   */
  private onIceState(state: RTCIceConnectionState): void {
    if (state === 'connected' || state === 'completed' || state === 'closed') {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
    } else if (state === 'disconnected' && this.initiator && this.restartTimer === undefined) {
      this.scheduleIceRestart(ICE_RESTART_AFTER_MS);
    }
  }

  /** Restarts ICE, and again with a longer pause while no path comes up (the TURN server may still be down). */
  private scheduleIceRestart(delayMs: number): void {
    this.restartTimer = setTimeout(() => {
      const state = this.peer._pc.iceConnectionState;
      if (this.closed || (state !== 'disconnected' && state !== 'checking')) {
        this.restartTimer = undefined;
        return;
      }
      this.peer._pc.restartIce();
      this.peer.negotiate();
      this.scheduleIceRestart(Math.min(delayMs * 2, ICE_RESTART_MAX_MS));
    }, delayMs);
  }

  /** Whether an offer comes from another RTCPeerConnection than the one this link talks to. */
  isFromAnotherConnection(offerSdp: string): boolean {
    const current = this.peer._pc.remoteDescription?.sdp;
    if (!current) return false;
    return sdpFingerprint(current) !== sdpFingerprint(offerSdp);
  }

  get connection(): RTCPeerConnection {
    return this.peer._pc;
  }

  get connected(): boolean {
    return this.peer.connected && !this.closed;
  }

  /** Connected and ICE has a working path now, so the data channel delivers what is sent on it. */
  get pathUp(): boolean {
    const state = this.peer._pc.iceConnectionState;
    return this.connected && (state === 'connected' || state === 'completed');
  }

  signal(signal: LinkSignal): void {
    if (!this.closed) this.peer.signal(fromLinkSignal(signal));
  }

  send(bytes: Uint8Array): void {
    if (this.connected) this.peer.send(bytes);
  }

  /**
   * Another microphone or camera, live: the new track goes into the same slot (replaceTrack: no
   * renegotiation; the slot's SFrame transform stays attached to the sender).
   */
  async setLocalTrack(kind: MediaKind, track: MediaStreamTrack): Promise<void> {
    const slot = kind === 'video' ? this.camera : this.peer._pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
    await slot?.sender.replaceTrack(track);
  }

  /** Fills (a track) or empties (null) the screen slot; the slot's transform stays attached. */
  async setScreenTrack(track: MediaStreamTrack | null): Promise<void> {
    await this.screen.sender.replaceTrack(track);
  }

  /**
   * Caps the camera and applies the resolution step (bitrate-policy.ts). A shared screen gets the
   * same cap but keeps its resolution: text that is scaled down cannot be read.
   */
  async setVideoSendParameters(camera: CameraSendParameters): Promise<void> {
    const maxBitrate = camera.maxBitrateKbps * 1000;
    const frameRate = camera.maxFramerate === undefined ? {} : { maxFramerate: camera.maxFramerate };
    await Promise.all([
      applyEncoding(this.camera.sender, { maxBitrate, scaleResolutionDownBy: camera.scaleResolutionDownBy, active: camera.active, ...frameRate }),
      applyEncoding(this.screen.sender, { maxBitrate, scaleResolutionDownBy: 1, active: true }),
    ]);
  }

  close(): void {
    this.finish('local');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.restartTimer);
    this.peer.destroy();
    this.options.onClosed(reason);
  }
}
