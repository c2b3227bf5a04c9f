import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../bytes';
import { nobleProvider } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import {
  CONTACT_LINK_PREFIX,
  type ContactCardFields,
  contactLink,
  decodeContactCard,
  encodeContactCard,
  openContactLink,
  signContactCard,
} from './contact-card';
import { testIdentity } from './test-identities';

const alice = await testIdentity();
const mallory = await testIdentity();
const fields: ContactCardFields = {
  displayName: 'Alice Müller',
  identityKey: alice.identityKey,
  mailboxId: new Uint8Array(16).fill(7),
  relayUrl: 'wss://relay.example.org/parley',
  issuedAt: 1_790_000_000_123,
};

async function rejection(promise: Promise<unknown>): Promise<ProtocolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProtocolError);
  return error as ProtocolError;
}

describe('contact card (PROTOCOL §13.1)', () => {
  it('encodes the documented layout, signed over the contact-card context', async () => {
    const card = await signContactCard(fields, alice.sign);
    const bytes = encodeContactCard(card);
    const name = utf8ToBytes('Alice Müller');
    const relay = utf8ToBytes('wss://relay.example.org/parley');
    const issued = new Uint8Array(8);
    new DataView(issued.buffer).setBigUint64(0, 1_790_000_000_123n);
    const body = concatBytes(new Uint8Array([1]), alice.identityKey, fields.mailboxId, issued, new Uint8Array([name.length]), name, new Uint8Array([0, relay.length]), relay);
    expect(bytes).toEqual(concatBytes(body, card.signature));
    // Independent check with @noble directly: Ed25519 over "Parley v1 contact card\0" || body.
    expect(ed25519.verify(card.signature, concatBytes(utf8ToBytes('Parley v1 contact card\0'), body), alice.identityKey)).toBe(true);
  });

  it('round-trips through the parley://contact link and verifies', async () => {
    const link = contactLink(await signContactCard(fields, alice.sign));
    expect(link.startsWith(CONTACT_LINK_PREFIX)).toBe(true);
    const opened = await openContactLink(nobleProvider, `  ${link}\n`);
    expect(opened).toMatchObject({ displayName: fields.displayName, relayUrl: fields.relayUrl, issuedAt: fields.issuedAt });
    expect(opened.identityKey).toEqual(alice.identityKey);
    expect(opened.mailboxId).toEqual(fields.mailboxId);
  });

  it('refuses a card whose bytes were changed after signing', async () => {
    const bytes = encodeContactCard(await signContactCard(fields, alice.sign));
    const mailboxByte = 1 + 32; // first byte of the mailbox id
    bytes[mailboxByte]! ^= 1;
    const error = await rejection(openContactLink(nobleProvider, CONTACT_LINK_PREFIX + toBase64Url(bytes)));
    expect(error.code).toBe('authentication-failed');
    expect(error.message).toMatch(/changed or was not signed/);
  });

  it('refuses a card that names one identity but was signed by another', async () => {
    const forged = await signContactCard(fields, mallory.sign); // Mallory signs a card naming Alice's key
    const error = await rejection(openContactLink(nobleProvider, contactLink(forged)));
    expect(error.code).toBe('authentication-failed');
  });

  it('refuses a signature made for another purpose', async () => {
    const card = await signContactCard(fields, (_purpose, payload) => alice.sign('admission', payload));
    expect((await rejection(openContactLink(nobleProvider, contactLink(card)))).code).toBe('authentication-failed');
  });

  it('says what is wrong with a link that is not a contact link', async () => {
    expect((await rejection(openContactLink(nobleProvider, 'parley://join#abc'))).message).toMatch(/not a Parley contact link/);
    expect((await rejection(openContactLink(nobleProvider, `${CONTACT_LINK_PREFIX}a+b`))).message).toMatch(/cut off/);
    const bytes = encodeContactCard(await signContactCard(fields, alice.sign));
    expect((await rejection(openContactLink(nobleProvider, CONTACT_LINK_PREFIX + toBase64Url(bytes.subarray(0, 100))))).code).toBe('malformed');
    expect((await rejection(openContactLink(nobleProvider, CONTACT_LINK_PREFIX + toBase64Url(concatBytes(bytes, new Uint8Array(1)))))).code).toBe('malformed');
    const future = bytes.slice();
    future[0] = 2;
    expect(() => decodeContactCard(future)).toThrow(expect.objectContaining({ code: 'unsupported-version' }));
  });

  it('refuses names and relay URLs outside the rules, when signing and when parsing', async () => {
    for (const displayName of ['', ' Alice', 'x'.repeat(65), 'a\u0007b']) {
      await expect(signContactCard({ ...fields, displayName }, alice.sign)).rejects.toMatchObject({ code: 'malformed' });
    }
    for (const relayUrl of ['https://relay.example.org', 'ws://relay.example.org', 'wss://', 'wss://a b']) {
      await expect(signContactCard({ ...fields, relayUrl }, alice.sign)).rejects.toMatchObject({ code: 'malformed' });
    }
    const local = await signContactCard({ ...fields, relayUrl: 'ws://127.0.0.1:4000' }, alice.sign);
    expect((await openContactLink(nobleProvider, contactLink(local))).relayUrl).toBe('ws://127.0.0.1:4000');
    // A name with a control character that was signed anyway is refused when parsed.
    const link = contactLink(await signContactCard(fields, alice.sign));
    const bytes = fromBase64Url(link.slice(CONTACT_LINK_PREFIX.length))!;
    bytes[1 + 32 + 16 + 8 + 1] = 0x07;
    expect(() => decodeContactCard(bytes)).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('refuses an identity key that is not a curve point', async () => {
    const card = { ...(await signContactCard(fields, alice.sign)), identityKey: new Uint8Array(32).fill(0xff) };
    expect((await rejection(openContactLink(nobleProvider, contactLink(card)))).code).toBe('invalid-key');
  });
});
