// The electron-builder configuration, checked against electron-builder's own JSON schema and
// against what the installers must guarantee: every fuse set, minimal macOS entitlements, the
// usage strings macOS shows, per-machine Windows packages, and releases that refuse to go unsigned.
import { FuseV1Options } from '@electron/fuses';
import { DOMParser } from '@xmldom/xmldom';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
import {
  APP_ID,
  MAC_USAGE_DESCRIPTIONS,
  createConfiguration,
  missingReleaseSecrets,
} from '../../electron-builder';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** electron-builder's schema, from the app-builder-lib that the installed electron-builder uses. */
function electronBuilderSchema(): object {
  const fromElectronBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  const schemaPath = path.join(path.dirname(fromElectronBuilder.resolve('app-builder-lib/package.json')), 'scheme.json');
  return JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
}

const validate = new Ajv({ allErrors: true, strict: false }).compile(electronBuilderSchema());

const MAC_RELEASE_ENV = {
  PARLEY_RELEASE: 'true',
  CSC_LINK: 'base64-p12',
  CSC_KEY_PASSWORD: 'pw',
  APPLE_API_KEY: '/tmp/AuthKey.p8',
  APPLE_API_KEY_ID: 'KEYID',
  APPLE_API_ISSUER: 'issuer-uuid',
};
const AZURE_ENV = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'parley',
  AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE: 'parley-public',
  WIN_PUBLISHER_NAME: 'Parley Contributors',
  AZURE_TENANT_ID: 't',
  AZURE_CLIENT_ID: 'c',
  AZURE_CLIENT_SECRET: 's',
};

function expectValid(config: Configuration): void {
  const ok = validate(config);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

/** Reads the top-level <dict> of a property list into key -> boolean (entitlements are booleans). */
function plistBooleans(file: string): Record<string, boolean> {
  const xml = readFileSync(path.join(ROOT, file), 'utf8');
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m) } }).parseFromString(
    xml,
    'text/xml',
  );
  expect(errors).toEqual([]);
  const dict = doc.getElementsByTagName('dict')[0];
  if (!dict) throw new Error(`${file}: no <dict>`);
  const children = Array.from({ length: dict.childNodes.length }, (_, i) => dict.childNodes.item(i)).filter(
    (n): n is Element => n.nodeType === 1,
  );
  const result: Record<string, boolean> = {};
  for (let i = 0; i < children.length; i += 2) {
    const key = children[i];
    const value = children[i + 1];
    expect(key?.tagName).toBe('key');
    expect(['true', 'false']).toContain(value?.tagName);
    result[key!.textContent ?? ''] = value!.tagName === 'true';
  }
  return result;
}

