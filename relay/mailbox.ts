// Contact mailboxes (docs/PROTOCOL.md §13.4): a running Parley listens on its mailbox id(s);
// anyone who has its contact card can post an opaque sealed blob (§13.2) there. The relay
// delivers a post to the connections listening on that id, or keeps it in memory until one
// listens — for a few seconds at most, since a ring is only worth seconds. It never answers a
// post, so a sender cannot tell a mailbox somebody listens on from one nobody does (no presence).
// Nothing is written anywhere; a relay restart forgets every queued post.
import { TokenBucket } from './limits';

export interface MailboxLimits {
  /** Mailbox ids one connection may listen on at once. */
  maxListenIds: number;
  /** A queued post is dropped after this long. */
  queueExpiryMs: number;
  /** Queued posts per mailbox; a further post pushes out the oldest. */
  maxQueuedPerMailbox: number;
  /** Queued bytes over all mailboxes; beyond it posts to absent listeners are dropped. */
  maxQueuedBytes: number;
  /** Largest blob a post may carry. */
  maxPostBytes: number;
  /** Token bucket per connection for posts (sustained per second, burst). */
  postsPerSecond: number;
  postBurst: number;
}

export const DEFAULT_MAILBOX_LIMITS: MailboxLimits = {
  maxListenIds: 8,
  queueExpiryMs: 30_000,
  maxQueuedPerMailbox: 8,
  maxQueuedBytes: 8 * 1024 * 1024,
  maxPostBytes: 8 * 1024,
  postsPerSecond: 5,
  postBurst: 20,
};

export function resolveMailboxLimits(overrides: Partial<MailboxLimits> = {}): MailboxLimits {
  const limits = { ...DEFAULT_MAILBOX_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`mailbox limit ${name} must be a positive number`);
  }
  return limits;
}

/** A connection listening for mail: `deliver` writes an encoded `mail` frame to its socket. */
export interface MailboxListener {
  deliver(frame: Uint8Array): void;
}

interface Queued {
  frame: Uint8Array;
  expiresAt: number;
}

export class Mailboxes {
  private readonly listeners = new Map<string, Set<MailboxListener>>();
  private readonly listening = new Map<MailboxListener, string[]>();
  private readonly queues = new Map<string, Queued[]>();
  private queuedBytes = 0;

  constructor(
    readonly limits: MailboxLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** A post rate limiter for one connection. */
  postBucket(): TokenBucket {
    return new TokenBucket(this.limits.postsPerSecond, this.limits.postBurst);
  }

  /** Replaces the ids `listener` listens on (empty: none) and hands it mail queued for them. */
  listen(listener: MailboxListener, keys: string[]): void {
    this.unlisten(listener);
    if (keys.length === 0) return;
    this.listening.set(listener, keys);
    for (const key of keys) {
      let set = this.listeners.get(key);
      if (!set) this.listeners.set(key, (set = new Set()));
      set.add(listener);
      const queue = this.queues.get(key);
      if (!queue) continue;
      this.dropQueue(key, queue);
      const now = this.now();
      for (const item of queue) if (item.expiresAt > now) listener.deliver(item.frame);
    }
  }

  unlisten(listener: MailboxListener): void {
    for (const key of this.listening.get(listener) ?? []) {
      const set = this.listeners.get(key);
      set?.delete(listener);
      if (set?.size === 0) this.listeners.delete(key);
    }
    this.listening.delete(listener);
  }

  /** Delivers an encoded `mail` frame to the mailbox's listeners, or queues it briefly. */
  post(key: string, frame: Uint8Array): void {
    const set = this.listeners.get(key);
    if (set) {
      for (const listener of set) listener.deliver(frame);
      return;
    }
    this.sweep();
    if (this.queuedBytes + frame.length > this.limits.maxQueuedBytes) return;
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = []));
    queue.push({ frame, expiresAt: this.now() + this.limits.queueExpiryMs });
    this.queuedBytes += frame.length;
    while (queue.length > this.limits.maxQueuedPerMailbox) this.queuedBytes -= queue.shift()!.frame.length;
  }

  /** Drops expired posts (also done on every post; call it on a timer to free memory when idle). */
  sweep(): void {
    const now = this.now();
    for (const [key, queue] of this.queues) {
      while (queue.length > 0 && queue[0]!.expiresAt <= now) this.queuedBytes -= queue.shift()!.frame.length;
      if (queue.length === 0) this.queues.delete(key);
    }
  }

  /** For tests and metrics: posts waiting and their bytes. */
  queued(): { posts: number; bytes: number } {
    let posts = 0;
    for (const queue of this.queues.values()) posts += queue.length;
    return { posts, bytes: this.queuedBytes };
  }

  clear(): void {
    this.listeners.clear();
    this.listening.clear();
    this.queues.clear();
    this.queuedBytes = 0;
  }

  private dropQueue(key: string, queue: Queued[]): void {
    this.queues.delete(key);
    for (const item of queue) this.queuedBytes -= item.frame.length;
  }
}
