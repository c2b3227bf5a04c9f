// macOS: a configuration profile (MDM) installs the policy as managed preferences for our
// bundle id, readable at /Library/Managed Preferences/<bundle id>.plist. Such files are often
// binary plists, so they are converted with `plutil -convert xml1` and parsed as XML.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { PolicyReader } from '../reader';
import { watchFileDebounced } from '../watch';
import { parsePlistXml } from './plist-xml';

export const MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';
/** Managed-preference keys macOS itself adds to every payload; not ours to validate. */
const MDM_BOOKKEEPING_KEYS = ['PayloadUUID', 'PayloadIdentifier', 'PayloadType', 'PayloadVersion', 'PayloadDisplayName'];

export type PlistToXml = (file: string) => Promise<string>;

export const plutilToXml: PlistToXml = (file) =>
  new Promise((resolve, reject) => {
    execFile('/usr/bin/plutil', ['-convert', 'xml1', '-o', '-', '--', file], { timeout: 10_000, maxBuffer: 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

export function macManagedPreferencesReader(bundleId: string, options: { dir?: string; toXml?: PlistToXml } = {}): PolicyReader {
  const file = path.join(options.dir ?? MANAGED_PREFERENCES_DIR, `${bundleId}.plist`);
  const toXml = options.toXml ?? plutilToXml;
  return {
    async read() {
      try {
        await access(file);
      } catch {
        return { kind: 'none' };
      }
      let raw: unknown;
      try {
        raw = parsePlistXml(await toXml(file));
      } catch {
        return { kind: 'unreadable', source: file, error: 'The managed preferences file is not a readable property list' };
      }
      if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        raw = Object.fromEntries(Object.entries(raw).filter(([k]) => !MDM_BOOKKEEPING_KEYS.includes(k)));
      }
      return { kind: 'found', source: file, raw };
    },
    watch: (onChange) => watchFileDebounced(file, onChange),
  };
}
