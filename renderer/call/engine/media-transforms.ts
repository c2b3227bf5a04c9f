// The main-thread side of media encryption: one Worker for all connections, an
// RTCRtpScriptTransform per sender and receiver, and the keys handed to the Worker.
import type { MediaKind } from './frame-layout';
import type { PeerMediaCounters } from './media-crypto';
import type { FromMediaWorker, ToMediaWorker, TransformOptions } from './media-worker-protocol';
import type { TransformAttacher } from './peer-link';

export class MediaTransforms implements TransformAttacher {
  private readonly worker = new Worker(new URL('./media.worker.ts', import.meta.url), { type: 'module', name: 'parley-media' });

  constructor(onCounters: (counters: Record<string, PeerMediaCounters>) => void) {
    if (typeof RTCRtpScriptTransform !== 'function') {
      throw new Error('This browser cannot encrypt media frames (no RTCRtpScriptTransform)');
    }
    this.worker.onmessage = ({ data }: MessageEvent<FromMediaWorker>) => {
      if (data.type === 'counters') onCounters(data.counters);
    };
  }

  private transform(options: TransformOptions): RTCRtpScriptTransform {
    return new RTCRtpScriptTransform(this.worker, options);
  }

  attachSender(peerId: string, kind: MediaKind, sender: RTCRtpSender): void {
    sender.transform = this.transform({ peerId, kind, direction: 'send' });
  }

  attachReceiver(peerId: string, kind: MediaKind, receiver: RTCRtpReceiver): void {
    receiver.transform = this.transform({ peerId, kind, direction: 'receive' });
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
