// The policy templates IT deploys (build/policy/) against the policy schema main enforces
// (main/policy/schema.ts): well-formed XML, one setting per policy key with the matching type,
// complete translations, and examples that main's own readers accept without a single error.
import { DOMParser } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID } from '../../electron-builder';
import { parsePlistXml } from '../../main/policy/readers/plist-xml';
import { REGISTRY_POLICY_KEY, parseRegFile, policyFromRegistry } from '../../main/policy/readers/windows-registry';
import { type RegistryValue, encodeRegFile } from '../fixtures/registration-file';
import { MAX_FOLDER_LENGTH, POLICY_FIELDS, POLICY_KEYS, validatePolicy } from '../../main/policy/schema';
import type { PolicyField } from '../../main/policy/schema';

const ROOT = path.resolve(import.meta.dirname, '../..');
const POLICY_DIR = path.join(ROOT, 'build', 'policy');
const ADML_LANGUAGES = ['en-US', 'de-DE'];
const REGISTRY_KEY = REGISTRY_POLICY_KEY.replace(/^HKLM\\/i, '');

/** Parses XML strictly: any warning or error from the parser fails the test. */
function parseXml(file: string): Document {
  const problems: string[] = [];
  const report = (message: string) => problems.push(message);
  const doc = new DOMParser({ errorHandler: { warning: report, error: report, fatalError: report } }).parseFromString(
    readFileSync(path.join(POLICY_DIR, file), 'utf8'),
    'text/xml',
  ) as unknown as Document;
  expect(problems, file).toEqual([]);
  return doc;
}

const elements = (parent: Document | Element, tag: string): Element[] => Array.from(parent.getElementsByTagName(tag));
const child = (parent: Element, tag: string): Element | undefined => elements(parent, tag)[0];
const stringRef = (value: string | null) => /^\$\(string\.([\w.]+)\)$/.exec(value ?? '')?.[1];
const presentationRef = (value: string | null) => /^\$\(presentation\.([\w.]+)\)$/.exec(value ?? '')?.[1];

const admx = parseXml('parley.admx');
const admxPolicies = elements(admx, 'policy');
const example = JSON.parse(readFileSync(path.join(POLICY_DIR, 'policy.example.json'), 'utf8')) as Record<string, unknown>;

/** How an ADMX policy stores its value: the registry value name it writes and the element kind. */
function admxBinding(policy: Element): { valueName: string; kind: string; element?: Element } {
  const valueName = policy.getAttribute('valueName');
  if (valueName) return { valueName, kind: 'boolean' };
  const element = Array.from(child(policy, 'elements')?.childNodes ?? []).find((n): n is Element => n.nodeType === 1);
  if (!element) throw new Error(`policy ${policy.getAttribute('name')} has no value`);
  if (element.tagName === 'list') return { valueName: element.getAttribute('key')!.split('\\').pop()!, kind: 'list', element };
  return { valueName: element.getAttribute('valueName')!, kind: element.tagName, element };
}

function admxPolicyFor(field: PolicyField): Element {
  const matches = admxPolicies.filter((p) => admxBinding(p).valueName === field.key);
  expect(matches, field.key).toHaveLength(1);
  return matches[0]!;
}

/** What Group Policy writes to the registry for `values`, as `reg query /s` prints it. */
function registryWrittenBy(values: Record<string, unknown>): Uint8Array {
  const root: [string, RegistryValue][] = [];
  const subkeys: [string, [string, RegistryValue][]][] = [];
  for (const policy of admxPolicies) {
    const { valueName, kind, element } = admxBinding(policy);
    const value = values[valueName];
    if (value === undefined) continue;
    switch (kind) {
      case 'boolean': {
        const state = child(policy, value ? 'enabledValue' : 'disabledValue')!;
        root.push([valueName, Number(child(state, 'decimal')!.getAttribute('value'))]);
        break;
      }
      case 'text':
        root.push([valueName, String(value)]);
        break;
      case 'decimal':
        root.push([valueName, Number(value)]);
        break;
      case 'enum': {
        const item = elements(element!, 'item').find((i) => child(i, 'string')?.textContent === value);
        expect(item, `${valueName}=${String(value)} is an enum item`).toBeDefined();
        root.push([valueName, child(item!, 'string')!.textContent!]);
        break;
      }
      case 'list':
        // valuePrefix="" names the values 1, 2, 3, ...
        expect(element!.getAttribute('valuePrefix')).toBe('');
        subkeys.push([`HKEY_LOCAL_MACHINE\\${element!.getAttribute('key')}`, (value as string[]).map((item, i) => [String(i + 1), item])]);
        break;
      default:
        throw new Error(`unexpected ADMX element ${kind}`);
    }
  }
  return encodeRegFile([[`HKEY_LOCAL_MACHINE\\${REGISTRY_KEY}`, root], ...subkeys]);
}

