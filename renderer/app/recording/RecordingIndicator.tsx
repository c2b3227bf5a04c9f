// The red "recording" mark every participant sees while anyone records.
import { useT } from '../../i18n/use-t';

export function RecordingIndicator({ recorderName }: { recorderName: string }) {
  const t = useT();
  return (
    <span className="pill recording" role="status">
      <span className="rec-dot" aria-hidden="true" />
      {t('recording.indicator', { name: recorderName })}
    </span>
  );
}
