// Test support: a raw relay client that speaks the wire codec directly (no reconnect logic), so
// server tests can send exactly the frames they mean, including broken ones.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import WebSocket from 'ws';
import { type ClientFrame, type ServerFrame, decodeServerFrame, encodeClientFrame } from '../protocol/relay-wire/codec';

export class RawClient {
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<{ code: number }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => {
      this.frames.push(decodeServerFrame(new Uint8Array(data)));
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
    ws.on('error', () => {});
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    const client = new RawClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(frame: ClientFrame): void {
    this.ws.send(encodeClientFrame(frame));
  }

  /** Resolves with (and removes) the first received frame matching `match`. */
  async next<T extends ServerFrame['type']>(type: T, timeoutMs = 3000): Promise<Extract<ServerFrame, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex((f) => f.type === type);
      if (i >= 0) return this.frames.splice(i, 1)[0] as Extract<ServerFrame, { type: T }>;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} frame within ${timeoutMs} ms (have: ${this.frames.map((f) => f.type).join(',')})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

export const room = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
export const blob = (...values: number[]): Uint8Array => Uint8Array.from(values);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves when the child's stdout or stderr matches `pattern`; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen}`)), 15_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${seen}`)));
  });
}

/** A real redis-server on 127.0.0.1 (a free port, or `port`), in memory only; the caller kills it. */
export async function startRedisServer(port?: number): Promise<{ url: string; child: ChildProcess; port: number }> {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, /Ready to accept connections/, 'redis-server');
  return { url: `redis://127.0.0.1:${port}`, child, port };
}

/**
 * Breaches of Prometheus's metric naming rules in a text exposition, as sentences (empty: none):
 * valid names, `_total` exactly on counters, base units (`_bytes`, `_seconds`) as the last word,
 * no counter family (name without `_total`) that is another metric's name, every sample under a
 * declared family, `_info` metrics at 1.
 */
export function prometheusNamingProblems(text: string): string[] {
  const problems: string[] = [];
  const types = new Map<string, string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(name!, type!);
  for (const [name, type] of types) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) problems.push(`${name}: not a valid metric name`);
    if ((type === 'counter') !== name.endsWith('_total')) problems.push(`${name}: _total must end counters and only counters (${type})`);
    if (/_(milli|micro|kilo|mega)?(seconds|bytes)_(?!total$)|_(ms|kb|mb|kib|mib|milliseconds|minutes|hours|percent)(_|$)/.test(name)) {
      problems.push(`${name}: units must be base units and the last word`);
    }
    if (type === 'counter' && types.has(name.slice(0, -'_total'.length))) problems.push(`${name}: its family name is another metric`);
  }
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!sample) problems.push(`unparsable sample line: ${line}`);
    else if (!types.has(sample[1]!)) problems.push(`${sample[1]}: sample without # TYPE`);
    else if (sample[1]!.endsWith('_info') && sample[3] !== '1') problems.push(`${sample[1]}: an _info metric is always 1`);
  }
  return problems;
}
