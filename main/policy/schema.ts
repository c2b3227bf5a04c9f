// The admin policy schema: which keys an organisation can pin, their types, and the values
// enforced when the policy is present but unreadable. POLICY_FIELDS is the single source for
// the readers here and for the installer's ADMX / .mobileconfig templates (tested against it).
import path from 'node:path';
import type { RecordingMode, SettingsValues } from '../../protocol/ipc-contract';
import { ORGANISATIONS_POLICY_KEY } from './organisations';

export type PolicyKey =
  | 'relayUrl' | 'allowedRelays' | 'recordingMode' | 'retentionDays' | 'requireLobby' | 'allowScreenShare' | 'alwaysRelayCalls' | 'autoUpdate' | 'recordingFolder'
  | 'hostOnLocalNetwork' | 'localNetworkPort' | 'keepRunningInTray' | 'openAtLogin' | 'diagnosticsLog';
export type PolicyValues = Partial<Pick<SettingsValues, PolicyKey>>;

export interface PolicyField<K extends PolicyKey = PolicyKey> {
  key: K;
  type: 'url' | 'url-list' | 'enum' | 'integer' | 'boolean' | 'folder';
  /** For 'enum'. */
  values?: readonly string[];
  /** For 'integer'. */
  min?: number;
  max?: number;
  /** Windows registry value type under HKLM\Software\Policies\Parley (value name = key). */
  registryType: 'REG_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD';
  description: string;
  /**
   * Enforced when the policy exists but this field (or the whole file) cannot be read: an
   * administrator who meant to restrict something must not get the permissive default.
   * Undefined means "not enforced" (no value is safe to guess, e.g. which relay to use).
   */
  safest?: NonNullable<SettingsValues[K]>;
}

export const RECORDING_MODES: readonly RecordingMode[] = ['disabled', 'consent-all', 'notify'];

export const POLICY_FIELDS: readonly PolicyField[] = [
  { key: 'relayUrl', type: 'url', registryType: 'REG_SZ', description: 'The relay every call uses (ws:// or wss:// URL)' },
  { key: 'allowedRelays', type: 'url-list', registryType: 'REG_MULTI_SZ', description: 'Relays users may choose (ws:// or wss:// URLs); others are refused' },
  {
    key: 'recordingMode', type: 'enum', values: RECORDING_MODES, registryType: 'REG_SZ', safest: 'disabled',
    description: 'disabled: no recording; consent-all: every participant must sign consent; notify: participants are notified',
  },
  { key: 'retentionDays', type: 'integer', min: 1, max: 3650, registryType: 'REG_DWORD', safest: 7, description: 'Days after which local recordings are deleted' },
  { key: 'requireLobby', type: 'boolean', registryType: 'REG_DWORD', safest: true, description: 'Newcomers wait in a lobby until the host admits them' },
  { key: 'allowScreenShare', type: 'boolean', registryType: 'REG_DWORD', safest: false, description: 'Whether screen sharing is available' },
  // No safest value: forcing relayed calls on a relay without TURN would make every call fail.
  {
    key: 'alwaysRelayCalls', type: 'boolean', registryType: 'REG_DWORD',
    description: "Calls go only through the relay's TURN server, so other participants never see this device's IP addresses",
  },
  { key: 'autoUpdate', type: 'boolean', registryType: 'REG_DWORD', safest: true, description: 'Install updates automatically' },
  // No safest value: an unreadable folder falls back to the default folder in Parley's data folder.
  { key: 'recordingFolder', type: 'folder', registryType: 'REG_SZ', description: 'Absolute path of the folder where new recordings are stored' },
  // Safest off: an unreadable policy must not open a listener on the network.
  {
    key: 'hostOnLocalNetwork', type: 'boolean', registryType: 'REG_DWORD', safest: false,
    description: "Meetings this person hosts run on Parley's own relay on this computer's local network address, for people on the same network (no internet needed)",
  },
  { key: 'localNetworkPort', type: 'integer', min: 1024, max: 65535, registryType: 'REG_DWORD', description: 'TCP port (and UDP port for STUN) of the local-network relay, for firewall rules' },
  // No safest value for either: running in the background and starting at login carry no risk
  // an unreadable policy should guard against, and forcing them would surprise people.
  {
    key: 'keepRunningInTray', type: 'boolean', registryType: 'REG_DWORD',
    description: 'Closing the window keeps Parley running in the tray (menu bar) so calls from contacts still ring',
  },
  { key: 'openAtLogin', type: 'boolean', registryType: 'REG_DWORD', description: 'Start Parley at login, hidden in the tray (menu bar)' },
  // No safest value: an unreadable policy neither starts nor stops a log the person chose.
  {
    key: 'diagnosticsLog', type: 'boolean', registryType: 'REG_DWORD',
    description: 'Keep a local diagnostics log for the help desk (event and error codes only; no names, keys, addresses or message contents)',
  },
];

export const POLICY_KEYS: readonly PolicyKey[] = POLICY_FIELDS.map((f) => f.key);

export const MAX_URL_LENGTH = 2048;
export const MAX_FOLDER_LENGTH = 4096;

/**
 * An absolute folder path on this platform, without control characters. Whether it can be
 * created and written is checked where it is used (main/recording/recording-folders.ts).
 */
export function isAbsoluteFolder(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_FOLDER_LENGTH && !/[\p{Cc}]/u.test(value) && path.isAbsolute(value);
}

export function isRelayUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '' && url.username === '' && url.password === '' && url.hash === '';
  } catch {
    return false;
  }
}

/** Checks one value against its field; returns an error message or null. */
export function checkPolicyValue(field: PolicyField, value: unknown): string | null {
  switch (field.type) {
    case 'url':
      return isRelayUrl(value) ? null : `${field.key} must be a ws:// or wss:// URL`;
    case 'url-list':
      return Array.isArray(value) && value.length <= 100 && value.every(isRelayUrl) ? null : `${field.key} must be a list of ws:// or wss:// URLs`;
    case 'enum':
      return typeof value === 'string' && field.values!.includes(value) ? null : `${field.key} must be one of ${field.values!.join(', ')}`;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= field.min! && value <= field.max!
        ? null
        : `${field.key} must be a whole number from ${field.min} to ${field.max}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${field.key} must be true or false`;
    case 'folder':
      return isAbsoluteFolder(value) ? null : `${field.key} must be an absolute folder path`;
  }
}

export interface ValidatedPolicy {
  values: PolicyValues;
  errors: string[];
}

/** Everything pinned to its safest value: the policy exists but could not be read at all. */
export function safestPolicy(): PolicyValues {
  const values: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) if (field.safest !== undefined) values[field.key] = field.safest;
  return values as PolicyValues;
}

/**
 * Validates a policy document: valid fields apply, an invalid field is pinned to its safest
 * value, unknown keys are reported (a typo must not pass silently). Never throws. The trusted
 * organisations are no setting: main/policy/organisations.ts validates them.
 */
export function validatePolicy(raw: unknown): ValidatedPolicy {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { values: safestPolicy(), errors: ['The policy must be an object of settings'] };
  }
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === ORGANISATIONS_POLICY_KEY) continue;
    const field = POLICY_FIELDS.find((f) => f.key === key);
    if (!field) {
      errors.push(`Unknown policy key "${key.slice(0, 100)}"`);
      continue;
    }
    const error = checkPolicyValue(field, value);
    if (error) {
      errors.push(error);
      if (field.safest !== undefined) values[key] = field.safest;
    } else {
      values[key] = value;
    }
  }
  return { values: values as PolicyValues, errors };
}