describe('Windows ADMX template', () => {
  it('has one machine policy per policy key, writing under the key main reads', () => {
    expect(admxPolicies.map((p) => admxBinding(p).valueName).sort()).toEqual([...POLICY_KEYS].sort());
    for (const policy of admxPolicies) {
      expect(policy.getAttribute('class')).toBe('Machine');
      expect(policy.getAttribute('key')?.toLowerCase()).toBe(REGISTRY_KEY.toLowerCase());
    }
  });

  it('gives each key the element its type needs (and the limits of the schema)', () => {
    for (const field of POLICY_FIELDS) {
      const { kind, element } = admxBinding(admxPolicyFor(field));
      switch (field.type) {
        case 'boolean':
          expect(kind, field.key).toBe('boolean');
          expect(field.registryType).toBe('REG_DWORD');
          break;
        case 'url':
          expect(kind, field.key).toBe('text');
          expect(field.registryType).toBe('REG_SZ');
          break;
        case 'folder':
          expect(kind, field.key).toBe('text');
          expect(field.registryType).toBe('REG_SZ');
          expect(Number(element!.getAttribute('maxLength'))).toBe(MAX_FOLDER_LENGTH);
          break;
        case 'url-list':
          expect(kind, field.key).toBe('list');
          expect(element!.getAttribute('key')?.toLowerCase()).toBe(`${REGISTRY_KEY}\\${field.key}`.toLowerCase());
          break;
        case 'enum':
          expect(kind, field.key).toBe('enum');
          expect(elements(element!, 'string').map((s) => s.textContent)).toEqual(field.values);
          break;
        case 'integer':
          expect(kind, field.key).toBe('decimal');
          expect(Number(element!.getAttribute('minValue'))).toBe(field.min);
          expect(Number(element!.getAttribute('maxValue'))).toBe(field.max);
          break;
      }
    }
  });

  it('writes registry values that main’s registry reader turns back into the example policy', () => {
    const keys = parseRegFile(registryWrittenBy(example), REGISTRY_POLICY_KEY);
    const { values, errors } = validatePolicy(policyFromRegistry(keys));
    expect(errors).toEqual([]);
    expect(values).toEqual(example);
  });

  for (const language of ADML_LANGUAGES) {
    it(`has every string and presentation in ${language}/parley.adml`, () => {
      const adml = parseXml(`${language}/parley.adml`);
      const strings = new Set(elements(adml, 'string').map((s) => s.getAttribute('id')));
      const presentations = new Map(elements(adml, 'presentation').map((p) => [p.getAttribute('id'), p]));
      const referenced = [...elements(admx, 'policy'), ...elements(admx, 'category'), ...elements(admx, 'definition'), ...elements(admx, 'item')]
        .flatMap((e) => [e.getAttribute('displayName'), e.getAttribute('explainText')])
        .filter((v): v is string => v !== null && v !== '')
        .map((v) => stringRef(v));
      for (const id of referenced) {
        expect(id).toBeDefined();
        expect(strings.has(id!), `${language}: string ${id}`).toBe(true);
      }
      for (const policy of admxPolicies) {
        const ref = presentationRef(policy.getAttribute('presentation'));
        const { element } = admxBinding(policy);
        if (!element) {
          expect(ref, `${policy.getAttribute('name')} needs no presentation`).toBeUndefined();
          continue;
        }
        const presentation = presentations.get(ref ?? '');
        expect(presentation, `${language}: presentation ${ref}`).toBeDefined();
        const refIds = Array.from(presentation!.childNodes)
          .filter((n): n is Element => n.nodeType === 1)
          .map((n) => n.getAttribute('refId'));
        expect(refIds).toEqual([element.getAttribute('id')]);
      }
    });
  }

  it('is translated completely: every language defines the same strings', () => {
    const ids = (language: string) => elements(parseXml(`${language}/parley.adml`), 'string').map((s) => s.getAttribute('id')).sort();
    for (const language of ADML_LANGUAGES) expect(ids(language)).toEqual(ids('en-US'));
  });
});

describe('macOS configuration profile', () => {
  const file = 'org.parley.app.mobileconfig';
  const PAYLOAD_KEYS = ['PayloadType', 'PayloadVersion', 'PayloadIdentifier', 'PayloadUUID', 'PayloadDisplayName'];

  it('is a well-formed profile whose settings payload targets Parley’s bundle id', () => {
    parseXml(file);
    const profile = parsePlistXml(readFileSync(path.join(POLICY_DIR, file), 'utf8')) as Record<string, unknown>;
    expect(profile.PayloadType).toBe('Configuration');
    const content = profile.PayloadContent as Record<string, unknown>[];
    expect(content).toHaveLength(1);
    expect(content[0]!.PayloadType).toBe(APP_ID);
    const uuids = [profile.PayloadUUID, content[0]!.PayloadUUID];
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(new Set(uuids).size).toBe(2);
  });

  it('sets every policy key, with values main accepts, equal to the JSON example', () => {
    const profile = parsePlistXml(readFileSync(path.join(POLICY_DIR, file), 'utf8')) as { PayloadContent: Record<string, unknown>[] };
    const settings = Object.fromEntries(Object.entries(profile.PayloadContent[0]!).filter(([k]) => !PAYLOAD_KEYS.includes(k)));
    expect(Object.keys(settings).sort()).toEqual([...POLICY_KEYS].sort());
    const { values, errors } = validatePolicy(settings);
    expect(errors).toEqual([]);
    expect(values).toEqual(example);
  });

  it('uses the bundle id main reads managed preferences for', () => {
    // main/electron/main.ts cannot be imported without Electron, so its constant is read as text.
    const source = readFileSync(path.join(ROOT, 'main', 'electron', 'main.ts'), 'utf8');
    expect(/BUNDLE_ID = '([^']+)'/.exec(source)?.[1]).toBe(APP_ID);
  });
});

describe('JSON policy example (Linux /etc/parley/policy.json, Windows %ProgramData%\\Parley\\policy.json)', () => {
  it('sets every policy key, and main accepts it without errors', () => {
    expect(Object.keys(example).sort()).toEqual([...POLICY_KEYS].sort());
    const { values, errors } = validatePolicy(example);
    expect(errors).toEqual([]);
    expect(values).toEqual(example);
  });
});
