// The media Worker: every encoded audio/video frame of every peer connection passes through
// here (RTCRtpScriptTransform), is SFrame-protected on the way out and checked on the way in.
import { MediaCrypto } from './media-crypto';
import { COUNTERS_INTERVAL_MS } from './media-worker-protocol';
import type { FromMediaWorker, ToMediaWorker, TransformOptions } from './media-worker-protocol';

// The Worker-only parts of the encoded-transform API (the renderer compiles with the DOM lib).
interface EncodedFrame {
  data: ArrayBuffer;
  readonly type?: 'key' | 'delta' | 'empty';
}
interface ScriptTransformer {
  readonly readable: ReadableStream<EncodedFrame>;
  readonly writable: WritableStream<EncodedFrame>;
  readonly options: TransformOptions;
}
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToMediaWorker>) => void) | null;
  onrtctransform: ((event: { transformer: ScriptTransformer }) => void) | null;
  postMessage(message: FromMediaWorker): void;
}

const scope = globalThis as unknown as WorkerScope;
const media = new MediaCrypto();

scope.onmessage = ({ data }) => {
  switch (data.type) {
    case 'set-send-key':
      void media.setSendKey(data.peerId, data.kid, data.key);
      break;
    case 'add-receive-key':
      void media.addReceiveKey(data.peerId, data.kid, data.key);
      break;
    case 'remove-peer':
      media.removePeer(data.peerId);
      break;
  }
};

scope.onrtctransform = ({ transformer }) => {
  const { peerId, kind, direction } = transformer.options;
  const transform = new TransformStream<EncodedFrame, EncodedFrame>({
    async transform(frame, controller) {
      if (frame.data.byteLength === 0) {
        controller.enqueue(frame);
        return;
      }
      const isKeyFrame = kind === 'video' && frame.type === 'key';
      const bytes = new Uint8Array(frame.data);
      const out =
        direction === 'send'
          ? await media.protect(peerId, kind, isKeyFrame, bytes)
          : await media.unprotect(peerId, kind, isKeyFrame, bytes);
      if (!out) return;
      frame.data = out.buffer as ArrayBuffer;
      controller.enqueue(frame);
    },
  });
  void transformer.readable.pipeThrough(transform).pipeTo(transformer.writable);
};

setInterval(() => scope.postMessage({ type: 'counters', counters: media.counters() }), COUNTERS_INTERVAL_MS);
