// `npm run bench -- relay [--clients 5000] [--idle 20000] [--seconds 5] [--phases load,idle,scaled]`
// Same load against the relay and against a bare ws forwarder (the floor of this stack), each in its
// own process, driven by a separate load-generator process:
//   1. connect N clients in rooms of 4 (RSS per connection = RSS growth / N)
//   2. saturation: a fixed window of envelopes circulates as fast as the server forwards them
//   3. half of that server's saturation rate, open loop: p50/p99 forward latency
//   4. (relay) hold idle connections: as many as asked, capped by the per-process fd limit
//   5. (opt-in, --phases scaled) the same idle load over two relay processes sharing rooms via Redis
// Prints a Markdown block for docs/PERFORMANCE.md.
import { type ChildProcess, execSync, fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '5000' },
    idle: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '5' },
    window: { type: 'string', default: '2000' },
    // load = relay vs bare forwarder; idle = idle connections on one relay process;
    // scaled = idle connections on two relay processes sharing rooms through Redis (slow: opt-in).
    phases: { type: 'string', default: 'load,idle' },
  },
});
const CLIENTS = Number(values.clients);
const IDLE = Number(values.idle);
const DURATION_MS = Number(values.seconds) * 1000;
const WINDOW = Number(values.window);
const PHASES = new Set(values.phases.split(','));
const ROOM_SIZE = 4;
const here = import.meta.dirname;
const loadBefore = os.loadavg();

type Message = { type: string; [k: string]: number | string };

