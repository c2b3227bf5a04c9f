// When to ask a peer for a fresh media key, and when to honour such a request (PROTOCOL.md §8,
// "Rotation"). A receiver that cannot decrypt a peer's frames for a whole stats interval has lost
// the peer's key; asking is cheap, but both sides are rate-limited so a broken or hostile peer
// cannot make us rotate (and send keys) in a loop.

/** Failed decrypts in one interval, with nothing decoded, that count as "the key is missing". */
export const MISSING_KEY_FAILURES = 10;
export const REQUEST_EVERY_MS = 5000;
export const HONOUR_EVERY_MS = 2000;

/** The media Worker's running counts for one peer (media-crypto.ts PeerMediaCounters). */
export interface DecryptCounts {
  decryptFailures: number;
  framesUnprotected: number;
}

export class KeyRequests {
  private readonly seen = new Map<string, DecryptCounts>();
  /** Per peer: whether its frames decrypt now (see `decrypting`). */
  private readonly decryptingNow = new Map<string, boolean>();
  private readonly requestedAt = new Map<string, number>();
  private readonly honouredAt = new Map<string, number>();

  /** One stats sample of a peer's counts: true when we should send it a `media-key-request` now. */
  shouldRequest(peerId: string, counts: DecryptCounts, now: number): boolean {
    const previous = this.seen.get(peerId) ?? { decryptFailures: 0, framesUnprotected: 0 };
    this.seen.set(peerId, { ...counts });
    const failed = counts.decryptFailures - previous.decryptFailures;
    const decrypted = counts.framesUnprotected - previous.framesUnprotected;
    // Frames that arrive and none decrypts, for a whole interval: not encrypted (for us) right now.
    this.decryptingNow.set(peerId, counts.framesUnprotected > 0 && !(failed > 0 && decrypted === 0));
    if (failed < MISSING_KEY_FAILURES || decrypted > 0) return false;
    if (now - (this.requestedAt.get(peerId) ?? -Infinity) < REQUEST_EVERY_MS) return false;
    this.requestedAt.set(peerId, now);
    return true;
  }

  /**
   * Whether the peer shows as end-to-end encrypted, after the last sample: only once a frame from
   * it decrypted, and not while its frames arrive and none decrypts (we lack its key). A peer that
   * sends nothing (camera and microphone off) keeps its last state.
   */
  decrypting(peerId: string): boolean {
    return this.decryptingNow.get(peerId) ?? false;
  }

  /** A peer asked us to rotate our key towards it: true when we should. */
  shouldHonour(peerId: string, now: number): boolean {
    if (now - (this.honouredAt.get(peerId) ?? -Infinity) < HONOUR_EVERY_MS) return false;
    this.honouredAt.set(peerId, now);
    return true;
  }

  /** The peer's connection is gone: its counters start over with the next one. */
  forget(peerId: string): void {
    this.seen.delete(peerId);
    this.decryptingNow.delete(peerId);
    this.requestedAt.delete(peerId);
    this.honouredAt.delete(peerId);
  }
}
