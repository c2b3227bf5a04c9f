// Settings: profile, devices, network (relay), appearance, privacy choices.
import { useId } from 'react';
import { useT } from '../../i18n/use-t';
import { MAX_NAME_LENGTH } from '../DisplayNameField';
import { DeviceSettings } from '../prejoin/DeviceSettings';
import { useMediaDevices } from '../prejoin/use-media-devices';
import { useRecentRooms } from '../recent-rooms';
import { ReachChooser } from '../reach/ReachChooser';
import { RecordingsSection } from '../recording/RecordingsSection';
import { useSettingsStore } from '../settings-store';
import type { LanguageChoice, ThemeChoice } from '../settings-store';
import { AlwaysRelaySetting, MainBooleanSetting } from './MainBooleanSetting';
import { DiagnosticsSection } from './DiagnosticsSection';
import { OrganisationSection } from './OrganisationSection';

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
        <ReachChooser />
        <AlwaysRelaySetting />
      </section>

      {window.parley ? (
        <section className="card settings-section" aria-labelledby="settings-desktop">
          <h2 id="settings-desktop">{t('settings.desktop')}</h2>
          <MainBooleanSetting setting="keepRunningInTray" label="settings.keepRunning" hint="settings.keepRunningHint" />
          <MainBooleanSetting setting="openAtLogin" label="settings.openAtLogin" hint="settings.openAtLoginHint" />
        </section>
      ) : null}
      {window.parley ? <OrganisationSection /> : null}
      {window.parley ? <DiagnosticsSection /> : null}

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