function child(file: string, args: string[] = []): ChildProcess {
  // Every process gets the young-generation size docs/RELAY-OPERATIONS.md recommends for the relay.
  return fork(path.join(here, file), args, { execArgv: ['--import', 'tsx', '--expose-gc', '--max-semi-space-size=64'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function request(proc: ChildProcess, message: object, expect: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) while waiting for ${expect}`));
    const onMessage = (m: Message) => {
      if (m.type === 'failed') reject(new Error(String(m.message)));
      if (m.type !== expect) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(m);
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
    if (Object.keys(message).length > 0) proc.send(message);
  });
}

async function startServer(kind: 'relay' | 'bare', redisUrl?: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = child('server-child.ts', redisUrl ? [kind, redisUrl] : [kind]);
  const ready = await request(proc, {}, 'ready');
  return { proc, url: `ws://127.0.0.1:${ready.port}` };
}

const stats = async (proc: ChildProcess) => {
  const s = await request(proc, { type: 'stats' }, 'stats');
  return { rss: Number(s.rss), cpuMicros: Number(s.cpuMicros) };
};

interface LoadResult {
  rssPerConnKb: number;
  saturation: number;
  saturationCpu: number;
  generatorCpu: number;
  cpuMicrosPerMsg: number;
  halfRate: number;
  p50: number;
  p99: number;
  satP50: number;
  satP99: number;
}

async function runLoad(kind: 'relay' | 'bare'): Promise<LoadResult> {
  const server = await startServer(kind);
  const gen = child('loadgen.ts');
  await request(gen, {}, 'ready');
  const before = await stats(server.proc);
  const connected = await request(gen, { type: 'connect', url: server.url, count: CLIENTS, roomSize: ROOM_SIZE, firstIndex: 0 }, 'connected');
  const after = await stats(server.proc);
  const rssPerConnKb = (after.rss - before.rss) / CLIENTS / 1024;
  console.error(`${kind}: ${CLIENTS} clients connected in ${Math.round(Number(connected.ms))} ms, ${rssPerConnKb.toFixed(1)} KB RSS each`);

  const cpu0 = await stats(server.proc);
  const sat = await request(gen, { type: 'saturate', durationMs: DURATION_MS, window: WINDOW }, 'result');
  const cpu1 = await stats(server.proc);
  const saturation = Number(sat.perSecond);
  const saturationCpu = (cpu1.cpuMicros - cpu0.cpuMicros) / 1e6 / (DURATION_MS / 1000 + 0.5);
  const cpuMicrosPerMsg = (cpu1.cpuMicros - cpu0.cpuMicros) / Number(sat.delivered);
  const generatorCpu = Number(sat.generatorCpu);
  console.error(
    `${kind}: saturation ${Math.round(saturation)} msg/s, server CPU ${(saturationCpu * 100).toFixed(0)}% of a core, generator ${(generatorCpu * 100).toFixed(0)}%`,
  );

  const halfRate = Math.round(saturation / 2);
  const half = await request(gen, { type: 'rate', durationMs: DURATION_MS, perSecond: halfRate }, 'result');
  console.error(`${kind}: at ${halfRate} msg/s p50 ${Number(half.p50).toFixed(2)} ms, p99 ${Number(half.p99).toFixed(2)} ms`);

  await request(gen, { type: 'close' }, 'closed');
  gen.kill();
  server.proc.kill();
  return {
    rssPerConnKb,
    saturation,
    saturationCpu,
    generatorCpu,
    cpuMicrosPerMsg,
    halfRate,
    p50: Number(half.p50),
    p99: Number(half.p99),
    satP50: Number(sat.p50),
    satP99: Number(sat.p99),
  };
}

/** Idle connections held by one relay process. Each process here may open only `ulimit -n` files,
 * so the server's target is capped below that; two load generators share the client side. */
async function runIdle(target: number): Promise<{ held: number; rssPerConnKb: number; capped: boolean }> {
  const fdLimit = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim()) || Number.POSITIVE_INFINITY;
  const held = Math.min(target, fdLimit - 200);
  const server = await startServer('relay');
  const gens = [child('loadgen.ts'), child('loadgen.ts')];
  await Promise.all(gens.map((g) => request(g, {}, 'ready')));
  const before = await stats(server.proc);
  const half = Math.floor(held / 2 / ROOM_SIZE) * ROOM_SIZE;
  const started = Date.now();
  await Promise.all([
    request(gens[0]!, { type: 'connect', url: server.url, count: half, roomSize: ROOM_SIZE, firstIndex: 0 }, 'connected'),
    request(gens[1]!, { type: 'connect', url: server.url, count: half, roomSize: ROOM_SIZE, firstIndex: half }, 'connected'),
  ]);
  const after = await stats(server.proc);
  const total = half * 2;
  const rssPerConnKb = (after.rss - before.rss) / total / 1024;
  console.error(`relay: ${total} idle connections held (joined, rooms of 4) after ${Date.now() - started} ms, ${rssPerConnKb.toFixed(1)} KB RSS each`);
  for (const g of gens) g.kill();
  server.proc.kill();
  return { held: total, rssPerConnKb, capped: total < target };
}

/** The same idle load spread over two relay processes sharing rooms through a redis-server of its
 * own: every room of 4 has two members on each instance. */
async function runIdleScaledOut(target: number): Promise<{ held: number; rssPerConnKb: number }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      redis.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      redis.once('exit', () => reject(new Error(`redis-server exited: ${out}`)));
    });
    const redisUrl = `redis://127.0.0.1:${port}`;
    const servers = [await startServer('relay', redisUrl), await startServer('relay', redisUrl)];
    const gens = [child('loadgen.ts'), child('loadgen.ts')];
    await Promise.all(gens.map((g) => request(g, {}, 'ready')));
    const before = await Promise.all(servers.map((s) => stats(s.proc)));
    const half = Math.floor(target / 2 / ROOM_SIZE) * ROOM_SIZE;
    const salt = 12345;
    const started = Date.now();
    // Each generator puts 2 members in every room through its own instance; each member must see 3.
    const pairs = half / 2;
    await Promise.all(
      [0, 1].map((i) =>
        request(gens[i]!, { type: 'connect', url: servers[i]!.url, count: half, roomSize: 2, firstIndex: 0, salt, roommates: 3 }, 'connected'),
      ),
    );
    const after = await Promise.all(servers.map((s) => stats(s.proc)));
    const grown = after.reduce((sum, a, i) => sum + a.rss - before[i]!.rss, 0);
    const rssPerConnKb = grown / (half * 2) / 1024;
    console.error(`relay x2 + redis: ${half * 2} idle connections (${pairs} rooms spanning both instances) after ${Date.now() - started} ms, ${rssPerConnKb.toFixed(1)} KB RSS each`);
    for (const g of gens) g.kill();
    for (const s of servers) s.proc.kill();
    return { held: half * 2, rssPerConnKb };
  } finally {
    redis.kill('SIGKILL');
  }
}

