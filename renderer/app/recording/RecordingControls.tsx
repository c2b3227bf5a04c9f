// Recording in the call screen, wired to the recording controller (renderer/call/recording):
// the record button (only when policy allows), the indicator everyone sees, the consent dialog.
import { useCallStore } from '../../call/call-store';
import { recordingController } from '../../call/recording/start-recording';
import { useT } from '../../i18n/use-t';
import { RecordIcon } from '../../ui/icons';
import { RecordingConsentDialog } from './RecordingConsentDialog';
import { RecordingIndicator } from './RecordingIndicator';

export function RecordButton() {
  const t = useT();
  const available = useCallStore((s) => s.recording.available);
  const mine = useCallStore((s) => s.recording.active?.recorderId === 'self');
  if (!available) return null;
  const label = mine ? t('recording.stop') : t('recording.start');
  return (
    <button
      type="button"
      className={`control${mine ? ' danger' : ''}`}
      aria-pressed={mine}
      onClick={() => void (mine ? recordingController().stop() : recordingController().start())}
    >
      <span className="control-icon"><RecordIcon /></span>
      <span className="control-label">{label}</span>
    </button>
  );
}

export function RecordingStatus() {
  const t = useT();
  const active = useCallStore((s) => s.recording.active);
  const notice = useCallStore((s) => s.recording.notice);
  return (
    <>
      {active?.status === 'waiting' && <span className="pill neutral" role="status">{t('recording.waiting')}</span>}
      {active && active.status !== 'waiting' && <RecordingIndicator recorderName={active.recorderName} />}
      {active?.status === 'paused' && <span className="pill neutral" role="status">{t('recording.paused')}</span>}
      {active?.consented && active.recorderId !== 'self' && (
        <button type="button" className="button small ghost" onClick={() => void recordingController().withdraw()}>{t('recording.withdraw')}</button>
      )}
      {notice && notice.kind !== 'stopped' && (
        <span className="pill danger" role="status">
          {notice.kind === 'refused' ? t('recording.refused', { detail: notice.detail ?? '' }) : t(notice.kind === 'declined' ? 'recording.declined' : 'recording.withdrawn', { name: notice.name ?? '' })}
        </span>
      )}
    </>
  );
}

export function RecordingConsentPrompt() {
  const request = useCallStore((s) => s.recording.consentRequest);
  if (!request) return null;
  return (
    <RecordingConsentDialog
      recorderName={request.recorderName}
      retentionDays={request.retentionDays}
      onAccept={() => void recordingController().answer(true)}
      onDecline={() => void recordingController().answer(false)}
    />
  );
}
