import { describe, expect, it } from 'vitest';
import { decrypt } from '../../../protocol/sframe';
import { MediaCrypto } from './media-crypto';

const key = (fill: number) => new Uint8Array(32).fill(fill);
const frame = (length: number, seed = 1) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

async function pair() {
  const alice = new MediaCrypto();
  const bob = new MediaCrypto();
  await alice.setSendKey('bob', 1n, key(1));
  await bob.addReceiveKey('alice', 1n, key(1));
  return { alice, bob };
}

describe('MediaCrypto', () => {
  it('protects frames so that only the codec header stays readable, and the receiver restores them', async () => {
    const { alice, bob } = await pair();
    const video = frame(600);
    const sent = (await alice.protect('bob', 'video', true, video))!;
    expect([...sent.subarray(0, 10)]).toEqual([...video.subarray(0, 10)]);
    expect(sent.subarray(10, 600)).not.toEqual(video.subarray(10));
    // The wire format is RFC 9605 suite 5, as the reference implementation reads it.
    expect(decrypt({ suite: 5, baseKey: key(1), metadata: video.subarray(0, 10), frame: sent.subarray(10) })).toEqual(video.subarray(10));
    expect(await bob.unprotect('alice', 'video', true, sent)).toEqual(video);
    const audio = frame(80, 7);
    expect(await bob.unprotect('alice', 'audio', false, (await alice.protect('bob', 'audio', false, audio))!)).toEqual(audio);
    expect(bob.counters().alice).toMatchObject({ framesUnprotected: 2, decryptFailures: 0 });
  });

  it('never sends a frame without a key', async () => {
    const alice = new MediaCrypto();
    expect(await alice.protect('carol', 'video', false, frame(100))).toBeNull();
    expect(alice.counters().carol).toMatchObject({ droppedWithoutKey: 1, framesProtected: 0 });
  });

  it('drops and counts frames under a wrong key, with a tampered clear header, or in clear', async () => {
    const { alice, bob } = await pair();
    const eve = new MediaCrypto();
    await eve.addReceiveKey('alice', 1n, key(9));
    const sent = (await alice.protect('bob', 'video', false, frame(300)))!;
    expect(await eve.unprotect('alice', 'video', false, sent)).toBeNull();
    const tampered = sent.slice();
    tampered[1]! ^= 0x01;
    expect(await bob.unprotect('alice', 'video', false, tampered)).toBeNull();
    expect(await bob.unprotect('alice', 'video', false, frame(300))).toBeNull();
    expect(bob.counters().alice!.decryptFailures).toBe(2);
    expect(eve.counters().alice!.decryptFailures).toBe(1);
  });

  it('keeps decrypting frames in flight across a key rotation, then forgets keys older than the previous one', async () => {
    const { alice, bob } = await pair();
    const underOldKey = (await alice.protect('bob', 'video', false, frame(200, 1)))!;
    await bob.addReceiveKey('alice', 2n, key(2));
    await alice.setSendKey('bob', 2n, key(2));
    const underNewKey = (await alice.protect('bob', 'video', false, frame(200, 2)))!;
    expect(await bob.unprotect('alice', 'video', false, underOldKey)).toEqual(frame(200, 1));
    expect(await bob.unprotect('alice', 'video', false, underNewKey)).toEqual(frame(200, 2));
    await bob.addReceiveKey('alice', 3n, key(3));
    expect(await bob.unprotect('alice', 'video', false, underOldKey)).toBeNull();
    const next = (await alice.protect('bob', 'video', false, frame(200, 3)))!;
    expect(await bob.unprotect('alice', 'video', false, next)).toEqual(frame(200, 3));
  });

  it('drops a replayed frame (RFC 9605 §9.3 replay window), counted as a replay, not as a failure to decrypt', async () => {
    const { alice, bob } = await pair();
    const sent = (await alice.protect('bob', 'audio', false, frame(80)))!;
    expect(await bob.unprotect('alice', 'audio', false, sent)).toEqual(frame(80));
    expect(await bob.unprotect('alice', 'audio', false, sent)).toBeNull();
    // A second copy of a frame that decrypted (the media pipeline can deliver one twice) says
    // nothing about keys: only frames that do not authenticate count as decrypt failures.
    expect(bob.counters().alice).toMatchObject({ framesUnprotected: 1, decryptFailures: 0, replaysDropped: 1 });
  });

  it('uses a fresh counter per frame, so equal frames encrypt differently', async () => {
    const { alice } = await pair();
    const a = await alice.protect('bob', 'video', false, frame(100));
    const b = await alice.protect('bob', 'video', false, frame(100));
    expect(a).not.toEqual(b);
  });
});
