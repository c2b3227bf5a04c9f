// Benchmark page: a full mesh of N local participants in one page, built from the call engine's
// own PeerLink and MediaTransforms (one media Worker per participant, as in N apps). The same
// mesh runs with SFrame transforms and without, so the difference is the cost of media E2EE.
import '../../renderer/polyfills';
import { MediaTransforms } from '../../renderer/call/engine/media-transforms';
import { PeerLink } from '../../renderer/call/engine/peer-link';
import type { TransformAttacher } from '../../renderer/call/engine/peer-link';

const NO_TRANSFORMS: TransformAttacher = { attachSender: () => {}, attachReceiver: () => {} };
let running: { links: PeerLink[]; streams: MediaStream[]; transforms: MediaTransforms[] } | null = null;

async function start(participants: number, encrypted: boolean): Promise<void> {
  const streams = await Promise.all(
    Array.from({ length: participants }, () => navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 15 }, audio: true })),
  );
  const transforms = encrypted ? streams.map(() => new MediaTransforms(() => {})) : [];
  const links: PeerLink[] = [];
  const common = { iceServers: [], iceTransportPolicy: 'all' as const, onRemoteStream: () => {}, onRemoteScreen: () => {}, onData: () => {}, onConnected: () => {}, onClosed: () => {} };
  for (let i = 0; i < participants; i++) {
    for (let j = i + 1; j < participants; j++) {
      let a: PeerLink | null = null;
      let b: PeerLink | null = null;
      a = new PeerLink({ ...common, peerId: `p${j}`, initiator: true, localStream: streams[i]!, transforms: transforms[i] ?? NO_TRANSFORMS, onSignal: (s) => b?.signal(s) });
      b = new PeerLink({ ...common, peerId: `p${i}`, initiator: false, localStream: streams[j]!, transforms: transforms[j] ?? NO_TRANSFORMS, onSignal: (s) => a?.signal(s) });
      if (encrypted) {
        const ij = crypto.getRandomValues(new Uint8Array(32));
        const ji = crypto.getRandomValues(new Uint8Array(32));
        transforms[i]!.setSendKey(`p${j}`, 1n, ij);
        transforms[j]!.addReceiveKey(`p${i}`, 1n, ij);
        transforms[j]!.setSendKey(`p${i}`, 1n, ji);
        transforms[i]!.addReceiveKey(`p${j}`, 1n, ji);
      }
      links.push(a, b);
    }
  }
  running = { links, streams, transforms };
}

async function framesDecoded(): Promise<number> {
  let frames = 0;
  for (const link of running?.links ?? []) {
    (await link.connection.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
  }
  return frames;
}

function stop(): void {
  for (const link of running?.links ?? []) link.close();
  for (const stream of running?.streams ?? []) for (const track of stream.getTracks()) track.stop();
  for (const t of running?.transforms ?? []) t.close();
  running = null;
}

Object.assign(window, { meshBench: { start, framesDecoded, stop } });
