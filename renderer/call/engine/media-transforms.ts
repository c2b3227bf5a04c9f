// The main-thread side of media encryption: one Worker for all connections, an
// RTCRtpScriptTransform per sender and receiver (or, where a Chromium lacks it, the older
// createEncodedStreams, whose streams are transferred to the Worker), and the keys handed to it.
import type { MediaKind } from './frame-layout';
import type { PeerMediaCounters } from './media-crypto';
import type { FromMediaWorker, ToMediaWorker, TransformOptions } from './media-worker-protocol';
import type { TransformAttacher } from './peer-link';

/**
 * How encoded frames reach the Worker: 'script-transform' (RTCRtpScriptTransform, the standard,
 * in Electron 45's Chromium) or 'encoded-streams' (createEncodedStreams, Chromium's earlier API,
 * which needs `encodedInsertableStreams` on the connection).
 */
export type TransformApi = 'script-transform' | 'encoded-streams';

interface EncodedStreams {
  readable: ReadableStream;
  writable: WritableStream;
}
interface WithEncodedStreams {
  createEncodedStreams(): EncodedStreams;
}

export function availableTransformApi(): TransformApi | null {
  if (typeof RTCRtpScriptTransform === 'function') return 'script-transform';
  if (typeof RTCRtpSender !== 'undefined' && 'createEncodedStreams' in RTCRtpSender.prototype) return 'encoded-streams';
  return null;
}

export class MediaTransforms implements TransformAttacher {
  private readonly worker = new Worker(new URL('./media.worker.ts', import.meta.url), { type: 'module', name: 'parley-media' });
  readonly connectionConfig: RTCConfiguration;

  constructor(
    onCounters: (counters: Record<string, PeerMediaCounters>) => void,
    private readonly api: TransformApi | null = availableTransformApi(),
  ) {
    if (!api) {
      this.worker.terminate();
      throw new Error('This browser cannot encrypt media frames (neither RTCRtpScriptTransform nor createEncodedStreams)');
    }
    // Not in TypeScript's DOM types: Chromium's switch for createEncodedStreams.
    this.connectionConfig = api === 'encoded-streams' ? ({ encodedInsertableStreams: true } as RTCConfiguration) : {};
    this.worker.onmessage = ({ data }: MessageEvent<FromMediaWorker>) => {
      if (data.type === 'counters') onCounters(data.counters);
    };
  }

  private attach(endpoint: RTCRtpSender | RTCRtpReceiver, options: TransformOptions): void {
    if (this.api === 'script-transform') {
      endpoint.transform = new RTCRtpScriptTransform(this.worker, options);
      return;
    }
    const { readable, writable } = (endpoint as unknown as WithEncodedStreams).createEncodedStreams();
    this.worker.postMessage({ type: 'encoded-streams', readable, writable, options } satisfies ToMediaWorker, [readable, writable]);
  }

  attachSender(peerId: string, kind: MediaKind, sender: RTCRtpSender): void {
    this.attach(sender, { peerId, kind, direction: 'send' });
  }

  attachReceiver(peerId: string, kind: MediaKind, receiver: RTCRtpReceiver): void {
    this.attach(receiver, { peerId, kind, direction: 'receive' });
  }

  private post(message: ToMediaWorker): void {
    this.worker.postMessage(message);
  }

  setSendKey(peerId: string, kid: bigint, key: Uint8Array): void {
    this.post({ type: 'set-send-key', peerId, kid, key });
  }

  addReceiveKey(peerId: string, kid: bigint, key: Uint8Array): void {
    this.post({ type: 'add-receive-key', peerId, kid, key });
  }

  removePeer(peerId: string): void {
    this.post({ type: 'remove-peer', peerId });
  }

  close(): void {
    this.worker.terminate();
  }
}
