// The evil relay (README.md): a WebSocket proxy in front of a real relay (relay/server.ts) that
// sees every frame in both directions, decoded with the real codec, and can hold, drop, delay,
// duplicate, reorder, replay and inject frames per direction and per peer, and split a room into
// groups that do not see each other. It is what PROTOCOL.md and SECURITY.md assume the relay
// operator can do; tests point clients at `url` instead of the relay's.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { AddressInfo } from 'node:net';
import { decodeClientFrame, decodeServerFrame, encodeServerFrame } from '../../protocol/relay-wire/codec';
import type { ClientFrame, ServerFrame } from '../../protocol/relay-wire/codec';
import { startRelay } from '../../relay/server';
import type { RelayOptions, RunningRelay } from '../../relay/server';
import { Waiters } from './waiters';

/** 'to-relay': what a client sent; 'to-client': what the relay sent it. */
export type Direction = 'to-relay' | 'to-client';

export interface InterceptedFrame {
  /** Order of arrival at the proxy, from 1. */
  seq: number;
  at: number;
  direction: Direction;
  /** The proxy's name for the client's connection: 'c1', 'c2', ... in the order they connected. */
  client: string;
  /** That connection's relay peer id (hex), once the relay told it (its `joined` frame). */
  peerId: string | null;
  /** The frame decoded with the real codec; null when it does not decode. */
  frame: ClientFrame | ServerFrame | null;
  /** frame.type, or 'undecodable'. */
  type: string;
  /** send frames: the recipient's peer id; message frames: the sender's (hex). */
  to?: string;
  from?: string;
  bytes: Uint8Array;
}

/** Which frames a rule applies to: every field given must match (peer matches the client's peer id). */
export type FrameFilter =
  | { direction?: Direction; client?: string; peer?: string; type?: string | string[]; from?: string; to?: string }
  | ((frame: InterceptedFrame) => boolean);

export interface RuleHandle {
  /** How many frames the rule has applied to so far. */
  readonly matched: number;
  remove(): void;
}

/** Who to deliver to: a client connection by name, or by its relay peer id. */
export type Target = { client: string } | { peer: string };

export interface EvilRelayOptions {
  /** ws:// URL of the relay to stand in front of; default: start a real one (and stop it on close). */
  upstream?: string;
  /** Options for the relay started when no upstream is given. */
  relay?: Omit<RelayOptions, 'host' | 'port'>;
}

