import { gcm } from '@noble/ciphers/aes.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes';
import type { CryptoProvider } from '../crypto/provider';
import { nobleProvider } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import type { PrekeyBundle } from '../keys/bundle';
import { generateIdentityKeyPair } from '../keys/identity';
import { MemoryKeyOperations } from '../keys/memory-key-operations';
import { generateKemPrekey, generateOneTimePrekeys, generateSignedPrekey } from '../keys/prekeys';
import { openMemberBundle, sealBaseBundle, sealOneTimePrekey } from '../keys/sealed-bundle';
import { deriveRoomKeys, generateRoomSecret, type RoomKeys } from '../room/room';
import { decodeEnvelope } from '../wire/envelope';
import type { HandshakeInit } from '../wire/handshake-init';
import { acceptSession, initiateSession } from './handshake';
import type { IdentityKeyOperations } from './key-operations';

const text = (s: string) => utf8ToBytes(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

function bundleOf(ops: MemoryKeyOperations, withOneTimePrekey: boolean): PrekeyBundle {
  const { oneTimePrekeys, ...base } = ops.publicPrekeys();
  return withOneTimePrekey && oneTimePrekeys[0] ? { ...base, oneTimePrekey: oneTimePrekeys[0] } : base;
}

function initOf(envelope: Uint8Array): HandshakeInit {
  const decoded = decodeEnvelope(envelope);
  if (decoded.type !== 'handshake-init') throw new Error('expected a handshake init');
  return decoded.init;
}

async function rejection(promise: Promise<unknown>): Promise<ProtocolError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('handshake (§5)', () => {
  let room: RoomKeys;
  let alice: MemoryKeyOperations;
  let bob: MemoryKeyOperations;
  beforeAll(async () => {
    room = await deriveRoomKeys(nobleProvider, generateRoomSecret(nobleProvider));
    alice = await MemoryKeyOperations.generate(nobleProvider);
    bob = await MemoryKeyOperations.generate(nobleProvider, 4);
  });

  it('matches an independent computation of X3DH + ML-KEM, the first ratchet step and the byte layout', async () => {
    // Bob's keys with every private half known to the test.
    const bobIdentity = await generateIdentityKeyPair(nobleProvider);
    const bobOps = new MemoryKeyOperations(nobleProvider, bobIdentity);
    const spk = await generateSignedPrekey(nobleProvider, bobOps, 3);
    const kem = await generateKemPrekey(nobleProvider, bobOps, 4);
    const [opk] = await generateOneTimePrekeys(nobleProvider, 5, 1);
    const aliceIdentity = await generateIdentityKeyPair(nobleProvider);
    // Record the initiator's fresh randomness: the ephemeral key, then the first ratchet key pair.
    const drawn: Uint8Array[] = [];
    const recording: CryptoProvider = { ...nobleProvider, randomBytes: (n) => (drawn.push(nobleProvider.randomBytes(n)), drawn.at(-1)!) };
    const { envelope } = await initiateSession({
      provider: recording,
      keys: new MemoryKeyOperations(nobleProvider, aliceIdentity),
      room,
      bundle: { identityKey: bobIdentity.publicKey, signedPrekey: spk, kemPrekey: kem, oneTimePrekey: opk! },
      firstPayload: text('offer'),
    });
    const [ekPrivate, ratchetPrivate] = drawn;

    // §7.1 / §7.3 byte layout, read by offset.
    let at = 0;
    const take = (n: number) => envelope.slice(at, (at += n));
    expect([...take(2)]).toEqual([1, 1]);
    expect(take(32)).toEqual(aliceIdentity.publicKey);
    expect(take(32)).toEqual(x25519.getPublicKey(ekPrivate!));
    expect([...take(4)]).toEqual([0, 0, 0, 3]);
    expect([...take(4)]).toEqual([0, 0, 0, 4]);
    expect([...take(5)]).toEqual([1, 0, 0, 0, 5]);
    const kemCiphertext = take(1088);
    const header = take(41);
    const ciphertext = envelope.slice(at);
    expect(header[0]).toBe(1);
    expect(header.slice(1, 33)).toEqual(x25519.getPublicKey(ratchetPrivate!));
    expect([...header.slice(33)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);

    // X3DH §3.3 + PQXDH §3.3 from the raw keys.
    const dh1 = x25519.getSharedSecret(ed25519.utils.toMontgomerySecret(aliceIdentity.seed), spk.publicKey);
    const dh2 = x25519.getSharedSecret(ekPrivate!, ed25519.utils.toMontgomery(bobIdentity.publicKey));
    const dh3 = x25519.getSharedSecret(ekPrivate!, spk.publicKey);
    const dh4 = x25519.getSharedSecret(ekPrivate!, opk!.publicKey);
    const ss = ml_kem768.decapsulate(kemCiphertext, kem.secretKey);
    const f = new Uint8Array(32).fill(0xff);
    const sk = hkdf(sha256, concatBytes(f, dh1, dh2, dh3, dh4, ss), room.roomKey, text('Parley_v1_X25519_SHA-256_ML-KEM-768'), 32);
    // Double Ratchet §3.3 RatchetInitAlice, §3.4 RatchetEncrypt, §5.2 KDFs.
    const rootOut = hkdf(sha256, x25519.getSharedSecret(ratchetPrivate!, spk.publicKey), sk, text('Parley v1 ratchet root'), 64);
    const mk = hmac(sha256, rootOut.slice(32), new Uint8Array([1]));
    const keys = hkdf(sha256, mk, new Uint8Array(32), text('Parley v1 message keys'), 44);
    const ad = concatBytes(aliceIdentity.publicKey, bobIdentity.publicKey, room.roomId, header);
    expect(read(gcm(keys.slice(0, 32), keys.slice(32), ad).decrypt(ciphertext))).toBe('offer');
  });

  it('establishes a session both ways, with and without a one-time prekey', async () => {
    for (const withOpk of [true, false]) {
      const { session: a, envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room, bundle: bundleOf(bob, withOpk), firstPayload: text('offer') });
      const accepted = await acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) });
      expect(read(accepted.firstPayload)).toBe('offer');
      expect(accepted.remoteIdentityKey).toEqual(await alice.identityPublicKey());
      expect(read(await a.decrypt(await accepted.session.encrypt(text('answer'))))).toBe('answer');
      expect(read(await accepted.session.decrypt(await a.encrypt(text('candidate'))))).toBe('candidate');
    }
  });

  it('works from the sealed blobs the relay hands a newcomer (§3.4)', async () => {
    const { oneTimePrekeys, ...base } = bob.publicPrekeys();
    const baseBlob = await sealBaseBundle(nobleProvider, room, base);
    const opkBlob = await sealOneTimePrekey(nobleProvider, room, base.identityKey, oneTimePrekeys.at(-1)!);
    const bundle = await openMemberBundle(nobleProvider, room, baseBlob, opkBlob);
    const { envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room, bundle, firstPayload: text('offer') });
    expect(initOf(envelope).oneTimePrekeyId).toBe(oneTimePrekeys.at(-1)!.id);
    expect(read((await acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) })).firstPayload)).toBe('offer');
  });

  it('uses stored private keys only through IdentityKeyOperations, and a one-time prekey only once', async () => {
    const calls: string[] = [];
    const spy: IdentityKeyOperations = {
      identityPublicKey: () => bob.identityPublicKey(),
      dhIdentity: (k) => (calls.push('dhIdentity'), bob.dhIdentity(k)),
      dhPrekey: (ref, k) => (calls.push(`dhPrekey:${ref.kind}`), bob.dhPrekey(ref, k)),
      kemDecapsulate: (id, ct) => (calls.push('kemDecapsulate'), bob.kemDecapsulate(id, ct)),
      commitInit: (init) => (calls.push('commitInit'), bob.commitInit(init)),
      sign: (m) => (calls.push('sign'), bob.sign(m)),
    };
    const { envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room, bundle: bundleOf(bob, true), firstPayload: text('x') });
    await acceptSession({ provider: nobleProvider, keys: spy, room, init: initOf(envelope) });
    expect(calls.sort()).toEqual(['commitInit', 'dhIdentity', 'dhPrekey:one-time', 'dhPrekey:signed', 'dhPrekey:signed', 'dhPrekey:signed', 'kemDecapsulate']);
    // The same init again: its one-time prekey is gone.
    expect((await rejection(acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) }))).code).toBe('invalid-key');
  });

  it('a forged init naming a one-time prekey does not burn it: only an init that authenticates consumes it', async () => {
    const bundle = bundleOf(bob, true);
    const { envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room, bundle, firstPayload: text('offer') });
    // Someone with the link but not Alice's keys: the same init, its first message tampered with.
    const forged = envelope.slice();
    forged[forged.length - 1]! ^= 1;
    expect(initOf(forged).oneTimePrekeyId).toBe(bundle.oneTimePrekey!.id);
    expect((await rejection(acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(forged) }))).code).toBe('authentication-failed');
    // The one-time prekey is still there for the real init.
    expect(read((await acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) })).firstPayload)).toBe('offer');
  });

  it('an init opens one session only: the same init again, without a one-time prekey, is a replay', async () => {
    const { envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room, bundle: bundleOf(bob, false), firstPayload: text('offer') });
    expect(read((await acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) })).firstPayload)).toBe('offer');
    // Recorded (by the relay, say) and sent again later: the key store remembers it.
    expect((await rejection(acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) }))).code).toBe('replay');
  });

  it('refuses bundles whose prekey signatures do not verify', async () => {
    const bundle = bundleOf(bob, false);
    const badSpk = { ...bundle, signedPrekey: { ...bundle.signedPrekey, signature: bundle.kemPrekey.signature } };
    const badKem = { ...bundle, kemPrekey: { ...bundle.kemPrekey, signature: bundle.signedPrekey.signature } };
    for (const bad of [badSpk, badKem]) {
      const error = await rejection(initiateSession({ provider: nobleProvider, keys: alice, room, bundle: bad, firstPayload: text('x') }));
      expect(error.code).toBe('authentication-failed');
    }
  });

  it('a party without the room secret gets no session: its first message fails to decrypt', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (wrongSecret) => {
        const wrongRoom = await deriveRoomKeys(nobleProvider, wrongSecret);
        const { envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room: wrongRoom, bundle: bundleOf(bob, false), firstPayload: text('x') });
        expect((await rejection(acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) }))).code).toBe('authentication-failed');
      }),
      { numRuns: 5 },
    );
  });

  it('rejects any flipped bit in the handshake init, and still accepts the original', async () => {
    const { envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room, bundle: bundleOf(bob, false), firstPayload: text('offer') });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: envelope.length * 8 - 1 }), async (bit) => {
        const tampered = envelope.slice();
        tampered[bit >> 3]! ^= 1 << (bit & 7);
        await rejection((async () => acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(tampered) }))());
      }),
      { numRuns: 30 },
    );
    expect(read((await acceptSession({ provider: nobleProvider, keys: bob, room, init: initOf(envelope) })).firstPayload)).toBe('offer');
  });

  it('binds both identities: an init re-labelled with another identity key fails', async () => {
    const mallory = await MemoryKeyOperations.generate(nobleProvider);
    const { envelope } = await initiateSession({ provider: nobleProvider, keys: alice, room, bundle: bundleOf(bob, false), firstPayload: text('x') });
    const init = { ...initOf(envelope), identityKey: await mallory.identityPublicKey() };
    expect((await rejection(acceptSession({ provider: nobleProvider, keys: bob, room, init }))).code).toBe('authentication-failed');
  });
});
