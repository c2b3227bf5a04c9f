// Settings: profile, devices, network (relay), appearance, privacy choices.
import { useEffect, useId, useState } from 'react';
import { useT } from '../../i18n/use-t';
import { LockIcon } from '../../ui/icons';
import { useAppInfo } from '../app-info';
import { MAX_NAME_LENGTH } from '../home/HomeScreen';
import { DeviceSettings } from '../prejoin/DeviceSettings';
import { useMediaDevices } from '../prejoin/use-media-devices';
import { useRecentRooms } from '../recent-rooms';
import { RecordingsSection } from '../recording/RecordingsSection';
import { effectiveRelayUrl, useSettingsStore } from '../settings-store';
import type { LanguageChoice, ThemeChoice } from '../settings-store';
import { saveRelayUrl } from '../settings-sync';
import type { RelaySaveResult } from '../settings-sync';
import { AlwaysRelaySetting } from './AlwaysRelaySetting';
import { isRelayUrl } from './relay-url';

function RelaySetting() {
  const t = useT();
  const id = useId();
  const settings = useSettingsStore((s) => s.settings);
  const managed = useSettingsStore((s) => s.managed);
  const embedded = useAppInfo((s) => s.info?.embeddedRelayUrl ?? null);
  const [draft, setDraft] = useState(settings.relayUrl);
  const [invalid, setInvalid] = useState(false);
  const [result, setResult] = useState<RelaySaveResult | 'saving' | null>(null);
  useEffect(() => setDraft(settings.relayUrl), [settings.relayUrl]);
  const locked = managed.relayUrl !== undefined;
  const effective = effectiveRelayUrl(settings, managed, embedded);

  async function save() {
    const value = draft.trim();
    if (value !== '' && !isRelayUrl(value)) {
      setInvalid(true);
      setResult(null);
      return;
    }
    setInvalid(false);
    setResult('saving');
    setResult(await saveRelayUrl(value));
  }

  return (
    <div className="field">
      <label htmlFor={id}>{t('settings.relay')}</label>
      {locked ? (
        <>
          <input id={id} className="mono" type="text" readOnly aria-readonly="true" value={managed.relayUrl ?? ''} aria-describedby={`${id}-managed`} />
          <p id={`${id}-managed`} className="managed"><LockIcon />{t('settings.managed')}</p>
        </>
      ) : (
        <>
          <div className="inline-field">
            <input
              id={id}
              className="mono"
              type="url"
              spellCheck={false}
              value={draft}
              placeholder={embedded ?? 'wss://relay.example.org'}
              aria-invalid={invalid || undefined}
              aria-describedby={`${id}-hint`}
              onChange={(e) => {
                setDraft(e.target.value);
                setResult(null);
              }}
            />
            <button type="button" className="button secondary" onClick={() => void save()} disabled={result === 'saving'}>{t('common.save')}</button>
          </div>
          <p id={`${id}-hint`} className={invalid ? 'field-error' : 'field-hint'}>
            {invalid ? t('settings.relayInvalid') : t('settings.relayHint')}
          </p>
          <p className={result === 'saved' || result === 'saving' ? 'small' : 'small error-text'} role="status">
            {result === 'saved' ? t('settings.saved') : result === 'not-allowed' ? t('settings.relayNotAllowed') : result === 'failed' ? t('settings.saveFailed') : ''}
          </p>
        </>
      )}
      <p className="muted small">{effective ? t('settings.relayInUse', { url: effective }) : t('settings.relayNone')}</p>
    </div>
  );
}

function ChoiceGroup<T extends string>({ legend, name, value, options, onChange }: {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

export function SettingsScreen() {
  const t = useT();
  const nameId = useId();
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const forgetAllRooms = useRecentRooms((s) => s.forgetAll);
  const { devices } = useMediaDevices();

  const languages: readonly { value: LanguageChoice; label: string }[] = [
    { value: 'system', label: t('settings.languageSystem') },
    { value: 'en', label: 'English' },
    { value: 'de', label: 'Deutsch' },
  ];
  const themes: readonly { value: ThemeChoice; label: string }[] = [
    { value: 'system', label: t('settings.themeSystem') },
    { value: 'light', label: t('settings.themeLight') },
    { value: 'dark', label: t('settings.themeDark') },
  ];

  return (
    <main className="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title" className="page-title">{t('settings.title')}</h1>

      <section className="card settings-section" aria-labelledby="settings-profile">
        <h2 id="settings-profile">{t('settings.profile')}</h2>
        <div className="field">
          <label htmlFor={nameId}>{t('home.nameLabel')}</label>
          <input id={nameId} type="text" maxLength={MAX_NAME_LENGTH} value={settings.displayName} onChange={(e) => update({ displayName: e.target.value })} />
          <p className="field-hint">{t('home.nameHint')}</p>
        </div>
      </section>

      <section className="card settings-section" aria-labelledby="settings-devices">
        <h2 id="settings-devices">{t('settings.devices')}</h2>
        <DeviceSettings devices={devices} />
      </section>

      <section className="card settings-section" aria-labelledby="settings-network">
        <h2 id="settings-network">{t('settings.network')}</h2>
        <RelaySetting />
        <AlwaysRelaySetting />
      </section>

      <section className="card settings-section" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance">{t('settings.appearance')}</h2>
        <ChoiceGroup legend={t('settings.language')} name="language" value={settings.language} options={languages} onChange={(language) => update({ language })} />
        <ChoiceGroup legend={t('settings.theme')} name="theme" value={settings.theme} options={themes} onChange={(theme) => update({ theme })} />
      </section>

      <section className="card settings-section" aria-labelledby="settings-privacy">
        <h2 id="settings-privacy">{t('settings.privacy')}</h2>
        <label className="choice">
          <input
            type="checkbox"
            checked={settings.rememberRecentRooms}
            onChange={(e) => {
              update({ rememberRecentRooms: e.target.checked });
              if (!e.target.checked) forgetAllRooms();
            }}
          />
          {t('settings.rememberRooms')}
        </label>
        <p className="field-hint">{t('settings.rememberRoomsHint')}</p>
      </section>

      <RecordingsSection />
    </main>
  );
}
