// Scale-out: several relay processes serve one room through Redis (standalone Redis, not Cluster:
// the scripts touch keys they compute). Per room, Redis holds
//   parley:r:<room>:m          sorted set: member = <peer hex><instance hex>, score = expiry (ms)
//   parley:r:<room>:b:<peer>   the member's base blob        (expires with the membership)
//   parley:r:<room>:o:<peer>   list of its one-time blobs    (expires with the membership)
// and two kinds of pub/sub channel carry events:
//   parley:c:<room>            1 | peer(16) | instance(16) = joined, 2 | peer(16) = left
//   parley:i:<instance>        to(16) | encoded `message` frame, for a peer on that instance
// Contact mailboxes share the two connections (relay/mailbox-redis.ts: parley:mq:/parley:mc:).
// Each instance refreshes its own members every memberTtlMs/3; members of a crashed instance
// expire, and whichever instance prunes them announces their departure. Blobs are ciphertext
// under the room key and live only in Redis memory, only as long as their member does.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type BlobBundle, type MemberBlobs, PEER_ID_BYTES, encodeServerFrame } from '../protocol/relay-wire/codec';
import type { JoinResult, LocalPeer, RoomBackend } from './backend';
import type { RelayLogger } from './logger';
import type { MailboxLimits } from './mailbox';
import { RedisMailboxes } from './mailbox-redis';
import type { RedisOptions } from './server';

export const DEFAULT_MEMBER_TTL_MS = 15_000;
const HEX_ID = PEER_ID_BYTES * 2;

// Removes expired members (and their blobs) of one room; returns the removed member strings.
const PRUNE = `
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, m in ipairs(stale) do
  local p = string.sub(m, 1, ${HEX_ID})
  redis.call('DEL', ARGV[2] .. 'b:' .. p, ARGV[2] .. 'o:' .. p)
end
if #stale > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) end
return stale`;

// KEYS[1] member set; ARGV: now, key prefix, max members, member string, expiry, ttl, base, one-time...
// Returns {0, stale} when full, else {1, stale, {member, base, one-time}...}: atomically the other
// members, one one-time blob popped from each, and the newcomer added.
const JOIN = `
local now, prefix, max, me, expiry, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6]
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
for _, m in ipairs(stale) do
  local p = string.sub(m, 1, ${HEX_ID})
  redis.call('DEL', prefix .. 'b:' .. p, prefix .. 'o:' .. p)
end
if #stale > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) end
if redis.call('ZCARD', KEYS[1]) >= max then return {0, stale} end
local members = {}
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local p = string.sub(m, 1, ${HEX_ID})
  table.insert(members, {m, redis.call('GET', prefix .. 'b:' .. p) or '', redis.call('LPOP', prefix .. 'o:' .. p) or ''})
end
local mine = string.sub(me, 1, ${HEX_ID})
redis.call('ZADD', KEYS[1], expiry, me)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('SET', prefix .. 'b:' .. mine, ARGV[7], 'PX', ttl)
redis.call('DEL', prefix .. 'o:' .. mine)
if #ARGV > 7 then
  redis.call('RPUSH', prefix .. 'o:' .. mine, unpack(ARGV, 8))
  redis.call('PEXPIRE', prefix .. 'o:' .. mine, ttl)
end
return {1, stale, members}`;

// KEYS[1] member set; ARGV: key prefix, member string, ttl, base, one-time... (only if still a member)
const PUBLISH = `
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
local mine = string.sub(ARGV[2], 1, ${HEX_ID})
redis.call('SET', ARGV[1] .. 'b:' .. mine, ARGV[4], 'PX', ARGV[3])
redis.call('DEL', ARGV[1] .. 'o:' .. mine)
if #ARGV > 4 then
  redis.call('RPUSH', ARGV[1] .. 'o:' .. mine, unpack(ARGV, 5))
  redis.call('PEXPIRE', ARGV[1] .. 'o:' .. mine, ARGV[3])
end
return 1`;

interface Scripts {
  parleyJoinBuffer(key: string, ...args: (string | number | Uint8Array)[]): Promise<[number, Buffer[], [Buffer, Buffer, Buffer][]?]>;
  parleyPrune(key: string, now: number, prefix: string): Promise<string[]>;
  parleyPublish(key: string, ...args: (string | number | Uint8Array)[]): Promise<number>;
}

