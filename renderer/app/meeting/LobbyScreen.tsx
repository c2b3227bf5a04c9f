// Waiting to be admitted by the host, with the safety number the host sees for us, so the two
// can read it to each other before the host decides.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { runIntent } from '../call-intents';
import { SafetyNumber } from './SafetyNumber';

export function LobbyScreen() {
  const t = useT();
  const name = useCallStore((s) => s.self.displayName);
  const hostAbsent = useCallStore((s) => s.hostPresent === false);
  const hostNumber = useCallStore((s) => s.hostSafetyNumber);
  return (
    <main className="page centered" aria-labelledby="lobby-title">
      <div className="card waiting-card">
        <div className="spinner" aria-hidden="true" />
        <h1 id="lobby-title">{t('lobby.title')}</h1>
        <p role="status">{hostAbsent ? t('lobby.hostNotStarted') : t('lobby.body', { name })}</p>
        <p className="muted small">{t('lobby.safetyHint')}</p>
        {hostNumber && !hostAbsent && (
          <>
            <p className="small">{t('lobby.compareWithHost')}</p>
            <SafetyNumber digits={hostNumber} label={t('lobby.numberWithHost')} />
          </>
        )}
        <button type="button" className="button ghost" onClick={() => void runIntent((c) => c.leave())}>{t('lobby.cancel')}</button>
      </div>
    </main>
  );
}
