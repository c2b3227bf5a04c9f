import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { identityDhPublicKey } from './identity';
import { MemoryKeyOperations } from './memory-key-operations';
import { generateSignedPrekey } from './prekeys';

describe('MemoryKeyOperations', () => {
  it('does identity and prekey DH that pair with the published public keys', async () => {
    const ops = await MemoryKeyOperations.generate(nobleProvider, 2);
    const pub = ops.publicPrekeys();
    const peer = x25519.utils.randomSecretKey();
    const peerPublic = x25519.getPublicKey(peer);
    expect(await ops.dhIdentity(peerPublic)).toEqual(x25519.getSharedSecret(peer, identityDhPublicKey(pub.identityKey)));
    expect(await ops.dhPrekey({ kind: 'signed', id: pub.signedPrekey.id }, peerPublic)).toEqual(
      x25519.getSharedSecret(peer, pub.signedPrekey.publicKey),
    );
    const opk = pub.oneTimePrekeys[0]!;
    expect(await ops.dhPrekey({ kind: 'one-time', id: opk.id }, peerPublic)).toEqual(x25519.getSharedSecret(peer, opk.publicKey));
  });

  it('consumes a one-time prekey when an init using it commits, not on a DH, and stops publishing it', async () => {
    const ops = await MemoryKeyOperations.generate(nobleProvider, 2);
    const peerPublic = x25519.getPublicKey(x25519.utils.randomSecretKey());
    await ops.dhPrekey({ kind: 'one-time', id: 1 }, peerPublic);
    expect(ops.publicPrekeys().oneTimePrekeys.map((k) => k.id)).toEqual([1, 2]);
    await ops.commitInit({ ephemeralKey: peerPublic, signedPrekeyId: 1, oneTimePrekeyId: 1 });
    await expect(ops.dhPrekey({ kind: 'one-time', id: 1 }, peerPublic)).rejects.toMatchObject({ code: 'invalid-key' });
    // The same init, or another one naming the consumed prekey: a replay.
    await expect(ops.commitInit({ ephemeralKey: peerPublic, signedPrekeyId: 1 })).rejects.toMatchObject({ code: 'replay' });
    await expect(ops.commitInit({ ephemeralKey: new Uint8Array(32), signedPrekeyId: 1, oneTimePrekeyId: 1 })).rejects.toMatchObject({ code: 'replay' });
    expect(ops.publicPrekeys().oneTimePrekeys.map((k) => k.id)).toEqual([2]);
    await expect(ops.dhPrekey({ kind: 'signed', id: 99 }, peerPublic)).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(ops.kemDecapsulate(99, new Uint8Array(1088))).rejects.toMatchObject({ code: 'invalid-key' });
  });

  it('decapsulates with the KEM prekey it publishes', async () => {
    const ops = await MemoryKeyOperations.generate(nobleProvider);
    const { kemPrekey } = ops.publicPrekeys();
    const { cipherText, sharedSecret } = await nobleProvider.mlKemEncapsulate(kemPrekey.publicKey);
    expect(await ops.kemDecapsulate(kemPrekey.id, cipherText)).toEqual(sharedSecret);
  });

  it('publishes a rotated signed prekey and keeps the old one usable until it is removed', async () => {
    const ops = await MemoryKeyOperations.generate(nobleProvider);
    const peerPublic = x25519.getPublicKey(x25519.utils.randomSecretKey());
    ops.addSignedPrekey(await generateSignedPrekey(nobleProvider, ops, 2));
    expect(ops.publicPrekeys().signedPrekey.id).toBe(2);
    await expect(ops.dhPrekey({ kind: 'signed', id: 1 }, peerPublic)).resolves.toHaveLength(32);
    ops.removeSignedPrekey(1);
    await expect(ops.dhPrekey({ kind: 'signed', id: 1 }, peerPublic)).rejects.toMatchObject({ code: 'invalid-key' });
  });
});
