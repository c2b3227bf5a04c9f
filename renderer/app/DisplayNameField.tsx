// The person's display name, bound to settings: one field for Home and pre-join (Settings keeps
// its own plain field inside its form), so both validate and describe it the same way.
import { useId } from 'react';
import { useT } from '../i18n/use-t';
import { useSettingsStore } from './settings-store';

export const MAX_NAME_LENGTH = 64;

interface DisplayNameFieldProps {
  /** Shows "Enter your name first." and marks the field invalid. */
  missing: boolean;
  /** Called on every edit that makes the name non-empty (the caller clears `missing`). */
  onFilled(): void;
}

export function DisplayNameField({ missing, onFilled }: DisplayNameFieldProps) {
  const t = useT();
  const displayName = useSettingsStore((s) => s.settings.displayName);
  const update = useSettingsStore((s) => s.update);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('home.nameLabel')}</label>
      <input
        id={id}
        type="text"
        autoComplete="nickname"
        maxLength={MAX_NAME_LENGTH}
        value={displayName}
        placeholder={t('home.namePlaceholder')}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? `${id}-error` : `${id}-hint`}
        onChange={(event) => {
          update({ displayName: event.target.value });
          if (event.target.value.trim()) onFilled();
        }}
      />
      {missing ? (
        <p id={`${id}-error`} className="field-error">{t('home.nameRequired')}</p>
      ) : (
        <p id={`${id}-hint`} className="field-hint">{t('home.nameHint')}</p>
      )}
    </div>
  );
}
