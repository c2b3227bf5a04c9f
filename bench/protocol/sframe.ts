// SFrame per-frame cost (encrypt and decrypt) for 100 B to 60 KB frames: the @noble reference
// (protocol/sframe.ts), the renderer's WebCrypto fast path (renderer/crypto/sframe-context.ts),
// raw WebCrypto AES-GCM and raw node:crypto AES-GCM on the same sizes. Measured twice: in Node
// (its WebCrypto) and in Chromium (where the fast path runs in Parley). Target (issue 3): fast
// path <= 1.2x raw WebCrypto AES-GCM.
import { build } from 'esbuild';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { launchChromium } from '../../test/harness/chromium';
import { fastPathCases, measure, random, rawWebCryptoCases, referenceCases } from './sframe-measure';
import type { BenchCase, GcmSuite, MeasureOptions, SframeBenchResult } from './sframe-measure';

export { FRAME_SIZES } from './sframe-measure';
export type { SframeBenchResult, SframeBenchRow, SframeRatio } from './sframe-measure';

const SUITES = [5, 4] as const;

/** Raw node:crypto AES-GCM (a new cipher object per frame, as node:crypto requires). */
function rawNodeCases(suite: GcmSuite): BenchCase[] {
  const bits = suite === 4 ? 128 : 256;
  const cipherName: 'aes-128-gcm' | 'aes-256-gcm' = bits === 128 ? 'aes-128-gcm' : 'aes-256-gcm';
  const key = random(bits / 8);
  const nonce = random(12);
  const aad = random(6);
  const seal = (plaintext: Uint8Array) => {
    const cipher = createCipheriv(cipherName, key, nonce, { authTagLength: 16 });
    cipher.setAAD(aad);
    return [cipher.update(plaintext), cipher.final(), cipher.getAuthTag()] as const;
  };
  const implementation = `raw node:crypto AES-${bits}-GCM`;
  return [
    { implementation, operation: 'encrypt', prepare: async (size) => { const plaintext = random(size); return () => seal(plaintext); } },
    {
      implementation, operation: 'decrypt',
      prepare: async (size) => {
        const [body, final, tag] = seal(random(size));
        const ciphertext = Buffer.concat([body, final]);
        return () => {
          const decipher = createDecipheriv(cipherName, key, nonce, { authTagLength: 16 });
          decipher.setAAD(aad);
          decipher.setAuthTag(tag);
          return [decipher.update(ciphertext), decipher.final()];
        };
      },
    },
  ];
}

async function inNode(options: MeasureOptions): Promise<SframeBenchResult> {
  const cases = SUITES.flatMap((s) => [...referenceCases(s), ...fastPathCases(s), ...rawWebCryptoCases(s), ...rawNodeCases(s)]);
  return measure(`Node ${process.version}`, cases, SUITES, options);
}

async function inChromium(options: MeasureOptions): Promise<SframeBenchResult> {
  const bundle = await build({ entryPoints: [path.join(import.meta.dirname, 'sframe-page.ts')], bundle: true, format: 'iife', platform: 'browser', write: false });
  // A blank page on 127.0.0.1 is a secure context, so crypto.subtle exists.
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const chromium = await launchChromium();
  try {
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    return await page.evaluate(
      (o) => (globalThis as unknown as { runSframeBenchInPage: (o: MeasureOptions) => Promise<SframeBenchResult> }).runSframeBenchInPage(o),
      options,
    );
  } finally {
    await chromium.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

export interface SframeBenchOptions extends MeasureOptions {
  /** Also measure in Chromium (default true; needs /usr/bin/chromium or PARLEY_CHROMIUM). */
  chromium?: boolean;
}

/** One result per environment: Node first, then Chromium. */
export async function runSframeBench(options: SframeBenchOptions = {}): Promise<SframeBenchResult[]> {
  const results = [await inNode(options)];
  if (options.chromium ?? true) results.push(await inChromium(options));
  return results;
}
