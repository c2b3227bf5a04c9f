// The local call history with its retention period, and the do-not-disturb switch.
import { useId } from 'react';
import type { CallOutcome } from '../../../protocol/ipc-contract';
import { MAX_HISTORY_RETENTION_DAYS } from '../../../protocol/ipc-contract';
import { useRingStore } from '../../contacts/ring-store';
import type { MessageKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { setPrefs } from './contact-actions';

const OUTCOME_KEYS: Record<CallOutcome, MessageKey> = {
  answered: 'history.answered',
  missed: 'history.missed',
  declined: 'history.declined',
  'no-answer': 'history.noAnswer',
  cancelled: 'history.cancelled',
};

export function CallHistory() {
  const t = useT();
  const id = useId();
  const book = useRingStore((s) => s.book);
  if (!book) return null;
  const names = new Map(book.contacts.map((c) => [c.contactId, c.displayName]));
  const { prefs } = book;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('history.title')}</h2>
      <label className="checkbox">
        <input type="checkbox" checked={prefs.doNotDisturb} onChange={(e) => void setPrefs({ ...prefs, doNotDisturb: e.target.checked })} />
        {t('ring.doNotDisturb')}
      </label>
      <div className="field">
        <label htmlFor={`${id}-retention`}>{t('history.retention')}</label>
        <input id={`${id}-retention`} type="number" min={1} max={MAX_HISTORY_RETENTION_DAYS} value={prefs.historyRetentionDays} aria-describedby={`${id}-local`}
          onChange={(e) => {
            const days = Number(e.target.value);
            if (Number.isInteger(days) && days >= 1 && days <= MAX_HISTORY_RETENTION_DAYS) void setPrefs({ ...prefs, historyRetentionDays: days });
          }} />
        <p id={`${id}-local`} className="muted small">{t('history.localOnly')}</p>
      </div>
      {book.history.length === 0 ? <p className="muted">{t('history.empty')}</p> : (
        <ul className="call-history" aria-label={t('history.title')}>
          {book.history.map((record, index) => (
            <li key={`${record.at}-${index}`}>
              {t('history.entry', {
                direction: t(record.direction === 'incoming' ? 'history.incoming' : 'history.outgoing'),
                who: record.teamName || record.peers.map((p) => names.get(p) ?? '?').join(', '),
                outcome: t(OUTCOME_KEYS[record.outcome]),
                date: new Date(record.at).toLocaleString(),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
