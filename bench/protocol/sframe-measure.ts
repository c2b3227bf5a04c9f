// The environment-neutral half of the SFrame benchmark (plain ES + crypto.subtle), so the same
// code measures in Node and, bundled, in Chromium: cases for the @noble reference, the WebCrypto
// fast path and raw WebCrypto AES-GCM, the timing loop, and the paired fast/raw ratio.
import { decrypt as referenceDecrypt, encrypt as referenceEncrypt } from '../../protocol/sframe';
import { SframeReceiver, SframeSender } from '../../renderer/crypto/sframe-context';

export const FRAME_SIZES = [100, 1200, 6000, 60_000] as const;
export type GcmSuite = 4 | 5;
export type Operation = 'encrypt' | 'decrypt';

export interface SframeBenchRow {
  implementation: string;
  operation: Operation;
  /** Median microseconds per frame, by frame size. */
  microseconds: Record<number, number>;
}

export interface SframeRatio {
  suite: GcmSuite;
  operation: Operation;
  /** The implementation the fast path is compared with. */
  baseline: string;
  /** fast path / baseline by frame size: median over back-to-back paired batches. */
  ratio: Record<number, number>;
}

export interface SframeBenchResult {
  environment: string;
  rows: SframeBenchRow[];
  ratios: SframeRatio[];
}

export interface BenchCase {
  implementation: string;
  operation: Operation;
  /** Prepares one frame size; returns the per-frame operation. */
  prepare(size: number): Promise<() => unknown>;
}

export interface MeasureOptions {
  /** Rounds per cell; the implementations take turns within each round, so load noise hits all. */
  rounds?: number;
  /** Milliseconds per timed batch. */
  batchMs?: number;
}

const METADATA = new Uint8Array([0x90, 0x80, 0x01]); // e.g. a VP8 delta frame's 3 clear bytes
const KID = 1n;

export const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
export const fastPathName = (suite: GcmSuite) => `fast path (WebCrypto, suite ${suite})`;
export const rawWebCryptoName = (suite: GcmSuite) => `raw WebCrypto AES-${suite === 4 ? 128 : 256}-GCM`;
const withFrameCopy = (name: string) => `${name} + frame copy`;

export function referenceCases(suite: GcmSuite): BenchCase[] {
  const baseKey = random(32);
  const implementation = `reference sframe.ts (noble, suite ${suite})`;
  return [
    {
      implementation, operation: 'encrypt',
      prepare: async (size) => {
        const plaintext = random(size);
        let ctr = 0n;
        return () => referenceEncrypt({ suite, baseKey, kid: KID, ctr: ctr++, metadata: METADATA, plaintext });
      },
    },
    {
      implementation, operation: 'decrypt',
      prepare: async (size) => {
        const frame = referenceEncrypt({ suite, baseKey, kid: KID, ctr: 1000n, metadata: METADATA, plaintext: random(size) });
        return () => referenceDecrypt({ suite, baseKey, metadata: METADATA, frame });
      },
    },
  ];
}

export function fastPathCases(suite: GcmSuite): BenchCase[] {
  const baseKey = random(32);
  return [
    {
      implementation: fastPathName(suite), operation: 'encrypt',
      prepare: async (size) => {
        const sender = new SframeSender(suite);
        await sender.setKey(KID, baseKey);
        const plaintext = random(size);
        return () => sender.encrypt(plaintext, METADATA);
      },
    },
    {
      implementation: fastPathName(suite), operation: 'decrypt',
      prepare: async (size) => {
        const receiver = new SframeReceiver(suite);
        await receiver.addKey(KID, baseKey);
        const frame = referenceEncrypt({ suite, baseKey, kid: KID, ctr: 1000n, metadata: METADATA, plaintext: random(size) });
        return () => receiver.decrypt(frame, METADATA);
      },
    },
  ];
}

/** Raw AES-GCM with a pre-imported key and a 6-byte AAD (an SFrame header + metadata). */
export function rawWebCryptoCases(suite: GcmSuite): BenchCase[] {
  const nonce = random(12);
  const aad = random(6);
  const key = crypto.subtle.importKey('raw', random(suite === 4 ? 16 : 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 };
  return [
    {
      implementation: rawWebCryptoName(suite), operation: 'encrypt',
      prepare: async (size) => {
        const k = await key;
        const plaintext = random(size);
        return () => crypto.subtle.encrypt(params, k, plaintext);
      },
    },
    {
      // What any SFrame sender on WebCrypto must add: the header goes in front of the ciphertext,
      // and WebCrypto returns the ciphertext in a buffer of its own, so one copy of the frame.
      implementation: withFrameCopy(rawWebCryptoName(suite)), operation: 'encrypt',
      prepare: async (size) => {
        const k = await key;
        const plaintext = random(size);
        return async () => {
          const sealed = new Uint8Array(await crypto.subtle.encrypt(params, k, plaintext));
          const frame = new Uint8Array(sealed.length + 4);
          frame.set(sealed, 4);
          return frame;
        };
      },
    },
    {
      implementation: rawWebCryptoName(suite), operation: 'decrypt',
      prepare: async (size) => {
        const k = await key;
        const sealed = new Uint8Array(await crypto.subtle.encrypt(params, k, random(size)));
        return () => crypto.subtle.decrypt(params, k, sealed);
      },
    },
  ];
}

/** Runs `op` sequentially (awaiting each frame, as a frame transform does) for ~`ms`; µs per op. */
async function timeOps(op: () => unknown, ms: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    await op();
    count++;
    now = performance.now();
  }
  return ((now - start) * 1000) / count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function measure(environment: string, cases: BenchCase[], suites: readonly GcmSuite[], options: MeasureOptions = {}): Promise<SframeBenchResult> {
  const rounds = options.rounds ?? 21;
  const batchMs = options.batchMs ?? 20;
  const rows: SframeBenchRow[] = cases.map((c) => ({ implementation: c.implementation, operation: c.operation, microseconds: {} }));
  const ratios: SframeRatio[] = suites.flatMap((suite): SframeRatio[] => [
    { suite, operation: 'encrypt', baseline: rawWebCryptoName(suite), ratio: {} },
    { suite, operation: 'encrypt', baseline: withFrameCopy(rawWebCryptoName(suite)), ratio: {} },
    { suite, operation: 'decrypt', baseline: rawWebCryptoName(suite), ratio: {} },
  ]);
  const index = (implementation: string, operation: Operation) => cases.findIndex((c) => c.implementation === implementation && c.operation === operation);
  for (const size of FRAME_SIZES) {
    const ops = await Promise.all(cases.map((c) => c.prepare(size)));
    for (const op of ops) await timeOps(op, batchMs); // warm-up
    const samples: number[][] = cases.map(() => []);
    // Fast path and raw AES-GCM of the same suite and op also run back to back, so both see the
    // same machine load; the ratio is the median of those paired batches.
    const pairs = ratios.map((r) => ({ result: r, fast: index(fastPathName(r.suite), r.operation), raw: index(r.baseline, r.operation), ratios: [] as number[] }));
    for (let round = 0; round < rounds; round++) {
      for (const [i, op] of ops.entries()) samples[i]!.push(await timeOps(op, batchMs));
      for (const pair of pairs) {
        const fast = await timeOps(ops[pair.fast]!, batchMs);
        pair.ratios.push(fast / (await timeOps(ops[pair.raw]!, batchMs)));
      }
    }
    samples.forEach((s, i) => (rows[i]!.microseconds[size] = median(s)));
    for (const pair of pairs) pair.result.ratio[size] = median(pair.ratios);
  }
  return { environment, rows, ratios };
}
