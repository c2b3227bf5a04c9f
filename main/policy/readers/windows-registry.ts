// Windows: Group Policy (ADMX) writes values under HKLM\Software\Policies\Parley. Read with
// `reg query <key> /s` (no native module needed) and parsed from its text output; value names
// are the policy keys (case-insensitive, as the registry is). A list (allowedRelays) may be a
// REG_MULTI_SZ value or, as ADMX list elements write it, a subkey of numbered REG_SZ values.
import { execFile } from 'node:child_process';
import type { PolicyReader } from '../reader';
import { POLICY_FIELDS } from '../schema';
import { debounce } from '../watch';

export const REGISTRY_POLICY_KEY = 'HKLM\\Software\\Policies\\Parley';
const REGISTRY_POLL_MS = 30_000;

export interface RegQueryOutput {
  /** reg.exe exit code: 0 found, 1 key missing (or error). */
  code: number;
  stdout: string;
}
export type RegQuery = (key: string) => Promise<RegQueryOutput>;

export const runRegQuery: RegQuery = (key) =>
  new Promise((resolve) => {
    execFile('reg.exe', ['query', key, '/s'], { timeout: 10_000, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout });
    });
  });

interface RegValue {
  name: string;
  type: string;
  data: string;
}

/** Parses `reg query /s` output into values per key path (paths relative to the queried key, '' = itself). */
export function parseRegQuery(stdout: string, rootKey: string): Map<string, RegValue[]> {
  const keys = new Map<string, RegValue[]>();
  let current: RegValue[] | null = null;
  const rootName = rootKey.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase();
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const name = line.trim().toLowerCase();
      const relative = name === rootName ? '' : name.startsWith(`${rootName}\\`) ? name.slice(rootName.length + 1) : null;
      current = relative === null ? null : [];
      if (relative !== null && current) keys.set(relative, current);
      continue;
    }
    const m = /^\s+(.*?)\s{4}(REG_[A-Z_]+)(?:\s{4}(.*))?$/.exec(line);
    if (m && current) current.push({ name: m[1]!, type: m[2]!, data: m[3] ?? '' });
  }
  return keys;
}

function convert(value: RegValue): unknown {
  switch (value.type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return Number.parseInt(value.data, 16);
    case 'REG_MULTI_SZ':
      return value.data === '' ? [] : value.data.split('\\0');
    default:
      return value.data;
  }
}

/** Turns registry values into a policy document (types follow POLICY_FIELDS; anything else is left for validation to report). */
export function policyFromRegistry(keys: Map<string, RegValue[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const value of keys.get('') ?? []) {
    if (value.name === '(Default)') continue;
    const field = POLICY_FIELDS.find((f) => f.key.toLowerCase() === value.name.toLowerCase());
    let converted = convert(value);
    if (field?.type === 'boolean' && (converted === 0 || converted === 1)) converted = converted === 1;
    out[field?.key ?? value.name] = converted;
  }
  for (const field of POLICY_FIELDS.filter((f) => f.type === 'url-list')) {
    const list = keys.get(field.key.toLowerCase());
    if (list) out[field.key] = list.filter((v) => v.name !== '(Default)').sort((a, b) => Number(a.name) - Number(b.name)).map((v) => v.data);
  }
  return out;
}

export function windowsRegistryReader(options: { key?: string; query?: RegQuery; pollMs?: number } = {}): PolicyReader {
  const key = options.key ?? REGISTRY_POLICY_KEY;
  const query = options.query ?? runRegQuery;
  const source = key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\');
  const read: PolicyReader['read'] = async () => {
    const result = await query(key);
    if (result.code !== 0) return { kind: 'none' };
    const keys = parseRegQuery(result.stdout, key);
    if (!keys.has('')) return { kind: 'unreadable', source, error: 'The policy registry key could not be parsed' };
    return { kind: 'found', source, raw: policyFromRegistry(keys) };
  };
  return {
    read,
    watch(onChange) {
      // The registry has no portable change notification without a native module: poll, and
      // report only real changes.
      let last: string | undefined;
      const check = debounce(async () => {
        const snapshot = JSON.stringify(await read());
        if (last !== undefined && snapshot !== last) onChange();
        last = snapshot;
      }, 0);
      check.call();
      const timer = setInterval(check.call, options.pollMs ?? REGISTRY_POLL_MS);
      timer.unref();
      return () => {
        clearInterval(timer);
        check.cancel();
      };
    },
  };
}
