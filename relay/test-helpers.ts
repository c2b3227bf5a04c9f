// Test support: a raw relay client that speaks the wire codec directly (no reconnect logic), so
// server tests can send exactly the frames they mean, including broken ones.
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
