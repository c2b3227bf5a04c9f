// Precedence: admin policy > user settings > defaults. A policy-set value is reported as
// locked; allowedRelays also constrains relayUrl.
import type { EffectiveSetting, EffectiveSettings, SettingKey, SettingsValues, UserSettingKey } from '../../protocol/ipc-contract';
import type { PolicyValues } from '../policy/schema';
import { relayAllowed } from '../../protocol/room/relay-address';
import { DEFAULT_SETTINGS } from './settings-schema';

type UserSettings = Partial<Pick<SettingsValues, UserSettingKey>>;

export function effectiveSettings(policy: PolicyValues, user: UserSettings): EffectiveSettings {
  const out: Record<string, EffectiveSetting<unknown>> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) {
    if (Object.hasOwn(policy, key)) out[key] = { value: policy[key as keyof PolicyValues], source: 'policy', lockedBy: 'policy' };
    else if (Object.hasOwn(user, key)) out[key] = { value: user[key as UserSettingKey], source: 'user', lockedBy: null };
    else out[key] = { value: DEFAULT_SETTINGS[key], source: 'default', lockedBy: null };
  }
  const settings = out as EffectiveSettings;
  const allowed = policy.allowedRelays;
  const relay = settings.relayUrl.value;
  if (allowed && settings.relayUrl.source !== 'policy' && (relay === null || !relayAllowed(relay, allowed))) {
    // The user's (or no) relay is not on the organisation's list: use the first allowed one, locked.
    settings.relayUrl = { value: allowed[0] ?? null, source: 'policy', lockedBy: 'policy' };
  }
  if ((policy.relayUrl !== undefined || allowed) && policy.hostOnLocalNetwork === undefined) {
    // An organisation that chose the relay (or the relays) meetings use did not choose LAN meetings.
    settings.hostOnLocalNetwork = { value: false, source: 'policy', lockedBy: 'policy' };
  }
  return settings;
}
