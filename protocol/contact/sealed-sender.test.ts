import { ed25519 } from '@noble/curves/ed25519.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { MAX_SEALED_MESSAGE, SEALED_PADDING_BLOCK, openFromMailbox, sealToMailbox } from './sealed-sender';
import { testIdentity } from './test-identities';

const alice = await testIdentity();
const bob = await testIdentity();
const carol = await testIdentity();
const mailbox = new Uint8Array(16).fill(9);
const senderOf = (who: typeof alice) => ({ identityKey: who.identityKey, sign: who.sign });
const dhOf = (who: typeof alice) => (remote: Uint8Array) => who.ops.dhIdentity(remote);

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe('sealed sender (PROTOCOL §13.2)', () => {
  it('round-trips: the recipient learns the sender and the message', async () => {
    const message = utf8ToBytes('ring ring');
    const sealed = await sealToMailbox(nobleProvider, senderOf(alice), bob.identityKey, mailbox, message);
    const opened = await openFromMailbox(nobleProvider, bob.identityKey, dhOf(bob), mailbox, sealed);
    expect(opened.senderIdentityKey).toEqual(alice.identityKey);
    expect(opened.message).toEqual(message);
  });

  it('is the documented construction (opened here with @noble directly)', async () => {
    const message = utf8ToBytes('hello');
    const sealed = await sealToMailbox(nobleProvider, senderOf(alice), bob.identityKey, mailbox, message);
    expect(sealed[0]).toBe(1);
    const ephemeral = sealed.subarray(1, 33);
    const bobX = ed25519.utils.toMontgomery(bob.identityKey);
    // X25519(IK_B^x, E), as main's identity:dhIdentity computes it for Bob.
    const shared = await bob.ops.dhIdentity(ephemeral);
    const label = utf8ToBytes('Parley v1 sealed sender');
    const okm = hkdf(sha256, shared, concatBytes(ephemeral, bobX), label, 56);
    const inner = xchacha20poly1305(okm.subarray(0, 32), okm.subarray(32), concatBytes(label, new Uint8Array([1]), mailbox)).decrypt(sealed.subarray(33));
    expect(inner).toHaveLength(SEALED_PADDING_BLOCK);
    expect(inner.subarray(0, 32)).toEqual(alice.identityKey);
    expect(inner.subarray(96, 98)).toEqual(new Uint8Array([0, message.length]));
    expect(inner.subarray(98, 98 + message.length)).toEqual(message);
    const signed = concatBytes(utf8ToBytes('Parley v1 sealed sender\0'), mailbox, bob.identityKey, ephemeral, message);
    expect(ed25519.verify(inner.subarray(32, 96), signed, alice.identityKey)).toBe(true);
  });

  it('shows the relay neither the sender key nor the message, and pads to whole blocks', async () => {
    const short = await sealToMailbox(nobleProvider, senderOf(alice), bob.identityKey, mailbox, new Uint8Array(1));
    const longer = await sealToMailbox(nobleProvider, senderOf(alice), bob.identityKey, mailbox, utf8ToBytes('x'.repeat(800)));
    expect(short.length).toBe(longer.length);
    expect(short.length).toBe(1 + 32 + SEALED_PADDING_BLOCK + 16);
    for (const blob of [short, longer]) {
      expect(contains(blob, alice.identityKey)).toBe(false);
      expect(contains(blob, bob.identityKey)).toBe(false);
      expect(contains(blob, utf8ToBytes('xxxxxxxx'))).toBe(false);
    }
  });

  it('cannot be opened by anyone else, nor from another mailbox, nor after a change', async () => {
    const sealed = await sealToMailbox(nobleProvider, senderOf(alice), bob.identityKey, mailbox, utf8ToBytes('hi'));
    await expect(openFromMailbox(nobleProvider, carol.identityKey, dhOf(carol), mailbox, sealed)).rejects.toMatchObject({ code: 'authentication-failed' });
    await expect(openFromMailbox(nobleProvider, bob.identityKey, dhOf(bob), new Uint8Array(16), sealed)).rejects.toMatchObject({ code: 'authentication-failed' });
    const changed = sealed.slice();
    changed[60]! ^= 1;
    await expect(openFromMailbox(nobleProvider, bob.identityKey, dhOf(bob), mailbox, changed)).rejects.toMatchObject({ code: 'authentication-failed' });
    await expect(openFromMailbox(nobleProvider, bob.identityKey, dhOf(bob), mailbox, sealed.subarray(0, 100))).rejects.toMatchObject({ code: 'malformed' });
    const future = sealed.slice();
    future[0] = 2;
    await expect(openFromMailbox(nobleProvider, bob.identityKey, dhOf(bob), mailbox, future)).rejects.toMatchObject({ code: 'unsupported-version' });
  });

  it('refuses a message whose signature names another sender', async () => {
    // Mallory (Carol) seals with Alice's key in the sender field but her own signature.
    const forged = await sealToMailbox(nobleProvider, { identityKey: alice.identityKey, sign: carol.sign }, bob.identityKey, mailbox, utf8ToBytes('hi'));
    await expect(openFromMailbox(nobleProvider, bob.identityKey, dhOf(bob), mailbox, forged)).rejects.toMatchObject({ code: 'authentication-failed' });
  });

  it('refuses messages that are too long to seal', async () => {
    await expect(sealToMailbox(nobleProvider, senderOf(alice), bob.identityKey, mailbox, new Uint8Array(MAX_SEALED_MESSAGE + 1))).rejects.toMatchObject({ code: 'malformed' });
    const max = await sealToMailbox(nobleProvider, senderOf(alice), bob.identityKey, mailbox, new Uint8Array(MAX_SEALED_MESSAGE));
    expect((await openFromMailbox(nobleProvider, bob.identityKey, dhOf(bob), mailbox, max)).message).toHaveLength(MAX_SEALED_MESSAGE);
  });
});
