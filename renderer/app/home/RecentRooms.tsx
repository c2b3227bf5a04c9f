// Recent meetings, listed only when the person opted in to keeping them.
import { useEffect } from 'react';
import { useT } from '../../i18n/use-t';
import { useLanguage, useSettingsStore } from '../settings-store';
import { LEGACY_RECENT_KEY, loadRecentRooms, useRecentRooms } from '../recent-rooms';

export function RecentRooms({ onJoin }: { onJoin(inviteLink: string): void }) {
  const t = useT();
  const language = useLanguage();
  const enabled = useSettingsStore((s) => s.settings.rememberRecentRooms);
  const rooms = useRecentRooms((s) => s.rooms);
  const forget = useRecentRooms((s) => s.forget);
  // The list is in main's sealed storage (read once the keystore is open, as it is here).
  useEffect(() => {
    if (!window.parley) return;
    if (enabled) void loadRecentRooms(window.parley).catch((error: unknown) => console.warn('recent meetings: not loaded', (error as Error).message));
    else localStorage.removeItem(LEGACY_RECENT_KEY);
  }, [enabled]);
  if (!enabled || rooms.length === 0) return null;
  const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="card recent" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('recent.title')}</h2>
      <ul className="recent-list">
        {rooms.map((room, index) => {
          const label = t('recent.item', { n: index + 1, date: format.format(room.lastJoinedAt) });
          return (
            <li key={room.inviteLink}>
              <span>{label}</span>
              <span className="row-actions">
                <button type="button" className="button small secondary" aria-label={t('recent.joinAgainLabel', { item: label })} onClick={() => onJoin(room.inviteLink)}>
                  {t('recent.joinAgain')}
                </button>
                <button type="button" className="button small ghost" aria-label={t('recent.forgetLabel', { item: label })} onClick={() => forget(room.inviteLink)}>
                  {t('recent.forget')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
