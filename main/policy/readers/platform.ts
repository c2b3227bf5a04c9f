// The policy reader for the OS Parley runs on (DESIGN.md "Admin policy").
import path from 'node:path';
import type { PolicyReader } from '../reader';
import { NO_POLICY, firstPolicyOf } from '../reader';
import { LINUX_POLICY_FILE, jsonFilePolicyReader } from './json-file';
import { macManagedPreferencesReader } from './macos-managed-preferences';
import { windowsRegistryReader } from './windows-registry';

export function platformPolicyReader(platform: string, options: { bundleId: string; env: NodeJS.ProcessEnv }): PolicyReader {
  switch (platform) {
    case 'linux':
      return jsonFilePolicyReader(LINUX_POLICY_FILE);
    case 'darwin':
      return macManagedPreferencesReader(options.bundleId);
    case 'win32': {
      const programData = options.env.ProgramData ?? 'C:\\ProgramData';
      return firstPolicyOf([windowsRegistryReader(), jsonFilePolicyReader(path.win32.join(programData, 'Parley', 'policy.json'))]);
    }
    default:
      return NO_POLICY;
  }
}
