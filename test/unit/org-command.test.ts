// The IT command (scripts/org.ts) end to end: the files it writes are what Parley's policy and
// import accept, and what it signs verifies with the protocol's one verdict.
import { ed25519 } from '@noble/curves/ed25519.js';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes';
import { verifyOrganisationStatement } from '../../protocol/organisation/statement';
import { validateOrganisations } from '../../main/policy/organisations';
import { OrgCommandError, runOrg } from '../../scripts/org';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = Date.UTC(2026, 11, 4);
const DAY = 24 * 60 * 60 * 1000;
const bob = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
const carla = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
let dir: string;
const at = (name: string) => path.join(dir, name);
const text = async (name: string) => (await readFile(at(name), 'utf8')).trim();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-org-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run org', () => {
  it('keygen, sign, revoke: a statement the policy trusts until its key is revoked', async () => {
    // Through npm itself once, as IT runs it.
    const printed = execFileSync('npm', ['run', '--silent', 'org', '--', 'keygen', '--out', at('org.key')], { cwd: ROOT, encoding: 'utf8' });
    const publicKey = /Public key: (\S+)/.exec(printed)![1]!;
    expect((await stat(at('org.key'))).mode & 0o777).toBe(0o600);
    expect(() => runOrg(['keygen', '--out', at('org.key')])).toThrow(/EEXIST/);

    runOrg(['sign', '--key', at('org.key'), '--organisation', 'Example GmbH', '--name', 'Bob Berger', '--identity', toBase64Url(bob), '--days', '30', '--out', at('bob.parley-org')], NOW);
    const credential = fromBase64Url(await text('bob.parley-org'))!;
    expect(runOrg(['show', at('bob.parley-org')])).toContain('Employee: Bob Berger');

    const policy = (revocations?: string) => validateOrganisations([{ name: 'Example', publicKey, ...(revocations ? { revocations } : {}) }]);
    const check = (trusted = policy().organisations, now = NOW + DAY) => verifyOrganisationStatement({ credential, trusted, identityKey: bob, displayName: 'Bob Berger', now }).status;
    expect(check()).toBe('verified');
    expect(check(undefined, NOW + 30 * DAY)).toBe('expired');

    runOrg(['revoke', '--key', at('org.key'), '--identity', toBase64Url(carla), '--out', at('revoked-1.txt')], NOW + DAY);
    runOrg(['revoke', '--key', at('org.key'), '--identity', toBase64Url(bob), '--list', at('revoked-1.txt'), '--out', at('revoked-2.txt')], NOW + 2 * DAY);
    expect(check(policy(await text('revoked-1.txt')).organisations)).toBe('verified');
    const second = policy(await text('revoked-2.txt'));
    expect(second.errors).toEqual([]);
    expect(second.organisations[0]!.revocations.map((r) => toBase64Url(r.identityKey))).toEqual([toBase64Url(carla), toBase64Url(bob)]);
    expect(check(second.organisations)).toBe('revoked');
  });

  it('takes a key that starts with "-" as the value it is (base64url: one key in 64)', () => {
    let seed = 0;
    let dashed = ed25519.getPublicKey(new Uint8Array(32).fill(seed));
    while (!toBase64Url(dashed).startsWith('-')) dashed = ed25519.getPublicKey(new Uint8Array(32).fill(++seed));
    runOrg(['sign', '--key', at('org.key'), '--organisation', 'Example GmbH', '--name', 'Dash', '--identity', toBase64Url(dashed), '--out', at('dash.parley-org')], NOW);
    expect(runOrg(['show', at('dash.parley-org')])).toContain(`Identity key: ${toBase64Url(dashed)}`);
  });

  it('refuses what it must not sign', async () => {
    runOrg(['keygen', '--out', at('other.key')]);
    const sign = (...extra: string[]) => () => runOrg(['sign', '--key', at('other.key'), '--organisation', 'Example', '--name', 'Bob', '--out', at('x'), ...extra]);
    expect(sign()).toThrow(OrgCommandError);
    expect(sign('--identity', 'AAAA')).toThrow(/32 bytes/);
    expect(sign('--identity', toBase64Url(bob), '--days', '0')).toThrow(/--days/);
    expect(() => runOrg(['revoke', '--key', at('other.key'), '--identity', toBase64Url(bob), '--list', at('revoked-2.txt'), '--out', at('y')])).toThrow(/not signed by this organisation key/);
    expect(() => runOrg(['frobnicate'])).toThrow(/Usage/);
  });
});
