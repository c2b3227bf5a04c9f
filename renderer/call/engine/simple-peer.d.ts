// The part of simple-peer 9.11 (upstream unmaintained, untyped for the browser) that the engine
// uses. @types/simple-peer is not used: it pulls Node's types into the renderer.
declare module 'simple-peer' {
  export type SignalData =
    | { type: 'offer' | 'answer'; sdp: string }
    | { type: 'candidate'; candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } }
    | { type: 'renegotiate'; renegotiate: true }
    | { type: 'transceiverRequest'; transceiverRequest: { kind: string; init?: RTCRtpTransceiverInit } };

  export interface Options {
    initiator?: boolean;
    streams?: MediaStream[];
    config?: RTCConfiguration;
    trickle?: boolean;
    channelName?: string;
    allowHalfTrickle?: boolean;
  }

  export default class SimplePeer {
    constructor(options?: Options);
    readonly connected: boolean;
    readonly destroyed: boolean;
    /** The underlying connection (private in simple-peer, stable across 9.x). */
    readonly _pc: RTCPeerConnection;
    signal(data: SignalData): void;
    send(data: Uint8Array | string): void;
    replaceTrack(oldTrack: MediaStreamTrack, newTrack: MediaStreamTrack, stream: MediaStream): void;
    negotiate(): void;
    destroy(error?: Error): void;
    on(event: 'signal', listener: (data: SignalData) => void): this;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'data', listener: (data: Uint8Array) => void): this;
    on(event: 'stream', listener: (stream: MediaStream) => void): this;
    on(event: 'track', listener: (track: MediaStreamTrack, stream: MediaStream) => void): this;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
    on(event: 'iceStateChange', listener: (iceConnectionState: RTCIceConnectionState, iceGatheringState: RTCIceGatheringState) => void): this;
  }
}
