// Contact mailboxes (docs/PROTOCOL.md §13.4): a running Parley listens on its mailbox id(s);
// anyone who has its contact card can post an opaque sealed blob (§13.2) there. The relay
// delivers a post to the connections listening on that id, or keeps it in memory until one
// listens — for a few seconds at most, since a ring is only worth seconds. It never answers a
// post, so a sender cannot tell a mailbox somebody listens on from one nobody does (no presence).
// Nothing is written anywhere; a relay restart forgets every queued post.
//
// This file holds what every deployment shares (limits, the hub interface, who listens here) and
// the in-process hub; relay/mailbox-redis.ts is the hub for several instances sharing Redis.
import { TokenBucket } from './limits';

export interface MailboxLimits {
  /** Mailbox ids one connection may listen on at once. */
  maxListenIds: number;
  /** A queued post is dropped after this long. */
  queueExpiryMs: number;
  /** Queued posts per mailbox; a further post pushes out the oldest. */
  maxQueuedPerMailbox: number;
  /** Queued bytes over all mailboxes (with Redis: that this instance queued); beyond it posts to
   * absent listeners are dropped. */
  maxQueuedBytes: number;
  /** Largest blob a post may carry. */
  maxPostBytes: number;
  /** Token bucket per connection for posts and listens (sustained per second, burst). */
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

/** The rate limiter for one connection's posts and listens. */
export function mailboxPostBucket(limits: MailboxLimits): TokenBucket {
  return new TokenBucket(limits.postsPerSecond, limits.postBurst);
}

/** A connection listening for mail: `deliver` writes an encoded `mail` frame to its socket. */
export interface MailboxListener {
  deliver(frame: Uint8Array): void;
}

/** Where mailboxes live: this process (MemoryMailboxes) or Redis shared by several (mailbox-redis). */
export interface MailboxHub {
  readonly limits: MailboxLimits;
  /** Replaces the ids `listener` listens on (empty: none) and hands it mail queued for them. */
  listen(listener: MailboxListener, keys: string[]): void;
  unlisten(listener: MailboxListener): void;
  /** Delivers an encoded `mail` frame to the mailbox's listeners, or queues it briefly. Never
   * reports which of the two happened: the caller must not be able to tell (no presence). */
  post(key: string, frame: Uint8Array): void;
  /** Frees what expired; the relay calls it on a timer. */
  sweep(): void;
  close(): Promise<void>;
}

/** Who listens on which mailbox id in this process. */
export class ListenerRegistry {
  private readonly byKey = new Map<string, Set<MailboxListener>>();
  private readonly byListener = new Map<MailboxListener, string[]>();

  /** Replaces `listener`'s ids. Returns the ids that gained their first listener (`heard`) and
   * those that lost their last one (`unheard`). */
  set(listener: MailboxListener, keys: string[]): { heard: string[]; unheard: string[] } {
    const next = [...new Set(keys)];
    const previous = this.byListener.get(listener) ?? [];
    const heard: string[] = [];
    const unheard: string[] = [];
    for (const key of previous) {
      if (next.includes(key)) continue;
      const set = this.byKey.get(key)!;
      set.delete(listener);
      if (set.size === 0) {
        this.byKey.delete(key);
        unheard.push(key);
      }
    }
    for (const key of next) {
      let set = this.byKey.get(key);
      if (!set) {
        this.byKey.set(key, (set = new Set()));
        heard.push(key);
      }
      set.add(listener);
    }
    if (next.length > 0) this.byListener.set(listener, next);
    else this.byListener.delete(listener);
    return { heard, unheard };
  }

  listenersOf(key: string): ReadonlySet<MailboxListener> | undefined {
    return this.byKey.get(key);
  }

  /** Ids with at least one listener. */
  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  clear(): void {
    this.byKey.clear();
    this.byListener.clear();
  }
}

interface Queued {
  frame: Uint8Array;
  expiresAt: number;
}

/** Mailboxes in this process's memory: the default, with no dependency. */
export class MemoryMailboxes implements MailboxHub {
  private readonly registry = new ListenerRegistry();
  private readonly queues = new Map<string, Queued[]>();
  private queuedBytes = 0;

  constructor(
    readonly limits: MailboxLimits,
    private readonly now: () => number = Date.now,
  ) {}

  listen(listener: MailboxListener, keys: string[]): void {
    // A queue exists only for an id nobody listened on, so only newly heard ids can have one.
    for (const key of this.registry.set(listener, keys).heard) {
      const queue = this.queues.get(key);
      if (!queue) continue;
      this.dropQueue(key, queue);
      const now = this.now();
      for (const item of queue) if (item.expiresAt > now) listener.deliver(item.frame);
    }
  }

  unlisten(listener: MailboxListener): void {
    this.registry.set(listener, []);
  }

  post(key: string, frame: Uint8Array): void {
    const listeners = this.registry.listenersOf(key);
    if (listeners) {
      for (const listener of listeners) listener.deliver(frame);
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

  /** For tests: posts waiting and their bytes. */
  queued(): { posts: number; bytes: number } {
    let posts = 0;
    for (const queue of this.queues.values()) posts += queue.length;
    return { posts, bytes: this.queuedBytes };
  }

  async close(): Promise<void> {
    this.registry.clear();
    this.queues.clear();
    this.queuedBytes = 0;
  }

  private dropQueue(key: string, queue: Queued[]): void {
    this.queues.delete(key);
    for (const item of queue) this.queuedBytes -= item.frame.length;
  }
}
