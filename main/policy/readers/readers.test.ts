import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstPolicyOf } from '../reader';
import { jsonFilePolicyReader } from './json-file';
import { macManagedPreferencesReader } from './macos-managed-preferences';
import { parsePlistXml } from './plist-xml';
import { parseRegQuery, policyFromRegistry, windowsRegistryReader } from './windows-registry';

const fixture = (name: string) => readFile(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-policy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Linux / JSON file reader', () => {
  it('finds nothing when the file is absent, and parses it when present', async () => {
    const file = path.join(dir, 'policy.json');
    const reader = jsonFilePolicyReader(file);
    expect(await reader.read()).toEqual({ kind: 'none' });
    await writeFile(file, '\uFEFF{"requireLobby": true}');
    expect(await reader.read()).toEqual({ kind: 'found', source: file, raw: { requireLobby: true } });
  });

  it('reports invalid JSON as unreadable (never throws)', async () => {
    const file = path.join(dir, 'policy.json');
    await writeFile(file, '{"requireLobby": tru');
    expect(await jsonFilePolicyReader(file).read()).toEqual({ kind: 'unreadable', source: file, error: 'The policy file is not valid JSON' });
  });
});

describe('macOS managed preferences reader', () => {
  it('parses the managed plist and drops MDM bookkeeping keys', async () => {
    const file = path.join(dir, 'org.parley.app.plist');
    await writeFile(file, 'binary plist stand-in');
    const xml = await fixture('managed-preferences.plist');
    const reader = macManagedPreferencesReader('org.parley.app', { dir, toXml: async (f) => (expect(f).toBe(file), xml) });
    expect(await reader.read()).toEqual({
      kind: 'found',
      source: file,
      raw: {
        relayUrl: 'wss://relay.example.eu/?team=a&b', allowedRelays: ['wss://relay.example.eu/'], recordingMode: 'disabled',
        retentionDays: 14, requireLobby: true, allowScreenShare: false, autoUpdate: true,
      },
    });
    expect(await macManagedPreferencesReader('org.other.app', { dir }).read()).toEqual({ kind: 'none' });
  });

  it('reports a plist it cannot parse as unreadable', async () => {
    await writeFile(path.join(dir, 'org.parley.app.plist'), 'x');
    const reader = macManagedPreferencesReader('org.parley.app', { dir, toXml: async () => '<plist><dict><key>a</key></dict></plist>' });
    expect(await reader.read()).toMatchObject({ kind: 'unreadable' });
  });

  it('parses the plist value types', () => {
    expect(parsePlistXml('<plist><array><integer>-3</integer><real>1.5</real><string/><false/><dict/></array></plist>')).toEqual([-3, 1.5, '', false, {}]);
    expect(() => parsePlistXml('<plist><integer>1x</integer></plist>')).toThrow();
    expect(() => parsePlistXml('<plist><string>a</string></plist><x/>')).toThrow();
  });
});

describe('Windows registry reader (reg query output fixtures)', () => {
  it('reads values and an ADMX list subkey, case-insensitively, into a policy document', async () => {
    const stdout = await fixture('reg-query-admx.txt');
    const reader = windowsRegistryReader({ query: async (key) => (expect(key).toBe('HKLM\\Software\\Policies\\Parley'), { code: 0, stdout }) });
    expect(await reader.read()).toEqual({
      kind: 'found',
      source: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Parley',
      raw: {
        relayUrl: 'wss://relay.example.eu/', requireLobby: true, allowScreenShare: false, recordingMode: 'consent-all', retentionDays: 30,
        allowedRelays: ['wss://relay.example.eu/', 'wss://backup.example.eu/'],
      },
    });
  });

  it('reads REG_MULTI_SZ lists and passes wrong values on for validation to report', async () => {
    const keys = parseRegQuery(await fixture('reg-query-multi-sz.txt'), 'HKLM\\Software\\Policies\\Parley');
    expect(policyFromRegistry(keys)).toEqual({ allowedRelays: ['wss://a.example/', 'wss://b.example/'], autoUpdate: false, recordingMode: 'always', colour: 'blue' });
  });

  it('falls back to %ProgramData%\\Parley\\policy.json when the key does not exist', async () => {
    const file = path.join(dir, 'policy.json');
    await writeFile(file, '{"allowScreenShare": false}');
    const reader = firstPolicyOf([windowsRegistryReader({ query: async () => ({ code: 1, stdout: '' }) }), jsonFilePolicyReader(file)]);
    expect(await reader.read()).toEqual({ kind: 'found', source: file, raw: { allowScreenShare: false } });
  });
});
