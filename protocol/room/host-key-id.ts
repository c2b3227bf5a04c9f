// Host key id (PROTOCOL.md §4.2): a short hash of the host's identity key carried in the invite, so
// a joiner can tell the real host from anyone else in the room without the link carrying the full
// key. 16 bytes (128 bits): finding another identity key with the same id is a second-preimage
// search, out of reach.
import { equalBytes } from '@noble/curves/utils.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { concatBytes } from '../bytes';
import type { CryptoProvider } from '../crypto/provider';
import { identityDhPublicKey } from '../keys/identity';

export const HOST_KEY_ID_LENGTH = 16;
export const HOST_KEY_ID_LABEL = utf8ToBytes('Parley v1 host key id');

/** First 16 bytes of SHA-512("Parley v1 host key id" || Ed25519 identity key). */
export async function hostKeyId(provider: Pick<CryptoProvider, 'sha512'>, identityKey: Uint8Array): Promise<Uint8Array> {
  identityDhPublicKey(identityKey); // rejects anything that is not an identity key
  const digest = await provider.sha512(concatBytes(HOST_KEY_ID_LABEL, identityKey));
  return digest.slice(0, HOST_KEY_ID_LENGTH);
}

export async function isHostKey(provider: Pick<CryptoProvider, 'sha512'>, identityKey: Uint8Array, expectedId: Uint8Array): Promise<boolean> {
  return equalBytes(await hostKeyId(provider, identityKey), expectedId);
}
