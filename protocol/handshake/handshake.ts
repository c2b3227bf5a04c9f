// The session handshake (PROTOCOL.md §5): X3DH (Signal's X3DH spec §3.3, §3.4) plus the
// ML-KEM-768 encapsulation of PQXDH, keyed to the room. The initiator is the newcomer, holding a
// member's prekey bundle; the responder is that member. Every use of a stored private key goes
// through IdentityKeyOperations (main's keystore in the app); ephemeral keys live only here.
import { equalBytes } from '@noble/curves/utils.js';
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';
import type { PrekeyBundle } from '../keys/bundle';
import { identityDhPublicKey } from '../keys/identity';
import { verifyPrekeySignatures } from '../keys/prekeys';
import { RatchetSession } from '../ratchet/session';
import type { RoomKeys } from '../room/room';
import { encodeHandshakeInitEnvelope } from '../wire/envelope';
import { encodeHandshakeInit, type HandshakeInit } from '../wire/handshake-init';
import { deriveHandshakeSecret, handshakeAssociatedData } from './kdf';
import type { HandshakeKeyOperations } from './key-operations';

export interface InitiateParams {
  provider: CryptoProvider;
  keys: HandshakeKeyOperations;
  room: RoomKeys;
  /** The responder's bundle, opened from the room's sealed blobs (keys/sealed-bundle.ts). */
  bundle: PrekeyBundle;
  /** Plaintext of the first ratchet message (an encoded payload, e.g. the call offer). */
  firstPayload: Uint8Array;
}

export interface InitiatedSession {
  session: RatchetSession;
  /** The handshake-init envelope (§7.1) to send to the responder. */
  envelope: Uint8Array;
}

/** X3DH §3.3 "Sending the initial message", with PQXDH's KEM step. */
export async function initiateSession(p: InitiateParams): Promise<InitiatedSession> {
  const { provider, keys, room, bundle } = p;
  await verifyPrekeySignatures(provider, bundle.identityKey, bundle.signedPrekey, bundle.kemPrekey);
  const ourIdentityKey = await keys.identityPublicKey();
  const theirIdentityDh = identityDhPublicKey(bundle.identityKey);
  if (equalBytes(ourIdentityKey, bundle.identityKey)) throw new ProtocolError('invalid-key', 'Refusing a session with our own identity');

  const ephemeralPrivate = provider.randomBytes(32);
  const ephemeralKey = await provider.x25519PublicKey(ephemeralPrivate);
  const spk = bundle.signedPrekey.publicKey;
  const [dh1, dh2, dh3, dh4, kem] = await Promise.all([
    keys.dhIdentity(spk), // DH1 = DH(IK_A, SPK_B)
    provider.x25519(ephemeralPrivate, theirIdentityDh), // DH2 = DH(EK_A, IK_B)
    provider.x25519(ephemeralPrivate, spk), // DH3 = DH(EK_A, SPK_B)
    bundle.oneTimePrekey ? provider.x25519(ephemeralPrivate, bundle.oneTimePrekey.publicKey) : undefined, // DH4 = DH(EK_A, OPK_B)
    provider.mlKemEncapsulate(bundle.kemPrekey.publicKey), // (CT, SS) = PQKEM-ENC(PQSPK_B)
  ]);
  const sharedSecret = await deriveHandshakeSecret(provider, room.roomKey, dh4 ? [dh1, dh2, dh3, dh4] : [dh1, dh2, dh3], kem.sharedSecret);
  const associatedData = handshakeAssociatedData(ourIdentityKey, bundle.identityKey, room.roomId);

  // Double Ratchet §7.1 (integration with X3DH): SK is the initial root key and the signed prekey
  // the responder's initial ratchet public key.
  const session = await RatchetSession.initAsInitiator(provider, { sharedSecret, remoteRatchetKey: spk, associatedData });
  const firstMessage = await session.encrypt(p.firstPayload);
  const init: Omit<HandshakeInit, 'message'> = {
    identityKey: ourIdentityKey,
    ephemeralKey,
    signedPrekeyId: bundle.signedPrekey.id,
    kemPrekeyId: bundle.kemPrekey.id,
    kemCiphertext: kem.cipherText,
  };
  if (bundle.oneTimePrekey) init.oneTimePrekeyId = bundle.oneTimePrekey.id;
  return { session, envelope: encodeHandshakeInitEnvelope(encodeHandshakeInit(init, firstMessage)) };
}

