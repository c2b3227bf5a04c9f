// Everyone in the call, who is verified, and (for the host) the lobby and room controls.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { LockIcon, UnlockIcon } from '../../ui/icons';
import { runIntent } from '../call-intents';
import { KnockList } from './KnockList';
import { MeetingCode } from './MeetingCode';
import { ParticipantRow } from './ParticipantRow';
import { SidePanel } from './SidePanel';

export function ParticipantsPanel() {
  const t = useT();
  const order = useCallStore((s) => s.order);
  const selfName = useCallStore((s) => s.self.displayName);
  const isHost = useCallStore((s) => s.isHost);
  const locked = useCallStore((s) => s.locked);
  const lobbyEnabled = useCallStore((s) => s.lobbyEnabled);
  const lobbyRequired = useCallStore((s) => s.lobbyRequiredByPolicy);
  return (
    <SidePanel id="participants" title={t('participants.title', { count: order.length + 1 })}>
      <KnockList />
      {isHost && (
        <div className="room-controls">
          <button type="button" className="button small secondary" aria-pressed={locked} onClick={() => void runIntent((c) => c.lockRoom(!locked))}>
            {locked ? <LockIcon /> : <UnlockIcon />}
            {t('host.lockRoom')}
          </button>
          <p className="muted small">{locked ? t('host.lockedHint') : t('host.unlockedHint')}</p>
          <button
            type="button"
            className="button small secondary"
            aria-pressed={lobbyEnabled}
            disabled={lobbyRequired}
            onClick={() => void runIntent((c) => c.setLobbyEnabled(!lobbyEnabled))}
          >
            {t('host.lobby')}
          </button>
          <p className="muted small">{lobbyRequired ? t('host.lobbyRequired') : lobbyEnabled ? t('host.lobbyOnHint') : t('host.lobbyOffHint')}</p>
        </div>
      )}
      <ul className="people" aria-labelledby="participants-title">
        <li className="person self">
          <div className="person-head">
            <span className="person-name">{t('tile.selfName', { name: selfName })}</span>
            {isHost && <span className="tag">{t('participants.host')}</span>}
          </div>
        </li>
        {order.map((peerId) => <ParticipantRow key={peerId} peerId={peerId} />)}
      </ul>
      {order.length > 0 && <MeetingCode />}
      <p className="muted small">{t('verify.why')}</p>
    </SidePanel>
  );
}
