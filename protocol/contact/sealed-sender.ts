// Sealed sender (PROTOCOL.md §13.2): a message to someone's mailbox that only they can open and
// that names its sender only inside the ciphertext. The relay sees the mailbox id and an opaque,
// padded blob; not who sent it, not what it is.
//
//   e            fresh X25519 key pair per message
//   IK_R^x       the recipient's Ed25519 identity key in X25519 form (§3.1)
//   key||nonce = HKDF-SHA-256(ikm = X25519(e, IK_R^x), salt = E || IK_R^x, info = LABEL, 56)
//   sealed     = version u8 (1) || E [32] || XChaCha20-Poly1305(key, nonce, inner, AD)
//   AD         = LABEL || version || mailboxId
//   inner      = IK_S [32] || signature [64] || u16 length || message || zero padding to 1,024 n - 98
//   signature  = Ed25519(IK_S, "Parley v1 sealed sender\0" || mailboxId || IK_R || E || message)
//
// The signature binds the message to this recipient, this mailbox and this ephemeral key, so a
// recipient cannot re-seal a sender's signed message to someone else, and the relay cannot move
// a blob between mailboxes. The recipient opens it with X25519(IK_R^x, E), which main computes
// (identity:dhIdentity) without the identity key leaving main.
import { ByteReader, ByteWriter, concatBytes } from '../bytes';
import type { CryptoProvider } from '../crypto/provider';
import { ProtocolError } from '../errors';
import { signingInput } from '../ipc-contract';
import { SIGNATURE_LENGTH } from '../keys/encoding';
import { IDENTITY_KEY_LENGTH, identityDhPublicKey } from '../keys/identity';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { MAILBOX_ID_LENGTH } from './contact-card';

export const SEALED_SENDER_VERSION = 1;
const LABEL = utf8ToBytes('Parley v1 sealed sender');
/** Sealed blobs are padded to multiples of this, so a ring and a short reply look alike. */
export const SEALED_PADDING_BLOCK = 1024;
const INNER_OVERHEAD = IDENTITY_KEY_LENGTH + SIGNATURE_LENGTH + 2;
/** Largest message: it must fit a u16 length and stay well inside a relay frame. */
export const MAX_SEALED_MESSAGE = 4 * SEALED_PADDING_BLOCK - INNER_OVERHEAD;
const TAG_LENGTH = 16;
const EPHEMERAL_LENGTH = 32;

export interface SealedSenderKeys {
  /** Our Ed25519 identity key. */
  identityKey: Uint8Array;
  /** Signs SIGNING_CONTEXT['sealed-sender'] || payload with our identity key (main). */
  sign(purpose: 'sealed-sender', payload: Uint8Array): Promise<Uint8Array>;
}

/** X25519(our identity key in X25519 form, remote): main's identity:dhIdentity. */
export type IdentityDh = (remotePublic: Uint8Array) => Promise<Uint8Array>;

export interface OpenedMessage {
  senderIdentityKey: Uint8Array;
  message: Uint8Array;
}

async function keyAndNonce(provider: CryptoProvider, shared: Uint8Array, ephemeral: Uint8Array, recipientDh: Uint8Array) {
  const okm = await provider.hkdf('SHA-256', shared, concatBytes(ephemeral, recipientDh), LABEL, 32 + 24);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32) };
}

function associatedData(mailboxId: Uint8Array): Uint8Array {
  return concatBytes(LABEL, new Uint8Array([SEALED_SENDER_VERSION]), mailboxId);
}

function signedPart(mailboxId: Uint8Array, recipient: Uint8Array, ephemeral: Uint8Array, message: Uint8Array): Uint8Array {
  return concatBytes(mailboxId, recipient, ephemeral, message);
}

function checkMailboxId(mailboxId: Uint8Array): void {
  if (!(mailboxId instanceof Uint8Array) || mailboxId.length !== MAILBOX_ID_LENGTH) {
    throw new ProtocolError('malformed', `sealed sender: a mailbox id is ${MAILBOX_ID_LENGTH} bytes`);
  }
}

