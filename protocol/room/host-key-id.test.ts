import { sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes';
import { nobleProvider } from '../crypto/noble-provider';
import { generateIdentityKeyPair } from '../keys/identity';
import { hostKeyId, isHostKey } from './host-key-id';

describe('host key id (§4.2)', () => {
  it('is the first 16 bytes of SHA-512("Parley v1 host key id" || identity key)', async () => {
    const { publicKey } = await generateIdentityKeyPair(nobleProvider);
    const expected = sha512(concatBytes(utf8ToBytes('Parley v1 host key id'), publicKey)).slice(0, 16);
    expect(await hostKeyId(nobleProvider, publicKey)).toEqual(expected);
    expect(await isHostKey(nobleProvider, publicKey, expected)).toBe(true);
    const other = await generateIdentityKeyPair(nobleProvider);
    expect(await isHostKey(nobleProvider, other.publicKey, expected)).toBe(false);
  });

  it('rejects bytes that are not an identity key', async () => {
    await expect(hostKeyId(nobleProvider, new Uint8Array(31))).rejects.toMatchObject({ code: 'invalid-key' });
  });
});
