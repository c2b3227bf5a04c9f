// The renderer's WebCrypto provider and SFrame fast path in real Chromium (BoringSSL's WebCrypto,
// not Node's): on random inputs generated here, every result must equal what the @noble reference
// computes in Node, and every failure must be the same ProtocolError code (PROTOCOL.md §2, §8).
import { bytesToHex } from '@noble/hashes/utils.js';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nobleProvider as noble } from '../../protocol/crypto/noble-provider';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { encrypt as sframeEncrypt } from '../../protocol/sframe';
import { launchChromium } from '../harness/chromium';
import type { LaunchedChromium } from '../harness/chromium';
import { LOW_ORDER_X25519 } from '../unit/provider-conformance';
import type { WorkerRequest } from './sframe-worker-entry';
import type { Outcome, WebCryptoBridge, Wire } from './webcrypto-bridge';

let chromium: LaunchedChromium;
let server: Server;
let page: Page;

const hex = (bytes: Uint8Array): string => `hex:${bytesToHex(bytes)}`;
const rand = (n: number) => noble.randomBytes(n);
const randInt = (max: number) => Math.floor(Math.random() * (max + 1));

/** What the page reports, computed in Node with the reference. */
async function reference(method: keyof CryptoProvider, ...args: unknown[]): Promise<Outcome> {
  try {
    const value = await (noble[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    if (value instanceof Uint8Array) return { ok: hex(value) };
    if (typeof value === 'boolean') return { ok: value };
    return { ok: Object.fromEntries(Object.entries(value as Record<string, Uint8Array>).map(([k, v]) => [k, hex(v)])) };
  } catch (error) {
    return { error: `${(error as Error).name}:${(error as { code?: string }).code}` };
  }
}

const wire = (a: unknown): Wire => (a instanceof Uint8Array ? hex(a) : (a as Wire));

/** Runs the calls in Chromium and with the reference in Node; returns both lists. */
async function both(calls: [keyof CryptoProvider, ...unknown[]][]): Promise<{ chromium: Outcome[]; noble: Outcome[] }> {
  const wireCalls = calls.map(([m, ...args]) => [m, ...args.map(wire)] as [keyof CryptoProvider, ...Wire[]]);
  const inPage = await page.evaluate((c) => (globalThis as unknown as { parleyWebCrypto: WebCryptoBridge }).parleyWebCrypto.callMany(c), wireCalls);
  const inNode: Outcome[] = [];
  for (const [m, ...args] of calls) inNode.push(await reference(m, ...args));
  return { chromium: inPage, noble: inNode };
}

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, 'webcrypto-bridge.ts')],
    bundle: true, format: 'iife', platform: 'browser', write: false,
  });
  // A blank page on 127.0.0.1: a secure context, so crypto.subtle exists.
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>webcrypto</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  chromium = await launchChromium();
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('WebCrypto provider in Chromium matches @noble in Node', () => {
  it('X25519: public keys and shared secrets for random keys; low-order points -> invalid-key', async () => {
    const calls: [keyof CryptoProvider, ...unknown[]][] = [];
    for (let i = 0; i < 40; i++) {
      const priv = rand(32);
      calls.push(['x25519PublicKey', priv], ['x25519', priv, rand(32)]);
    }
    for (const point of LOW_ORDER_X25519) calls.push(['x25519', rand(32), point]);
    const { chromium: got, noble: want } = await both(calls);
    expect(got).toEqual(want);
    expect(got.slice(-LOW_ORDER_X25519.length)).toEqual(LOW_ORDER_X25519.map(() => ({ error: 'ProtocolError:invalid-key' })));
  });

  it('Ed25519: keys, signatures, verification of good, forged and garbage signatures', async () => {
    const calls: [keyof CryptoProvider, ...unknown[]][] = [];
    for (let i = 0; i < 30; i++) {
      const seed = rand(32);
      const message = rand(randInt(500));
      const pub = await noble.ed25519PublicKey(seed);
      const signature = await noble.ed25519Sign(seed, message);
      const forged = Uint8Array.from(signature);
      forged[randInt(63)]! ^= 1 << randInt(7);
      calls.push(['ed25519PublicKey', seed], ['ed25519Sign', seed, message], ['ed25519Verify', pub, message, signature]);
      calls.push(['ed25519Verify', pub, message, forged], ['ed25519Verify', rand(32), message, rand(64)]);
    }
    const { chromium: got, noble: want } = await both(calls);
    expect(got).toEqual(want);
    expect(got.filter((o) => 'ok' in o && o.ok === true)).toHaveLength(30);
  });

  it('HKDF, HMAC, SHA-512 on random inputs, with empty keys and salts and long info', async () => {
    const calls: [keyof CryptoProvider, ...unknown[]][] = [];
    for (let i = 0; i < 120; i++) {
      const hash = i % 2 ? 'SHA-256' : 'SHA-512';
      const info = rand(i % 9 === 0 ? 1100 : randInt(100));
      calls.push(['hkdf', hash, rand(randInt(64)), rand(i % 5 === 0 ? 0 : randInt(64)), info, 1 + randInt(300)]);
      calls.push(['hmac', hash, rand(i % 7 === 0 ? 0 : randInt(200)), rand(randInt(3000))]);
      calls.push(['sha512', rand(randInt(3000))]);
    }
    const { chromium: got, noble: want } = await both(calls);
    expect(got).toEqual(want);
  });

  it('AES-GCM (128 and 256): same ciphertexts; tampered, short or wrong-key input fails alike', async () => {
    const calls: [keyof CryptoProvider, ...unknown[]][] = [];
    for (let i = 0; i < 60; i++) {
      const key = rand(i % 2 ? 16 : 32);
      const nonce = rand(12);
      const plaintext = rand(randInt(i % 10 === 0 ? 65_000 : 2000));
      const aad = rand(randInt(30));
      const sealed = await noble.aesGcmEncrypt(key, nonce, plaintext, aad);
      const tampered = Uint8Array.from(sealed);
      tampered[randInt(tampered.length - 1)]! ^= 1 << randInt(7);
      calls.push(['aesGcmEncrypt', key, nonce, plaintext, aad], ['aesGcmDecrypt', key, nonce, sealed, aad], ['aesGcmDecrypt', key, nonce, tampered, aad]);
    }
    calls.push(['aesGcmDecrypt', rand(16), rand(12), rand(15), rand(0)], ['aesGcmEncrypt', rand(24), rand(12), rand(4), rand(0)]);
    const { chromium: got, noble: want } = await both(calls);
    expect(got).toEqual(want);
    expect(got.filter((o) => 'error' in o && o.error === 'ProtocolError:authentication-failed')).toHaveLength(61);
  });

  it('XChaCha20-Poly1305 and ML-KEM-768 (reference fallback) give the same bytes in the page', async () => {
    const key = rand(32);
    const nonce = rand(24);
    const seed = rand(64);
    const { chromium: got, noble: want } = await both([['xchachaEncrypt', key, nonce, rand(300), rand(5)], ['mlKemKeygen', seed]]);
    expect(got).toEqual(want);
  });
});

