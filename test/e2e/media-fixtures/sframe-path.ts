// Test page: two real peer connections inside one page, wired with the call engine's own
// PeerLink and MediaTransforms (the SFrame Worker), to show that encryption is really on the
// media path: frames decode only when the receiver holds the sender's key.
import '../../../renderer/polyfills';
import { KeyRequests } from '../../../renderer/call/engine/key-requests';
import { MediaKeyScheduler } from '../../../renderer/call/engine/media-keys';
import { MediaTransforms } from '../../../renderer/call/engine/media-transforms';
import type { TransformApi } from '../../../renderer/call/engine/media-transforms';
import type { PeerMediaCounters } from '../../../renderer/call/engine/media-crypto';
import { PeerLink } from '../../../renderer/call/engine/peer-link';
import type { TransformAttacher } from '../../../renderer/call/engine/peer-link';

export type Scenario = 'right-key' | 'wrong-key' | 'no-receive-transform' | 'rotation' | 'key-request';

export interface ScenarioResult {
  framesDecodedAtStart: number;
  framesDecoded: number;
  /** PLI + FIR the receiver sent: a decoder that cannot use what it gets keeps asking. */
  keyFrameRequests: number;
  decryptFailures: number;
  decryptFailuresDuringRotation: number;
  /** 'key-request': media-key-requests the receiver sent before it decoded again. */
  keyRequestsSent: number;
}

const NO_TRANSFORMS: TransformAttacher = { attachSender: () => {}, attachReceiver: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomKey = () => crypto.getRandomValues(new Uint8Array(32));

async function inboundVideo(pc: RTCPeerConnection): Promise<{ framesDecoded: number; keyFrameRequests: number }> {
  let framesDecoded = 0;
  let keyFrameRequests = 0;
  (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number; pliCount?: number; firCount?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      framesDecoded += s.framesDecoded ?? 0;
      keyFrameRequests += (s.pliCount ?? 0) + (s.firCount ?? 0);
    }
  });
  return { framesDecoded, keyFrameRequests };
}

async function run(scenario: Scenario, api: TransformApi = 'script-transform'): Promise<ScenarioResult> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 15 }, audio: true });
  let counters: Record<string, PeerMediaCounters> = {};
  const senderTransforms = new MediaTransforms(() => {}, api);
  const receiverTransforms = scenario === 'no-receive-transform' ? NO_TRANSFORMS : new MediaTransforms((c) => (counters = c), api);
  let sender: PeerLink | null = null;
  let receiver: PeerLink | null = null;
  const common = { localStream: stream, iceServers: [], iceTransportPolicy: 'all' as const, onRemoteStream: () => {}, onRemoteScreen: () => {}, onData: () => {}, onConnected: () => {}, onClosed: () => {} };
  sender = new PeerLink({ ...common, peerId: 'receiver', initiator: true, transforms: senderTransforms, onSignal: (s) => receiver?.signal(s) });
  receiver = new PeerLink({ ...common, peerId: 'sender', initiator: false, transforms: receiverTransforms, onSignal: (s) => sender?.signal(s) });

  const key = randomKey();
  senderTransforms.setSendKey('receiver', 1n, key);
  if (receiverTransforms instanceof MediaTransforms) receiverTransforms.addReceiveKey('sender', 1n, scenario === 'wrong-key' ? randomKey() : key);

  await sleep(4000);
  const framesDecodedAtStart = (await inboundVideo(receiver.connection)).framesDecoded;
  let decryptFailuresDuringRotation = 0;
  let keyRequestsSent = 0;
  if (scenario === 'key-request' && receiverTransforms instanceof MediaTransforms) {
    // The receiver lost the sender's key. The engine's path: its stats tick notices the failures
    // and asks (key-requests.ts); the sender rotates (media-keys.ts), delivering the key first.
    const requests = new KeyRequests();
    const senderKeys = new MediaKeyScheduler({
      randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
      sendKeyToPeer: async (_peer, kid, next) => receiverTransforms.addReceiveKey('sender', kid, next),
      useSendKey: (_peer, kid, next) => senderTransforms.setSendKey('receiver', kid, next),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    });
    await senderKeys.start('receiver');
    receiverTransforms.removePeer('sender');
    receiverTransforms.addReceiveKey('sender', 999n, randomKey());
    for (let second = 0; second < 8; second++) {
      await sleep(1000);
      const counts = counters.sender;
      if (counts && requests.shouldRequest('sender', counts, performance.now()) && requests.shouldHonour('receiver', performance.now())) {
        keyRequestsSent++;
        await senderKeys.rotate('receiver');
      }
    }
    senderKeys.stopAll();
  } else if (scenario === 'rotation' && receiverTransforms instanceof MediaTransforms) {
    // The engine's order (media-keys.ts): the peer gets the new key, the sender switches later.
    const before = counters.sender?.decryptFailures ?? 0;
    const next = randomKey();
    receiverTransforms.addReceiveKey('sender', 2n, next);
    await sleep(500);
    senderTransforms.setSendKey('receiver', 2n, next);
    await sleep(3000);
    decryptFailuresDuringRotation = (counters.sender?.decryptFailures ?? 0) - before;
  } else {
    await sleep(1500);
  }
  const inbound = await inboundVideo(receiver.connection);
  const result = {
    framesDecodedAtStart,
    framesDecoded: inbound.framesDecoded,
    keyFrameRequests: inbound.keyFrameRequests,
    decryptFailures: counters.sender?.decryptFailures ?? 0,
    decryptFailuresDuringRotation,
    keyRequestsSent,
  };
  sender.close();
  receiver.close();
  senderTransforms.close();
  if (receiverTransforms instanceof MediaTransforms) receiverTransforms.close();
  for (const track of stream.getTracks()) track.stop();
  return result;
}

(window as unknown as { runScenario: typeof run }).runScenario = run;
