// Relay client (docs/PROTOCOL.md §10.6): one connection to the relay, one room at a time, typed
// events, automatic reconnect with jittered exponential backoff, and resumption of room membership.
//
// Resumption: after a reconnect the client joins its room again and publishes its blobs again.
// The relay hands out a new peer id on every join, so the other members see the old id leave and
// a new one join (peer-left + peer-joined), never a "resume"; the handshake layer runs again.
import type { ProtocolError } from '../errors';
import {
  type BlobBundle,
  CLOSE_CODE_BASE,
  CLOSE_SERVICE_RESTART,
  type MemberBlobs,
  RelayErrorCode,
  type RelayErrorCodeName,
  type TurnCredentials,
  decodeServerFrame,
  encodeClientFrame,
  relayErrorName,
} from '../relay-wire/codec';
import { type RelaySocket, type RelaySocketConstructor, SOCKET_OPEN, type Timers, globalTimers } from './socket';

export type RelayConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RelayClientEvents {
  /** `closeCode`: why the last connection ended (see relayCloseReason), when reconnecting. */
  state: { state: RelayConnectionState; closeCode?: number };
  /** `resumed` is true when this join was made automatically after a reconnect. */
  joined: { peerId: Uint8Array; members: MemberBlobs[]; turn?: TurnCredentials; stunUrls: string[]; resumed: boolean };
  'peer-joined': { peerId: Uint8Array };
  'peer-left': { peerId: Uint8Array };
  message: { from: Uint8Array; envelope: Uint8Array };
  /** A post to one of the mailboxes we listen on (PROTOCOL.md §13.4). */
  mail: { mailboxId: Uint8Array; blob: Uint8Array };
  /** An error frame from the relay, or (`local`) a frame from it that did not decode. */
  error: { code: number; name: RelayErrorCodeName | undefined; local: boolean };
}
type Listener<K extends keyof RelayClientEvents> = (event: RelayClientEvents[K]) => void;

/** Blobs to publish on each (re)join. A function is asked again every time, so one-time blobs are
 * never handed out twice; a fixed bundle is re-published with its base blob only on resumption. */
export type BundleSource = BlobBundle | (() => BlobBundle);

export interface RelayClientOptions {
  url: string;
  WebSocket: RelaySocketConstructor;
  /** First reconnect waits up to initialMs, doubling per failed attempt up to maxMs (full jitter). */
  backoff?: { initialMs?: number; maxMs?: number };
  random?: () => number;
  timers?: Timers;
}