export interface EvilRelay {
  /** Where clients connect instead of the relay. */
  url: string;
  /** The real relay behind it (when the proxy started it). */
  relay: RunningRelay | null;
  /** Every frame in both directions, in arrival order (dropped and held ones included). */
  recorded: InterceptedFrame[];
  clients(): Array<{ client: string; peerId: string | null; open: boolean }>;
  /** Matching frames vanish (the first `count` only, if given). */
  drop(filter: FrameFilter, options?: { count?: number }): RuleHandle;
  /** Matching frames wait until release(). */
  hold(filter: FrameFilter): RuleHandle;
  held(): InterceptedFrame[];
  /** Delivers held frames (matching `filter`, default all): 'fifo', 'lifo' (reversed) or 'shuffle'. Returns how many. */
  release(options?: { filter?: FrameFilter; order?: 'fifo' | 'lifo' | 'shuffle'; random?: () => number }): number;
  /** Matching frames are delivered `times` extra times. */
  duplicate(filter: FrameFilter, times?: number): RuleHandle;
  /** Matching frames are delivered `ms` later (which reorders them against the rest). */
  delay(filter: FrameFilter, ms: number): RuleHandle;
  /** Sends bytes to a client (as if from the relay) or, direction 'to-relay', to the relay as if from the client. */
  inject(target: Target, bytes: Uint8Array, direction?: Direction): void;
  /** A `message` frame to `target` that claims to come from peer `from` (hex). */
  injectMessage(target: Target, from: string, envelope: Uint8Array): void;
  /** Sends a recorded frame again, in its direction, to its client or to `target`. */
  replay(frame: InterceptedFrame, target?: Target): void;
  /**
   * Two groups (client names or peer ids) that no longer see each other: their sends and
   * messages between the groups are dropped, and joined / peer-joined / peer-left frames are
   * rewritten so neither group hears of the other. Clients in neither group see everyone.
   */
  split(groupA: string[], groupB: string[]): RuleHandle;
  waitFor<T>(pick: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

interface Connection {
  name: string;
  peerId: string | null;
  client: WebSocket;
  upstream: WebSocket;
  pendingUp: Uint8Array[];
}

interface Rule {
  kind: 'drop' | 'hold' | 'duplicate' | 'delay';
  filter: FrameFilter;
  matched: number;
  count?: number;
  times?: number;
  ms?: number;
}

const toBytes = (data: RawData): Uint8Array => (Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : new Uint8Array(data as ArrayBuffer));

function matches(filter: FrameFilter, f: InterceptedFrame): boolean {
  if (typeof filter === 'function') return filter(f);
  if (filter.direction && filter.direction !== f.direction) return false;
  if (filter.client && filter.client !== f.client) return false;
  if (filter.peer && filter.peer !== f.peerId) return false;
  if (filter.type && !(Array.isArray(filter.type) ? filter.type : [filter.type]).includes(f.type)) return false;
  if (filter.from && filter.from !== f.from) return false;
  if (filter.to && filter.to !== f.to) return false;
  return true;
}

/** Closing codes a peer may send (RFC 6455 §7.4); others end the connection without a code. */
const sendable = (code: number) => (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);

export async function startEvilRelay(options: EvilRelayOptions = {}): Promise<EvilRelay> {
  const relay = options.upstream ? null : await startRelay({ logger: { info: () => undefined, warn: () => undefined }, ...options.relay, host: '127.0.0.1', port: 0 });
  const upstreamUrl = options.upstream ?? relay!.url;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const connections: Connection[] = [];
  const recorded: InterceptedFrame[] = [];
  const rules = new Set<Rule>();
  const heldFrames: InterceptedFrame[] = [];
  const splits = new Set<{ a: Set<string>; b: Set<string> }>();
  const waiters = new Waiters();
  let seq = 0;

  const connectionOf = (target: Target): Connection | undefined =>
    connections.find((c) => ('client' in target ? c.name === target.client : c.peerId === target.peer) && c.client.readyState === WebSocket.OPEN);
  const namesOf = (c: Connection | undefined, peerId: string | null): string[] => [c?.name, peerId ?? c?.peerId].filter((n): n is string => !!n);
  const separated = (x: string[], y: string[]) => [...splits].some(({ a, b }) => (x.some((n) => a.has(n)) && y.some((n) => b.has(n))) || (x.some((n) => b.has(n)) && y.some((n) => a.has(n))));
  const connectionOfPeer = (peerId: string) => connections.find((c) => c.peerId === peerId);

  function write(c: Connection, direction: Direction, bytes: Uint8Array): void {
    if (direction === 'to-client') {
      if (c.client.readyState === WebSocket.OPEN) c.client.send(bytes);
    } else if (c.upstream.readyState === WebSocket.OPEN) c.upstream.send(bytes);
    else if (c.upstream.readyState === WebSocket.CONNECTING) c.pendingUp.push(bytes);
  }

  /** A split rewrites what a client hears about the room; null: the frame goes away. */
  function splitView(c: Connection, f: InterceptedFrame): Uint8Array | null {
    if (splits.size === 0 || !f.frame) return f.bytes;
    const self = namesOf(c, f.peerId);
    if (f.direction === 'to-relay') return f.to && separated(self, namesOf(connectionOfPeer(f.to), f.to)) ? null : f.bytes;
    const frame = f.frame as ServerFrame;
    if (frame.type === 'message' || frame.type === 'peer-joined' || frame.type === 'peer-left') {
      const other = bytesToHex(frame.type === 'message' ? frame.from : frame.peerId);
      return separated(self, namesOf(connectionOfPeer(other), other)) ? null : f.bytes;
    }
    if (frame.type === 'joined') {
      const members = frame.members.filter((m) => !separated(self, namesOf(connectionOfPeer(bytesToHex(m.peerId)), bytesToHex(m.peerId))));
      return members.length === frame.members.length ? f.bytes : encodeServerFrame({ ...frame, members });
    }
    return f.bytes;
  }

  /** Frames about a peer whose connection has not been told its peer id yet (a split must know its group). */
  const deferred: Array<{ c: Connection; f: InterceptedFrame; copies: number; peer: string }> = [];

  function deliver(c: Connection, f: InterceptedFrame, copies = 1): void {
    const about = f.frame?.type === 'peer-joined' || f.frame?.type === 'peer-left' ? bytesToHex(f.frame.peerId) : f.from;
    if (splits.size > 0 && about && !connectionOfPeer(about)) {
      // The relay may announce a newcomer to the others before its own `joined` reaches us; a
      // peer that is not behind this proxy at all is let through after a moment.
      const entry = { c, f, copies, peer: about };
      deferred.push(entry);
      setTimeout(() => flushDeferred((d) => d === entry), 500);
      return;
    }
    const bytes = splitView(c, f);
    if (!bytes) return;
    for (let i = 0; i < copies; i++) write(c, f.direction, bytes);
  }

  function flushDeferred(which: (d: (typeof deferred)[number]) => boolean): void {
    for (const d of deferred.filter(which)) {
      deferred.splice(deferred.indexOf(d), 1);
      const bytes = splitView(d.c, d.f);
      if (bytes) for (let i = 0; i < d.copies; i++) write(d.c, d.f.direction, bytes);
    }
  }

  function intercept(c: Connection, direction: Direction, bytes: Uint8Array): void {
    let frame: ClientFrame | ServerFrame | null;
    try {
      frame = direction === 'to-relay' ? decodeClientFrame(bytes) : decodeServerFrame(bytes);
    } catch {
      frame = null;
    }
    if (frame?.type === 'joined') {
      c.peerId = bytesToHex(frame.peerId);
      flushDeferred((d) => d.peer === c.peerId);
    }
    const f: InterceptedFrame = { seq: ++seq, at: Date.now(), direction, client: c.name, peerId: c.peerId, frame, type: frame?.type ?? 'undecodable', bytes };
    if (frame?.type === 'send') f.to = bytesToHex(frame.to);
    if (frame?.type === 'message') f.from = bytesToHex(frame.from);
    recorded.push(f);
    let copies = 1;
    let delayMs = 0;
    for (const rule of rules) {
      if (!matches(rule.filter, f)) continue;
      if (rule.kind === 'drop' && rule.count !== undefined && rule.matched >= rule.count) continue;
      rule.matched++;
      if (rule.kind === 'drop') return waiters.wake();
      if (rule.kind === 'hold') {
        heldFrames.push(f);
        return waiters.wake();
      }
      if (rule.kind === 'duplicate') copies += rule.times ?? 1;
      if (rule.kind === 'delay') delayMs = Math.max(delayMs, rule.ms ?? 0);
    }
    if (delayMs > 0) setTimeout(() => deliver(c, f, copies), delayMs);
    else deliver(c, f, copies);
    waiters.wake();
  }

  server.on('connection', (client) => {
    const upstream = new WebSocket(upstreamUrl, { perMessageDeflate: false });
    const c: Connection = { name: `c${connections.length + 1}`, peerId: null, client, upstream, pendingUp: [] };
    connections.push(c);
    upstream.binaryType = 'arraybuffer';
    upstream.on('open', () => {
      for (const bytes of c.pendingUp.splice(0)) upstream.send(bytes);
    });
    upstream.on('message', (data) => intercept(c, 'to-client', toBytes(data)));
    client.on('message', (data) => intercept(c, 'to-relay', toBytes(data)));
    const closeOther = (other: WebSocket) => (code: number) => {
      if (other.readyState === WebSocket.CLOSED || other.readyState === WebSocket.CLOSING) return;
      if (sendable(code)) other.close(code);
      else other.terminate();
    };
    client.on('close', closeOther(upstream));
    upstream.on('close', closeOther(client));
    client.on('error', () => upstream.terminate());
    upstream.on('error', () => client.terminate());
    waiters.wake();
  });

  const addRule = (rule: Rule): RuleHandle => {
    rules.add(rule);
    return {
      get matched() {
        return rule.matched;
      },
      remove: () => void rules.delete(rule),
    };
  };
  const target = (t: Target): Connection => {
    const c = connectionOf(t);
    if (!c) throw new Error(`evil relay: no open client ${JSON.stringify(t)}`);
    return c;
  };

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    relay,
    recorded,
    clients: () => connections.map((c) => ({ client: c.name, peerId: c.peerId, open: c.client.readyState === WebSocket.OPEN })),
    drop: (filter, opts = {}) => addRule({ kind: 'drop', filter, matched: 0, ...(opts.count === undefined ? {} : { count: opts.count }) }),
    hold: (filter) => addRule({ kind: 'hold', filter, matched: 0 }),
    held: () => [...heldFrames],
    release: ({ filter, order = 'fifo', random = Math.random } = {}) => {
      const chosen = heldFrames.filter((f) => !filter || matches(filter, f));
      for (const f of chosen) heldFrames.splice(heldFrames.indexOf(f), 1);
      if (order === 'lifo') chosen.reverse();
      if (order === 'shuffle') for (let i = chosen.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
      }
      for (const f of chosen) {
        const c = connections.find((x) => x.name === f.client);
        if (c) deliver(c, f);
      }
      return chosen.length;
    },
    duplicate: (filter, times = 1) => addRule({ kind: 'duplicate', filter, matched: 0, times }),
    delay: (filter, ms) => addRule({ kind: 'delay', filter, matched: 0, ms }),
    inject: (t, bytes, direction = 'to-client') => write(target(t), direction, bytes),
    injectMessage: (t, from, envelope) => write(target(t), 'to-client', encodeServerFrame({ type: 'message', from: hexToBytes(from), envelope })),
    replay: (f, t) => write(t ? target(t) : target({ client: f.client }), f.direction, f.bytes),
    split: (groupA, groupB) => {
      const entry = { a: new Set(groupA), b: new Set(groupB) };
      splits.add(entry);
      return { matched: 0, remove: () => void splits.delete(entry) };
    },
    waitFor: (pick, timeoutMs = 10_000) => waiters.waitFor('EvilRelay', pick, timeoutMs),
    close: async () => {
      for (const c of connections) {
        c.client.terminate();
        c.upstream.terminate();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay?.close();
    },
  };
}
