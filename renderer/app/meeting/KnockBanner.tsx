// For the host: people are waiting in the lobby.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { useUiStore } from '../ui-store';

export function KnockBanner() {
  const t = useT();
  const waiting = useCallStore((s) => (s.isHost ? s.lobby.length : 0));
  const panel = useUiStore((s) => s.panel);
  if (waiting === 0 || panel === 'participants') return null;
  return (
    <div className="knock-banner" role="status">
      <span>{t('lobby.waitingCount', { count: waiting })}</span>
      <button type="button" className="button small primary" onClick={() => useUiStore.getState().togglePanel('participants')}>
        {t('lobby.review')}
      </button>
    </div>
  );
}
