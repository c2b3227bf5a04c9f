// Recordings on the settings page: where and how they are recorded (RecordingSettings), and
// the library: main lists, exports (a save dialog) and deletes.
import { useCallback, useEffect, useState } from 'react';
import type { RecordingSummary } from '../../../protocol/ipc-contract';
import { useT } from '../../i18n/use-t';
import { parleyApi } from '../../parley-api';
import { RecordingSettings } from './RecordingSettings';
import { RecordingsLibrary } from './RecordingsLibrary';

export function RecordingsSection() {
  const t = useT();
  const [recordings, setRecordings] = useState<RecordingSummary[] | null>(null);
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
          onExport={(id) => void parleyApi().exportRecording(id).catch(() => undefined)}
          onDelete={(id) => void parleyApi().deleteRecording(id).finally(reload)}
        />
      )}
    </section>
  );
}