describe('SFrame fast path in Chromium matches protocol/sframe.ts in Node', () => {
  const call = <K extends 'sframeSend' | 'sframeReceive'>(fn: K, ...args: Parameters<WebCryptoBridge[K]>) =>
    page.evaluate(([f, a]) => (globalThis as unknown as { parleyWebCrypto: WebCryptoBridge }).parleyWebCrypto[f](...(a as [number, string, Wire, [Wire, Wire][]])), [fn, args] as const);

  it.each([4, 5])('suite %i: the page sends the reference frames and opens them; tampering is rejected', async (suite) => {
    for (const kid of [0n, 7n, 291n, (1n << 64n) - 1n]) {
      const baseKey = rand(16 + randInt(16));
      const frames = Array.from({ length: 12 }, (_, i) => ({ plaintext: rand(i === 0 ? 0 : randInt(i % 4 === 0 ? 60_000 : 1500)), metadata: rand(randInt(10)) }));
      const sent = await call('sframeSend', suite, String(kid), hex(baseKey), frames.map((f) => [hex(f.plaintext), hex(f.metadata)]));
      const expected = frames.map((f, ctr) => ({ ok: hex(sframeEncrypt({ suite, baseKey, kid, ctr: BigInt(ctr), metadata: f.metadata, plaintext: f.plaintext })) }));
      expect(sent).toEqual(expected);

      // Any CTR, but within one receiver's replay window (RFC 9605 §9.3: 1,024 frames), so the
      // order in which the page opens them does not matter.
      const firstCtr = BigInt(randInt(2 ** 40)) * 1000n;
      const reference = frames.map((f, i) => sframeEncrypt({ suite, baseKey, kid, ctr: firstCtr + BigInt(i * 7), metadata: f.metadata, plaintext: f.plaintext }));
      const tampered = reference.map((frame) => {
        const bad = Uint8Array.from(frame);
        bad[randInt(bad.length - 1)]! ^= 1 << randInt(7);
        return bad;
      });
      const withMetadata = (list: Uint8Array[]) => list.map((frame, i): [Wire, Wire] => [hex(frame), hex(frames[i]!.metadata)]);
      // Each frame twice to one receiver: one copy opens, the other is a replay.
      const opened = await call('sframeReceive', suite, String(kid), hex(baseKey), [...withMetadata(reference), ...withMetadata(reference)]);
      frames.forEach((f, i) => {
        const pair = [opened[i], opened[i + frames.length]];
        expect(pair, `frame ${i}`).toContainEqual({ ok: hex(f.plaintext) });
        expect(pair, `frame ${i}`).toContainEqual({ error: 'ProtocolError:replay' });
      });
      // Tampered copies to a fresh receiver: none opens.
      for (const o of await call('sframeReceive', suite, String(kid), hex(baseKey), withMetadata(tampered))) {
        expect(o).toMatchObject({ error: expect.stringMatching(/^ProtocolError:(authentication-failed|malformed|invalid-key)$/) });
      }
    }
  });
});

describe('SFrame fast path in a Worker', () => {
  it('runs with only Worker globals and gives the reference bytes', async () => {
    const workerCode = (
      await build({ entryPoints: [path.join(import.meta.dirname, 'sframe-worker-entry.ts')], bundle: true, format: 'iife', platform: 'browser', write: false })
    ).outputFiles[0]!.text;
    const baseKey = rand(32);
    const plaintext = rand(6000);
    const metadata = rand(3);
    const request: WorkerRequest = { suite: 5, kid: '1234567', baseKey: bytesToHex(baseKey), plaintext: bytesToHex(plaintext), metadata: bytesToHex(metadata) };
    const reply = await page.evaluate(
      ([code, message]) =>
        new Promise<Record<string, unknown>>((resolve) => {
          const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
          worker.onmessage = (event) => resolve(event.data as Record<string, unknown>);
          worker.onerror = (event) => resolve({ error: event.message });
          worker.postMessage(message);
        }),
      [workerCode, request] as const,
    );
    expect(reply).toEqual({
      frame: bytesToHex(sframeEncrypt({ suite: 5, baseKey, kid: 1234567n, ctr: 0n, metadata, plaintext })),
      opened: bytesToHex(plaintext),
      hasWindow: false,
    });
  });
});
