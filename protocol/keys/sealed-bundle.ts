// Sealed bundle blobs (PROTOCOL.md §3.4): what the relay stores. XChaCha20-Poly1305 under the
// room's bundle key, with a random 24-byte nonce (many blobs share one long-lived key, so nonces
// must be safe to draw at random). The associated data binds the blob to its room and kind, and a
// one-time prekey blob to its owner's identity key, so the relay cannot move a blob to another
// room or pair one member's one-time prekey with another member's bundle.
//
//   blob = version u8 (1) || kind u8 || nonce [24] || ciphertext || tag [16]
//   AD   = "Parley v1 sealed bundle" || version || kind || roomId [|| owner identity key]
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter, concatBytes } from '../bytes';
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';
import type { RoomKeys } from '../room/room';
import { type BaseBundle, decodeBaseBundle, decodeOneTimePrekey, encodeBaseBundle, encodeOneTimePrekey, type PrekeyBundle } from './bundle';
import { IDENTITY_KEY_LENGTH } from './identity';
import type { OneTimePrekey } from './prekeys';

export const SEALED_BLOB_VERSION = 1;
export const SEALED_BLOB_LABEL = utf8ToBytes('Parley v1 sealed bundle');
const NONCE_LENGTH = 24;
const TAG_LENGTH = 16;
/** Upper bound on a sealed blob (a base bundle is 1,385 bytes before sealing). */
export const MAX_SEALED_BLOB_LENGTH = 4096;

export const SealedBlobKind = { baseBundle: 1, oneTimePrekey: 2 } as const;
export type SealedBlobKind = (typeof SealedBlobKind)[keyof typeof SealedBlobKind];

export interface SealedBlob {
  version: number;
  kind: SealedBlobKind;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

export function encodeSealedBlob(blob: SealedBlob): Uint8Array {
  return new ByteWriter().u8(blob.version).u8(blob.kind).fixed(blob.nonce, NONCE_LENGTH, 'nonce').rest(blob.ciphertext).finish();
}

/** Structure only (no key needed): what a relay-side or fuzz check can run. */
export function decodeSealedBlob(bytes: Uint8Array): SealedBlob {
  if (bytes.length > MAX_SEALED_BLOB_LENGTH) throw new ProtocolError('malformed', `Sealed blob is longer than ${MAX_SEALED_BLOB_LENGTH} bytes`);
  const r = new ByteReader(bytes, 'sealed blob');
  const version = r.u8('version');
  if (version !== SEALED_BLOB_VERSION) throw new ProtocolError('unsupported-version', `Sealed blob version ${version} is not supported`);
  const kind = r.u8('kind');
  if (kind !== SealedBlobKind.baseBundle && kind !== SealedBlobKind.oneTimePrekey) {
    throw new ProtocolError('malformed', `Sealed blob kind ${kind} is unknown`);
  }
  const nonce = r.fixed(NONCE_LENGTH, 'nonce');
  const ciphertext = r.rest();
  if (ciphertext.length < TAG_LENGTH) throw new ProtocolError('malformed', 'sealed blob: ciphertext shorter than its tag');
  return { version, kind, nonce, ciphertext };
}

function associatedData(room: RoomKeys, kind: SealedBlobKind, owner?: Uint8Array): Uint8Array {
  return concatBytes(SEALED_BLOB_LABEL, new Uint8Array([SEALED_BLOB_VERSION, kind]), room.roomId, owner ?? new Uint8Array(0));
}

async function seal(provider: CryptoProvider, room: RoomKeys, kind: SealedBlobKind, plaintext: Uint8Array, owner?: Uint8Array): Promise<Uint8Array> {
  const nonce = provider.randomBytes(NONCE_LENGTH);
  const ciphertext = await provider.xchachaEncrypt(room.bundleKey, nonce, plaintext, associatedData(room, kind, owner));
  return encodeSealedBlob({ version: SEALED_BLOB_VERSION, kind, nonce, ciphertext });
}

async function open(provider: CryptoProvider, room: RoomKeys, kind: SealedBlobKind, bytes: Uint8Array, owner?: Uint8Array): Promise<Uint8Array> {
  const blob = decodeSealedBlob(bytes);
  if (blob.kind !== kind) throw new ProtocolError('malformed', `Expected a sealed blob of kind ${kind}, got ${blob.kind}`);
  return provider.xchachaDecrypt(room.bundleKey, blob.nonce, blob.ciphertext, associatedData(room, kind, owner));
}

export function sealBaseBundle(provider: CryptoProvider, room: RoomKeys, bundle: BaseBundle): Promise<Uint8Array> {
  return seal(provider, room, SealedBlobKind.baseBundle, encodeBaseBundle(bundle));
}

export async function openBaseBundle(provider: CryptoProvider, room: RoomKeys, blob: Uint8Array): Promise<BaseBundle> {
  return decodeBaseBundle(await open(provider, room, SealedBlobKind.baseBundle, blob));
}

function checkOwner(owner: Uint8Array): void {
  if (owner.length !== IDENTITY_KEY_LENGTH) throw new ProtocolError('invalid-key', 'Owner identity key must be 32 bytes');
}

export function sealOneTimePrekey(provider: CryptoProvider, room: RoomKeys, ownerIdentityKey: Uint8Array, prekey: OneTimePrekey): Promise<Uint8Array> {
  checkOwner(ownerIdentityKey);
  return seal(provider, room, SealedBlobKind.oneTimePrekey, encodeOneTimePrekey(prekey), ownerIdentityKey);
}

export async function openOneTimePrekey(provider: CryptoProvider, room: RoomKeys, ownerIdentityKey: Uint8Array, blob: Uint8Array): Promise<OneTimePrekey> {
  checkOwner(ownerIdentityKey);
  return decodeOneTimePrekey(await open(provider, room, SealedBlobKind.oneTimePrekey, blob, ownerIdentityKey));
}

/**
 * A newcomer's view of one member: the base blob plus the one-time prekey blob the relay handed
 * out for that member (if any). The base is opened first because its identity key authenticates
 * the one-time prekey blob.
 */
export async function openMemberBundle(
  provider: CryptoProvider,
  room: RoomKeys,
  baseBlob: Uint8Array,
  oneTimePrekeyBlob?: Uint8Array,
): Promise<PrekeyBundle> {
  const base = await openBaseBundle(provider, room, baseBlob);
  if (!oneTimePrekeyBlob) return base;
  return { ...base, oneTimePrekey: await openOneTimePrekey(provider, room, base.identityKey, oneTimePrekeyBlob) };
}
