// Asked of every participant when someone wants to record: who records, how long it is kept.
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';

interface RecordingConsentDialogProps {
  recorderName: string;
  retentionDays: number;
  onAccept(): void;
  onDecline(): void;
}

export function RecordingConsentDialog({ recorderName, retentionDays, onAccept, onDecline }: RecordingConsentDialogProps) {
  const t = useT();
  return (
    <Modal title={t('recording.consentTitle', { name: recorderName })} onClose={onDecline} alert describedBy="consent-body">
      <div id="consent-body">
        <p>{t('recording.consentBody', { name: recorderName })}</p>
        <p>{t('recording.consentRetention', { count: retentionDays })}</p>
        <p className="muted small">{t('recording.consentDecline')}</p>
      </div>
      <div className="button-row end">
        <button type="button" className="button ghost" onClick={onDecline} data-autofocus>{t('recording.decline')}</button>
        <button type="button" className="button primary" onClick={onAccept}>{t('recording.accept')}</button>
      </div>
    </Modal>
  );
}
