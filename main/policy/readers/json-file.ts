// A policy stored as a JSON file: /etc/parley/policy.json on Linux, %ProgramData%\Parley\policy.json
// on Windows when the registry has none.
import { readFile } from 'node:fs/promises';
import type { PolicyReader } from '../reader';
import { watchFileDebounced } from '../watch';

export const LINUX_POLICY_FILE = '/etc/parley/policy.json';
const MAX_POLICY_BYTES = 256 * 1024;

export function jsonFilePolicyReader(file: string): PolicyReader {
  return {
    async read() {
      let text: string;
      try {
        const bytes = await readFile(file);
        if (bytes.length > MAX_POLICY_BYTES) return { kind: 'unreadable', source: file, error: 'The policy file is too large' };
        text = bytes.toString('utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
        return { kind: 'unreadable', source: file, error: `The policy file cannot be read (${code ?? 'error'})` };
      }
      try {
        return { kind: 'found', source: file, raw: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
      } catch {
        return { kind: 'unreadable', source: file, error: 'The policy file is not valid JSON' };
      }
    },
    watch: (onChange) => watchFileDebounced(file, onChange),
  };
}
