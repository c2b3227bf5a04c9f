// The relay's abuse limits. Every limit has its own error code (protocol/relay-wire RelayErrorCode)
// and its own test in server.limits.test.ts. Defaults suit a small self-hosted relay; operators can
// raise them (CLI flags / env, see docs/RELAY-OPERATIONS.md).

export interface RelayLimits {
  /** Largest frame accepted; larger ones get `frameTooLarge` and count as a violation. */
  maxFrameBytes: number;
  /** Frames beyond this are cut off by ws itself (close 1009) before they are buffered. */
  hardMaxFrameBytes: number;
  /** Token bucket per connection: sustained frames per second and burst size. */
  framesPerSecond: number;
  frameBurst: number;
  /** Members per room (a full mesh of 8 is the design's ceiling). */
  maxMembersPerRoom: number;
  /** Rooms a connection may be in at once. The protocol has one room per connection. */
  maxRoomsPerConnection: 1;
  /** Concurrent WebSocket connections from one client address. */
  maxConnectionsPerAddress: number;
  /** One-time blobs a member may publish at once. */
  maxOneTimeBlobs: number;
  /** A connection silent for this long (no frame, no pong) is closed with `idleTimeout`. */
  idleTimeoutMs: number;
  /** A receiver whose unsent bytes exceed this is disconnected with `slowConsumer`. */
  maxBufferedBytes: number;
  /** Protocol violations (malformed, oversize, rate-limited, ...) tolerated before a close. */
  maxViolations: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxFrameBytes: 64 * 1024,
  hardMaxFrameBytes: 256 * 1024,
  framesPerSecond: 100,
  frameBurst: 200,
  maxMembersPerRoom: 8,
  maxRoomsPerConnection: 1,
  maxConnectionsPerAddress: 32,
  maxOneTimeBlobs: 100,
  idleTimeoutMs: 60_000,
  maxBufferedBytes: 1024 * 1024,
  maxViolations: 10,
};

export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides, maxRoomsPerConnection: 1 as const };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`relay limit ${name} must be a positive number`);
  }
  if (limits.hardMaxFrameBytes < limits.maxFrameBytes) limits.hardMaxFrameBytes = limits.maxFrameBytes;
  return limits;
}

/** A token bucket: `take()` is true while tokens last; tokens refill at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerSecond) / 1000);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
