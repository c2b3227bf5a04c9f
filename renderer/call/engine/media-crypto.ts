// SFrame protection of encoded media frames for every peer connection (DESIGN.md "Media
// encryption"; PROTOCOL.md §8). Runs inside the media Worker; kept free of Worker globals so it
// is tested directly. Each sender has its own base key per receiving peer (sent over the
// pairwise ratchet); receivers keep the current and the previous key of each peer so frames in
// flight at a rotation still decrypt. A frame that fails to decrypt is dropped and counted,
// never passed on; a frame is never sent without a key.
import { ProtocolError } from '../../../protocol/errors';
import { SframeReceiver, SframeSender } from '../../crypto/sframe-context';
import { clearByteCount, joinFrame, splitFrame } from './frame-layout';
import type { MediaKind } from './frame-layout';

/** Keys kept per sending peer: the current one and the one it replaced (rotation overlap). */
export const RECEIVE_KEYS_KEPT = 2;

export interface PeerMediaCounters {
  framesProtected: number;
  framesUnprotected: number;
  /** Frames dropped because they did not authenticate or named an unknown key. */
  decryptFailures: number;
  /** Frames dropped as replays (RFC 9605 §9.3: that CTR opened before, or is older than the window). */
  replaysDropped: number;
  /** Outgoing frames dropped because no key for this peer existed yet. */
  droppedWithoutKey: number;
}

interface PeerKeys {
  sender: SframeSender;
  receiver: SframeReceiver;
  counters: PeerMediaCounters;
}

export class MediaCrypto {
  private readonly peers = new Map<string, PeerKeys>();

  private peer(peerId: string): PeerKeys {
    let keys = this.peers.get(peerId);
    if (!keys) {
      keys = {
        sender: new SframeSender(),
        receiver: new SframeReceiver(),
        counters: { framesProtected: 0, framesUnprotected: 0, decryptFailures: 0, replaysDropped: 0, droppedWithoutKey: 0 },
      };
      this.peers.set(peerId, keys);
    }
    return keys;
  }

  /** Our key for frames to peerId (kids only increase; the counter restarts with each key). */
  async setSendKey(peerId: string, kid: bigint, baseKey: Uint8Array): Promise<void> {
    await this.peer(peerId).sender.setKey(kid, baseKey);
  }

  /** A key peerId will use for frames to us; keys older than the newest RECEIVE_KEYS_KEPT are forgotten. */
  async addReceiveKey(peerId: string, kid: bigint, baseKey: Uint8Array): Promise<void> {
    const { receiver } = this.peer(peerId);
    await receiver.addKey(kid, baseKey);
    const stale = receiver.kids.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(RECEIVE_KEYS_KEPT);
    for (const kid of stale) receiver.removeKey(kid);
  }

  removePeer(peerId: string): void {
    this.peers.delete(peerId);
  }

  counters(): Record<string, PeerMediaCounters> {
    return Object.fromEntries([...this.peers].map(([id, keys]) => [id, { ...keys.counters }]));
  }

  /** The frame to send, or null to drop it. */
  async protect(peerId: string, kind: MediaKind, isKeyFrame: boolean, frame: Uint8Array): Promise<Uint8Array | null> {
    const keys = this.peer(peerId);
    if (keys.sender.kid === undefined) {
      keys.counters.droppedWithoutKey++;
      return null;
    }
    const { clear, rest } = splitFrame(frame, clearByteCount(kind, isKeyFrame));
    // clear || header || ciphertext, written into one buffer by the sender.
    const sent = await keys.sender.encrypt(rest, clear, clear);
    keys.counters.framesProtected++;
    return sent;
  }

  /** The decrypted frame, or null when it must be dropped (counted as a replay or a decrypt failure). */
  async unprotect(peerId: string, kind: MediaKind, isKeyFrame: boolean, frame: Uint8Array): Promise<Uint8Array | null> {
    const keys = this.peer(peerId);
    const { clear, rest } = splitFrame(frame, clearByteCount(kind, isKeyFrame));
    try {
      const plaintext = await keys.receiver.decrypt(rest, clear);
      keys.counters.framesUnprotected++;
      return joinFrame(clear, plaintext);
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'replay') keys.counters.replaysDropped++;
      else keys.counters.decryptFailures++;
      return null;
    }
  }
}
