import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors';
import type { TrustedOrganisation } from './statement';
import {
  MAX_CREDENTIAL_LENGTH,
  decodeOrganisationCredential,
  signOrganisationStatement,
  signRevocationList,
  verifyOrganisationStatement,
  verifyRevocationList,
} from './statement';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 4, 12);
const orgSecret = ed25519.utils.randomSecretKey();
const orgKey = ed25519.getPublicKey(orgSecret);
const otherOrgSecret = ed25519.utils.randomSecretKey();
const bob = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
const mallory = ed25519.getPublicKey(ed25519.utils.randomSecretKey());

const issue = (over: Partial<{ identityKey: Uint8Array; employeeName: string; issuedAt: number; expiresAt: number }> = {}, secret = orgSecret) =>
  signOrganisationStatement(secret, { organisationName: 'Example GmbH', employeeName: 'Bob Berger', identityKey: bob, issuedAt: NOW - DAY, expiresAt: NOW + 365 * DAY, ...over });

const trusted = (revocations: TrustedOrganisation['revocations'] = []): TrustedOrganisation[] => [{ name: 'Example', publicKey: orgKey, revocations }];
const verdict = (credential: Uint8Array, over: Partial<{ identityKey: Uint8Array; displayName: string; now: number; trusted: TrustedOrganisation[] }> = {}) =>
  verifyOrganisationStatement({ credential, trusted: trusted(), identityKey: bob, displayName: 'Bob Berger', now: NOW, ...over });

describe('organisation statement', () => {
  it('verifies a statement signed by a trusted organisation for this key and name, named as the policy names it', () => {
    expect(verdict(issue())).toEqual({ status: 'verified', organisation: 'Example', name: 'Bob Berger', expiresAt: NOW + 365 * DAY });
    // The name is compared in its canonical form (NFC, trimmed).
    expect(verdict(issue({ employeeName: 'Zoë' }), { displayName: ' Zoe\u0308 ' }).status).toBe('verified');
  });

  it('is expired at expires-at and not yet valid well before issued-at', () => {
    const credential = issue({ issuedAt: NOW - 2 * DAY, expiresAt: NOW });
    expect(verdict(credential).status).toBe('expired');
    expect(verdict(credential, { now: NOW - 1 }).status).toBe('verified');
    expect(verdict(issue({ issuedAt: NOW + DAY, expiresAt: NOW + 2 * DAY })).status).toBe('not-yet-valid');
  });

  it('is revoked by a revocation at or after its issued-at, and a later re-issue counts again', () => {
    const credential = issue();
    expect(verdict(credential, { trusted: trusted([{ identityKey: bob, revokedAt: NOW - DAY }]) }).status).toBe('revoked');
    expect(verdict(credential, { trusted: trusted([{ identityKey: mallory, revokedAt: NOW }]) }).status).toBe('verified');
    expect(verdict(issue({ issuedAt: NOW - 1 }), { trusted: trusted([{ identityKey: bob, revokedAt: NOW - DAY }]) }).status).toBe('verified');
  });

  it('is for another key: wrong-key, whoever presents it', () => {
    expect(verdict(issue(), { identityKey: mallory }).status).toBe('wrong-key');
  });

  it('under another display name: wrong-name, with the name IT signed', () => {
    expect(verdict(issue(), { displayName: 'Alice Anders' })).toEqual({ status: 'wrong-name', organisation: 'Example', name: 'Bob Berger', expiresAt: NOW + 365 * DAY });
  });

  it('signed by an organisation key the policy does not trust: untrusted; a forged signer field: bad signature', () => {
    expect(verdict(issue({}, otherOrgSecret)).status).toBe('untrusted');
    expect(verdict(issue(), { trusted: [] }).status).toBe('untrusted');
    // Another organisation signs a statement that names the trusted key as its signer.
    const forged = issue({}, otherOrgSecret);
    forged.set(orgKey, 1);
    expect(verdict(forged).status).toBe('bad-signature');
  });

  it('any tampered byte is refused', () => {
    const credential = issue();
    for (let i = 0; i < credential.length; i++) {
      const tampered = credential.slice();
      tampered[i]! ^= 0x01;
      expect(verdict(tampered).status, `byte ${i}`).not.toBe('verified');
    }
    expect(verdict(credential.slice(0, -1)).status).toBe('malformed');
    expect(verdict(Uint8Array.of(...credential, 0)).status).toBe('malformed');
    expect(verdict(new Uint8Array(MAX_CREDENTIAL_LENGTH + 1)).status).toBe('malformed');
  });

  it('decodes strictly and refuses to sign what it would not decode', () => {
    const signed = decodeOrganisationCredential(issue());
    expect(signed.statement).toMatchObject({ organisationName: 'Example GmbH', employeeName: 'Bob Berger', organisationKey: orgKey, identityKey: bob });
    const refuses = (fn: () => unknown) => expect(fn).toThrow(ProtocolError);
    refuses(() => issue({ employeeName: ' Bob' }));
    refuses(() => issue({ employeeName: '' }));
    refuses(() => issue({ employeeName: 'x'.repeat(65) }));
    refuses(() => issue({ employeeName: 'Bob\u0007' }));
    refuses(() => issue({ expiresAt: NOW - DAY }));
    refuses(() => issue({ identityKey: new Uint8Array(31) }));
  });
});

describe('revocation list', () => {
  it('round-trips when signed by the organisation key, and is refused under any other key or with a changed byte', () => {
    const list = { issuedAt: NOW, revocations: [{ identityKey: bob, revokedAt: NOW - DAY }] };
    const bytes = signRevocationList(orgSecret, list);
    expect(verifyRevocationList(orgKey, bytes)).toEqual(list);
    expect(() => verifyRevocationList(ed25519.getPublicKey(otherOrgSecret), bytes)).toThrow(ProtocolError);
    for (const i of [0, 1, 40, 50, bytes.length - 1]) {
      const tampered = bytes.slice();
      tampered[i]! ^= 0x01;
      expect(() => verifyRevocationList(orgKey, tampered), `byte ${i}`).toThrow(ProtocolError);
    }
    expect(() => verifyRevocationList(orgKey, bytes.slice(0, -1))).toThrow(ProtocolError);
  });
});
