import { describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import { deriveRoomKeys, generateRoomSecret } from '../room/room';
import { BASE_BUNDLE_LENGTH, decodeBaseBundle, decodeOneTimePrekey, encodeBaseBundle, encodeOneTimePrekey } from './bundle';
import { MemoryKeyOperations } from './memory-key-operations';
import { openBaseBundle, openMemberBundle, openOneTimePrekey, sealBaseBundle, sealOneTimePrekey } from './sealed-bundle';

async function fixture() {
  const member = await MemoryKeyOperations.generate(p, 2);
  const other = await MemoryKeyOperations.generate(p, 1);
  const room = await deriveRoomKeys(p, generateRoomSecret(p));
  return { member: member.publicPrekeys(), other: other.publicPrekeys(), room };
}

describe('prekey bundle codecs (§3.3)', () => {
  it('round-trips the base bundle and a one-time prekey with their fixed lengths', async () => {
    const { member } = await fixture();
    const { oneTimePrekeys, ...base } = member;
    const encoded = encodeBaseBundle(base);
    expect(encoded).toHaveLength(BASE_BUNDLE_LENGTH);
    expect(decodeBaseBundle(encoded)).toEqual(base);
    expect(decodeOneTimePrekey(encodeOneTimePrekey(oneTimePrekeys[0]!))).toEqual(oneTimePrekeys[0]);
    encoded[0] = 2;
    expect(() => decodeBaseBundle(encoded)).toThrow(expect.objectContaining({ code: 'unsupported-version' }));
  });
});

describe('sealed bundles (§3.4)', () => {
  it('a room member opens what another member sealed, base first, then its one-time prekey', async () => {
    const { member, room } = await fixture();
    const { oneTimePrekeys, ...base } = member;
    const baseBlob = await sealBaseBundle(p, room, base);
    const opkBlob = await sealOneTimePrekey(p, room, base.identityKey, oneTimePrekeys[1]!);
    expect(await openMemberBundle(p, room, baseBlob, opkBlob)).toEqual({ ...base, oneTimePrekey: oneTimePrekeys[1] });
    expect(await openMemberBundle(p, room, baseBlob)).toEqual(base);
  });

  it('fails for another room, another owner, the wrong kind, or any flipped bit', async () => {
    const { member, other, room } = await fixture();
    const otherRoom = await deriveRoomKeys(p, generateRoomSecret(p));
    const { oneTimePrekeys, ...base } = member;
    const baseBlob = await sealBaseBundle(p, room, base);
    const opkBlob = await sealOneTimePrekey(p, room, base.identityKey, oneTimePrekeys[0]!);
    await expect(openBaseBundle(p, otherRoom, baseBlob)).rejects.toMatchObject({ code: 'authentication-failed' });
    // The relay cannot pair this member's one-time prekey with another member's bundle.
    await expect(openOneTimePrekey(p, room, other.identityKey, opkBlob)).rejects.toMatchObject({ code: 'authentication-failed' });
    await expect(openBaseBundle(p, room, opkBlob)).rejects.toMatchObject({ code: 'malformed' });
    for (const index of [0, 1, 5, 30, baseBlob.length - 1]) {
      const tampered = baseBlob.slice();
      tampered[index]! ^= 0x01;
      await expect(openBaseBundle(p, room, tampered)).rejects.toBeInstanceOf(ProtocolError);
    }
  });
});
