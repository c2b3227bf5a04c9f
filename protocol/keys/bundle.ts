// Prekey bundle codecs (PROTOCOL.md §3.3). A member's bundle is published in two parts so the relay
// can hand each newcomer at most one one-time prekey per member without seeing any key:
//   base bundle: identity key, signed prekey, signed ML-KEM prekey (one per member, replaced on rotation)
//   one-time prekey: id and key (one blob per prekey; the relay gives each away once)
// Both are sealed under the room's bundle key (sealed-bundle.ts) before they leave the member.
import { ByteReader, ByteWriter } from '../bytes';
import { ProtocolError } from '../errors';
import { IDENTITY_KEY_LENGTH } from './identity';
import { ML_KEM_768_PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH, X25519_PUBLIC_KEY_LENGTH } from './encoding';
import type { KemPrekey, OneTimePrekey, SignedPrekey } from './prekeys';

export const BUNDLE_VERSION = 1;
export const ONE_TIME_PREKEY_VERSION = 1;
export const BASE_BUNDLE_LENGTH = 1 + IDENTITY_KEY_LENGTH + (4 + 32 + 64) + (4 + ML_KEM_768_PUBLIC_KEY_LENGTH + 64);
export const ONE_TIME_PREKEY_LENGTH = 1 + 4 + X25519_PUBLIC_KEY_LENGTH;

/** What an initiator needs from one member (X3DH §3.2 / PQXDH §3.2 "prekey bundle"). */
export interface PrekeyBundle {
  identityKey: Uint8Array;
  signedPrekey: SignedPrekey;
  kemPrekey: KemPrekey;
  /** Absent when the member has run out (the handshake then skips DH4, as X3DH allows). */
  oneTimePrekey?: OneTimePrekey;
}

export type BaseBundle = Omit<PrekeyBundle, 'oneTimePrekey'>;

function checkVersion(version: number, expected: number, what: string): void {
  if (version !== expected) throw new ProtocolError('unsupported-version', `${what} version ${version} is not supported (expected ${expected})`);
}

export function encodeBaseBundle(bundle: BaseBundle): Uint8Array {
  return new ByteWriter()
    .u8(BUNDLE_VERSION)
    .fixed(bundle.identityKey, IDENTITY_KEY_LENGTH, 'identity key')
    .u32(bundle.signedPrekey.id)
    .fixed(bundle.signedPrekey.publicKey, X25519_PUBLIC_KEY_LENGTH, 'signed prekey')
    .fixed(bundle.signedPrekey.signature, SIGNATURE_LENGTH, 'signed prekey signature')
    .u32(bundle.kemPrekey.id)
    .fixed(bundle.kemPrekey.publicKey, ML_KEM_768_PUBLIC_KEY_LENGTH, 'KEM prekey')
    .fixed(bundle.kemPrekey.signature, SIGNATURE_LENGTH, 'KEM prekey signature')
    .finish();
}

export function decodeBaseBundle(bytes: Uint8Array): BaseBundle {
  const r = new ByteReader(bytes, 'prekey bundle');
  checkVersion(r.u8('version'), BUNDLE_VERSION, 'Prekey bundle');
  const bundle: BaseBundle = {
    identityKey: r.fixed(IDENTITY_KEY_LENGTH, 'identity key'),
    signedPrekey: {
      id: r.u32('signed prekey id'),
      publicKey: r.fixed(X25519_PUBLIC_KEY_LENGTH, 'signed prekey'),
      signature: r.fixed(SIGNATURE_LENGTH, 'signed prekey signature'),
    },
    kemPrekey: {
      id: r.u32('KEM prekey id'),
      publicKey: r.fixed(ML_KEM_768_PUBLIC_KEY_LENGTH, 'KEM prekey'),
      signature: r.fixed(SIGNATURE_LENGTH, 'KEM prekey signature'),
    },
  };
  r.end();
  return bundle;
}

export function encodeOneTimePrekey(prekey: OneTimePrekey): Uint8Array {
  return new ByteWriter()
    .u8(ONE_TIME_PREKEY_VERSION)
    .u32(prekey.id)
    .fixed(prekey.publicKey, X25519_PUBLIC_KEY_LENGTH, 'one-time prekey')
    .finish();
}

export function decodeOneTimePrekey(bytes: Uint8Array): OneTimePrekey {
  const r = new ByteReader(bytes, 'one-time prekey');
  checkVersion(r.u8('version'), ONE_TIME_PREKEY_VERSION, 'One-time prekey');
  const prekey = { id: r.u32('id'), publicKey: r.fixed(X25519_PUBLIC_KEY_LENGTH, 'key') };
  r.end();
  return prekey;
}