describe('electron-builder configuration', () => {
  it('validates against electron-builder’s JSON schema, for local and release builds on every OS', () => {
    expectValid(createConfiguration({}, 'linux'));
    expectValid(createConfiguration({ PARLEY_UPDATE_URL: 'https://updates.example.com/parley' }, 'linux'));
    expectValid(createConfiguration(MAC_RELEASE_ENV, 'darwin'));
    expectValid(createConfiguration({ PARLEY_RELEASE: 'true', CSC_LINK: 'x', CSC_KEY_PASSWORD: 'y' }, 'win32'));
    expectValid(createConfiguration({ PARLEY_RELEASE: 'true', ...AZURE_ENV }, 'win32'));
  });

  it('fails the schema when an option is misspelt (the check has teeth)', () => {
    const config = createConfiguration({}, 'linux');
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntme: true } })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } })).toBe(false);
  });

  it('sets every Electron fuse explicitly, to the hardened value', () => {
    const fuses = createConfiguration({}, 'linux').electronFuses;
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every fuse @electron/fuses knows (the wire electron-builder writes) has a value here.
    const fuseNames = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    const configKey = (name: string) => name[0]!.toLowerCase() + name.slice(1);
    for (const name of fuseNames) {
      expect(typeof (fuses as Record<string, unknown>)[configKey(name)], name).toBe('boolean');
    }
  });

  it('signs macOS builds with the hardened runtime and minimal entitlements', () => {
    const mac = createConfiguration({}, 'darwin').mac!;
    expect(mac.hardenedRuntime).toBe(true);
    expect(plistBooleans(mac.entitlements!)).toEqual({
      'com.apple.security.cs.allow-jit': true,
      'com.apple.security.device.camera': true,
      'com.apple.security.device.audio-input': true,
    });
    expect(plistBooleans(mac.entitlementsInherit!)).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });

  it('puts the camera and microphone usage strings into Info.plist', () => {
    const extendInfo = createConfiguration({}, 'darwin').mac!.extendInfo as Record<string, string>;
    expect(extendInfo).toEqual(MAC_USAGE_DESCRIPTIONS);
    for (const text of Object.values(extendInfo)) expect(text.length).toBeGreaterThan(20);
  });

  it('uses one app id and registers parley:// everywhere', () => {
    const config = createConfiguration({}, 'linux');
    expect(config.appId).toBe(APP_ID);
    expect(config.protocols).toEqual([{ name: 'Parley invite', schemes: ['parley'] }]);
    const nsisScript = readFileSync(path.join(ROOT, config.nsis!.include!), 'utf8');
    expect(nsisScript).toMatch(/WriteRegStr SHCTX "Software\\Classes\\parley" "URL Protocol" ""/);
    expect(nsisScript).toMatch(/DeleteRegKey SHCTX "Software\\Classes\\parley"/);
  });

  it('builds a per-machine MSI and an NSIS installer that can install per machine', () => {
    const config = createConfiguration({}, 'win32');
    expect(config.msi).toMatchObject({ perMachine: true, oneClick: true });
    expect(config.msi!.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // perMachine false + oneClick false = the multi-user installer that accepts /allusers.
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config.win!.verifyUpdateCodeSignature).toBe(true);
  });

  it('makes Linux packages depend on libsecret (the keyring behind safeStorage)', () => {
    const config = createConfiguration({}, 'linux');
    expect(config.deb!.depends).toContain('libsecret-1-0');
    expect(config.rpm!.depends).toContain('libsecret');
  });

  it('packages only build output (file patterns)', () => {
    const files = createConfiguration({}, 'linux').files as string[];
    const includes = files.filter((p) => !p.startsWith('!'));
    expect(includes).toEqual(['package.json', 'dist/main/**', 'dist/preload/**', 'dist/renderer/**']);
  });

  it('signs with signtool (CSC_LINK) by default and with Azure Trusted Signing when configured', () => {
    const signtool = createConfiguration({}, 'win32').win!;
    expect(signtool.azureSignOptions).toBeUndefined();
    expect(signtool.signtoolOptions?.signingHashAlgorithms).toEqual(['sha256']);
    const azure = createConfiguration(AZURE_ENV, 'win32').win!;
    expect(azure.signtoolOptions).toBeUndefined();
    expect(azure.azureSignOptions).toMatchObject({
      publisherName: 'Parley Contributors',
      endpoint: 'https://weu.codesigning.azure.net',
      codeSigningAccountName: 'parley',
      certificateProfileName: 'parley-public',
    });
  });

  it('forces signing and notarization in release builds only', () => {
    const local = createConfiguration({}, 'darwin');
    expect(local.forceCodeSigning).toBe(false);
    expect(local.mac!.notarize).toBe(false);
    const release = createConfiguration(MAC_RELEASE_ENV, 'darwin');
    expect(release.forceCodeSigning).toBe(true);
    expect(release.mac!.notarize).toBe(true);
  });

  it('refuses a release build whose signing secrets are missing, naming them', () => {
    expect(() => createConfiguration({ PARLEY_RELEASE: 'true' }, 'darwin')).toThrow(
      /missing: CSC_LINK, CSC_KEY_PASSWORD, APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER/,
    );
    expect(missingReleaseSecrets({ PARLEY_RELEASE: 'true' }, 'win32')).toEqual(['CSC_LINK', 'CSC_KEY_PASSWORD']);
    expect(missingReleaseSecrets({ WIN_CSC_LINK: 'x' }, 'win32')).toEqual(['WIN_CSC_KEY_PASSWORD']);
    expect(missingReleaseSecrets({ AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://x' }, 'win32')).toEqual([
      'AZURE_TRUSTED_SIGNING_ACCOUNT',
      'AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE',
      'WIN_PUBLISHER_NAME',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
    ]);
    // Linux packages are not code-signed by electron-builder (checksums are published instead).
    expect(missingReleaseSecrets({ PARLEY_RELEASE: 'true' }, 'linux')).toEqual([]);
  });

  it('publishes an update feed only when PARLEY_UPDATE_URL is set', () => {
    expect(createConfiguration({}, 'linux').publish).toBeNull();
    expect(createConfiguration({ PARLEY_UPDATE_URL: 'https://u.example.com/p' }, 'linux').publish).toEqual({
      provider: 'generic',
      url: 'https://u.example.com/p',
      channel: 'latest',
    });
  });
});
