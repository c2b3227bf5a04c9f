// Adds a meeting to the recent list once the person is in it, when they opted in.
import { useCallStore } from '../call/call-store';
import { useRecentRooms } from './recent-rooms';
import { useSettingsStore } from './settings-store';

export function rememberRoomsOnJoin(): () => void {
  return useCallStore.subscribe((next, prev) => {
    const entered = next.phase === 'in-call' && (prev.phase !== 'in-call' || prev.inviteLink !== next.inviteLink);
    if (entered && next.inviteLink && useSettingsStore.getState().settings.rememberRecentRooms) {
      useRecentRooms.getState().remember(next.inviteLink, Date.now());
    }
  });
}
