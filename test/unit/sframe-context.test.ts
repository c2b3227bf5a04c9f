// The renderer's WebCrypto SFrame path (here on Node's WebCrypto) against the @noble reference
// protocol/sframe.ts: same bytes both ways. The e2e test repeats this in Chromium.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/errors';
import { decodeHeader, decrypt, encrypt } from '../../protocol/sframe';
import { PARLEY_MEDIA_SUITE, SframeReceiver, SframeSender } from '../../renderer/crypto/sframe-context';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe.each([4, 5])('SFrame WebCrypto context, suite %i', (suite) => {
  it('sends exactly the frames the reference encrypts, CTR 0, 1, 2, ...', async () => {
    await fc.assert(
      fc.asyncProperty(u64, fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.array(fc.tuple(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 10 })), { minLength: 1, maxLength: 6 }),
        async (kid, baseKey, frames) => {
          const sender = new SframeSender(suite);
          await sender.setKey(kid, baseKey);
          for (const [index, [plaintext, metadata]] of frames.entries()) {
            const fast = await sender.encrypt(plaintext, metadata);
            expect(fast).toEqual(encrypt({ suite, baseKey, kid, ctr: BigInt(index), metadata, plaintext }));
          }
        }),
      { numRuns: 60 },
    );
  });

  it('opens reference frames for any KID and CTR, and the reference opens its frames', async () => {
    await fc.assert(
      fc.asyncProperty(u64, u64, fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 10 }),
        async (kid, ctr, baseKey, plaintext, metadata) => {
          const receiver = new SframeReceiver(suite);
          await receiver.addKey(kid, baseKey);
          const frame = encrypt({ suite, baseKey, kid, ctr, metadata, plaintext });
          expect(await receiver.decrypt(frame, metadata)).toEqual(plaintext);
          const sender = new SframeSender(suite);
          await sender.setKey(kid, baseKey);
          expect(decrypt({ suite, baseKey, metadata, frame: await sender.encrypt(plaintext, metadata) })).toEqual(plaintext);
        }),
      { numRuns: 60 },
    );
  });

  it('rejects any flipped bit of frame or metadata with ProtocolError', async () => {
    const baseKey = new Uint8Array(32).fill(5);
    const sender = new SframeSender(suite);
    await sender.setKey(1000n, baseKey);
    const receiver = new SframeReceiver(suite);
    await receiver.addKey(1000n, baseKey);
    const metadata = new Uint8Array([0x90, 0x80, 0x01]);
    const frame = await sender.encrypt(new Uint8Array(40).fill(1), metadata);
    for (let bit = 0; bit < frame.length * 8; bit++) {
      const bad = Uint8Array.from(frame);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      await expect(receiver.decrypt(bad, metadata)).rejects.toBeInstanceOf(ProtocolError);
    }
    await expect(receiver.decrypt(frame, new Uint8Array([0x90, 0x80, 0x00]))).rejects.toMatchObject({ code: 'authentication-failed' });
    await expect(receiver.decrypt(frame.subarray(0, 10), metadata)).rejects.toMatchObject({ code: 'malformed' });
    expect(await receiver.decrypt(frame, metadata)).toEqual(new Uint8Array(40).fill(1));
  });
});

