// The local, encrypted recordings: when, how big, when retention deletes them; export (the video,
// or the consent receipts for a data-protection officer) or delete.
import { useState } from 'react';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { useLanguage } from '../settings-store';
import { daysUntil, formatMegabytes } from './recording-format';

export interface RecordingSummary {
  id: string;
  createdAt: number;
  sizeBytes: number;
  expiresAt: number;
}

interface RecordingsLibraryProps {
  recordings: readonly RecordingSummary[];
  now: number;
  onExport(id: string): void;
  /** The consent receipts as one signed file (PROTOCOL.md §12.6). */
  onExportConsents(id: string): void;
  onDelete(id: string): void;
}

export function RecordingsLibrary({ recordings, now, onExport, onExportConsents, onDelete }: RecordingsLibraryProps) {
  const t = useT();
  const language = useLanguage();
  const [deleting, setDeleting] = useState<RecordingSummary | null>(null);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  if (recordings.length === 0) return <p className="muted">{t('recording.libraryEmpty')}</p>;
  return (
    <>
      <table className="data-table">
        <caption className="visually-hidden">{t('recording.libraryTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('recording.date')}</th>
            <th scope="col">{t('recording.size')}</th>
            <th scope="col">{t('recording.deletedIn')}</th>
            <th scope="col"><span className="visually-hidden">{t('recording.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {recordings.map((r) => {
            const when = date.format(r.createdAt);
            return (
              <tr key={r.id}>
                <td>{when}</td>
                <td>{t('recording.megabytes', { size: formatMegabytes(r.sizeBytes, language) })}</td>
                <td>{t('recording.days', { count: daysUntil(r.expiresAt, now) })}</td>
                <td className="row-actions">
                  <button type="button" className="button small secondary" aria-label={t('recording.exportLabel', { date: when })} onClick={() => onExport(r.id)}>
                    {t('recording.export')}
                  </button>
                  <button type="button" className="button small secondary" aria-label={t('recording.exportConsentsLabel', { date: when })} onClick={() => onExportConsents(r.id)}>
                    {t('recording.exportConsents')}
                  </button>
                  <button type="button" className="button small danger-ghost" aria-label={t('recording.deleteLabel', { date: when })} onClick={() => setDeleting(r)}>
                    {t('recording.delete')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {deleting && (
        <Modal title={t('recording.deleteTitle')} onClose={() => setDeleting(null)} alert>
          <p>{t('recording.deleteBody', { date: date.format(deleting.createdAt) })}</p>
          <div className="button-row end">
            <button type="button" className="button ghost" onClick={() => setDeleting(null)} data-autofocus>{t('common.cancel')}</button>
            <button
              type="button"
              className="button danger"
              onClick={() => {
                onDelete(deleting.id);
                setDeleting(null);
              }}
            >
              {t('recording.delete')}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
