// The handshake's key derivation (PROTOCOL.md §5.3; X3DH §2.2 and PQXDH §2.2 "KDF"):
//   SK = HKDF-SHA-256(IKM = F || DH1 || DH2 || DH3 [|| DH4] || SS, salt = roomKey, info, 32)
// F is 32 0xFF bytes (X3DH §2.2: domain separation from XEdDSA for X25519). Where PQXDH uses a
// zero salt, Parley uses the room key, so only a holder of the room secret derives SK.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { concatBytes } from '../bytes';
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';

/** PQXDH §2.1 info: the application name, then curve, hash and KEM. */
export const HANDSHAKE_INFO = utf8ToBytes('Parley_v1_X25519_SHA-256_ML-KEM-768');
export const HANDSHAKE_F = new Uint8Array(32).fill(0xff);
export const SHARED_SECRET_LENGTH = 32;

export async function deriveHandshakeSecret(
  provider: CryptoProvider,
  roomKey: Uint8Array,
  dhOutputs: readonly Uint8Array[],
  kemSharedSecret: Uint8Array,
): Promise<Uint8Array> {
  if (dhOutputs.length !== 3 && dhOutputs.length !== 4) throw new ProtocolError('invalid-state', 'The handshake needs DH1..DH3 and optionally DH4');
  if (roomKey.length !== 32) throw new ProtocolError('invalid-key', 'Room key must be 32 bytes');
  const ikm = concatBytes(HANDSHAKE_F, ...dhOutputs, kemSharedSecret);
  return provider.hkdf('SHA-256', ikm, roomKey, HANDSHAKE_INFO, SHARED_SECRET_LENGTH);
}

/** X3DH §3.3 AD = Encode(IK_A) || Encode(IK_B); Parley appends the roomId (§5.4). */
export function handshakeAssociatedData(initiatorIdentityKey: Uint8Array, responderIdentityKey: Uint8Array, roomId: Uint8Array): Uint8Array {
  return concatBytes(initiatorIdentityKey, responderIdentityKey, roomId);
}
