// Contact mailboxes shared by several relay instances through Redis (PROTOCOL.md §13.4), so a
// post reaches its listener whichever instance each of them is connected to.
//
// Live delivery is pub/sub: an instance subscribes to `parley:mc:<mailbox>` while one of its
// connections listens on that mailbox, and nothing else marks a listener — there is no presence
// key. A post runs one script that counts the channel's subscribers: if any, it publishes the
// `mail` frame to them; if none, it appends the frame to `parley:mq:<mailbox>`, a list of at most
// maxQueuedPerMailbox entries (oldest out), each prefixed with its expiry, on a key that expires
// queueExpiryMs after the last append. A new listener's instance subscribes first and then takes
// (reads and deletes, atomically) the list, so a post lands either in the list before the
// subscription or on the channel after it: never lost between the two, never delivered twice.
// Times in the scripts are Redis's clock (TIME), the same for every instance.
//
// The relay never answers a post, and does the same for a listened and an unlisted mailbox up to
// that script, so a sender learns nothing about presence. Redis holds queued mail (opaque sealed
// blobs) for seconds only, in memory if it runs without persistence (RELAY-OPERATIONS.md).
import type { Redis } from 'ioredis';
import { ListenerRegistry, type MailboxHub, type MailboxLimits, type MailboxListener } from './mailbox';

const QUEUE_PREFIX = 'parley:mq:';
const CHANNEL_PREFIX = 'parley:mc:';
/** Queue entries start with their expiry in ms since the epoch, as 15 decimal digits. */
const EXPIRY_DIGITS = 15;
/** Published messages start with 1 when the channel had exactly one subscriber, else 0. */
const ONLY_SUBSCRIBER = 1;

const REDIS_NOW = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

// KEYS[1] queue; ARGV: channel, mail frame, max queued, ttl ms, may queue (1/0), expiry (0: now + ttl).
// Returns 1 if the frame was queued, 0 if published or dropped.
const POST = `
local subscribers = redis.call('PUBSUB', 'NUMSUB', ARGV[1])[2]
if subscribers > 0 then
  redis.call('PUBLISH', ARGV[1], string.char(subscribers == 1 and ${ONLY_SUBSCRIBER} or 0) .. ARGV[2])
  return 0
end
if ARGV[5] ~= '1' then return 0 end
${REDIS_NOW}
local expiry = tonumber(ARGV[6])
if expiry == 0 then expiry = now + tonumber(ARGV[4]) end
if expiry <= now then return 0 end
while true do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if not head or tonumber(string.sub(head, 1, ${EXPIRY_DIGITS})) > now then break end
  redis.call('LPOP', KEYS[1])
end
redis.call('RPUSH', KEYS[1], string.format('%0${EXPIRY_DIGITS}d', expiry) .. ARGV[2])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

// KEYS[1] queue. Returns its unexpired entries (expiry prefix included) and deletes it.
const TAKE = `
local entries = redis.call('LRANGE', KEYS[1], 0, -1)
if #entries == 0 then return {} end
redis.call('DEL', KEYS[1])
${REDIS_NOW}
local fresh = {}
for _, entry in ipairs(entries) do
  if tonumber(string.sub(entry, 1, ${EXPIRY_DIGITS})) > now then table.insert(fresh, entry) end
