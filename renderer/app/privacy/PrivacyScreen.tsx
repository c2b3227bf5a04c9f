// What Parley keeps, where, for how long; and erasing all of it.
import { useEffect, useState } from 'react';
import { parleyApi } from '../../parley-api';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';
import { useSettingsStore } from '../settings-store';
import { EraseDialog } from './EraseDialog';
import { ReportSection } from './ReportSection';
import { WhoLearnsWhat } from './WhoLearnsWhat';

interface DataKind {
  kind: MessageKey;
  where: MessageKey;
  howLong: MessageKey;
}

export const DATA_KINDS: readonly DataKind[] = [
  { kind: 'privacy.identity', where: 'privacy.identityWhere', howLong: 'privacy.untilErased' },
  { kind: 'privacy.contacts', where: 'privacy.thisDevice', howLong: 'privacy.untilErased' },
  { kind: 'privacy.settings', where: 'privacy.thisDevice', howLong: 'privacy.untilErased' },
  { kind: 'privacy.recent', where: 'privacy.thisDevice', howLong: 'privacy.recentHowLong' },
  { kind: 'privacy.recordings', where: 'privacy.recordingsWhere', howLong: 'privacy.recordingsHowLong' },
  { kind: 'privacy.callContent', where: 'privacy.memoryOnly', howLong: 'privacy.callContentHowLong' },
  { kind: 'privacy.relay', where: 'privacy.relayWhere', howLong: 'privacy.relayHowLong' },
];

/** The retention period main enforces for recordings (and whether policy sets it). */
function useRetention(): { days: number; managed: boolean } | null {
  const [retention, setRetention] = useState<{ days: number; managed: boolean } | null>(null);
  useEffect(() => {
    if (!window.parley) return;
    let cancelled = false;
    parleyApi()
      .getEffectiveSettings()
      .then(
        (effective) => !cancelled && setRetention({ days: effective.retentionDays.value, managed: effective.retentionDays.lockedBy === 'policy' }),
        (error: unknown) => console.warn('Retention period unavailable:', error instanceof Error ? error.message : error),
      );
    return () => {
      cancelled = true;
    };
  }, []);
  return retention;
}

export function PrivacyScreen() {
  const t = useT();
  const [erasing, setErasing] = useState(false);
  const rememberRooms = useSettingsStore((s) => s.settings.rememberRecentRooms);
  const retention = useRetention();
  return (
    <main className="page privacy" aria-labelledby="privacy-title">
      <h1 id="privacy-title" className="page-title">{t('privacy.title')}</h1>
      <p className="lead">{t('privacy.intro')}</p>

      <section className="card" aria-labelledby="privacy-data">
        <h2 id="privacy-data">{t('privacy.dataTitle')}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('privacy.colKind')}</th>
              <th scope="col">{t('privacy.colWhere')}</th>
              <th scope="col">{t('privacy.colHowLong')}</th>
            </tr>
          </thead>
          <tbody>
            {DATA_KINDS.map((row) => (
              <tr key={row.kind}>
                <th scope="row">{t(row.kind)}</th>
                <td>{t(row.where)}</td>
                <td>
                  {row.kind === 'privacy.recent' && !rememberRooms
                    ? t('privacy.recentOff')
                    : row.kind === 'privacy.recordings' && retention
                      ? t('privacy.recordingsDays', { count: retention.days })
                      : t(row.howLong)}
                  {row.kind === 'privacy.recordings' && retention?.managed && <span className="managed block">{t('settings.managed')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t('privacy.noTelemetry')}</p>
      </section>

      <section className="card" aria-labelledby="privacy-who">
        <h2 id="privacy-who">{t('privacy.whoLearnsWhat')}</h2>
        <WhoLearnsWhat />
      </section>

      <ReportSection />

      <section className="card danger-zone" aria-labelledby="privacy-erase">
        <h2 id="privacy-erase">{t('privacy.eraseTitle')}</h2>
        <p>{t('privacy.eraseBody')}</p>
        <button type="button" className="button danger" onClick={() => setErasing(true)}>{t('privacy.eraseButton')}</button>
      </section>
      {erasing && <EraseDialog onClose={() => setErasing(false)} />}
    </main>
  );
}
