import { ed25519 } from '@noble/curves/ed25519.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../protocol/bytes';
import { signRevocationList } from '../../protocol/organisation/statement';
import { validateOrganisations } from './organisations';
import { PolicyService } from './policy-service';
import { jsonFilePolicyReader } from './readers/json-file';
import { validatePolicy } from './schema';

const secret = ed25519.utils.randomSecretKey();
const publicKey = toBase64Url(ed25519.getPublicKey(secret));
const lost = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
const revocations = toBase64Url(signRevocationList(secret, { issuedAt: 1_000, revocations: [{ identityKey: lost, revokedAt: 900 }] }));

describe('trustedOrganisations policy', () => {
  it('accepts organisations with their key and a revocation list signed by that key', () => {
    const { organisations, errors } = validateOrganisations([{ name: 'Example GmbH', publicKey, revocations }, { name: ' Partner AG ', publicKey }]);
    expect(errors).toEqual([]);
    expect(organisations.map((o) => o.name)).toEqual(['Example GmbH', 'Partner AG']);
    expect(organisations[0]!.publicKey).toEqual(ed25519.getPublicKey(secret));
    expect(organisations[0]!.revocations).toEqual([{ identityKey: lost, revokedAt: 900 }]);
    expect(validateOrganisations(undefined)).toEqual({ organisations: [], errors: [] });
    // A Windows REG_SZ holds the same list as JSON text.
    expect(validateOrganisations(JSON.stringify([{ name: 'Example GmbH', publicKey }])).organisations).toHaveLength(1);
  });

  it.each([
    ['not a list', { name: 'Example', publicKey }, /must be a list/],
    ['a key that is not 32 bytes', [{ name: 'Example', publicKey: 'AAAA' }], /\[1\]\.publicKey must be/],
    ['an empty name', [{ name: '  ', publicKey }], /\[1\]\.name must be/],
    ['an unknown field', [{ name: 'Example', publicKey, colour: 'blue' }], /unknown key "colour"/],
    ['a revocation list signed by another key', [{ name: 'Example', publicKey, revocations: toBase64Url(signRevocationList(ed25519.utils.randomSecretKey(), { issuedAt: 1, revocations: [] })) }], /not a revocation list signed by this organisation's key/],
    ['a damaged revocation list', [{ name: 'Example', publicKey, revocations: revocations.slice(0, -4) }], /revocations/],
    ['JSON text that is not JSON', '[{', /not a JSON list/],
  ])('refuses %s with a clear error and trusts nobody (a valid entry beside it included)', (_, raw, message) => {
    const list = Array.isArray(raw) ? [{ name: 'Valid', publicKey }, ...raw] : raw;
    const { organisations, errors } = validateOrganisations(list);
    expect(organisations).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).toContain('no organisation is trusted until the policy is fixed');
  });

  it('is no setting: validatePolicy neither reports it as unknown nor pins anything for it', () => {
    expect(validatePolicy({ trustedOrganisations: 'anything', requireLobby: true })).toEqual({ values: { requireLobby: true }, errors: [] });
  });

  it('reaches the policy service: trusted organisations, and errors in the policy status', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-org-policy-'));
    try {
      const file = path.join(dir, 'policy.json');
      await writeFile(file, JSON.stringify({ requireLobby: true, trustedOrganisations: [{ name: 'Example GmbH', publicKey, revocations }] }));
      const service = new PolicyService(jsonFilePolicyReader(file));
      expect((await service.trustedOrganisations()).map((o) => o.name)).toEqual(['Example GmbH']);
      expect((await service.current()).status.errors).toEqual([]);
      await writeFile(file, JSON.stringify({ requireLobby: true, trustedOrganisations: [{ name: 'Example GmbH', publicKey: 'nope' }] }));
      const broken = new PolicyService(jsonFilePolicyReader(file));
      expect(await broken.trustedOrganisations()).toEqual([]);
      expect((await broken.current()).status.errors).toEqual([expect.stringContaining('trustedOrganisations[0].publicKey')]);
      expect((await broken.current()).values).toEqual({ requireLobby: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