export interface AcceptParams {
  provider: CryptoProvider;
  keys: HandshakeKeyOperations;
  room: RoomKeys;
  /** The decoded handshake init (decodeEnvelope). */
  init: HandshakeInit;
}

export interface AcceptedSession {
  session: RatchetSession;
  /** Plaintext of the initiator's first ratchet message. */
  firstPayload: Uint8Array;
  /** The initiator's Ed25519 identity key: the caller decides whether it is admitted. */
  remoteIdentityKey: Uint8Array;
}

/**
 * X3DH §3.4 "Receiving the initial message". The session exists only if the first message
 * decrypts: with the wrong room secret, a forged init or a tampered message this throws
 * ProtocolError('authentication-failed') and nothing is kept, nor is any one-time prekey
 * consumed. Once it decrypts, the key store consumes the init (commitInit: its one-time prekey and
 * its ephemeral key), so the same init never opens a second session: ProtocolError('replay').
 */
export async function acceptSession(p: AcceptParams): Promise<AcceptedSession> {
  const { provider, keys, room, init } = p;
  const ourIdentityKey = await keys.identityPublicKey();
  const theirIdentityDh = identityDhPublicKey(init.identityKey);
  if (equalBytes(ourIdentityKey, init.identityKey)) throw new ProtocolError('invalid-key', 'Refusing a session with our own identity');

  const signed = { kind: 'signed', id: init.signedPrekeyId } as const;
  const ek = init.ephemeralKey;
  const [dh1, dh2, dh3, dh4, kemSharedSecret, prekeyDhOutput] = await Promise.all([
    keys.dhPrekey(signed, theirIdentityDh), // DH1 = DH(SPK_B, IK_A)
    keys.dhIdentity(ek), // DH2 = DH(IK_B, EK_A)
    keys.dhPrekey(signed, ek), // DH3 = DH(SPK_B, EK_A)
    init.oneTimePrekeyId === undefined ? undefined : keys.dhPrekey({ kind: 'one-time', id: init.oneTimePrekeyId }, ek), // DH4
    keys.kemDecapsulate(init.kemPrekeyId, init.kemCiphertext), // SS = PQKEM-DEC(PQSPK_B, CT)
    keys.dhPrekey(signed, init.message.header.dh), // the ratchet's first DH with SPK_B (session.ts initAsResponder)
  ]);
  const sharedSecret = await deriveHandshakeSecret(provider, room.roomKey, dh4 ? [dh1, dh2, dh3, dh4] : [dh1, dh2, dh3], kemSharedSecret);
  const associatedData = handshakeAssociatedData(init.identityKey, ourIdentityKey, room.roomId);
  const session = await RatchetSession.initAsResponder(provider, {
    sharedSecret,
    remoteRatchetKey: init.message.header.dh,
    prekeyDhOutput,
    associatedData,
  });
  const firstPayload = await session.decrypt(init.message);
  // Only now, authenticated: before, a forged init would burn a one-time prekey (issue 16).
  await keys.commitInit({
    ephemeralKey: init.ephemeralKey,
    signedPrekeyId: init.signedPrekeyId,
    ...(init.oneTimePrekeyId === undefined ? {} : { oneTimePrekeyId: init.oneTimePrekeyId }),
  });
  return { session, firstPayload, remoteIdentityKey: init.identityKey };
}
