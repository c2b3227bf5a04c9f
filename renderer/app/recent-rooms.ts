// Recent meetings, kept only when the person opts in (Settings or Home). An invite link holds
// the room secret, so the list lives sealed in main (main/links/recent-meetings.ts, issue 16),
// never in the renderer's storage: this store is the copy on screen, updated at once and then
// set to what main kept. Nothing is sent to main before opting in; opting out forgets all.
import { create } from 'zustand';
import type { ParleyApi } from '../../protocol/ipc-contract';
import { forgetMeeting, rememberMeeting, validRecentMeetings } from '../../protocol/room/recent-meetings';
import type { RecentMeeting } from '../../protocol/room/recent-meetings';

export type RecentRoom = RecentMeeting;

/** Where versions before 2026-12-04 kept the list, in plaintext: moved to main once, then removed. */
export const LEGACY_RECENT_KEY = 'parley.recentRooms.v1';

interface RecentRoomsState {
  rooms: RecentRoom[];
  remember(inviteLink: string, at: number): void;
  forget(inviteLink: string): void;
  forgetAll(): void;
}

/** Asks main (outside Parley, e.g. in component tests, the list stays in memory only). */
function inMain(change: (api: ParleyApi) => Promise<RecentRoom[]>): void {
  const api = window.parley;
  if (!api) return;
  Promise.resolve().then(() => change(api)).then(
    (rooms) => useRecentRooms.setState({ rooms }),
    (error: unknown) => console.warn('recent meetings: main refused', (error as Error).message),
  );
}

export const useRecentRooms = create<RecentRoomsState>((set, get) => ({
  rooms: [],
  remember: (inviteLink, at) => {
    set({ rooms: rememberMeeting(get().rooms, inviteLink, at) });
    inMain((api) => api.rememberRecentMeeting(inviteLink, at));
  },
  forget: (inviteLink) => {
    set({ rooms: forgetMeeting(get().rooms, inviteLink) });
    inMain((api) => api.forgetRecentMeeting(inviteLink));
  },
  forgetAll: () => {
    localStorage.removeItem(LEGACY_RECENT_KEY);
    set({ rooms: [] });
    inMain((api) => api.forgetAllRecentMeetings());
  },
}));

/**
 * At start-up: moves a list an earlier version left in localStorage into main (oldest first, so
 * the order stays), removes it there, and shows what main keeps.
 */
export async function loadRecentRooms(api: ParleyApi): Promise<void> {
  let legacy: RecentRoom[] = [];
  try {
    legacy = validRecentMeetings(JSON.parse(localStorage.getItem(LEGACY_RECENT_KEY) ?? '[]'));
  } catch {
    // unreadable: nothing to move, and it goes below all the same
  }
  for (const room of [...legacy].reverse()) await api.rememberRecentMeeting(room.inviteLink, room.lastJoinedAt).catch(() => undefined);
  localStorage.removeItem(LEGACY_RECENT_KEY);
  useRecentRooms.setState({ rooms: await api.listRecentMeetings() });
}
