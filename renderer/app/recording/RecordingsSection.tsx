// Recordings on the settings page: where and how they are recorded (RecordingSettings), and
// the library: main lists, exports (a save dialog: the video, or the consent receipts) and
// deletes; what an export did is said below the list.
import { useCallback, useEffect, useState } from 'react';
import type { RecordingSummary } from '../../../protocol/ipc-contract';
import { useT } from '../../i18n/use-t';
import { parleyApi } from '../../parley-api';
import { RecordingSettings } from './RecordingSettings';
import { RecordingsLibrary } from './RecordingsLibrary';

export function RecordingsSection() {
  const t = useT();
  const [recordings, setRecordings] = useState<RecordingSummary[] | null>(null);
  // What the last export did, said where the person looks (null: nothing yet, or cancelled).
  const [exported, setExported] = useState<{ text: string; failed: boolean } | null>(null);
  const exportWith = (run: () => Promise<string | null>) => {
    setExported(null);
    run().then(
      (text) => setExported(text === null ? null : { text, failed: false }),
      () => setExported({ text: t('recording.exportFailed'), failed: true }),
    );
  };
  const reload = useCallback(() => {
    // Outside Parley (component tests, a page without preload) there is simply nothing to list.
    const api = window.parley;
    if (!api) return setRecordings([]);
    Promise.resolve()
      .then(() => api.listRecordings())
      .then(setRecordings, () => setRecordings([]));
  }, []);
  useEffect(reload, [reload]);
  return (
    <section className="card settings-section" aria-labelledby="settings-recordings">
      <h2 id="settings-recordings">{t('recording.libraryTitle')}</h2>
      <RecordingSettings />
      {recordings && (
        <RecordingsLibrary
          recordings={recordings}
          now={Date.now()}
          onExport={(id) => exportWith(async () => {
            const done = await parleyApi().exportRecording(id);
            return done && t('recording.videoSaved', { path: done.path });
          })}
          onExportConsents={(id) => exportWith(async () => {
            const done = await parleyApi().exportRecordingConsents(id);
            return done && t('recording.consentsSaved', { count: done.consents, path: done.path });
          })}
          onDelete={(id) => void parleyApi().deleteRecording(id).finally(reload)}
        />
      )}
      <p className={exported?.failed ? 'notice error' : exported ? 'notice' : 'visually-hidden'} role="status">
        {exported?.text}
      </p>
    </section>
  );
}