describe('SFrame WebCrypto context rules', () => {
  it('uses suite 5 (AES_256_GCM_SHA512_128) by default and refuses the CTR+HMAC suites', () => {
    expect(PARLEY_MEDIA_SUITE).toBe(5);
    expect(new SframeSender().suite).toBe(5);
    for (const suite of [1, 2, 3, 9]) {
      expect(() => new SframeSender(suite)).toThrow(ProtocolError);
      expect(() => new SframeReceiver(suite)).toThrow(ProtocolError);
    }
  });

  it('encrypts and decrypts frames in flight at once correctly (shared nonce/AAD buffers)', async () => {
    const baseKey = new Uint8Array(16).fill(6);
    const sender = new SframeSender();
    await sender.setKey(300n, baseKey);
    const inputs = Array.from({ length: 30 }, (_, i) => ({ plaintext: new Uint8Array(50 + i).fill(i), metadata: new Uint8Array(i % 4).fill(i) }));
    const frames = await Promise.all(inputs.map((f) => sender.encrypt(f.plaintext, f.metadata)));
    frames.forEach((frame, ctr) =>
      expect(frame).toEqual(encrypt({ suite: 5, baseKey, kid: 300n, ctr: BigInt(ctr), metadata: inputs[ctr]!.metadata, plaintext: inputs[ctr]!.plaintext })),
    );
    const receiver = new SframeReceiver();
    await receiver.addKey(300n, baseKey);
    expect(await Promise.all(frames.map((frame, i) => receiver.decrypt(frame, inputs[i]!.metadata)))).toEqual(inputs.map((f) => f.plaintext));
  });

  it('gives concurrent frames distinct counters', async () => {
    const sender = new SframeSender();
    await sender.setKey(0n, new Uint8Array(16));
    const frames = await Promise.all(Array.from({ length: 20 }, () => sender.encrypt(new Uint8Array(8), new Uint8Array(0))));
    const receiver = new SframeReceiver();
    await receiver.addKey(0n, new Uint8Array(16));
    expect(frames.map((f) => decodeHeader(f).ctr).sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
    for (const frame of frames) expect(await receiver.decrypt(frame, new Uint8Array(0))).toEqual(new Uint8Array(8));
  });

  it('moves KIDs forward only, and needs a key before sending', async () => {
    const sender = new SframeSender();
    await expect(sender.encrypt(new Uint8Array(1), new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-state' });
    await sender.setKey(5n, new Uint8Array(16).fill(1));
    await expect(sender.setKey(5n, new Uint8Array(16).fill(1))).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(sender.setKey(4n, new Uint8Array(16).fill(2))).rejects.toMatchObject({ code: 'invalid-state' });
    await sender.setKey(6n, new Uint8Array(16).fill(2));
    expect(sender.kid).toBe(6n);
    await expect(sender.setKey(7n, new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-key' });
  });

  it('decrypts under every KID it holds, refuses unknown and removed KIDs', async () => {
    const receiver = new SframeReceiver();
    await receiver.addKey(1n, new Uint8Array(16).fill(1));
    await receiver.addKey(2n, new Uint8Array(16).fill(2));
    const old = encrypt({ suite: 5, baseKey: new Uint8Array(16).fill(1), kid: 1n, ctr: 77n, metadata: new Uint8Array(0), plaintext: new Uint8Array([1]) });
    const current = encrypt({ suite: 5, baseKey: new Uint8Array(16).fill(2), kid: 2n, ctr: 0n, metadata: new Uint8Array(0), plaintext: new Uint8Array([2]) });
    expect(await receiver.decrypt(old, new Uint8Array(0))).toEqual(new Uint8Array([1]));
    expect(await receiver.decrypt(current, new Uint8Array(0))).toEqual(new Uint8Array([2]));
    receiver.removeKey(1n);
    expect(receiver.kids).toEqual([2n]);
    await expect(receiver.decrypt(old, new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(receiver.addKey(3n, new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-key' });
    expect(receiver.kids).toEqual([2n]);
  });
});

describe('SFrame WebCrypto context extras', () => {
  it('writes a prefix in front of the frame in the same buffer', async () => {
    const sender = new SframeSender(5);
    await sender.setKey(9n, new Uint8Array(16).fill(3));
    const prefix = new Uint8Array([0xaa, 0xbb, 0xcc]);
    const metadata = new Uint8Array([1]);
    const out = await sender.encrypt(new Uint8Array(100).fill(4), metadata, prefix);
    expect(out.subarray(0, 3)).toEqual(prefix);
    expect(out.subarray(3)).toEqual(encrypt({ suite: 5, baseKey: new Uint8Array(16).fill(3), kid: 9n, ctr: 0n, metadata, plaintext: new Uint8Array(100).fill(4) }));
  });

  it('opens each (KID, CTR) once: a replayed frame, or one older than the window, is refused; a forged one does not move the window (RFC 9605 §9.3)', async () => {
    const baseKey = new Uint8Array(16).fill(6);
    const metadata = new Uint8Array(0);
    const frame = (kid: bigint, ctr: bigint) => encrypt({ suite: 5, baseKey, kid, ctr, metadata, plaintext: new Uint8Array([Number(ctr % 256n)]) });
    const receiver = new SframeReceiver();
    await receiver.addKey(1n, baseKey);
    await receiver.addKey(2n, baseKey);
    expect(await receiver.decrypt(frame(1n, 5n), metadata)).toEqual(new Uint8Array([5]));
    await expect(receiver.decrypt(frame(1n, 5n), metadata)).rejects.toMatchObject({ code: 'replay' });
    expect(await receiver.decrypt(frame(1n, 3n), metadata)).toEqual(new Uint8Array([3])); // late, not seen: fine
    expect(await receiver.decrypt(frame(2n, 5n), metadata)).toEqual(new Uint8Array([5])); // another KID, its own window
    // Two copies decrypting at once: one opens.
    const both = await Promise.allSettled([receiver.decrypt(frame(1n, 9n), metadata), receiver.decrypt(frame(1n, 9n), metadata)]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    // A forged frame far ahead fails its tag and leaves the window where it was.
    const forged = frame(1n, 5000n);
    forged[forged.length - 1]! ^= 1;
    await expect(receiver.decrypt(forged, metadata)).rejects.toMatchObject({ code: 'authentication-failed' });
    expect(await receiver.decrypt(frame(1n, 4n), metadata)).toEqual(new Uint8Array([4]));
    // A genuine frame far ahead moves it: what falls behind the window is refused.
    expect(await receiver.decrypt(frame(1n, 5000n), metadata)).toEqual(new Uint8Array([5000 % 256]));
    await expect(receiver.decrypt(frame(1n, 6n), metadata)).rejects.toMatchObject({ code: 'replay' });
    // Another key under KID 1 (a rebuilt connection starts again at KID 1, CTR 0): a window of its own.
    const otherKey = new Uint8Array(16).fill(7);
    await receiver.addKey(1n, otherKey);
    expect(await receiver.decrypt(encrypt({ suite: 5, baseKey: otherKey, kid: 1n, ctr: 0n, metadata, plaintext: new Uint8Array([0]) }), metadata)).toEqual(new Uint8Array([0]));
  });

  it('lets a frame wait for a key still being derived, and forgets a key removed meanwhile', async () => {
    const baseKey = new Uint8Array(16).fill(8);
    const frame = encrypt({ suite: 5, baseKey, kid: 4n, ctr: 1n, metadata: new Uint8Array(0), plaintext: new Uint8Array([7]) });
    const receiver = new SframeReceiver();
    const adding = receiver.addKey(4n, baseKey);
    const opened = receiver.decrypt(frame, new Uint8Array(0));
    await adding;
    expect(await opened).toEqual(new Uint8Array([7]));

    const other = new SframeReceiver();
    const pending = other.addKey(4n, baseKey);
    other.removeKey(4n);
    await pending;
    expect(other.kids).toEqual([]);
    await expect(other.decrypt(frame, new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-key' });
  });
});
