// User settings: defaults and validation. The keys an administrator can also pin share their
// checks with the policy schema (main/policy/schema.ts), so both accept exactly the same values.
import type { RecordingResolution, SettingsValues, UserSettingKey } from '../../protocol/ipc-contract';
import { POLICY_FIELDS, checkPolicyValue } from '../policy/schema';

export const DEFAULT_SETTINGS: SettingsValues = {
  relayUrl: null,
  allowedRelays: null,
  recordingMode: 'consent-all',
  retentionDays: 30,
  requireLobby: true,
  allowScreenShare: true,
  alwaysRelayCalls: false,
  autoUpdate: true,
  displayName: '',
  recordingFolder: null,
  recordingResolution: '540p',
  recordingBitrateKbps: 1000,
  hostOnLocalNetwork: false,
  localNetworkPort: null,
  keepRunningInTray: true,
  openAtLogin: false,
  diagnosticsLog: false,
};

export const USER_SETTING_KEYS: readonly UserSettingKey[] = ['relayUrl', 'recordingMode', 'retentionDays', 'requireLobby', 'allowScreenShare', 'alwaysRelayCalls', 'autoUpdate', 'displayName', 'recordingFolder', 'recordingResolution', 'recordingBitrateKbps', 'hostOnLocalNetwork', 'localNetworkPort', 'keepRunningInTray', 'openAtLogin', 'diagnosticsLog'];
export const MAX_DISPLAY_NAME_LENGTH = 64;
export const RECORDING_RESOLUTIONS: readonly RecordingResolution[] = ['540p', '720p', '1080p'];
export const MIN_RECORDING_BITRATE_KBPS = 250;
export const MAX_RECORDING_BITRATE_KBPS = 8000;

export function isUserSettingValue(key: UserSettingKey, value: unknown): boolean {
  if (key === 'displayName') return typeof value === 'string' && [...value].length <= MAX_DISPLAY_NAME_LENGTH && !/[\p{Cc}]/u.test(value);
  if (key === 'recordingResolution') return typeof value === 'string' && (RECORDING_RESOLUTIONS as readonly string[]).includes(value);
  if (key === 'recordingBitrateKbps') {
    return typeof value === 'number' && Number.isInteger(value) && value >= MIN_RECORDING_BITRATE_KBPS && value <= MAX_RECORDING_BITRATE_KBPS;
  }
  // null: back to the default (relay: the embedded one; recording folder: the one in the data folder).
  if ((key === 'relayUrl' || key === 'recordingFolder' || key === 'localNetworkPort') && value === null) return true;
  const field = POLICY_FIELDS.find((f) => f.key === key)!;
  return checkPolicyValue(field, value) === null;
}

/** A non-empty object of user-settable keys with valid values (the settings:set argument). */
export function isUserSettingsPatch(value: unknown): value is Partial<Pick<SettingsValues, UserSettingKey>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([k, v]) => (USER_SETTING_KEYS as readonly string[]).includes(k) && isUserSettingValue(k as UserSettingKey, v));
}

/** Reads a stored settings file leniently: valid known keys are kept, anything else is dropped. */
export function userSettingsFromJson(raw: unknown): Partial<Pick<SettingsValues, UserSettingKey>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const key of USER_SETTING_KEYS) {
    const value = (raw as Record<string, unknown>)[key];
    if (value !== undefined && isUserSettingValue(key, value)) out[key] = value;
  }
  return out;
}
