// Messages between the call engine and the media Worker (structured clone; bigint survives it).
import type { MediaKind } from './frame-layout';
import type { PeerMediaCounters } from './media-crypto';

export type ToMediaWorker =
  | { type: 'set-send-key'; peerId: string; kid: bigint; key: Uint8Array }
  | { type: 'add-receive-key'; peerId: string; kid: bigint; key: Uint8Array }
  | { type: 'remove-peer'; peerId: string }
  /** The createEncodedStreams fallback: one sender's or receiver's frame streams, transferred. */
  | { type: 'encoded-streams'; readable: ReadableStream; writable: WritableStream; options: TransformOptions };

export type FromMediaWorker = { type: 'counters'; counters: Record<string, PeerMediaCounters> };

/** The options object of every RTCRtpScriptTransform the engine creates (and of each stream pair of the fallback). */
export interface TransformOptions {
  peerId: string;
  kind: MediaKind;
  direction: 'send' | 'receive';
}

export const COUNTERS_INTERVAL_MS = 1000;
