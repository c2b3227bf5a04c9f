import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstPolicyOf } from '../reader';
import { jsonFilePolicyReader } from './json-file';
import { macManagedPreferencesReader } from './macos-managed-preferences';
import { parsePlistXml } from './plist-xml';
import { encodeRegFile } from '../../../test/fixtures/registration-file';
import { parseRegFile, policyFromRegistry, runRegExport, windowsRegistryReader } from './windows-registry';

const fixture = (name: string) => readFile(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8');
const fixtureBytes = (name: string) => readFile(path.join(import.meta.dirname, '..', 'fixtures', name));

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

describe('Windows registry reader (reg export files)', () => {
  const ROOT_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Parley';
  const exported = (file: Uint8Array) => async (key: string) => (expect(key).toBe('HKLM\\Software\\Policies\\Parley'), { code: 0, file });

  it('reads values and an ADMX list subkey, case-insensitively and with every character intact', async () => {
    const reader = windowsRegistryReader({ exportKey: exported(await fixtureBytes('reg-export-admx.reg')) });
    expect(await reader.read()).toEqual({
      kind: 'found',
      source: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Parley',
      raw: {
        relayUrl: 'wss://relais.example.eu/räume?team=Straße',
        requireLobby: true,
        allowScreenShare: false,
        recordingMode: 'consent-all',
        retentionDays: 30,
        recordingFolder: 'D:\\Aufnahmen\\Müller & Söhne\\Café ☕ 𝄞',
        allowedRelays: ['wss://relais.example.eu/räume?team=Straße', 'wss://backup.example.eu/', 'wss://zehn.example.eu/ÄÖÜ'],
      },
    });
  });

  it('reads REG_MULTI_SZ, REG_QWORD, REG_EXPAND_SZ and escaped names, and passes wrong values on for validation', async () => {
    const keys = parseRegFile(await fixtureBytes('reg-export-multi-sz.reg'), 'HKLM\\Software\\Policies\\Parley');
    expect(policyFromRegistry(keys)).toEqual({
      allowedRelays: ['wss://a.example/ü', 'wss://b.example/日本語', 'wss://c.example/😀'],
      autoUpdate: false,
      recordingMode: 'always',
      'Größe': 'groß "quoted" C:\\path\\',
      retentionDays: 7,
      recordingFolder: '%ProgramData%\\Parley\\Aufnahmen für Jürgen',
      colour: Uint8Array.of(0xb1, 0x00, 0xff),
      emptyList: [],
    });
  });

  it('the fixtures are what the test encoder writes (so tests that state registry contents as data mean the same)', async () => {
    const encoded = encodeRegFile([
      [ROOT_KEY, [['relayUrl', 'wss://relais.example.eu/räume?team=Straße'], ['RequireLobby', 1], ['allowScreenShare', 0], ['recordingMode', 'consent-all'], ['retentionDays', 30], ['recordingFolder', 'D:\\Aufnahmen\\Müller & Söhne\\Café ☕ 𝄞']]],
      [`${ROOT_KEY}\\allowedRelays`, [['2', 'wss://backup.example.eu/'], ['1', 'wss://relais.example.eu/räume?team=Straße'], ['10', 'wss://zehn.example.eu/ÄÖÜ']]],
    ]);
    expect(Buffer.from(encoded).equals(await fixtureBytes('reg-export-admx.reg'))).toBe(true);
  });

  it('reports a file it cannot parse as unreadable, never throws', async () => {
    const good = await fixtureBytes('reg-export-admx.reg');
    const broken = [
      Buffer.from('HKEY_LOCAL_MACHINE\\Software\\Policies\\Parley\r\n    relayUrl    REG_SZ    wss://x/\r\n'), // reg query text, not a .reg file
      Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from('REGEDIT4\r\n', 'utf16le')]),
      good.subarray(0, good.length - 40), // cut inside a value
      Buffer.concat([good, Buffer.from('"x"=hex(7):zz\r\n', 'utf16le')]),
      Buffer.concat([good, Buffer.from('"x"=unknown:1\r\n', 'utf16le')]),
    ];
    for (const file of broken) {
      expect(await windowsRegistryReader({ exportKey: async () => ({ code: 0, file }) }).read()).toMatchObject({ kind: 'unreadable' });
    }
  });

  it('runs `reg export <key> <file> /y` and reads the file it wrote, from a temporary folder it removes', async () => {
    // A stand-in reg.exe on PATH: records its arguments and writes the fixture where it is told.
    const bin = path.join(dir, 'bin');
    const fixtureFile = path.join(import.meta.dirname, '..', 'fixtures', 'reg-export-admx.reg');
    await mkdir(bin);
    await writeFile(path.join(bin, 'reg.exe'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\n[ "$2" = 'HKLM\\Missing' ] && exit 1\ncp "${fixtureFile}" "$3"\n`, { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
    try {
      const result = await runRegExport('HKLM\\Software\\Policies\\Parley');
      const [verb, key, target, overwrite] = (await readFile(path.join(dir, 'args'), 'utf8')).trim().split('\n');
      expect([verb, key, overwrite]).toEqual(['export', 'HKLM\\Software\\Policies\\Parley', '/y']);
      expect(Buffer.from(result.file!).equals(await readFile(fixtureFile))).toBe(true);
      expect(result.code).toBe(0);
      expect(existsSync(path.dirname(target!))).toBe(false);
      expect(await runRegExport('HKLM\\Missing')).toEqual({ code: 1 });
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('falls back to %ProgramData%\\Parley\\policy.json when the key does not exist', async () => {
    const file = path.join(dir, 'policy.json');
    await writeFile(file, '{"allowScreenShare": false}');
    const reader = firstPolicyOf([windowsRegistryReader({ exportKey: async () => ({ code: 1 }) }), jsonFilePolicyReader(file)]);
    expect(await reader.read()).toEqual({ kind: 'found', source: file, raw: { allowScreenShare: false } });
  });
});
