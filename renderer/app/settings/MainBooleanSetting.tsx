// An on/off setting main keeps (settings:set) and the organisation's policy can pin; a pinned
// value is shown as managed and cannot be changed. Used for "Always relay calls" (Settings →
// Network: media only through the relay's TURN server, so the other participants never learn this
// device's IP addresses; the call engine reads it from main when it joins), "Keep running in the
// tray" and "Start at login" (Settings → Desktop, applied by main/electron).
import { useEffect, useId, useState } from 'react';
import type { EffectiveSetting, ParleyApi } from '../../../protocol/ipc-contract';
import type { MessageKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { LockIcon } from '../../ui/icons';
import { ipcCode } from '../ipc-code';

type SaveResult = 'saved' | 'failed' | null;

/** The boolean settings a person may change. */
type BooleanSettingKey = 'alwaysRelayCalls' | 'keepRunningInTray' | 'openAtLogin' | 'diagnosticsLog';

export function MainBooleanSetting({ setting: key, label, hint }: { setting: BooleanSettingKey; label: MessageKey; hint: MessageKey }) {
  const t = useT();
  const id = useId();
  const [api] = useState<ParleyApi | undefined>(() => window.parley);
  const [setting, setSetting] = useState<EffectiveSetting<boolean> | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveResult>(null);

  useEffect(() => {
    // Outside Parley (a page without preload) there is no main to keep this setting.
    if (api) Promise.resolve().then(() => api.getEffectiveSettings()).then((s) => setSetting(s[key]), () => undefined);
  }, [api, key]);

  if (!api || !setting) return null;
  const locked = setting.lockedBy === 'policy';

  async function save(on: boolean) {
    const before = setting!;
    setSetting({ ...before, value: on });
    setSaving(true);
    setResult(null);
    try {
      setSetting((await api!.updateSettings({ [key]: on }))[key]);
      setResult('saved');
    } catch (error) {
      // Locked: the policy pinned it since this screen loaded, so show what is in force now.
      const inForce = ipcCode(error) === 'locked-by-policy' ? await api!.getEffectiveSettings().then((s) => s[key], () => null) : null;
      setSetting(inForce ?? before);
      if (!inForce) setResult('failed');
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="field">
      <label className="choice">
        <input
          type="checkbox"
          checked={setting.value}
          disabled={locked}
          aria-describedby={locked ? `${id}-hint ${id}-managed` : `${id}-hint`}
          // Not disabled while saving (that would drop keyboard focus): a change then is ignored,
          // as is any change event a locked (disabled) box still receives.
          onChange={(e) => {
            if (!saving && !locked) void save(e.target.checked);
          }}
        />
        {t(label)}
      </label>
      <p id={`${id}-hint`} className="field-hint">{t(hint)}</p>
      {locked ? (
        <p id={`${id}-managed`} className="managed"><LockIcon />{t('settings.managed')}</p>
      ) : (
        <p className={result === 'failed' ? 'small error-text' : 'small'} role="status">
          {result === 'saved' ? t('settings.saved') : result === 'failed' ? t('settings.saveFailed') : ''}
        </p>
      )}
    </div>
  );
}

export function AlwaysRelaySetting() {
  return <MainBooleanSetting setting="alwaysRelayCalls" label="settings.alwaysRelay" hint="settings.alwaysRelayHint" />;
}
