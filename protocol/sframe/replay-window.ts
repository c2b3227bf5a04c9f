// The SFrame receiver's replay window (RFC 9605 §9.3, PROTOCOL.md §8): per KID, the highest CTR
// that authenticated and which of the SFRAME_REPLAY_WINDOW CTRs below it were seen. A frame whose
// CTR was seen, or is older than the window, is a replay: a relay, TURN server or SFU on the media
// path could otherwise resend old frames (a recorded "yes", a frozen picture) and they would
// decrypt. Pure: the receiver marks a CTR only after its frame authenticated, so forged frames
// cannot move the window.

/**
 * CTRs kept below the highest one. One CTR space serves all of a sender's media to us (audio,
 * camera, screen: ~80 frames a second), and the three streams' frames reach the receiver with
 * their own delays; 1,024 frames is over ten seconds of such skew.
 */
export const SFRAME_REPLAY_WINDOW = 1024;

export class ReplayWindow {
  private highest = -1n;
  /** Bit i set: CTR `highest - i` was seen. */
  private seen = 0n;
  private readonly size: bigint;
  private readonly mask: bigint;

  constructor(size = SFRAME_REPLAY_WINDOW) {
    this.size = BigInt(size);
    this.mask = (1n << this.size) - 1n;
  }

  /** Whether a frame with this CTR can still be new (checked before the work of decrypting it). */
  mayAccept(ctr: bigint): boolean {
    if (ctr > this.highest) return true;
    const age = this.highest - ctr;
    return age < this.size && ((this.seen >> age) & 1n) === 0n;
  }

  /** Marks the CTR of a frame that authenticated; false if it is a replay (seen, or too old). */
  accept(ctr: bigint): boolean {
    if (!this.mayAccept(ctr)) return false;
    if (ctr > this.highest) {
      const shift = ctr - this.highest;
      this.seen = shift >= this.size ? 1n : ((this.seen << shift) | 1n) & this.mask;
      this.highest = ctr;
    } else {
      this.seen |= 1n << (this.highest - ctr);
    }
    return true;
  }
}
