// Known answers for the handshake KDF, computed from the X3DH / PQXDH formulas (§2.2 of each spec)
// with @noble/hashes directly, with the salt and info documented in PROTOCOL.md §5.3.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { deriveHandshakeSecret, handshakeAssociatedData } from './kdf';

const filled = (byte: number, length = 32) => new Uint8Array(length).fill(byte);
const info = utf8ToBytes('Parley_v1_X25519_SHA-256_ML-KEM-768');

describe('handshake KDF (§5.3)', () => {
  const roomKey = filled(0x42);
  const [dh1, dh2, dh3, dh4, ss] = [filled(1), filled(2), filled(3), filled(4), filled(5)];

  it('SK = HKDF-SHA-256(F || DH1 || DH2 || DH3 || DH4 || SS, salt = roomKey, info) with F = 32 x 0xFF', async () => {
    const ikm = new Uint8Array([...filled(0xff), ...dh1, ...dh2, ...dh3, ...dh4, ...ss]);
    expect(await deriveHandshakeSecret(nobleProvider, roomKey, [dh1, dh2, dh3, dh4], ss)).toEqual(hkdf(sha256, ikm, roomKey, info, 32));
  });

  it('omits DH4 when no one-time prekey was used', async () => {
    const ikm = new Uint8Array([...filled(0xff), ...dh1, ...dh2, ...dh3, ...ss]);
    expect(await deriveHandshakeSecret(nobleProvider, roomKey, [dh1, dh2, dh3], ss)).toEqual(hkdf(sha256, ikm, roomKey, info, 32));
  });

  it('derives a different key under another room key', async () => {
    const a = await deriveHandshakeSecret(nobleProvider, roomKey, [dh1, dh2, dh3], ss);
    expect(await deriveHandshakeSecret(nobleProvider, filled(0x43), [dh1, dh2, dh3], ss)).not.toEqual(a);
  });

  it('AD = IK_A || IK_B || roomId', () => {
    expect(handshakeAssociatedData(filled(1), filled(2), filled(3))).toEqual(new Uint8Array([...filled(1), ...filled(2), ...filled(3)]));
  });
});