end
return fresh`;

interface Scripts {
  parleyMailPost(queue: string, channel: string, frame: Buffer, maxQueued: number, ttlMs: number, mayQueue: number, expiry: number): Promise<number>;
  parleyMailTakeBuffer(queue: string): Promise<Buffer[]>;
}

/** Bytes this instance put into Redis queues, until they expire there: bounds what one instance
 * can make Redis hold (maxQueuedBytes), as the in-memory queue bound does for one process. */
interface Charge {
  bytes: number;
  until: number;
}

export class RedisMailboxes implements MailboxHub {
  private readonly registry = new ListenerRegistry();
  private readonly scripts: Scripts;
  /** Channels being unsubscribed: mail still arriving on them is re-posted once they are. */
  private readonly unsubscribing = new Map<string, Promise<unknown>>();
  private readonly charges: Charge[] = [];
  private chargedBytes = 0;
  /** Bytes of posts whose script is running and may queue them. */
  private reservedBytes = 0;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly onMessage = (channel: Buffer, message: Buffer) => this.received(channel, message);
  private readonly onReady = () => this.resubscribed();

  /** `commands` and `subscriber` are connected; `subscriber` is in subscriber mode and may carry
   * other channels too (the room backend's). */
  constructor(
    commands: Redis,
    private readonly subscriber: Redis,
    readonly limits: MailboxLimits,
    private readonly onError: () => void,
  ) {
    commands.defineCommand('parleyMailPost', { numberOfKeys: 1, lua: POST });
    commands.defineCommand('parleyMailTake', { numberOfKeys: 1, lua: TAKE });
    this.scripts = commands as unknown as Scripts;
    subscriber.on('messageBuffer', this.onMessage);
    // After a reconnect ioredis subscribes again, but posts made meanwhile saw no subscriber and
    // were queued: take them.
    subscriber.on('ready', this.onReady);
  }

  listen(listener: MailboxListener, keys: string[]): void {
    const { heard, unheard } = this.registry.set(listener, keys);
    for (const key of unheard) this.unsubscribe(key);
    for (const key of heard) this.subscribeAndTake(key);
  }

  unlisten(listener: MailboxListener): void {
    this.listen(listener, []);
  }

  post(key: string, frame: Uint8Array): void {
    this.submit(key, frame, 0);
  }

  sweep(): void {
    const now = Date.now();
    while (this.charges.length > 0 && this.charges[0]!.until <= now) this.chargedBytes -= this.charges.shift()!.bytes;
  }

  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    this.subscriber.off('messageBuffer', this.onMessage);
    this.subscriber.off('ready', this.onReady);
    this.registry.clear();
  }

  /** Runs the post script; `expiry` 0 means now + queueExpiryMs (Redis time). */
  private submit(key: string, frame: Uint8Array, expiry: number): void {
    this.sweep();
    // Reserved while the script runs, so posts in flight together cannot overshoot the bound.
    const mayQueue = this.chargedBytes + this.reservedBytes + frame.length <= this.limits.maxQueuedBytes;
    if (mayQueue) this.reservedBytes += frame.length;
    const bytes = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    const run = async () => {
      try {
        const queued = await this.scripts.parleyMailPost(
          QUEUE_PREFIX + key,
          CHANNEL_PREFIX + key,
          bytes,
          this.limits.maxQueuedPerMailbox,
          this.limits.queueExpiryMs,
          mayQueue ? 1 : 0,
          expiry,
        );
        if (queued !== 1) return;
        // Redis drops it by then at the latest (its expiry is at most now + queueExpiryMs there).
        this.charges.push({ bytes: frame.length, until: Date.now() + this.limits.queueExpiryMs });
        this.chargedBytes += frame.length;
      } finally {
        if (mayQueue) this.reservedBytes -= frame.length;
      }
    };
    this.track(run());
  }

  private subscribeAndTake(key: string): void {
    const take = async () => {
      await this.subscriber.subscribe(CHANNEL_PREFIX + key);
      for (const entry of await this.scripts.parleyMailTakeBuffer(QUEUE_PREFIX + key)) {
        const expiry = Number(entry.subarray(0, EXPIRY_DIGITS).toString('latin1'));
        const frame = new Uint8Array(entry.subarray(EXPIRY_DIGITS));
        const listeners = this.registry.listenersOf(key);
        if (listeners) for (const listener of listeners) listener.deliver(frame);
        else this.submit(key, frame, expiry); // its listener left meanwhile: back to Redis
      }
    };
    this.track(take());
  }

  private unsubscribe(key: string): Promise<unknown> {
    const done = this.subscriber.unsubscribe(CHANNEL_PREFIX + key);
    this.unsubscribing.set(key, done);
    const forget = () => {
      if (this.unsubscribing.get(key) === done) this.unsubscribing.delete(key);
    };
    this.track(done.finally(forget));
    return done;
  }

  private received(channelBytes: Buffer, message: Buffer): void {
    const channel = channelBytes.toString('latin1');
    if (!channel.startsWith(CHANNEL_PREFIX) || message.length < 1) return;
    const key = channel.slice(CHANNEL_PREFIX.length);
    const frame = new Uint8Array(message.subarray(1));
    const listeners = this.registry.listenersOf(key);
    if (listeners) {
      for (const listener of listeners) listener.deliver(frame);
    } else if (message[0] === ONLY_SUBSCRIBER) {
      // Published to this instance alone while its last listener was leaving (before Redis saw
      // the unsubscribe): post it again once Redis has, so it is queued or reaches a listener
      // that connected elsewhere — not before, or it would come straight back here. A
      // subscription nobody here wants any more (none should exist) is ended the same way.
      const unsubscribed = this.unsubscribing.get(key) ?? this.unsubscribe(key);
      this.track(unsubscribed.then(() => this.submit(key, frame, 0)));
    }
    // With other subscribers, they had it.
  }

  private resubscribed(): void {
    for (const key of this.registry.keys()) this.subscribeAndTake(key);
  }

  private track(p: Promise<unknown>): void {
    const forget = () => this.pending.delete(p);
    this.pending.add(p);
    p.then(forget, () => {
      forget();
      this.onError();
    });
  }
}
