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
/** An RTCRtpScriptTransformer, or the stream pair the createEncodedStreams fallback transfers. */
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
    case 'encoded-streams':
      void pump(data);
      break;
  }
};

scope.onrtctransform = ({ transformer }) => {
  void pump(transformer);
};

/**
 * Each frame read, protected or checked, and written on. A plain read/write loop rather than a
 * TransformStream between two pipes: a third less CPU on this thread (docs/PERFORMANCE.md), and
 * frames stay in order because each is written before the next is read.
 */
async function pump(transformer: ScriptTransformer): Promise<void> {
  const { peerId, kind, direction } = transformer.options;
  const process = direction === 'send' ? media.protect.bind(media) : media.unprotect.bind(media);
  const reader = transformer.readable.getReader();
  const writer = transformer.writable.getWriter();
  for (;;) {
    const { value: frame, done } = await reader.read();
    if (done) break;
    if (frame.data.byteLength > 0) {
      const isKeyFrame = kind === 'video' && frame.type === 'key';
      const bytes = new Uint8Array(frame.data);
      const out = await process(peerId, kind, isKeyFrame, bytes).catch(() => null);
      if (!out) continue;
      frame.data = out.buffer as ArrayBuffer;
    }
    // Not awaited: the sink takes frames at once; a write to a closed connection just fails.
    writer.write(frame).catch(() => undefined);
  }
  await writer.close().catch(() => undefined);
}

setInterval(() => scope.postMessage({ type: 'counters', counters: media.counters() }), COUNTERS_INTERVAL_MS);
