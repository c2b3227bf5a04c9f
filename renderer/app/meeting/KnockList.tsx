// For the host: who is waiting, with the safety number to check before admitting, and what the
// trust record says: verified before, or a name we know under another key.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { runIntent } from '../call-intents';
import { OrganisationTag } from './OrganisationBadge';
import { SafetyNumber } from './SafetyNumber';

export function KnockList() {
  const t = useT();
  const lobby = useCallStore((s) => s.lobby);
  const isHost = useCallStore((s) => s.isHost);
  if (!isHost || lobby.length === 0) return null;
  return (
    <section className="knock-list" aria-labelledby="knock-title">
      <h3 id="knock-title">{t('lobby.waitingCount', { count: lobby.length })}</h3>
      <ul>
        {lobby.map((entry) => (
          <li key={entry.peerId} className="knock">
            <strong>{entry.displayName}</strong>
            {entry.verification === 'verified' && <span className="tag">{t('lobby.verifiedBefore')}</span>}
            <OrganisationTag badge={entry.organisation} />
            {entry.trustWarning && (
              <p className="knock-warning" role="alert">
                {t(entry.trustWarning.kind === 'key-changed' ? 'lobby.notTheVerified' : 'lobby.notTheKnown', { name: entry.trustWarning.name })}
              </p>
            )}
            {entry.removedEarlier && <p className="knock-warning">{t('lobby.removedEarlier')}</p>}
            <SafetyNumber digits={entry.safetyNumber} label={t('verify.numberOf', { name: entry.displayName })} />
            <div className="button-row">
              <button type="button" className="button small primary" aria-label={t('lobby.admitName', { name: entry.displayName })} onClick={() => void runIntent((c) => c.admit(entry.peerId))}>
                {t('lobby.admit')}
              </button>
              <button type="button" className="button small secondary" aria-label={t('lobby.denyName', { name: entry.displayName })} onClick={() => void runIntent((c) => c.deny(entry.peerId))}>
                {t('lobby.deny')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