/** Full-jitter backoff (AWS architecture blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, initialMs * 2 ** attempt));
}

export class RelayClient {
  private socket: RelaySocket | undefined;
  private state: RelayConnectionState = 'closed';
  private stopped = true;
  private attempt = 0;
  private retryTimer: unknown;
  private room: { roomId: Uint8Array; bundle: BundleSource; joinedOnce: boolean } | undefined;
  private currentPeerId: Uint8Array | undefined;
  private mailboxIds: Uint8Array[] = [];
  private readonly listeners = new Map<keyof RelayClientEvents, Set<Listener<never>>>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(private readonly options: RelayClientOptions) {
    this.timers = options.timers ?? globalTimers;
    this.random = options.random ?? Math.random;
    this.initialMs = options.backoff?.initialMs ?? 500;
    this.maxMs = options.backoff?.maxMs ?? 30_000;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof RelayClientEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  get connectionState(): RelayConnectionState {
    return this.state;
  }

  /** Our peer id in the current room, while joined. */
  get peerId(): Uint8Array | undefined {
    return this.currentPeerId;
  }

  /** Opens the connection (and keeps it open, reconnecting, until close()). */
  connect(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  /** Joins a room now if connected, and again after every reconnect. */
  join(roomId: Uint8Array, bundle: BundleSource): void {
    this.room = { roomId, bundle, joinedOnce: false };
    this.sendJoin();
  }

  /** Replaces our blobs (also for future resumptions). */
  publish(bundle: BundleSource): void {
    if (!this.room) return;
    this.room.bundle = bundle;
    if (this.currentPeerId) this.transmit(encodeClientFrame({ type: 'publish', bundle: resolveBundle(bundle, false) }));
  }

  /** Sends an envelope to a member; false when not connected and joined (nothing is queued). */
  send(to: Uint8Array, envelope: Uint8Array): boolean {
    if (!this.currentPeerId) return false;
    return this.transmit(encodeClientFrame({ type: 'send', to, envelope }));
  }

  /** Listens on these mailbox ids (replacing earlier ones) now and after every reconnect. */
  listen(mailboxIds: Uint8Array[]): void {
    this.mailboxIds = mailboxIds.map((id) => id.slice());
    if (this.state === 'open') this.transmit(encodeClientFrame({ type: 'listen', mailboxIds: this.mailboxIds }));
  }

  /** Posts an opaque blob to a mailbox; false when not connected. The relay never answers a post. */
  post(mailboxId: Uint8Array, blob: Uint8Array): boolean {
    return this.transmit(encodeClientFrame({ type: 'post', mailboxId, blob }));
  }

  leave(): void {
    this.room = undefined;
    if (this.currentPeerId) this.transmit(encodeClientFrame({ type: 'leave' }));
    this.currentPeerId = undefined;
  }

  /** Closes for good: no reconnect. */
  close(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.retryTimer);
    this.currentPeerId = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onopen = null;
      // Closing a socket that is still connecting makes it report an error; in Node's `ws` an
      // error nobody listens for is thrown as an uncaught exception.
      socket.onerror = () => {};
      socket.close(1000);
    }
    this.setState('closed');
  }

  private emit<K extends keyof RelayClientEvents>(event: K, payload: RelayClientEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<K>)(payload);
  }

  private setState(state: RelayConnectionState, closeCode?: number): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', closeCode === undefined ? { state } : { state, closeCode });
  }

  private transmit(frame: Uint8Array): boolean {
    if (this.socket?.readyState !== SOCKET_OPEN) return false;
    this.socket.send(frame);
    return true;
  }

  private sendJoin(): void {
    if (!this.room || this.state !== 'open') return;
    const bundle = resolveBundle(this.room.bundle, this.room.joinedOnce);
    this.transmit(encodeClientFrame({ type: 'join', roomId: this.room.roomId, bundle }));
  }

  private open(): void {
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new this.options.WebSocket(this.options.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.setState('open');
      if (this.mailboxIds.length > 0) this.transmit(encodeClientFrame({ type: 'listen', mailboxIds: this.mailboxIds }));
      this.sendJoin();
    };
    socket.onmessage = (event) => this.onFrame(event.data);
    socket.onerror = () => {}; // a close event follows; reconnecting is handled there
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.currentPeerId = undefined;
      if (this.stopped) return this.setState('closed');
      this.scheduleReconnect(event.code);
    };
  }

  private scheduleReconnect(closeCode: number): void {
    this.setState('reconnecting', closeCode);
    // A relay restart (1012) is not our fault: start over from the shortest delay.
    if (closeCode === CLOSE_SERVICE_RESTART) this.attempt = 0;
    const delay = backoffDelay(this.attempt, this.initialMs, this.maxMs, this.random);
    this.attempt++;
    this.retryTimer = this.timers.setTimeout(() => {
      if (!this.stopped) this.open();
    }, delay);
  }

  private onFrame(data: unknown): void {
    let frame;
    try {
      frame = decodeServerFrame(toBytes(data));
    } catch (e) {
      const code = (e as ProtocolError).code === 'unsupported-version' ? RelayErrorCode.unsupportedVersion : RelayErrorCode.malformed;
      this.emit('error', { code, name: relayErrorName(code), local: true });
      return;
    }
    switch (frame.type) {
      case 'joined': {
        const resumed = this.room?.joinedOnce ?? false;
        if (this.room) this.room.joinedOnce = true;
        this.currentPeerId = frame.peerId;
        this.attempt = 0;
        return this.emit('joined', { peerId: frame.peerId, members: frame.members, ...(frame.turn ? { turn: frame.turn } : {}), stunUrls: frame.stunUrls ?? [], resumed });
      }
      case 'peer-joined':
        return this.emit('peer-joined', { peerId: frame.peerId });
      case 'peer-left':
        return this.emit('peer-left', { peerId: frame.peerId });
      case 'message':
        return this.emit('message', { from: frame.from, envelope: frame.envelope });
      case 'error':
        return this.emit('error', { code: frame.code, name: relayErrorName(frame.code), local: false });
      case 'mail':
        return this.emit('mail', { mailboxId: frame.mailboxId, blob: frame.blob });
    }
  }
}

function resolveBundle(source: BundleSource, resuming: boolean): BlobBundle {
  if (typeof source === 'function') return source();
  // The one-time blobs of a fixed bundle may have been handed out already: never reuse them.
  return resuming ? { base: source.base, oneTime: [] } : source;
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return new Uint8Array(0); // text or anything else: decodes as malformed
}

/** Close codes the relay uses: 1012 = restart (reconnect), 4000 + RelayErrorCode = that error. */
export function relayCloseReason(code: number): RelayErrorCodeName | 'restart' | undefined {
  if (code === CLOSE_SERVICE_RESTART) return 'restart';
  return code > CLOSE_CODE_BASE ? relayErrorName(code - CLOSE_CODE_BASE) : undefined;
}
