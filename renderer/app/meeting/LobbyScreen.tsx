// Waiting to be admitted by the host.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { runIntent } from '../call-intents';

export function LobbyScreen() {
  const t = useT();
  const name = useCallStore((s) => s.self.displayName);
  const hostAbsent = useCallStore((s) => s.hostPresent === false);
  return (
    <main className="page centered" aria-labelledby="lobby-title">
      <div className="card waiting-card">
        <div className="spinner" aria-hidden="true" />
        <h1 id="lobby-title">{t('lobby.title')}</h1>
        <p role="status">{hostAbsent ? t('lobby.hostNotStarted') : t('lobby.body', { name })}</p>
        <p className="muted small">{t('lobby.safetyHint')}</p>
        <button type="button" className="button ghost" onClick={() => void runIntent((c) => c.leave())}>{t('lobby.cancel')}</button>
      </div>
    </main>
  );
}
