import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import { deriveRoomKeys, generateRoomSecret } from './room';

describe('room key derivation (§4.1)', () => {
  it('is HKDF-SHA-256 of the secret with an empty salt and the three documented labels', async () => {
    const secret = hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const room = await deriveRoomKeys(nobleProvider, secret);
    // Expected values straight from RFC 5869 with the labels as written in PROTOCOL.md §4.1.
    expect(room.roomId).toEqual(hkdf(sha256, secret, undefined, utf8ToBytes('Parley v1 room id'), 32));
    expect(room.roomKey).toEqual(hkdf(sha256, secret, undefined, utf8ToBytes('Parley v1 room key'), 32));
    expect(room.bundleKey).toEqual(hkdf(sha256, secret, undefined, utf8ToBytes('Parley v1 bundle key'), 32));
    expect(room.secret).toEqual(secret);
  });

  it('gives distinct, fixed-length values for fresh secrets', async () => {
    const a = await deriveRoomKeys(nobleProvider, generateRoomSecret(nobleProvider));
    const b = await deriveRoomKeys(nobleProvider, generateRoomSecret(nobleProvider));
    expect(a.roomId).toHaveLength(32);
    expect(a.roomId).not.toEqual(b.roomId);
    expect(a.roomId).not.toEqual(a.roomKey);
    expect(a.roomKey).not.toEqual(a.bundleKey);
  });

  it('rejects a secret of the wrong length', async () => {
    await expect(deriveRoomKeys(nobleProvider, new Uint8Array(31))).rejects.toBeInstanceOf(ProtocolError);
  });
});
