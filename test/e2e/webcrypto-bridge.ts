// Page side of webcrypto-provider.e2e.test.ts, bundled with esbuild and injected into a blank
// Chromium page: runs the renderer's WebCrypto provider and SFrame context on hex-encoded inputs
// and reports results (or ProtocolError codes) as hex, so the test compares them with @noble in Node.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { webCryptoProvider } from '../../renderer/crypto/webcrypto-provider';
import { SframeReceiver, SframeSender } from '../../renderer/crypto/sframe-context';

/** Bytes travel as 'hex:<digits>'; numbers and plain strings as themselves. */
export type Wire = string | number;
export type Outcome = { ok: Wire | boolean | Record<string, Wire> } | { error: string };

const decode = (value: Wire): unknown => (typeof value === 'string' && value.startsWith('hex:') ? hexToBytes(value.slice(4)) : value);

function encode(value: unknown): Wire | boolean | Record<string, Wire> {
  if (value instanceof Uint8Array) return `hex:${bytesToHex(value)}`;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, encode(v) as Wire]));
}

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: encode(await run()) };
  } catch (error) {
    return { error: `${(error as Error).name}:${(error as { code?: string }).code ?? (error as Error).message}` };
  }
}

const bridge = {
  /** Runs provider methods: each call is [method, ...args]. */
  async callMany(calls: [keyof CryptoProvider, ...Wire[]][]): Promise<Outcome[]> {
    const results: Outcome[] = [];
    for (const [method, ...args] of calls) {
      const fn = webCryptoProvider[method] as (...a: unknown[]) => Promise<unknown>;
      results.push(await outcome(() => fn(...args.map(decode))));
    }
    return results;
  },
  async sframeSend(suite: number, kid: string, baseKey: Wire, frames: [Wire, Wire][]): Promise<Outcome[]> {
    const sender = new SframeSender(suite);
    await sender.setKey(BigInt(kid), decode(baseKey) as Uint8Array);
    // All frames in flight at once: the context reuses its nonce/AAD buffers from call to call.
    return Promise.all(frames.map(([plaintext, metadata]) => outcome(() => sender.encrypt(decode(plaintext) as Uint8Array, decode(metadata) as Uint8Array))));
  },
  async sframeReceive(suite: number, kid: string, baseKey: Wire, frames: [Wire, Wire][]): Promise<Outcome[]> {
    const receiver = new SframeReceiver(suite);
    await receiver.addKey(BigInt(kid), decode(baseKey) as Uint8Array);
    return Promise.all(frames.map(([frame, metadata]) => outcome(() => receiver.decrypt(decode(frame) as Uint8Array, decode(metadata) as Uint8Array))));
  },
};

export type WebCryptoBridge = typeof bridge;
(globalThis as unknown as { parleyWebCrypto: WebCryptoBridge }).parleyWebCrypto = bridge;
