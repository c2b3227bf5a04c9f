// Load generator (a child process of bench/relay/main.ts): many ws clients in rooms of N that send
// small envelopes to roommates. Each envelope carries its send time, so the same process measures
// forward latency on one clock. Commands arrive over IPC.
import WebSocket from 'ws';
import { decodeServerFrame, encodeClientFrame } from '../../protocol/relay-wire/codec';

interface Client {
  ws: WebSocket;
  roommates: Buffer[];
  joined: boolean;
}

const ENVELOPE_BYTES = 64;
const clients: Client[] = [];
// Preallocated: a growing array of boxed doubles would make the generator's own garbage
// collections part of the latency it measures.
const latencies = new Float64Array(4_000_000);
let latencyCount = 0;
let delivered = 0;
let onDelivered: ((client: Client) => void) | undefined;

// The bench owns this process: when it goes (finished, failed or killed), so does this one.
process.on('disconnect', () => process.exit(0));

const reply = (message: unknown) => process.send?.(message);

function sendEnvelope(client: Client): void {
  const to = client.roommates[Math.floor(Math.random() * client.roommates.length)];
  if (!to || client.ws.readyState !== WebSocket.OPEN) return;
  const frame = Buffer.allocUnsafe(2 + 16 + ENVELOPE_BYTES);
  frame[0] = 1;
  frame[1] = 0x03;
  to.copy(frame, 2);
  frame.writeDoubleLE(performance.now(), 18);
  frame.fill(0x42, 26);
  client.ws.send(frame);
}

function open(url: string, roomIndex: number, salt: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    // A zero mask makes ws skip the XOR pass: the generator should spend its CPU on sending.
    const ws = new WebSocket(url, { perMessageDeflate: false, generateMask: (mask) => void mask.fill(0) });
    const client: Client = { ws, roommates: [], joined: false };
    ws.binaryType = 'nodebuffer';
    ws.on('error', reject);
    ws.on('open', () => {
      const roomId = new Uint8Array(32);
      new DataView(roomId.buffer).setUint32(0, roomIndex);
      new DataView(roomId.buffer).setUint32(4, salt);
      ws.send(encodeClientFrame({ type: 'join', roomId, bundle: { base: new Uint8Array(32), oneTime: [] } }));
    });
    ws.on('message', (data: Buffer) => {
      if (data[1] === 0x84) {
        delivered++;
        if (latencyCount < latencies.length) latencies[latencyCount++] = performance.now() - data.readDoubleLE(18);
        onDelivered?.(client);
        return;
      }
      const frame = decodeServerFrame(new Uint8Array(data));
      if (frame.type === 'joined') {
        client.roommates = frame.members.map((m) => Buffer.from(m.peerId));
        client.joined = true;
        resolve(client);
      } else if (frame.type === 'peer-joined') {
        client.roommates.push(Buffer.from(frame.peerId));
      }
    });
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

let cpuAtStart = process.cpuUsage();

function summary(seconds: number) {
  const sorted = latencies.slice(0, latencyCount).sort();
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    delivered,
    generatorCpu: (cpu.user + cpu.system) / 1e6 / seconds,
    perSecond: delivered / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `roomSize` clients of this generator share a room; `roommates` is how many others each should
 * end up seeing (more than roomSize - 1 when other generators put members in the same rooms). */
async function connect(url: string, count: number, roomSize: number, firstIndex: number, roomSalt?: number, roommates = roomSize - 1): Promise<void> {
  const salt = roomSalt ?? Math.floor(Math.random() * 2 ** 32);
  const started = performance.now();
  for (let i = 0; i < count; i += 250) {
    const batch = Array.from({ length: Math.min(250, count - i) }, (_, j) => open(url, Math.floor((firstIndex + i + j) / roomSize), salt));
    clients.push(...(await Promise.all(batch)));
  }
  // Wait until every client knows its full room, wherever its members connected.
  const deadline = performance.now() + 120_000;
  while (clients.some((c) => c.roommates.length < roommates)) {
    if (performance.now() > deadline) {
      const short = clients.filter((c) => c.roommates.length < roommates).length;
      throw new Error(`${short} of ${clients.length} clients still see fewer than ${roommates} roommates after 120 s`);
    }
    await sleep(20);
  }
  reply({ type: 'connected', ms: performance.now() - started });
}

async function saturate(durationMs: number, window: number): Promise<void> {
  await sleep(200);
  latencyCount = 0;
  delivered = 0;
  cpuAtStart = process.cpuUsage();
  let running = true;
  onDelivered = (client) => running && sendEnvelope(client);
  for (let i = 0; i < window; i++) sendEnvelope(clients[i % clients.length]!);
  await sleep(durationMs);
  running = false;
  const result = summary(durationMs / 1000);
  await sleep(300); // let in-flight messages drain before the next phase
  onDelivered = undefined;
  reply({ type: 'result', ...result });
}

async function rate(durationMs: number, perSecond: number): Promise<void> {
  await sleep(200);
  latencyCount = 0;
  delivered = 0;
  cpuAtStart = process.cpuUsage();
  onDelivered = undefined;
  let sent = 0;
  let next = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) sendEnvelope(clients[next++ % clients.length]!);
    await sleep(2);
  }
  await sleep(300);
  reply({ type: 'result', ...summary(durationMs / 1000), sent });
}

process.on('message', (command: { type: string; [k: string]: number | string }) => {
  const run = async () => {
    switch (command.type) {
      case 'connect':
        return connect(
          command.url as string,
          command.count as number,
          command.roomSize as number,
          command.firstIndex as number,
          command.salt as number | undefined,
          command.roommates as number | undefined,
        );
      case 'saturate':
        return saturate(command.durationMs as number, command.window as number);
      case 'rate':
        return rate(command.durationMs as number, command.perSecond as number);
      case 'close':
        for (const c of clients) c.ws.terminate();
        clients.length = 0;
        return reply({ type: 'closed' });
    }
  };
  run().catch((e: Error) => reply({ type: 'failed', message: e.message }));
});
reply({ type: 'ready' });
