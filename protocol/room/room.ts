// Rooms (PROTOCOL.md §4.1). A room is a 32-byte random secret. HKDF-SHA-256 with distinct labels
// derives what the relay may see (roomId) from what only participants hold (roomKey, bundleKey),
// so knowing the roomId reveals nothing about the keys.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';

export const ROOM_SECRET_LENGTH = 32;
export const ROOM_ID_LENGTH = 32;
export const ROOM_KEY_LENGTH = 32;

/** HKDF info labels (§4.1); the salt is empty (RFC 5869: HashLen zero bytes). */
export const ROOM_LABELS = {
  roomId: utf8ToBytes('Parley v1 room id'),
  roomKey: utf8ToBytes('Parley v1 room key'),
  bundleKey: utf8ToBytes('Parley v1 bundle key'),
} as const;

export interface RoomKeys {
  secret: Uint8Array;
  /** The room's name at the relay: opaque, fixed length. */
  roomId: Uint8Array;
  /** Mixed into the handshake HKDF salt (§5.3): no room secret, no session. */
  roomKey: Uint8Array;
  /** AEAD key that seals the prekey bundles the relay stores (§3.4). */
  bundleKey: Uint8Array;
}

export function generateRoomSecret(provider: CryptoProvider): Uint8Array {
  return provider.randomBytes(ROOM_SECRET_LENGTH);
}

export async function deriveRoomKeys(provider: CryptoProvider, secret: Uint8Array): Promise<RoomKeys> {
  if (!(secret instanceof Uint8Array) || secret.length !== ROOM_SECRET_LENGTH) {
    throw new ProtocolError('invalid-key', `Room secret must be ${ROOM_SECRET_LENGTH} bytes`);
  }
  const salt = new Uint8Array(0);
  const [roomId, roomKey, bundleKey] = await Promise.all([
    provider.hkdf('SHA-256', secret, salt, ROOM_LABELS.roomId, ROOM_ID_LENGTH),
    provider.hkdf('SHA-256', secret, salt, ROOM_LABELS.roomKey, ROOM_KEY_LENGTH),
    provider.hkdf('SHA-256', secret, salt, ROOM_LABELS.bundleKey, 32),
  ]);
  return { secret: secret.slice(), roomId, roomKey, bundleKey };
}
