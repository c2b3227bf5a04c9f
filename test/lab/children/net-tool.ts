// Small network probes run inside a lab namespace: a UDP echo that answers with the address it
// saw, UDP probes (what a NAT mapped us to, round-trip times) and TCP connects. The lab's own
// tests use them to prove the topology; scenario tests can too (e.g. "the LAN reaches nothing").
import { type Socket, createSocket } from 'node:dgram';
import { type Server, createConnection, createServer } from 'node:net';
import WebSocket from 'ws';
import { serveParent } from './ipc';

export interface Endpoint {
  address: string;
  port: number;
}

export type ConnectResult = { ok: true; ms: number } | { ok: false; ms: number; error: string };

function bindUdp(address: string, port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.removeListener('error', reject);
      socket.on('error', (error) => console.error(`udp ${address}:${port}: ${error.message}`));
      resolve(socket);
    });
  });
}

serveParent<Record<string, never>>(async () => {
  const servers: Array<Socket | Server> = [];
  const sockets: WebSocket[] = [];
  return {
    methods: {
      /** Answers every datagram with "address:port" of its sender, as this host sees it. */
      udpEcho: async ({ address, port }: Endpoint) => {
        const socket = await bindUdp(address, port);
        socket.on('message', (_message, from) => socket.send(`${from.address}:${from.port}`, from.port, from.address));
        servers.push(socket);
        return null;
      },
      /**
       * From one local port, one datagram to each target (a udpEcho); returns what each saw as
       * our address ("203.0.113.101:40000"), or null where nothing came back within `timeoutMs`.
       */
      udpMappings: async ({ localPort, targets, timeoutMs = 1000 }: { localPort: number; targets: Endpoint[]; timeoutMs?: number }) => {
        const socket = await bindUdp('0.0.0.0', localPort);
        const seen = new Map<string, string>();
        socket.on('message', (message, from) => seen.set(`${from.address}:${from.port}`, message.toString()));
        for (const target of targets) socket.send('probe', target.port, target.address);
        const deadline = Date.now() + timeoutMs;
        while (seen.size < targets.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        socket.close();
        return targets.map((t) => seen.get(`${t.address}:${t.port}`) ?? null);
      },
      /**
       * Hole punching as ICE does it: from `localPort`, datagrams to `peer` at `sendAtMs` (ms from
       * now), listening for `listenMs`; returns the senders ("ip:port") of what came back.
       */
      udpPunch: async ({ localPort, peer, sendAtMs, listenMs }: { localPort: number; peer: Endpoint; sendAtMs: number[]; listenMs: number }) => {
        const socket = await bindUdp('0.0.0.0', localPort);
        const senders = new Set<string>();
        socket.on('message', (_message, from) => senders.add(`${from.address}:${from.port}`));
        const timers = sendAtMs.map((at) => setTimeout(() => socket.send('punch', peer.port, peer.address), at));
        await new Promise((r) => setTimeout(r, listenMs));
        timers.forEach(clearTimeout);
        socket.close();
        return [...senders];
      },
      /** Round-trip times (ms) of `count` datagrams to a udpEcho, one after the other. */
      udpRoundTrips: async ({ target, count, timeoutMs = 2000 }: { target: Endpoint; count: number; timeoutMs?: number }) => {
        const socket = await bindUdp('0.0.0.0', 0);
        const times: number[] = [];
        try {
          for (let i = 0; i < count; i++) {
            const started = performance.now();
            const answered = new Promise<void>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`no echo from ${target.address}:${target.port} within ${timeoutMs} ms`)), timeoutMs);
              socket.once('message', () => (clearTimeout(timer), resolve()));
            });
            socket.send('rtt', target.port, target.address);
            await answered;
            times.push(performance.now() - started);
          }
        } finally {
          socket.close();
        }
        return times;
      },
      tcpListen: async ({ address, port }: Endpoint) => {
        const server = createServer((connection) => {
          // A prober that hangs up at once makes the answer fail (ECONNRESET): not this tool's problem.
          connection.on('error', () => {});
          connection.end(`${connection.remoteAddress}:${connection.remotePort}`);
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, address, () => resolve());
        });
        servers.push(server);
        return null;
      },
      tcpConnect: ({ address, port, timeoutMs = 3000 }: Endpoint & { timeoutMs?: number }) =>
        new Promise<ConnectResult>((resolve) => {
          const started = performance.now();
          const elapsed = () => Math.round(performance.now() - started);
          const socket = createConnection({ host: address, port, timeout: timeoutMs });
          socket.once('connect', () => (socket.destroy(), resolve({ ok: true, ms: elapsed() })));
          socket.once('timeout', () => (socket.destroy(), resolve({ ok: false, ms: elapsed(), error: 'timeout' })));
          socket.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, ms: elapsed(), error: error.code ?? error.message }));
        }),
      /** Opens a WebSocket (to wss://<address>:<port>/, checking the certificate against `ca` and `servername`) and keeps it open. */
      webSocketOpen: ({ address, port, servername, ca }: Endpoint & { servername: string; ca: string }) =>
        new Promise<null>((resolve, reject) => {
          // ws hands `servername` to tls.connect (SNI and the name checked), though its types omit it.
          const socket = new WebSocket(`wss://${address}:${port}/`, { ca, servername, perMessageDeflate: false } as WebSocket.ClientOptions);
          socket.once('open', () => {
            sockets.push(socket);
            socket.on('error', () => {});
            resolve(null);
          });
          socket.once('error', reject);
        }),
    },
    stop: async () => {
      for (const socket of sockets) socket.terminate();
      for (const server of servers) server.close();
    },
  };
});
