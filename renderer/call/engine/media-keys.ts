// Our SFrame send keys, one per remote peer (DESIGN.md: per-peer base keys travel over the
// ratchet and rotate on a timer and on request). A new key is sent to the peer first and used
// for our frames only after a short overlap, so the peer already holds it when frames arrive.

export const ROTATION_INTERVAL_MS = 10 * 60 * 1000;
export const SWITCH_OVERLAP_MS = 2000;
export const MEDIA_KEY_LENGTH = 32;

export interface MediaKeyDeps {
  randomBytes(length: number): Uint8Array;
  /** Deliver the key to the peer (through the pairwise ratchet). */
  sendKeyToPeer(peerId: string, kid: bigint, key: Uint8Array): Promise<void>;
  /** Start using the key for our frames to the peer (the media Worker). */
  useSendKey(peerId: string, kid: bigint, key: Uint8Array): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface PeerSchedule {
  kid: bigint;
  rotation: unknown;
  pendingSwitch: unknown;
}

export class MediaKeyScheduler {
  private readonly peers = new Map<string, PeerSchedule>();

  constructor(private readonly deps: MediaKeyDeps) {}

  /** First key for a new connection: sent and used at once (no frames flow before ICE completes). */
  async start(peerId: string): Promise<void> {
    this.stop(peerId);
    const schedule: PeerSchedule = { kid: 1n, rotation: null, pendingSwitch: null };
    this.peers.set(peerId, schedule);
    const key = this.deps.randomBytes(MEDIA_KEY_LENGTH);
    await this.deps.sendKeyToPeer(peerId, schedule.kid, key);
    this.deps.useSendKey(peerId, schedule.kid, key);
    this.scheduleRotation(peerId, schedule);
  }

  /** A fresh key now (timer, the peer's request, or a change in who is in the call). */
  async rotate(peerId: string): Promise<void> {
    const schedule = this.peers.get(peerId);
    if (!schedule) return;
    const kid = ++schedule.kid;
    const key = this.deps.randomBytes(MEDIA_KEY_LENGTH);
    await this.deps.sendKeyToPeer(peerId, kid, key);
    if (this.peers.get(peerId) !== schedule) return;
    this.deps.clearTimeout(schedule.pendingSwitch);
    schedule.pendingSwitch = this.deps.setTimeout(() => this.deps.useSendKey(peerId, kid, key), SWITCH_OVERLAP_MS);
    this.scheduleRotation(peerId, schedule);
  }

  stop(peerId: string): void {
    const schedule = this.peers.get(peerId);
    if (!schedule) return;
    this.deps.clearTimeout(schedule.rotation);
    this.deps.clearTimeout(schedule.pendingSwitch);
    this.peers.delete(peerId);
  }

  stopAll(): void {
    for (const peerId of [...this.peers.keys()]) this.stop(peerId);
  }

  private scheduleRotation(peerId: string, schedule: PeerSchedule): void {
    this.deps.clearTimeout(schedule.rotation);
    schedule.rotation = this.deps.setTimeout(() => void this.rotate(peerId), ROTATION_INTERVAL_MS);
  }
}
