// The relay (DESIGN.md "The relay", docs/PROTOCOL.md §10): a WebSocket server that lets members of
// a room, known only by an opaque 32-byte roomId, find each other under random per-join peer ids,
// fetch each other's opaque prekey-bundle blobs and pass opaque envelopes. It keeps nothing on
// disk and logs only counts and error codes. HTTP on the same port: /healthz, /metrics (unless it
// has a listen address of its own), /join.
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { ProtocolError } from '../protocol/errors';
import {
  type BlobBundle,
  CLOSE_CODE_BASE,
  CLOSE_SERVICE_RESTART,
  type ClientFrame,
  PEER_ID_BYTES,
  RelayErrorCode,
  type RelayErrorCodeName,
  decodeClientFrame,
  encodeServerFrame,
  isSendFrame,
  rewriteSendAsMessage,
  sendTarget,
} from '../protocol/relay-wire/codec';
import { type LocalPeer, type RoomBackend, hexKey } from './backend';
import { type MailboxLimits, mailboxPostBucket, resolveMailboxLimits } from './mailbox';
import { JOIN_PAGE_HEADERS, JOIN_PAGE_HTML } from './join-page';
import { type RelayLimits, TokenBucket, resolveLimits } from './limits';
import { type RelayLogger, stderrLogger } from './logger';
import { MemoryBackend } from './memory-backend';
import { RelayMetrics } from './metrics';
import { type RunningStunServer, startStunServer } from './stun';
import { type TurnConfig, createTurnCredentials } from './turn';
import { RELAY_VERSION } from './version';

export interface RedisOptions {
  url: string;
  /** A member whose instance stops refreshing it disappears from the room after this long. */
  memberTtlMs?: number;
}

export interface RelayOptions {
  /** Default 127.0.0.1: only reachable from this machine unless the operator says otherwise. */
  host?: string;
  /** Default 0: any free port (see RunningRelay.port). */
  port?: number;
  limits?: Partial<RelayLimits>;
  /** Contact mailboxes (PROTOCOL.md §13.4): queue expiry, bounds, post rate. */
  mailbox?: Partial<MailboxLimits>;
  turn?: TurnConfig;
  /**
   * The built-in STUN server (relay/stun.ts, PROTOCOL.md §10.7) on UDP, by default on the relay's
   * own port number. On by default unless the relay listens on loopback only; false turns it off.
   */
  stun?: false | { port?: number };
  /** STUN servers the operator runs elsewhere (e.g. coturn's), handed to clients before the relay's own. */
  stunUrls?: string[];
  /** Share rooms with other relay processes through Redis (loads ioredis only when set). */
  redis?: RedisOptions;
  /** Serve wss:// directly (PEM). Usually a reverse proxy terminates TLS instead. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Default: JSON lines on stderr. */
  logger?: RelayLogger;
  /** Opt-in: add client addresses to the log lines about limit violations (abuse handling). */
  logAddresses?: boolean;
  /** Take the client address from the last X-Forwarded-For entry (only behind your own proxy). */
  trustProxy?: boolean;
  /** Test hook: sees every byte the relay sends to any client, frame by frame. */
  onForward?: (bytes: Uint8Array) => void;
  /** How long a graceful close waits for clients to go before cutting them off. Default 2000. */
  shutdownGraceMs?: number;
  /** Serve /metrics (and /healthz) on this address only, not on the relay port. */
  metricsListen?: { host?: string; port: number };
}

