// Recording settings in main (Settings → Recordings): the folder new recordings go to (typed,
// or chosen with the system's folder dialog in the app), and the recording's size and video
// bitrate. Main validates and stores them; a value the organisation's policy pins is shown
// read-only as managed.
import { useEffect, useId, useState } from 'react';
import type { EffectiveSettings, ParleyApi, RecordingResolution, SettingsValues, UserSettingKey } from '../../../protocol/ipc-contract';
import { useT } from '../../i18n/use-t';
import { LockIcon } from '../../ui/icons';
import { ipcCode } from '../ipc-code';

export const RESOLUTIONS: readonly RecordingResolution[] = ['540p', '720p', '1080p'];
export const MIN_BITRATE_KBPS = 250;
export const MAX_BITRATE_KBPS = 8000;

type Problem = 'folder-invalid' | 'folder-not-writable' | 'picker-unavailable' | 'bitrate-invalid' | 'failed' | null;

/** The same first check main makes (absolute path); main also checks it can create and write it. */
export function looksAbsolute(folder: string): boolean {
  return folder.startsWith('/') || /^[A-Za-z]:[\\/]/.test(folder) || folder.startsWith('\\\\');
}

export function bitrateValid(text: string): boolean {
  const value = Number(text);
  return /^\d+$/.test(text.trim()) && value >= MIN_BITRATE_KBPS && value <= MAX_BITRATE_KBPS;
}

export function RecordingSettings() {
  const t = useT();
  const id = useId();
  const [api] = useState<ParleyApi | undefined>(() => window.parley);
  const [effective, setEffective] = useState<EffectiveSettings | null>(null);
  const [folder, setFolder] = useState('');
  const [bitrate, setBitrate] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const [saved, setSaved] = useState(false);

  function show(next: EffectiveSettings) {
    setEffective(next);
    setFolder(next.recordingFolder.value ?? '');
    setBitrate(String(next.recordingBitrateKbps.value));
  }

  useEffect(() => {
    // Outside Parley (a page without preload) there is no main to keep these settings.
    if (api) Promise.resolve().then(() => api.getEffectiveSettings()).then(show, () => undefined);
  }, [api]);

  if (!api || !effective) return null;

  async function save(patch: Partial<Pick<SettingsValues, UserSettingKey>>) {
    setSaved(false);
    try {
      show(await api!.updateSettings(patch));
      setProblem(null);
      setSaved(true);
    } catch (error) {
      setProblem(ipcCode(error) === 'folder-not-writable' ? 'folder-not-writable' : 'failed');
    }
  }

  function saveFolder(value: string) {
    const trimmed = value.trim();
    if (trimmed !== '' && !looksAbsolute(trimmed)) return setProblem('folder-invalid');
    void save({ recordingFolder: trimmed === '' ? null : trimmed });
  }

  async function chooseFolder() {
    try {
      const chosen = await api!.chooseRecordingFolder();
      if (chosen !== null) saveFolder(chosen);
    } catch (error) {
      // Outside the app (the browser harness) there is no folder dialog: the path can be typed.
      setProblem(ipcCode(error) === 'folder-picker-unavailable' ? 'picker-unavailable' : 'failed');
    }
  }

  const managed = (locked: boolean) =>
    locked ? <p className="managed"><LockIcon />{t('settings.managed')}</p> : null;
  const folderLocked = effective.recordingFolder.lockedBy === 'policy';
  const resolutionLocked = effective.recordingResolution.lockedBy === 'policy';
  const bitrateLocked = effective.recordingBitrateKbps.lockedBy === 'policy';
  const folderProblem = problem === 'folder-invalid' || problem === 'folder-not-writable' || problem === 'picker-unavailable';
  const folderMessage =
    problem === 'folder-invalid' ? t('recording.folderInvalid')
    : problem === 'folder-not-writable' ? t('recording.folderNotWritable')
    : problem === 'picker-unavailable' ? t('recording.folderPickerUnavailable')
    : t('recording.folderHint');

  return (
    <div className="recording-settings">
      <div className="field">
        <label htmlFor={`${id}-folder`}>{t('recording.folder')}</label>
        {folderLocked ? (
          <input id={`${id}-folder`} className="mono" type="text" readOnly aria-readonly="true" value={effective.recordingFolder.value ?? ''} />
        ) : (
          <div className="inline-field">
            <input
              id={`${id}-folder`}
              className="mono"
              type="text"
              spellCheck={false}
              value={folder}
              placeholder={t('recording.folderDefault')}
              aria-invalid={folderProblem || undefined}
              aria-describedby={`${id}-folder-hint`}
              onChange={(e) => {
                setFolder(e.target.value);
                setProblem(null);
                setSaved(false);
              }}
            />
            <button type="button" className="button secondary" onClick={() => void chooseFolder()}>{t('recording.folderChoose')}</button>
            <button type="button" className="button secondary" onClick={() => saveFolder(folder)}>{t('common.save')}</button>
          </div>
        )}
        {managed(folderLocked)}
        {!folderLocked && (
          <p id={`${id}-folder-hint`} className={folderProblem ? 'field-error' : 'field-hint'} role={folderProblem ? 'alert' : undefined}>
            {folderMessage}
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={`${id}-resolution`}>{t('recording.resolution')}</label>
        <select
          id={`${id}-resolution`}
          value={effective.recordingResolution.value}
          disabled={resolutionLocked}
          onChange={(e) => void save({ recordingResolution: e.target.value as RecordingResolution })}
        >
          {RESOLUTIONS.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
        {managed(resolutionLocked)}
      </div>

      <div className="field">
        <label htmlFor={`${id}-bitrate`}>{t('recording.bitrate')}</label>
        <div className="inline-field">
          <input
            id={`${id}-bitrate`}
            type="number"
            inputMode="numeric"
            min={MIN_BITRATE_KBPS}
            max={MAX_BITRATE_KBPS}
            step={50}
            value={bitrate}
            readOnly={bitrateLocked}
            aria-invalid={problem === 'bitrate-invalid' || undefined}
            aria-describedby={`${id}-bitrate-hint`}
            onChange={(e) => {
              setBitrate(e.target.value);
              setProblem(null);
              setSaved(false);
            }}
          />
          {!bitrateLocked && (
            <button
              type="button"
              className="button secondary"
              onClick={() => (bitrateValid(bitrate) ? void save({ recordingBitrateKbps: Number(bitrate) }) : setProblem('bitrate-invalid'))}
            >
              {t('common.save')}
            </button>
          )}
        </div>
        {managed(bitrateLocked)}
        <p id={`${id}-bitrate-hint`} className={problem === 'bitrate-invalid' ? 'field-error' : 'field-hint'} role={problem === 'bitrate-invalid' ? 'alert' : undefined}>
          {t('recording.bitrateHint', { min: MIN_BITRATE_KBPS, max: MAX_BITRATE_KBPS })}
        </p>
      </div>
      {problem === 'failed' && <p className="field-error" role="alert">{t('recording.settingsFailed')}</p>}
      {saved && <p className="field-hint" role="status">{t('recording.settingsSaved')}</p>}
    </div>
  );
}
