// The call's controls. Each button's visible text is its accessible name; its shortcut is in
// aria-keyshortcuts and the help overlay.
import type { ReactNode } from 'react';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { CameraIcon, CameraOffIcon, ChatIcon, HelpIcon, LeaveIcon, MicIcon, MicOffIcon, PeopleIcon, ScreenIcon, SettingsIcon } from '../../ui/icons';
import { useUiStore } from '../ui-store';
import { performCallAction } from './call-actions';
import { shortcutKeys } from './shortcuts';
import type { ShortcutAction } from './shortcuts';

interface ControlProps {
  action: ShortcutAction;
  label: string;
  icon: ReactNode;
  pressed?: boolean;
  tone?: 'off' | 'danger' | 'active';
  badge?: { text: string; label: string };
}

function Control({ action, label, icon, pressed, tone, badge }: ControlProps) {
  const keys = shortcutKeys(action);
  return (
    <button
      type="button"
      className={`control${tone ? ` ${tone}` : ''}`}
      aria-pressed={pressed}
      aria-keyshortcuts={keys}
      title={`${label} (${keys})`}
      onClick={() => performCallAction(action)}
    >
      <span className="control-icon">
        {icon}
        {badge && <span className="badge" aria-hidden="true">{badge.text}</span>}
      </span>
      <span className="control-label">{label}</span>
      {badge && <span className="visually-hidden">, {badge.label}</span>}
    </button>
  );
}

export function ControlBar({ extra }: { extra?: ReactNode }) {
  const t = useT();
  const audioMuted = useCallStore((s) => s.self.audioMuted);
  const videoMuted = useCallStore((s) => s.self.videoMuted);
  const sharing = useCallStore((s) => s.self.screenSharing);
  const unread = useCallStore((s) => s.unreadChat);
  const waiting = useCallStore((s) => (s.isHost ? s.lobby.length : 0));
  const people = useCallStore((s) => s.order.length + 1);
  const panel = useUiStore((s) => s.panel);
  const devicesOpen = useUiStore((s) => s.devicesOpen);
  return (
    <div className="control-bar" role="toolbar" aria-label={t('controls.label')}>
      <div className="control-group">
        <Control action="mic" label={audioMuted ? t('controls.unmute') : t('controls.mute')} icon={audioMuted ? <MicOffIcon /> : <MicIcon />} tone={audioMuted ? 'off' : undefined} />
        <Control action="camera" label={videoMuted ? t('controls.startVideo') : t('controls.stopVideo')} icon={videoMuted ? <CameraOffIcon /> : <CameraIcon />} tone={videoMuted ? 'off' : undefined} />
        <Control action="screen" label={sharing ? t('controls.stopShare') : t('controls.share')} icon={<ScreenIcon />} tone={sharing ? 'active' : undefined} />
      </div>
      <div className="control-group">
        <Control
          action="participants"
          label={t('controls.participants')}
          icon={<PeopleIcon />}
          pressed={panel === 'participants'}
          badge={waiting > 0 ? { text: String(waiting), label: t('controls.waitingBadge', { count: waiting }) } : { text: String(people), label: t('controls.peopleBadge', { count: people }) }}
        />
        <Control
          action="chat"
          label={t('controls.chat')}
          icon={<ChatIcon />}
          pressed={panel === 'chat'}
          badge={unread > 0 ? { text: unread > 99 ? '99+' : String(unread), label: t('controls.unreadBadge', { count: unread }) } : undefined}
        />
        {extra}
        <Control action="devices" label={t('controls.devices')} icon={<SettingsIcon />} pressed={devicesOpen} />
        <Control action="help" label={t('controls.help')} icon={<HelpIcon />} />
      </div>
      <div className="control-group">
        <Control action="leave" label={t('controls.leave')} icon={<LeaveIcon />} tone="danger" />
      </div>
    </div>
  );
}