const cpuModel = os.cpus()[0]?.model ?? 'unknown';
const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
console.log(`
Machine load average before the run: ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min; other work shares these cores).
Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${cpuModel}, Node ${process.version}.`);

if (PHASES.has('load')) {
  const bare = await runLoad('bare');
  const relay = await runLoad('relay');
  const ratio = relay.saturation / bare.saturation;
  const cpuRatio = bare.cpuMicrosPerMsg / relay.cpuMicrosPerMsg;
  console.log(`
${CLIENTS} clients in rooms of ${ROOM_SIZE}, 64-byte envelopes, ${DURATION_MS / 1000} s per phase, load generator in its own process.

| | bare ws forwarder | relay |
|---|---|---|
| saturation (forwarded msg/s) | ${f(bare.saturation)} | ${f(relay.saturation)} (${f(ratio, 2)}×) |
| server CPU at saturation (cores) | ${f(bare.saturationCpu, 2)} | ${f(relay.saturationCpu, 2)} |
| load generator CPU at saturation (cores) | ${f(bare.generatorCpu, 2)} | ${f(relay.generatorCpu, 2)} |
| server CPU per forwarded message (µs) | ${f(bare.cpuMicrosPerMsg, 1)} | ${f(relay.cpuMicrosPerMsg, 1)} (capacity ${f(cpuRatio, 2)}×) |
| latency at saturation p50 / p99 (ms) | ${f(bare.satP50, 2)} / ${f(bare.satP99, 2)} | ${f(relay.satP50, 2)} / ${f(relay.satP99, 2)} |
| half its saturation rate (msg/s) | ${f(bare.halfRate)} | ${f(relay.halfRate)} |
| latency at half rate p50 / p99 (ms) | ${f(bare.p50, 2)} / ${f(bare.p99, 2)} | ${f(relay.p50, 2)} / ${f(relay.p99, 2)} |
| RSS per connection, ${CLIENTS} joined clients (KB) | ${f(bare.rssPerConnKb, 1)} | ${f(relay.rssPerConnKb, 1)} |

Targets: throughput >= 0.8× bare — ${verdict(ratio >= 0.8)} (msg/s), ${verdict(cpuRatio >= 0.8)} (CPU per message); p99 < 5 ms at half saturation — ${verdict(relay.p99 < 5)}.`);
}

if (PHASES.has('idle')) {
  const idle = await runIdle(IDLE);
  console.log(`
Idle: one relay process held ${f(idle.held)} joined, idle connections${idle.capped ? ` (capped by this machine's per-process file limit, \`ulimit -n\`; ${f(IDLE)} asked)` : ''} at ${f(idle.rssPerConnKb, 1)} KB RSS each.
Targets: < 20 KB RSS per idle connection — ${verdict(idle.rssPerConnKb < 20)}; ${f(IDLE)} idle connections in one process — ${verdict(!idle.capped)}.`);
}

if (PHASES.has('scaled')) {
  const scaled = await runIdleScaledOut(IDLE);
  console.log(`
Scaled out: two relay processes sharing rooms through Redis held ${f(scaled.held)} joined, idle connections (every room of 4 spanning both) at ${f(scaled.rssPerConnKb, 1)} KB RSS each — ${verdict(scaled.held >= IDLE)}.`);
}
process.exit(0);
