// Contact cards (PROTOCOL.md §13.1): what one Parley user hands another so the other can ring
// them — display name, Ed25519 identity key, a random mailbox id on a relay, and the relay's URL,
// signed by the identity key. Shared as `parley://contact#<base64url(card)>` or as a QR code.
// The mailbox id is the only thing the relay ever sees of it; a re-issued card (new mailbox id)
// stops rings through a leaked old one, since its owner no longer listens there.
import { ByteReader, ByteWriter, fromBase64Url, toBase64Url, utf8Decode } from '../bytes';
import type { CryptoProvider } from '../crypto/provider';
import { ProtocolError } from '../errors';
import { signingInput } from '../ipc-contract';
import { SIGNATURE_LENGTH } from '../keys/encoding';
import { IDENTITY_KEY_LENGTH, identityDhPublicKey } from '../keys/identity';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { normalizeRelayUrl } from '../room/relay-address';

export const CONTACT_CARD_VERSION = 1;
export const CONTACT_LINK_PREFIX = 'parley://contact#';
/** §13.1 A mailbox id is 16 random bytes: unguessable, and unlinkable to the identity key. */
export const MAILBOX_ID_LENGTH = 16;
export const MAX_CARD_NAME_CHARACTERS = 64;
export const MAX_CARD_RELAY_URL_LENGTH = 512;
/** Longest link we parse: a card is at most ~900 bytes, ~1,200 characters of base64url. */
export const MAX_CONTACT_LINK_LENGTH = 2048;

export interface ContactCardFields {
  displayName: string;
  identityKey: Uint8Array;
  mailboxId: Uint8Array;
  relayUrl: string;
  /** ms since 1970: the newer of two cards for one identity key wins. */
  issuedAt: number;
}

export interface ContactCard extends ContactCardFields {
  signature: Uint8Array;
}

/** Signs SIGNING_CONTEXT['contact-card'] || payload with our identity key (main does this). */
export type ContactCardSigner = (purpose: 'contact-card', payload: Uint8Array) => Promise<Uint8Array>;

function checkName(name: string): void {
  const characters = [...name].length;
  if (name.trim() !== name || characters < 1 || characters > MAX_CARD_NAME_CHARACTERS || /\p{Cc}/u.test(name)) {
    throw new ProtocolError('malformed', `contact card: the name must be 1 to ${MAX_CARD_NAME_CHARACTERS} characters without control characters or surrounding spaces`);
  }
}

/** The relay address rule of links (§4.4): wss:// anywhere, ws:// on this machine or a local network. */
export function checkRelayUrl(url: string): void {
  if (url.length > MAX_CARD_RELAY_URL_LENGTH || !/^[\x21-\x7e]+$/.test(url)) {
    throw new ProtocolError('malformed', 'contact card: the relay URL must be printable ASCII of at most 512 characters');
  }
  try {
    normalizeRelayUrl(url);
  } catch (error) {
    throw new ProtocolError('malformed', `contact card: ${(error as Error).message}`);
  }
}

/** §13.1 The signed part: version || identity key || mailbox id || issuedAt u64 || vec8 name || vec16 relay URL. */
function encodeBody(card: ContactCardFields): Uint8Array {
  checkName(card.displayName);
  checkRelayUrl(card.relayUrl);
  if (!Number.isSafeInteger(card.issuedAt) || card.issuedAt < 0) throw new ProtocolError('malformed', 'contact card: issuedAt must be a time in ms');
  const name = utf8ToBytes(card.displayName);
  return new ByteWriter()
    .u8(CONTACT_CARD_VERSION)
    .fixed(card.identityKey, IDENTITY_KEY_LENGTH, 'identity key')
    .fixed(card.mailboxId, MAILBOX_ID_LENGTH, 'mailbox id')
    .u32(Math.floor(card.issuedAt / 2 ** 32))
    .u32(card.issuedAt % 2 ** 32)
    .u8(name.length)
    .rest(name)
    .vec16(utf8ToBytes(card.relayUrl))
    .finish();
}

export async function signContactCard(fields: ContactCardFields, sign: ContactCardSigner): Promise<ContactCard> {
  identityDhPublicKey(fields.identityKey); // refuse a key that is not a curve point before signing
  const signature = await sign('contact-card', encodeBody(fields));
  return { ...fields, signature };
}

export function encodeContactCard(card: ContactCard): Uint8Array {
  return new ByteWriter().rest(encodeBody(card)).fixed(card.signature, SIGNATURE_LENGTH, 'signature').finish();
}

export function contactLink(card: ContactCard): string {
  return CONTACT_LINK_PREFIX + toBase64Url(encodeContactCard(card));
}

/** Decodes the layout only; use openContactCard to also check the signature. */
export function decodeContactCard(bytes: Uint8Array): ContactCard {
  const r = new ByteReader(bytes, 'contact card');
  const version = r.u8('version');
  if (version !== CONTACT_CARD_VERSION) throw new ProtocolError('unsupported-version', `contact card version ${version} is not supported`);
  const identityKey = r.fixed(IDENTITY_KEY_LENGTH, 'identity key');
  const mailboxId = r.fixed(MAILBOX_ID_LENGTH, 'mailbox id');
  const issuedAt = r.u32('issuedAt') * 2 ** 32 + r.u32('issuedAt');
  const displayName = utf8Decode(r.fixed(r.u8('name length'), 'name'));
  const relayUrl = utf8Decode(r.vec16('relay URL', MAX_CARD_RELAY_URL_LENGTH));
  const signature = r.fixed(SIGNATURE_LENGTH, 'signature');
  r.end();
  if (displayName === undefined || relayUrl === undefined) throw new ProtocolError('malformed', 'contact card: the name or relay URL is not valid UTF-8');
  if (!Number.isSafeInteger(issuedAt)) throw new ProtocolError('malformed', 'contact card: issuedAt is out of range');
  const card = { displayName, identityKey, mailboxId, relayUrl, issuedAt, signature };
  encodeBody(card); // the same field rules as when signing
  return card;
}

/** Verifies that the card's own identity key signed it. Throws authentication-failed otherwise. */
export async function verifyContactCard(provider: CryptoProvider, card: ContactCard): Promise<ContactCard> {
  identityDhPublicKey(card.identityKey); // invalid-key for a key that is not a curve point
  const ok = await provider.ed25519Verify(card.identityKey, signingInput('contact-card', encodeBody(card)), card.signature);
  if (!ok) {
    throw new ProtocolError('authentication-failed', 'This contact card was changed or was not signed by the identity it names. Ask the person for their card again.');
  }
  return card;
}

/** Parses `parley://contact#...` (surrounding whitespace trimmed) and verifies its signature. */
export async function openContactLink(provider: CryptoProvider, link: string): Promise<ContactCard> {
  const text = typeof link === 'string' ? link.trim() : '';
  if (text.length > MAX_CONTACT_LINK_LENGTH) throw new ProtocolError('malformed', 'This contact link is too long.');
  if (!text.startsWith(CONTACT_LINK_PREFIX)) throw new ProtocolError('malformed', 'This is not a Parley contact link (it starts with parley://contact#).');
  const bytes = fromBase64Url(text.slice(CONTACT_LINK_PREFIX.length));
  if (!bytes) throw new ProtocolError('malformed', 'This contact link has characters that do not belong in it. Was it cut off or changed?');
  return verifyContactCard(provider, decodeContactCard(bytes));
}
