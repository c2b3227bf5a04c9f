// One end-to-end encrypted WebRTC connection to one remote participant (simple-peer). Its
// signaling leaves only through onSignal (the engine sends it inside the pairwise ratchet);
// every sent and received frame passes through the SFrame transforms, which are attached
// right after the tracks are added and before negotiation (TESTING.md: a receive transform set
// later, in ontrack, is silently ignored by Chromium).
import SimplePeer from 'simple-peer';
import type { SignalData } from 'simple-peer';
import type { MediaKind } from './frame-layout';

/** Attaches the SFrame transforms to one connection's senders and receivers. */
export interface TransformAttacher {
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
  transforms: TransformAttacher;
  onSignal(signal: LinkSignal): void;
  onRemoteStream(stream: MediaStream): void;
  onData(bytes: Uint8Array): void;
  onConnected(): void;
  onClosed(reason: string): void;
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

export class PeerLink {
  readonly peerId: string;
  private readonly peer: SimplePeer;
  private closed = false;

  constructor(private readonly options: PeerLinkOptions) {
    this.peerId = options.peerId;
    this.peer = new SimplePeer({
      initiator: options.initiator,
      streams: [options.localStream],
      config: { iceServers: options.iceServers, bundlePolicy: 'max-bundle' },
      trickle: true,
    });
    // simple-peer batches its first negotiation in a microtask, so the transceivers its
    // constructor created can still be configured here, before any offer exists.
    for (const transceiver of this.peer._pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind as MediaKind;
      if (kind === 'video') preferVp8(transceiver);
      options.transforms.attachSender(this.peerId, kind, transceiver.sender);
      options.transforms.attachReceiver(this.peerId, kind, transceiver.receiver);
    }
    this.peer.on('signal', (data) => {
      const signal = toLinkSignal(data);
      if (signal) options.onSignal(signal);
    });
    this.peer.on('stream', (stream) => options.onRemoteStream(stream));
    this.peer.on('data', (data) => options.onData(new Uint8Array(data)));
    this.peer.on('connect', () => options.onConnected());
    this.peer.on('close', () => this.finish('closed'));
    this.peer.on('error', (error) => this.finish(error.code ?? 'error'));
  }

  get connection(): RTCPeerConnection {
    return this.peer._pc;
  }

  get connected(): boolean {
    return this.peer.connected && !this.closed;
  }

  signal(signal: LinkSignal): void {
    if (!this.closed) this.peer.signal(fromLinkSignal(signal));
  }

  send(bytes: Uint8Array): void {
    if (this.connected) this.peer.send(bytes);
  }

  /** Swaps the outgoing video (camera <-> screen) without renegotiation; the transform stays attached. */
  async replaceVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    const video = this.peer._pc.getTransceivers().find((t) => t.receiver.track.kind === 'video');
    await video?.sender.replaceTrack(track);
  }

  /** Caps every outgoing video encoding and applies the resolution step (bitrate-policy.ts). */
  async setVideoSendParameters(maxBitrateKbps: number, scaleResolutionDownBy: number, active: boolean): Promise<void> {
    for (const sender of this.peer._pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      const parameters = sender.getParameters();
      for (const encoding of parameters.encodings ?? []) {
        encoding.maxBitrate = maxBitrateKbps * 1000;
        encoding.scaleResolutionDownBy = scaleResolutionDownBy;
        encoding.active = active;
      }
      await sender.setParameters(parameters).catch(() => {
        // Parameters can be refused while a negotiation is in flight; the next stats tick retries.
      });
    }
  }

  close(): void {
    this.finish('local');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.peer.destroy();
    this.options.onClosed(reason);
  }
}
