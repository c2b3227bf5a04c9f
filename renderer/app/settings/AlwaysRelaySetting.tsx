// "Always relay calls" (Settings → Network): media only through the relay's TURN server, so the
// other participants never learn this device's IP addresses. Main keeps the setting (the call
// engine reads it from main when it joins) and the organisation's policy can pin it; a pinned
// value is shown as managed and cannot be changed.
import { useEffect, useId, useState } from 'react';
import type { EffectiveSetting, ParleyApi } from '../../../protocol/ipc-contract';
import { useT } from '../../i18n/use-t';
import { LockIcon } from '../../ui/icons';
import { ipcCode } from '../ipc-code';

type SaveResult = 'saved' | 'failed' | null;

export function AlwaysRelaySetting() {
  const t = useT();
  const id = useId();
  const [api] = useState<ParleyApi | undefined>(() => window.parley);
  const [setting, setSetting] = useState<EffectiveSetting<boolean> | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveResult>(null);

  useEffect(() => {
    // Outside Parley (a page without preload) there is no main to keep this setting.
    if (api) Promise.resolve().then(() => api.getEffectiveSettings()).then((s) => setSetting(s.alwaysRelayCalls), () => undefined);
  }, [api]);

  if (!api || !setting) return null;
  const locked = setting.lockedBy === 'policy';

  async function save(on: boolean) {
    const before = setting!;
    setSetting({ ...before, value: on });
    setSaving(true);
    setResult(null);
    try {
      setSetting((await api!.updateSettings({ alwaysRelayCalls: on })).alwaysRelayCalls);
      setResult('saved');
    } catch (error) {
      // Locked: the policy pinned it since this screen loaded, so show what is in force now.
      const inForce = ipcCode(error) === 'locked-by-policy' ? await api!.getEffectiveSettings().then((s) => s.alwaysRelayCalls, () => null) : null;
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
        {t('settings.alwaysRelay')}
      </label>
      <p id={`${id}-hint`} className="field-hint">{t('settings.alwaysRelayHint')}</p>
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