export interface RunningRelay {
  /** ws://host:port (wss:// with tls). */
  url: string;
  port: number;
  /** The built-in STUN server's UDP port; null when it is off. */
  stunPort: number | null;
  /** Prometheus text, as GET /metrics serves it. */
  metricsText(): string;
  /** http(s)://host:port/metrics: on the relay port, or on `metricsListen`. */
  metricsUrl: string;
  /** Graceful: tells every client to reconnect (close 1012), then stops. */
  close(): Promise<void>;
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The host name of a Host header ("relay.example.org:8443" -> "relay.example.org"), or null if it is not one. */
export function hostOf(header: string | undefined): string | null {
  const match = header === undefined ? null : /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(?::\d{1,5})?$/.exec(header);
  return match ? match[1]!.toLowerCase() : null;
}

export async function startRelay(options: RelayOptions = {}): Promise<RunningRelay> {
  const limits = resolveLimits(options.limits);
  const logger = options.logger ?? stderrLogger;
  const metrics = new RelayMetrics(RELAY_VERSION);
  const mailboxLimits = resolveMailboxLimits(options.mailbox);
  const backend: RoomBackend = options.redis
    ? await (await import('./redis-backend')).createRedisBackend(options.redis, logger, mailboxLimits)
    : new MemoryBackend(mailboxLimits);
  const connections = new Set<Connection>();
  const mailboxes = backend.mailboxes;
  const perAddress = new Map<string, number>();
  let shuttingDown = false;

  class Connection {
    peer: (LocalPeer & { ready: boolean; pending: Uint8Array[] }) | undefined;
    room: string | undefined;
    joining = false;
    leaveAfterJoin = false;
    alive = true;
    closed = false;
    violations = 0;
    readonly bucket = new TokenBucket(limits.framesPerSecond, limits.frameBurst);
    readonly postBucket = mailboxPostBucket(mailboxLimits);
    readonly mailListener = { deliver: (frame: Uint8Array) => this.write(frame) };

    constructor(
      readonly ws: WebSocket,
      readonly address: string,
      /** The STUN servers this client is told about: the operator's, then ours at the host name it used. */
      readonly stunUrls: string[],
    ) {}

    write(frame: Uint8Array): void {
      if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
      this.ws.send(frame);
      metrics.sentFrames++;
      metrics.sentBytes += frame.length;
      options.onForward?.(frame);
      if (this.ws.bufferedAmount > limits.maxBufferedBytes) this.end('slowConsumer');
    }

    error(reason: RelayErrorCodeName): void {
      metrics.refused(reason);
      this.write(encodeServerFrame({ type: 'error', code: RelayErrorCode[reason] }));
    }

    violation(reason: RelayErrorCodeName): void {
      this.error(reason);
      if (++this.violations >= limits.maxViolations) this.end(reason);
    }

    /** Closes the connection because of `reason`; the client learns it from the close code. */
    end(reason: RelayErrorCodeName): void {
      if (this.closed) return;
      metrics.closed(reason);
      logger.info('connection-closed', { reason, ...(options.logAddresses ? { address: this.address } : {}) });
      if (reason === 'slowConsumer' || reason === 'idleTimeout') {
        // Its buffer is full or it is gone: a close handshake would only wait. Cut it off.
        this.closed = true;
        this.ws.terminate();
        return;
      }
      this.write(encodeServerFrame({ type: 'error', code: RelayErrorCode[reason] }));
      this.closed = true;
      this.ws.close(CLOSE_CODE_BASE + RelayErrorCode[reason]);
    }

    onMessage(data: RawData, isBinary: boolean): void {
      this.alive = true;
      const bytes = data as Buffer; // binaryType 'nodebuffer': always one Buffer
      metrics.receivedFrames++;
      metrics.receivedBytes += bytes.length;
      if (this.closed) return;
      if (!this.bucket.take()) return this.violation('rateLimited');
      if (!isBinary) return this.violation('malformed');
      if (bytes.length > limits.maxFrameBytes) return this.violation('frameTooLarge');
      if (isSendFrame(bytes)) return this.send(bytes);
      let frame: ClientFrame;
      try {
        frame = decodeClientFrame(bytes);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        return this.violation(e.code === 'unsupported-version' ? 'unsupportedVersion' : 'malformed');
      }
      switch (frame.type) {
        case 'join':
          return this.join(hexKey(frame.roomId), frame.bundle);
        case 'publish':
          if (!this.peer || !this.room) return this.error('notInRoom');
          if (frame.bundle.oneTime.length > limits.maxOneTimeBlobs) return this.violation('bundleTooLarge');
          return void this.settle(backend.publish(this.room, this.peer, frame.bundle));
        case 'leave':
          if (this.joining) this.leaveAfterJoin = true;
          else if (!this.leave()) this.error('notInRoom');
          return;
        case 'send': // isSendFrame caught every decodable send frame
          return this.send(bytes);
        case 'listen':
          // Listens share the post bucket: with Redis each new id costs a subscription and a read.
          if (!this.postBucket.take()) return this.violation('rateLimited');
          if (frame.mailboxIds.length > mailboxes.limits.maxListenIds) return this.violation('tooManyMailboxes');
          return mailboxes.listen(this.mailListener, frame.mailboxIds.map(hexKey));
        case 'post':
          // No answer either way: the sender must not learn whether anybody listens (§13.4).
          if (!this.postBucket.take()) return this.violation('rateLimited');
          if (frame.blob.length > mailboxes.limits.maxPostBytes) return this.violation('frameTooLarge');
          return mailboxes.post(hexKey(frame.mailboxId), encodeServerFrame({ type: 'mail', mailboxId: frame.mailboxId, blob: frame.blob }));
      }
    }

    /** Forwards a send frame, rewritten in place into the recipient's message frame. */
    send(bytes: Uint8Array): void {
      if (!this.peer || !this.room) return this.error('notInRoom');
      const to = hexKey(sendTarget(bytes));
      if (!backend.forward(this.room, to, rewriteSendAsMessage(bytes, this.peer.id))) this.error('unknownPeer');
    }

    join(roomKey: string, bundle: BlobBundle): void {
      if (this.peer || this.joining) return this.error('tooManyRooms');
      if (bundle.oneTime.length > limits.maxOneTimeBlobs) return this.violation('bundleTooLarge');
      const id = new Uint8Array(randomBytes(PEER_ID_BYTES));
      // Frames for the newcomer that race ahead of its `joined` frame wait in `pending`.
      const peer = {
        id,
        key: hexKey(id),
        ready: false,
        pending: [] as Uint8Array[],
        deliver: (frame: Uint8Array) => (peer.ready ? this.write(frame) : peer.pending.push(frame)),
      };
      this.joining = true;
      const done = (result: Awaited<ReturnType<RoomBackend['join']>>) => {
        this.joining = false;
        if (!result.ok) return this.error(result.reason);
        if (this.closed || this.leaveAfterJoin) {
          this.leaveAfterJoin = false;
          return void this.settle(backend.leave(roomKey, peer));
        }
        this.peer = peer;
        this.room = roomKey;
        const turn = options.turn && createTurnCredentials(options.turn);
        this.write(encodeServerFrame({ type: 'joined', peerId: id, members: result.members, ...(turn ? { turn } : {}), stunUrls: this.stunUrls }));
        peer.ready = true;
        for (const frame of peer.pending.splice(0)) this.write(frame);
      };
      const result = backend.join(roomKey, peer, bundle, limits.maxMembersPerRoom);
      if (result instanceof Promise) {
        result.then(done, () => {
          this.joining = false;
          logger.warn('backend-error', { operation: 'join' });
          this.error('internal');
        });
      } else {
        done(result);
      }
    }

    leave(): boolean {
      if (!this.peer || !this.room) return false;
      this.settle(backend.leave(this.room, this.peer));
      this.peer = undefined;
      this.room = undefined;
      return true;
    }

    settle(result: void | Promise<void>): void {
      if (result instanceof Promise) result.catch(() => logger.warn('backend-error', { operation: 'update' }));
    }

    onClose(): void {
      this.closed = true;
      this.leave();
      mailboxes.unlisten(this.mailListener);
      connections.delete(this);
      metrics.connections--;
      const n = (perAddress.get(this.address) ?? 1) - 1;
      if (n <= 0) perAddress.delete(this.address);
      else perAddress.set(this.address, n);
    }
  }

  /** Set once the HTTP server listens (its port is the STUN port's default). */
  let stun: RunningStunServer | null = null;

  function clientAddress(req: IncomingMessage): string {
    if (options.trustProxy) {
      const forwarded = req.headers['x-forwarded-for'];
      const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
      if (last) return last;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  /** 200 while this instance can serve, 503 while it shuts down or has lost Redis: a balancer
   * then sends newcomers elsewhere. */
  function health(): { status: number; body: string } {
    const redis = backend.sharedStoreReady?.();
    const state = shuttingDown ? 'shutting-down' : redis === false ? 'redis-down' : 'ok';
    const body = { status: state, version: RELAY_VERSION, ...(redis === undefined ? {} : { redis: redis ? 'up' : 'down' }) };
    return { status: state === 'ok' ? 200 : 503, body: `${JSON.stringify(body)}\n` };
  }

  const httpHandler =
    (paths: { metrics: boolean; join: boolean }) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
      } else if (path === '/healthz') {
        const { status, body } = health();
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
      } else if (path === '/metrics' && paths.metrics) {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsText());
      } else if (path === '/join' && paths.join) {
        res.writeHead(200, JOIN_PAGE_HEADERS).end(JOIN_PAGE_HTML);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    };
  const onHttp = httpHandler({ metrics: !options.metricsListen, join: true });

  const metricsText = () => {
    metrics.connections = connections.size;
    const redisUp = backend.sharedStoreReady?.();
    return metrics.render({ rooms: backend.localRoomCount(), ...(redisUp === undefined ? {} : { redisUp }) });
  };

  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onHttp) : createHttpServer(onHttp);
  const wss = new WebSocketServer({
    server,
    perMessageDeflate: false, // payloads are ciphertext: compression gains nothing and adds risk
    maxPayload: limits.hardMaxFrameBytes,
    clientTracking: false,
  });
  wss.on('error', () => logger.warn('server-error'));
  wss.on('connection', (ws, req) => {
    const address = clientAddress(req);
    const stunHost = stun ? hostOf(req.headers.host) : null;
    const conn = new Connection(ws, address, [...(options.stunUrls ?? []), ...(stun && stunHost ? [`stun:${stunHost}:${stun.port}`] : [])]);
    connections.add(conn);
    metrics.connections++;
    metrics.acceptedConnections++;
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    ws.on('message', (data, isBinary) => {
      try {
        conn.onMessage(data, isBinary);
      } catch {
        // A bug must cost one connection, never the process and every other room.
        logger.warn('handler-error');
        conn.end('internal');
      }
    });
    ws.on('pong', () => (conn.alive = true));
    ws.on('close', () => conn.onClose());
    // ws closes the connection itself after a protocol error (oversized or broken frame).
    ws.on('error', (e: Error & { code?: string }) => {
      metrics.closed(e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frameTooLarge' : 'malformed');
    });
    if (shuttingDown) return conn.end('shuttingDown');
    if ((perAddress.get(address) ?? 0) > limits.maxConnectionsPerAddress) conn.end('tooManyConnections');
  });

  // One sweep for all connections: a connection that neither sent a frame nor answered the last
  // ping since the previous sweep is gone. Closes between idleTimeoutMs/2 and idleTimeoutMs.
  const sweep = setInterval(() => {
    for (const conn of connections) {
      if (conn.closed) continue;
      if (!conn.alive) conn.end('idleTimeout');
      else {
        conn.alive = false;
        conn.ws.ping();
      }
    }
    mailboxes.sweep();
  }, limits.idleTimeoutMs / 2);
  sweep.unref();

  const listen = (target: typeof server, port: number, host: string) =>
    new Promise<AddressInfo>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, host, () => {
        target.off('error', reject);
        resolve(target.address() as AddressInfo);
      });
    });
  const hostPort = (address: AddressInfo) => `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let address: AddressInfo;
  let metricsServer: ReturnType<typeof createHttpServer> | undefined;
  let metricsAddress: AddressInfo;
  try {
    address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
    if (options.metricsListen) {
      metricsServer = createHttpServer(httpHandler({ metrics: true, join: false }));
      metricsAddress = await listen(metricsServer, options.metricsListen.port, options.metricsListen.host ?? '127.0.0.1');
    } else {
      metricsAddress = address;
    }
  } catch (e) {
    clearInterval(sweep);
    server.close();
    await backend.close();
    throw e;
  }
  const listenHost = options.host ?? '127.0.0.1';
  // Nobody behind a NAT reaches a relay on loopback, so a STUN server there would serve no one.
  const stunWanted = options.stun !== false && (options.stun !== undefined || !isLoopbackHost(listenHost));
  const stunPort = (options.stun || {}).port ?? address.port;
  try {
    stun = stunWanted
      ? await startStunServer({ host: listenHost, port: stunPort, onRequest: (answered) => void (answered ? metrics.stunAnswered++ : metrics.stunDropped++) })
      : null;
  } catch (error) {
    clearInterval(sweep);
    server.close();
    metricsServer?.close();
    await backend.close();
    throw new Error(`the STUN port (UDP ${stunPort}) is not free: ${(error as Error).message}`, { cause: error });
  }
  logger.info('relay-started', {
    port: address.port,
    stun: stun?.port ?? false,
    version: RELAY_VERSION,
    redis: !!options.redis,
    turn: !!options.turn,
    tls: !!options.tls,
    ...(metricsServer ? { metricsPort: metricsAddress.port } : {}),
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      shuttingDown = true;
      clearInterval(sweep);
      const open = [...connections];
      logger.info('relay-stopping', { connections: open.length });
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const conn of open) {
        conn.write(encodeServerFrame({ type: 'error', code: RelayErrorCode.shuttingDown }));
        conn.closed = true;
        conn.ws.close(CLOSE_SERVICE_RESTART, 'relay restarting');
      }
      const graceMs = options.shutdownGraceMs ?? 2000;
      const deadline = Date.now() + graceMs;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const conn of connections) conn.ws.terminate();
      server.closeAllConnections?.();
      wss.close();
      await serverClosed;
      await stun?.close();
      if (metricsServer) {
        const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
        await metricsClosed;
      }
      await backend.close();
      logger.info('relay-stopped');
    })());

  return {
    url: `${options.tls ? 'wss' : 'ws'}://${hostPort(address)}`,
    port: address.port,
    stunPort: stun?.port ?? null,
    metricsText,
    metricsUrl: `${options.tls && !metricsServer ? 'https' : 'http'}://${hostPort(metricsAddress)}/metrics`,
    close,
  };
}