export async function sealToMailbox(
  provider: CryptoProvider,
  sender: SealedSenderKeys,
  recipientIdentityKey: Uint8Array,
  mailboxId: Uint8Array,
  message: Uint8Array,
): Promise<Uint8Array> {
  checkMailboxId(mailboxId);
  if (message.length > MAX_SEALED_MESSAGE) throw new ProtocolError('malformed', `sealed sender: a message is at most ${MAX_SEALED_MESSAGE} bytes`);
  const recipientDh = identityDhPublicKey(recipientIdentityKey);
  const ephemeralPrivate = provider.randomBytes(32);
  const ephemeral = await provider.x25519PublicKey(ephemeralPrivate);
  const signature = await sender.sign('sealed-sender', signedPart(mailboxId, recipientIdentityKey, ephemeral, message));
  const unpadded = INNER_OVERHEAD + message.length;
  const padded = Math.ceil(unpadded / SEALED_PADDING_BLOCK) * SEALED_PADDING_BLOCK;
  const inner = new ByteWriter()
    .fixed(sender.identityKey, IDENTITY_KEY_LENGTH, 'sender identity key')
    .fixed(signature, SIGNATURE_LENGTH, 'signature')
    .vec16(message)
    .rest(new Uint8Array(padded - unpadded))
    .finish();
  const { key, nonce } = await keyAndNonce(provider, await provider.x25519(ephemeralPrivate, recipientDh), ephemeral, recipientDh);
  const ciphertext = await provider.xchachaEncrypt(key, nonce, inner, associatedData(mailboxId));
  return concatBytes(new Uint8Array([SEALED_SENDER_VERSION]), ephemeral, ciphertext);
}

/**
 * Opens a blob that arrived in our mailbox. Throws ProtocolError: malformed, unsupported-version,
 * authentication-failed (not for us, changed, or the signature does not verify).
 */
export async function openFromMailbox(
  provider: CryptoProvider,
  recipientIdentityKey: Uint8Array,
  dhIdentity: IdentityDh,
  mailboxId: Uint8Array,
  sealed: Uint8Array,
): Promise<OpenedMessage> {
  checkMailboxId(mailboxId);
  const r = new ByteReader(sealed, 'sealed sender');
  const version = r.u8('version');
  if (version !== SEALED_SENDER_VERSION) throw new ProtocolError('unsupported-version', `sealed sender version ${version} is not supported`);
  const ephemeral = r.fixed(EPHEMERAL_LENGTH, 'ephemeral key');
  const ciphertext = r.rest();
  if (ciphertext.length < SEALED_PADDING_BLOCK + TAG_LENGTH || (ciphertext.length - TAG_LENGTH) % SEALED_PADDING_BLOCK !== 0) {
    throw new ProtocolError('malformed', 'sealed sender: the ciphertext is not a whole number of padding blocks');
  }
  const recipientDh = identityDhPublicKey(recipientIdentityKey);
  const { key, nonce } = await keyAndNonce(provider, await dhIdentity(ephemeral), ephemeral, recipientDh);
  const inner = new ByteReader(await provider.xchachaDecrypt(key, nonce, ciphertext, associatedData(mailboxId)), 'sealed sender message');
  const senderIdentityKey = inner.fixed(IDENTITY_KEY_LENGTH, 'sender identity key');
  const signature = inner.fixed(SIGNATURE_LENGTH, 'signature');
  const message = inner.vec16('message', MAX_SEALED_MESSAGE);
  if (inner.rest().some((b) => b !== 0)) throw new ProtocolError('malformed', 'sealed sender: padding must be zero');
  identityDhPublicKey(senderIdentityKey);
  const signed = signingInput('sealed-sender', signedPart(mailboxId, recipientIdentityKey, ephemeral, message));
  if (!(await provider.ed25519Verify(senderIdentityKey, signed, signature))) {
    throw new ProtocolError('authentication-failed', 'sealed sender: the sender signature does not verify');
  }
  return { senderIdentityKey, message };
}
