// Benchmark page: a full mesh of N local participants in one page, built from the call engine's
// own PeerLink and MediaTransforms (one media Worker per participant, as in N apps). The same
// mesh runs with SFrame transforms and without, so the difference is the cost of media E2EE.
import '../../renderer/polyfills';
import { MediaTransforms } from '../../renderer/call/engine/media-transforms';
import { PeerLink } from '../../renderer/call/engine/peer-link';
import type { TransformAttacher } from '../../renderer/call/engine/peer-link';

const NO_TRANSFORMS: TransformAttacher = { attachSender: () => {}, attachReceiver: () => {} };
interface Mesh {
  encrypted: boolean;
  links: PeerLink[];
  streams: MediaStream[];
  transforms: MediaTransforms[];
}
let running: Mesh | null = null;

const common = { iceServers: [], iceTransportPolicy: 'all' as const, onRemoteStream: () => {}, onRemoteScreen: () => {}, onData: () => {}, onConnected: () => {}, onClosed: () => {} };

/** One more participant, connected to everyone already in the mesh; returns its new links (both ends). */
async function join(mesh: Mesh): Promise<PeerLink[]> {
  const j = mesh.streams.length;
  mesh.streams.push(await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 15 }, audio: true }));
  if (mesh.encrypted) mesh.transforms.push(new MediaTransforms(() => {}));
  const added: PeerLink[] = [];
  for (let i = 0; i < j; i++) {
    let a: PeerLink | null = null;
    let b: PeerLink | null = null;
    a = new PeerLink({ ...common, peerId: `p${j}`, initiator: true, localStream: mesh.streams[i]!, transforms: mesh.transforms[i] ?? NO_TRANSFORMS, onSignal: (s) => b?.signal(s) });
    b = new PeerLink({ ...common, peerId: `p${i}`, initiator: false, localStream: mesh.streams[j]!, transforms: mesh.transforms[j] ?? NO_TRANSFORMS, onSignal: (s) => a?.signal(s) });
    if (mesh.encrypted) {
      const ij = crypto.getRandomValues(new Uint8Array(32));
      const ji = crypto.getRandomValues(new Uint8Array(32));
      mesh.transforms[i]!.setSendKey(`p${j}`, 1n, ij);
      mesh.transforms[j]!.addReceiveKey(`p${i}`, 1n, ij);
      mesh.transforms[j]!.setSendKey(`p${i}`, 1n, ji);
      mesh.transforms[i]!.addReceiveKey(`p${j}`, 1n, ji);
    }
    added.push(a, b);
  }
  mesh.links.push(...added);
  return added;
}

async function start(participants: number, encrypted: boolean): Promise<void> {
  running = { encrypted, links: [], streams: [], transforms: [] };
  for (let i = 0; i < participants; i++) await join(running);
}

/** With a mesh running, one more participant joins: ms until every video stream to and from it decodes. */
async function newcomerDecodingMs(): Promise<number> {
  if (!running) throw new Error('no mesh');
  const t0 = performance.now();
  const added = await join(running);
  for (;;) {
    const decoding = await Promise.all(added.map(async (link) => videoFramesDecoded(await link.connection.getStats()) > 0));
    if (decoding.every(Boolean)) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function videoFramesDecoded(stats: RTCStatsReport): number {
  let frames = 0;
  stats.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
  });
  return frames;
}

async function framesDecoded(): Promise<number> {
  let frames = 0;
  for (const link of running?.links ?? []) frames += videoFramesDecoded(await link.connection.getStats());
  return frames;
}

function stop(): void {
  for (const link of running?.links ?? []) link.close();
  for (const stream of running?.streams ?? []) for (const track of stream.getTracks()) track.stop();
  for (const t of running?.transforms ?? []) t.close();
  running = null;
}

Object.assign(window, { meshBench: { start, newcomerDecodingMs, framesDecoded, stop } });
