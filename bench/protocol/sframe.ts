// SFrame per-frame cost (encrypt and decrypt) for audio- to key-frame-sized frames: the @noble
// reference (protocol/sframe.ts), the renderer's WebCrypto fast path (renderer/crypto/
// sframe-context.ts, here on Node's WebCrypto), and raw AES-GCM on WebCrypto and node:crypto on
// the same sizes. Target (issue 3): fast path <= 1.2x raw WebCrypto AES-GCM.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { decrypt as referenceDecrypt, encrypt as referenceEncrypt } from '../../protocol/sframe';
import { SframeReceiver, SframeSender } from '../../renderer/crypto/sframe-context';

export const FRAME_SIZES = [100, 1200, 6000, 60_000] as const;

export interface SframeBenchRow {
  implementation: string;
  operation: 'encrypt' | 'decrypt';
  /** Median microseconds per frame, by frame size. */
  microseconds: Record<number, number>;
}

interface Case {
  implementation: string;
  operation: 'encrypt' | 'decrypt';
  /** Prepares one frame size; returns the per-frame operation. */
  prepare(size: number): Promise<() => unknown>;
}

const METADATA = new Uint8Array([0x90, 0x80, 0x01]); // e.g. a VP8 delta frame's 3 clear bytes
const KID = 1n;

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

function gcmKeyBytes(suite: 4 | 5) {
  return suite === 4 ? 16 : 32;
}

function sframeCases(suite: 4 | 5): Case[] {
  const baseKey = random(32);
  return [
    {
      implementation: `reference sframe.ts (noble, suite ${suite})`,
      operation: 'encrypt',
      prepare: async (size) => {
        const plaintext = random(size);
        let ctr = 0n;
        return () => referenceEncrypt({ suite, baseKey, kid: KID, ctr: ctr++, metadata: METADATA, plaintext });
      },
    },
    {
      implementation: `reference sframe.ts (noble, suite ${suite})`,
      operation: 'decrypt',
      prepare: async (size) => {
        const frame = referenceEncrypt({ suite, baseKey, kid: KID, ctr: 1000n, metadata: METADATA, plaintext: random(size) });
        return () => referenceDecrypt({ suite, baseKey, metadata: METADATA, frame });
      },
    },
    {
      implementation: `fast path (WebCrypto, suite ${suite})`,
      operation: 'encrypt',
      prepare: async (size) => {
        const sender = new SframeSender(suite);
        await sender.setKey(KID, baseKey);
        const plaintext = random(size);
        return () => sender.encrypt(plaintext, METADATA);
      },
    },
    {
      implementation: `fast path (WebCrypto, suite ${suite})`,
      operation: 'decrypt',
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
function rawCases(suite: 4 | 5): Case[] {
  const bits = gcmKeyBytes(suite) * 8;
  const keyBytes = random(gcmKeyBytes(suite));
  const nonce = random(12);
  const aad = random(6);
  const subtleKey = crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 };
  const cipherName: 'aes-128-gcm' | 'aes-256-gcm' = bits === 128 ? 'aes-128-gcm' : 'aes-256-gcm';
  const nodeSeal = (plaintext: Uint8Array) => {
    const cipher = createCipheriv(cipherName, keyBytes, nonce, { authTagLength: 16 });
    cipher.setAAD(aad);
    return [cipher.update(plaintext), cipher.final(), cipher.getAuthTag()];
  };
  return [
    {
      implementation: `raw WebCrypto AES-${bits}-GCM`,
      operation: 'encrypt',
      prepare: async (size) => {
        const key = await subtleKey;
        const plaintext = random(size);
        return () => crypto.subtle.encrypt(params, key, plaintext);
      },
    },
    {
      implementation: `raw WebCrypto AES-${bits}-GCM`,
      operation: 'decrypt',
      prepare: async (size) => {
        const key = await subtleKey;
        const sealed = new Uint8Array(await crypto.subtle.encrypt(params, key, random(size)));
        return () => crypto.subtle.decrypt(params, key, sealed);
      },
    },
    {
      implementation: `raw node:crypto AES-${bits}-GCM`,
      operation: 'encrypt',
      prepare: async (size) => {
        const plaintext = random(size);
        return () => nodeSeal(plaintext);
      },
    },
    {
      implementation: `raw node:crypto AES-${bits}-GCM`,
      operation: 'decrypt',
      prepare: async (size) => {
        const [body, final, tag] = nodeSeal(random(size));
        const ciphertext = Buffer.concat([body!, final!]);
        return () => {
          const decipher = createDecipheriv(cipherName, keyBytes, nonce, { authTagLength: 16 });
          decipher.setAAD(aad);
          decipher.setAuthTag(tag!);
          return [decipher.update(ciphertext), decipher.final()];
        };
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

export interface SframeBenchResult {
  rows: SframeBenchRow[];
  /** fast path / raw WebCrypto AES-GCM per suite, op and size: median of back-to-back paired batches. */
  ratios: { suite: 4 | 5; operation: 'encrypt' | 'decrypt'; ratio: Record<number, number> }[];
}

export interface SframeBenchOptions {
  /** Rounds per cell; the implementations take turns within each round, so load noise hits all. */
  rounds?: number;
  /** Milliseconds per timed batch. */
  batchMs?: number;
}

export async function runSframeBench(options: SframeBenchOptions = {}): Promise<SframeBenchResult> {
  const rounds = options.rounds ?? 21;
  const batchMs = options.batchMs ?? 20;
  const suites = [5, 4] as const;
  const cases = suites.flatMap((suite) => [...sframeCases(suite), ...rawCases(suite)]);
  const rows: SframeBenchRow[] = cases.map((c) => ({ implementation: c.implementation, operation: c.operation, microseconds: {} }));
  const ratios: SframeBenchResult['ratios'] = suites.flatMap((suite) =>
    (['encrypt', 'decrypt'] as const).map((operation) => ({ suite, operation, ratio: {} })),
  );
  for (const size of FRAME_SIZES) {
    const ops = await Promise.all(cases.map((c) => c.prepare(size)));
    for (const op of ops) await timeOps(op, batchMs); // warm-up
    const samples: number[][] = cases.map(() => []);
    // Fast path and raw AES-GCM of the same suite and op run back to back, so both see the
    // same machine load; the ratio is the median of those paired batches.
    const pairs = ratios.map((r) => {
      const bits = r.suite === 4 ? 128 : 256;
      const fast = cases.findIndex((c) => c.implementation === `fast path (WebCrypto, suite ${r.suite})` && c.operation === r.operation);
      const raw = cases.findIndex((c) => c.implementation === `raw WebCrypto AES-${bits}-GCM` && c.operation === r.operation);
      return { result: r, fast, raw, ratios: [] as number[] };
    });
    for (let round = 0; round < rounds; round++) {
      for (const [i, op] of ops.entries()) samples[i]!.push(await timeOps(op, batchMs));
      for (const pair of pairs) {
        const fast = await timeOps(ops[pair.fast]!, batchMs);
        const raw = await timeOps(ops[pair.raw]!, batchMs);
        pair.ratios.push(fast / raw);
      }
    }
    samples.forEach((s, i) => (rows[i]!.microseconds[size] = median(s)));
    for (const pair of pairs) pair.result.ratio[size] = median(pair.ratios);
  }
  return { rows, ratios };
}
