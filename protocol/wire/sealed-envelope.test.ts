import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import { deriveRoomKeys } from '../room/room';
import { deriveEnvelopeKey, openEnvelope, sealEnvelope } from './sealed-envelope';

describe('sealed envelope', () => {
  it('derives the key as §7.6 says (HKDF-SHA-256 of the room secret, empty salt)', async () => {
    const room = await deriveRoomKeys(provider, new Uint8Array(32).fill(1));
    expect(await deriveEnvelopeKey(provider, room)).toEqual(hkdf(sha256, new Uint8Array(32).fill(1), new Uint8Array(0), utf8ToBytes('Parley v1 envelope key'), 32));
  });

  it('round-trips, hides the envelope, and refuses other rooms, tampering and junk with ProtocolError', async () => {
    const room = await deriveRoomKeys(provider, new Uint8Array(32).fill(1));
    const other = await deriveRoomKeys(provider, new Uint8Array(32).fill(2));
    const key = await deriveEnvelopeKey(provider, room);
    const envelope = utf8ToBytes('identity key and ratchet header');
    const sealed = await sealEnvelope(provider, key, room, envelope);
    expect(await openEnvelope(provider, key, room, sealed)).toEqual(envelope);
    expect(Buffer.from(sealed).includes(Buffer.from(envelope))).toBe(false);
    await expect(openEnvelope(provider, await deriveEnvelopeKey(provider, other), other, sealed)).rejects.toMatchObject({ code: 'authentication-failed' });
    for (let i = 0; i < sealed.length; i++) {
      const flipped = sealed.slice();
      flipped[i]! ^= 0x40;
      await expect(openEnvelope(provider, key, room, flipped)).rejects.toBeInstanceOf(ProtocolError);
    }
    for (const junk of [new Uint8Array(), new Uint8Array([1]), new Uint8Array([2, ...new Uint8Array(40)]), new Uint8Array(70_000)]) {
      await expect(openEnvelope(provider, key, room, junk)).rejects.toBeInstanceOf(ProtocolError);
    }
  });
});
