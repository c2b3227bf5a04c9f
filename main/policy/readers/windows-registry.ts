// Windows: Group Policy (ADMX) writes values under HKLM\Software\Policies\Parley. Read with
// `reg export <key> <file> /y` (no native module needed), which writes a registration file in
// the "Windows Registry Editor Version 5.00" format: UTF-16LE with a byte-order mark, so every
// Unicode value arrives intact. (`reg query` prints to a pipe in the console's OEM code page, in
// which "ü" and most of Unicode are lost.) Value names are the policy keys (case-insensitive, as
// the registry is). A list (allowedRelays) may be a REG_MULTI_SZ value or, as ADMX list elements
// write it, a subkey of numbered REG_SZ values.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PolicyReader } from '../reader';
import { POLICY_FIELDS } from '../schema';
import { debounce } from '../watch';

export const REGISTRY_POLICY_KEY = 'HKLM\\Software\\Policies\\Parley';
const REGISTRY_POLL_MS = 30_000;

export interface RegExportOutput {
  /** reg.exe exit code: 0 exported, 1 key missing (or any other error). */
  code: number;
  /** The .reg file it wrote, when code is 0. */
  file?: Uint8Array;
}
export type RegExport = (key: string) => Promise<RegExportOutput>;

/** `reg export` into a fresh private temporary folder, read back, folder removed. */
export const runRegExport: RegExport = async (key) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-policy-'));
  const file = path.join(dir, 'policy.reg');
  try {
    const code = await new Promise<number>((resolve) => {
      execFile('reg.exe', ['export', key, file, '/y'], { timeout: 10_000, windowsHide: true }, (error) =>
        resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0),
      );
    });
    return code === 0 ? { code, file: await readFile(file) } : { code };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** A registry value as the policy sees it: REG_SZ and REG_EXPAND_SZ (unexpanded) as strings,
 * REG_DWORD/REG_QWORD as numbers, REG_MULTI_SZ as a string list, anything else as bytes. */
export type RegData = string | number | string[] | Uint8Array;
interface RegValue {
  /** '' for the key's default value (`@`). */
  name: string;
  data: RegData;
}

/** What parseRegFile throws for a file that is not a well-formed registration file. */
export class RegFileError extends Error {
  override name = 'RegFileError';
}

const utf16 = new TextDecoder('utf-16le');
const REG_FILE_HEADER = 'Windows Registry Editor Version 5.00';

/** A quoted .reg string at `text[start]` (`\\` and `\"` escaped); returns it and the index after it. */
function quoted(text: string, start: number): [string, number] {
  if (text[start] !== '"') throw new RegFileError('expected a quoted string');
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return [out, i + 1];
    if (c === '\\' && i + 1 < text.length) out += text[++i];
    else out += c;
  }
  throw new RegFileError('unterminated string');
}

function hexBytes(list: string): Uint8Array {
  const parts = list.trim() === '' ? [] : list.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new RegFileError('bad hex data');
  return Uint8Array.from(parts, (p) => Number.parseInt(p, 16));
}

/** UTF-16LE string data without its terminating NUL(s). */
const wideString = (bytes: Uint8Array) => utf16.decode(bytes).replace(/\0+$/, '');

function regData(text: string): RegData {
  if (text.startsWith('"')) {
    const [value, end] = quoted(text, 0);
    if (text.slice(end).trim() !== '') throw new RegFileError('text after a string value');
    return value;
  }
  const dword = /^dword:([0-9a-fA-F]{8})$/.exec(text);
  if (dword) return Number.parseInt(dword[1]!, 16);
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/.exec(text);
  if (!hex) throw new RegFileError('unknown value type');
  const bytes = hexBytes(hex[2]!);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (Number.parseInt(hex[1] ?? '3', 16)) {
    case 1: // REG_SZ
    case 2: // REG_EXPAND_SZ
      return wideString(bytes);
    case 4: // REG_DWORD (little-endian)
      return bytes.length === 4 ? view.getUint32(0, true) : bytes;
    case 5: // REG_DWORD_BIG_ENDIAN
      return bytes.length === 4 ? view.getUint32(0, false) : bytes;
    case 7: {
      // REG_MULTI_SZ: NUL-separated, ended by an empty string
      const all = wideString(bytes);
      return all === '' ? [] : all.split('\0');
    }
    case 0xb: {
      // REG_QWORD (little-endian): a number where one is exact, else the bytes for validation to refuse
      if (bytes.length !== 8) return bytes;
      const big = view.getBigUint64(0, true);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : bytes;
    }
    default:
      return bytes;
  }
}

/**
 * Parses a registration file (`reg export` output) into values per key path, paths relative to
 * `rootKey` ('' = the key itself); keys outside it are ignored. Throws on anything that is not
 * a well-formed version 5 file.
 */
export function parseRegFile(file: Uint8Array, rootKey: string): Map<string, RegValue[]> {
  if (file[0] !== 0xff || file[1] !== 0xfe) throw new RegFileError('not a UTF-16LE registration file');
  const lines = utf16.decode(file.subarray(2)).split(/\r?\n/);
  if (lines[0] !== REG_FILE_HEADER) throw new RegFileError('not a version 5 registration file');
  const keys = new Map<string, RegValue[]>();
  const rootName = rootKey.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase();
  let current: RegValue[] | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw new RegFileError('bad key line');
      const name = line.slice(1, -1).toLowerCase();
      const relative = name === rootName ? '' : name.startsWith(`${rootName}\\`) ? name.slice(rootName.length + 1) : null;
      current = relative === null ? null : [];
      if (relative !== null && current) keys.set(relative, current);
      continue;
    }
    const [name, end] = line.startsWith('@=') ? ['', 1] : quoted(line, 0);
    if (line[end] !== '=') throw new RegFileError('expected = after a value name');
    let data = line.slice(end + 1);
    // Long hex data goes on over the next lines, each but the last ending in a backslash.
    while (data.startsWith('hex') && data.endsWith('\\') && i + 1 < lines.length) data = data.slice(0, -1) + lines[++i]!.trimStart();
    current?.push({ name, data: regData(data) });
  }
  return keys;
}

/** Turns registry values into a policy document (types follow POLICY_FIELDS; anything else is left for validation to report). */
export function policyFromRegistry(keys: Map<string, RegValue[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const value of keys.get('') ?? []) {
    if (value.name === '') continue;
    const field = POLICY_FIELDS.find((f) => f.key.toLowerCase() === value.name.toLowerCase());
    let converted: unknown = value.data;
    if (field?.type === 'boolean' && (converted === 0 || converted === 1)) converted = converted === 1;
    out[field?.key ?? value.name] = converted;
  }
  for (const field of POLICY_FIELDS.filter((f) => f.type === 'url-list')) {
    const list = keys.get(field.key.toLowerCase());
    if (list) out[field.key] = list.filter((v) => v.name !== '').sort((a, b) => Number(a.name) - Number(b.name)).map((v) => v.data);
  }
  return out;
}

export function windowsRegistryReader(options: { key?: string; exportKey?: RegExport; pollMs?: number } = {}): PolicyReader {
  const key = options.key ?? REGISTRY_POLICY_KEY;
  const exportKey = options.exportKey ?? runRegExport;
  const source = key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\');
  const read: PolicyReader['read'] = async () => {
    const result = await exportKey(key);
    if (result.code !== 0 || !result.file) return { kind: 'none' };
    let keys: Map<string, RegValue[]>;
    try {
      keys = parseRegFile(result.file, key);
    } catch {
      return { kind: 'unreadable', source, error: 'The policy registry key could not be parsed' };
    }
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