interface Room {
  local: Map<string, LocalPeer>;
  /** Members on other instances: peer hex -> instance hex. */
  remote: Map<string, string>;
  /** Joins in flight: the room stays subscribed while > 0. */
  joining: number;
  /** Members seen leaving recently (peer hex -> ms): a member snapshot read earlier, or a
   * reconciliation racing the leave, must not bring them back. Forgotten after 2 TTLs. */
  departed: Map<string, number>;
  subscribed: Promise<unknown>;
}

const EVENT_JOINED = 1;
const EVENT_LEFT = 2;

export async function createRedisBackend(options: RedisOptions, logger: RelayLogger, mailboxLimits: MailboxLimits): Promise<RoomBackend> {
  const ttlMs = options.memberTtlMs ?? DEFAULT_MEMBER_TTL_MS;
  const instance = randomBytes(PEER_ID_BYTES).toString('hex');
  const instanceChannel = `parley:i:${instance}`;
  // Errors are logged by kind only: a Redis error message can contain the URL (and its password).
  let lastErrorCode: string | undefined;
  const onError = (e?: Error & { code?: unknown }) => {
    lastErrorCode = typeof e?.code === 'string' && /^[A-Z0-9_]+$/.test(e.code) ? e.code : undefined;
    logger.warn('redis-error', lastErrorCode ? { code: lastErrorCode } : {});
  };
  const commands = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  commands.on('error', onError);
  commands.defineCommand('parleyJoin', { numberOfKeys: 1, lua: JOIN });
  commands.defineCommand('parleyPrune', { numberOfKeys: 1, lua: PRUNE });
  commands.defineCommand('parleyPublish', { numberOfKeys: 1, lua: PUBLISH });
  const scripts = commands as unknown as Scripts;
  const subscriber = new Redis(options.url, { lazyConnect: true });
  subscriber.on('error', onError);
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch {
    commands.disconnect(); // stops ioredis retrying in the background
    subscriber.disconnect();
    throw new Error(`Redis is unreachable (${lastErrorCode ?? 'connection closed'})`);
  }
  await warnIfPersistent(commands, logger);
  // /healthz turns 503 while either connection is down; one log line per loss and per recovery.
  const ready = () => commands.status === 'ready' && subscriber.status === 'ready';
  let wasReady = true;
  let closing = false;
  const noteReadiness = () => {
    if (closing || ready() === wasReady) return;
    wasReady = !wasReady;
    if (wasReady) logger.info('redis-reconnected');
    else logger.warn('redis-lost');
  };
  for (const connection of [commands, subscriber]) for (const event of ['ready', 'close', 'end']) connection.on(event, noteReadiness);

  const rooms = new Map<string, Room>();
  const peers = new Map<string, LocalPeer>();
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    const forget = () => pending.delete(p);
    p.then(forget, forget);
    return p;
  };

  const membersKey = (room: string) => `parley:r:${room}:m`;
  const blobPrefix = (room: string) => `parley:r:${room}:`;
  const roomChannel = (room: string) => `parley:c:${room}`;
  const memberString = (peerKey: string) => peerKey + instance;
  const idOf = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

  function tellLocal(room: Room, frame: Uint8Array): void {
    for (const peer of room.local.values()) peer.deliver(frame);
  }

  function remoteLeft(room: Room, peerKey: string): void {
    room.departed.set(peerKey, Date.now());
    if (!room.remote.delete(peerKey)) return;
    tellLocal(room, encodeServerFrame({ type: 'peer-left', peerId: idOf(peerKey) }));
  }

  subscriber.on('messageBuffer', (channelBytes: Buffer, message: Buffer) => {
    const channel = channelBytes.toString('latin1');
    if (channel === instanceChannel) {
      if (message.length < PEER_ID_BYTES) return;
      const to = peers.get(message.subarray(0, PEER_ID_BYTES).toString('hex'));
      to?.deliver(new Uint8Array(message.subarray(PEER_ID_BYTES)));
      return;
    }
    if (!channel.startsWith('parley:c:')) return; // a mailbox channel: RedisMailboxes has it
    const room = rooms.get(channel.slice('parley:c:'.length));
    if (!room || message.length < 1 + PEER_ID_BYTES) return;
    const peerKey = message.subarray(1, 1 + PEER_ID_BYTES).toString('hex');
    if (message[0] === EVENT_JOINED && message.length === 1 + 2 * PEER_ID_BYTES) {
      const from = message.subarray(1 + PEER_ID_BYTES).toString('hex');
      if (from === instance || room.remote.has(peerKey)) return;
      room.remote.set(peerKey, from);
      tellLocal(room, encodeServerFrame({ type: 'peer-joined', peerId: idOf(peerKey) }));
    } else if (message[0] === EVENT_LEFT) {
      remoteLeft(room, peerKey);
    }
  });
  await subscriber.subscribe(instanceChannel);
  const mailboxes = new RedisMailboxes(commands, subscriber, mailboxLimits, onError);

  function roomFor(roomKey: string): Room {
    let room = rooms.get(roomKey);
    if (!room) {
      room = { local: new Map(), remote: new Map(), joining: 0, departed: new Map(), subscribed: subscriber.subscribe(roomChannel(roomKey)) };
      rooms.set(roomKey, room);
    }
    return room;
  }

  function releaseRoom(roomKey: string, room: Room): void {
    if (room.local.size > 0 || room.joining > 0) return;
    rooms.delete(roomKey);
    track(subscriber.unsubscribe(roomChannel(roomKey))).catch(onError);
  }

  function announceLeft(roomKey: string, peerKey: string): Promise<number> {
    return commands.publish(roomChannel(roomKey), Buffer.concat([Buffer.of(EVENT_LEFT), Buffer.from(peerKey, 'hex')]));
  }

  async function prune(roomKey: string, room: Room): Promise<void> {
    const stale = await scripts.parleyPrune(membersKey(roomKey), Date.now(), blobPrefix(roomKey));
    for (const member of stale) {
      const peerKey = member.slice(0, HEX_ID);
      remoteLeft(room, peerKey);
      await announceLeft(roomKey, peerKey);
    }
  }

  // Pub/sub can lose an event (a reconnect to Redis, a join racing a subscription): every refresh
  // compares the room with Redis and announces members this instance has not heard of.
  async function reconcile(roomKey: string, room: Room): Promise<void> {
    const forgetBefore = Date.now() - 2 * ttlMs;
    for (const [peerKey, at] of room.departed) if (at < forgetBefore) room.departed.delete(peerKey);
    for (const member of await commands.zrange(membersKey(roomKey), '0', '-1')) {
      const peerKey = member.slice(0, HEX_ID);
      const owner = member.slice(HEX_ID);
      if (owner === instance || room.remote.has(peerKey) || room.departed.has(peerKey)) continue;
      room.remote.set(peerKey, owner);
      tellLocal(room, encodeServerFrame({ type: 'peer-joined', peerId: idOf(peerKey) }));
    }
  }

  // Keep this instance's members alive; prune members whose instance stopped doing so. If this
  // instance stalled past the TTL and another one pruned its members, ZADD puts them back and they
  // are announced again (their blobs are gone: newcomers get empty blobs for them until they
  // publish again).
  const announceJoined = (roomKey: string, peerKey: string) =>
    commands.publish(roomChannel(roomKey), Buffer.concat([Buffer.of(EVENT_JOINED), Buffer.from(peerKey, 'hex'), Buffer.from(instance, 'hex')]));
  const refresh = setInterval(() => {
    const expiry = Date.now() + ttlMs;
    for (const [roomKey, room] of rooms) {
      if (room.local.size === 0) continue;
      const batch = commands.pipeline();
      const peerKeys = [...room.local.keys()];
      for (const peerKey of peerKeys) {
        batch.zadd(membersKey(roomKey), expiry, memberString(peerKey));
        batch.pexpire(`${blobPrefix(roomKey)}b:${peerKey}`, ttlMs);
        batch.pexpire(`${blobPrefix(roomKey)}o:${peerKey}`, ttlMs);
      }
      batch.pexpire(membersKey(roomKey), ttlMs);
      const refreshed = batch.exec().then(async (results) => {
        for (const [i, peerKey] of peerKeys.entries()) {
          if (results?.[i * 3]?.[1] === 1 && room.local.has(peerKey)) await announceJoined(roomKey, peerKey);
        }
        await prune(roomKey, room);
        await reconcile(roomKey, room);
      });
      track(refreshed).catch(onError);
    }
  }, ttlMs / 3);
  refresh.unref();

  const bundleArgs = (bundle: BlobBundle) => [Buffer.from(bundle.base), ...bundle.oneTime.map((b) => Buffer.from(b))];

  return {
    async join(roomKey: string, peer: LocalPeer, bundle: BlobBundle, maxMembers: number): Promise<JoinResult> {
      const room = roomFor(roomKey);
      room.joining++;
      try {
        await room.subscribed; // before joining, so no event about this room is missed
        const now = Date.now();
        const [ok, stale, members = []] = await track(
          scripts.parleyJoinBuffer(membersKey(roomKey), now, blobPrefix(roomKey), maxMembers, memberString(peer.key), now + ttlMs, ttlMs, ...bundleArgs(bundle)),
        );
        for (const member of stale) {
          const peerKey = member.toString('latin1').slice(0, HEX_ID);
          remoteLeft(room, peerKey);
          track(announceLeft(roomKey, peerKey)).catch(onError);
        }
        if (ok !== 1) return { ok: false, reason: 'roomFull' };
        // The snapshot is from when the script ran; pub/sub events may have overtaken its reply.
        // Members who left since are dropped; members who joined since (already in `remote` or
        // `local`) reach the newcomer as peer-joined, queued behind its joined frame.
        const result: MemberBlobs[] = [];
        const inSnapshot = new Set<string>();
        for (const [member, base, oneTime] of members) {
          const text = member.toString('latin1');
          const peerKey = text.slice(0, HEX_ID);
          const owner = text.slice(HEX_ID);
          if (room.departed.has(peerKey)) continue;
          inSnapshot.add(peerKey);
          if (owner !== instance) room.remote.set(peerKey, owner);
          result.push({ peerId: idOf(peerKey), base: new Uint8Array(base), oneTime: new Uint8Array(oneTime) });
        }
        for (const peerKey of [...room.remote.keys(), ...room.local.keys()]) {
          if (!inSnapshot.has(peerKey)) peer.deliver(encodeServerFrame({ type: 'peer-joined', peerId: idOf(peerKey) }));
        }
        tellLocal(room, encodeServerFrame({ type: 'peer-joined', peerId: peer.id }));
        room.local.set(peer.key, peer);
        peers.set(peer.key, peer);
        await track(announceJoined(roomKey, peer.key));
        return { ok: true, members: result };
      } finally {
        room.joining--;
        releaseRoom(roomKey, room);
      }
    },

    async publish(roomKey: string, peer: LocalPeer, bundle: BlobBundle): Promise<void> {
      await track(scripts.parleyPublish(membersKey(roomKey), blobPrefix(roomKey), memberString(peer.key), ttlMs, ...bundleArgs(bundle)));
    },

    async leave(roomKey: string, peer: LocalPeer): Promise<void> {
      const room = rooms.get(roomKey);
      if (!room?.local.delete(peer.key)) return;
      room.departed.set(peer.key, Date.now());
      peers.delete(peer.key);
      tellLocal(room, encodeServerFrame({ type: 'peer-left', peerId: peer.id }));
      releaseRoom(roomKey, room);
      await track(
        commands
          .multi()
          .zrem(membersKey(roomKey), memberString(peer.key))
          .del(`${blobPrefix(roomKey)}b:${peer.key}`, `${blobPrefix(roomKey)}o:${peer.key}`)
          .exec()
          .then(() => announceLeft(roomKey, peer.key)),
      );
    },

    forward(roomKey: string, toKey: string, frame: Uint8Array): boolean {
      const room = rooms.get(roomKey);
      if (!room) return false;
      const local = room.local.get(toKey);
      if (local) {
        local.deliver(frame);
        return true;
      }
      const owner = room.remote.get(toKey);
      if (!owner) return false;
      track(commands.publish(`parley:i:${owner}`, Buffer.concat([Buffer.from(toKey, 'hex'), frame]))).catch(onError);
      return true;
    },

    localRoomCount(): number {
      return rooms.size;
    },

    sharedStoreReady: ready,

    mailboxes,

    async close(): Promise<void> {
      closing = true;
      clearInterval(refresh);
      await mailboxes.close();
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}

/** Room blobs and queued mail must stay in Redis memory: say so at start if Redis would write
 * them to disk (RDB snapshots or an append-only file). */
async function warnIfPersistent(commands: Redis, logger: RelayLogger): Promise<void> {
  let snapshots: boolean;
  let appendOnly: boolean;
  try {
    const [, save = ''] = (await commands.config('GET', 'save')) as string[];
    const [, appendonly = 'no'] = (await commands.config('GET', 'appendonly')) as string[];
    snapshots = save.trim() !== '';
    appendOnly = appendonly === 'yes';
  } catch {
    logger.info('redis-persistence-unknown'); // CONFIG is often disabled on managed Redis
    return;
  }
  if (snapshots || appendOnly) logger.warn('redis-persistence-on', { snapshots, appendOnly });
}
