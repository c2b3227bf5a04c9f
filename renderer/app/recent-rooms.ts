// Recent meetings, kept only when the person opts in (Settings or Home). An invite link holds
// the room secret, so nothing is written before opting in and opting out erases the list.
// Stored in localStorage for now; it belongs in main's sealed storage once that IPC exists.
import { create } from 'zustand';

export interface RecentRoom {
  inviteLink: string;
  lastJoinedAt: number;
}

const RECENT_KEY = 'parley.recentRooms.v1';
const MAX_RECENT = 5;

function load(): RecentRoom[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    if (!Array.isArray(stored)) return [];
    return stored.filter(
      (r): r is RecentRoom => typeof r === 'object' && r !== null && typeof r.inviteLink === 'string' && typeof r.lastJoinedAt === 'number',
    );
  } catch {
    return [];
  }
}

interface RecentRoomsState {
  rooms: RecentRoom[];
  remember(inviteLink: string, at: number): void;
  forget(inviteLink: string): void;
  forgetAll(): void;
}

export const useRecentRooms = create<RecentRoomsState>((set, get) => ({
  rooms: load(),
  remember: (inviteLink, at) => {
    const rooms = [{ inviteLink, lastJoinedAt: at }, ...get().rooms.filter((r) => r.inviteLink !== inviteLink)].slice(0, MAX_RECENT);
    localStorage.setItem(RECENT_KEY, JSON.stringify(rooms));
    set({ rooms });
  },
  forget: (inviteLink) => {
    const rooms = get().rooms.filter((r) => r.inviteLink !== inviteLink);
    localStorage.setItem(RECENT_KEY, JSON.stringify(rooms));
    set({ rooms });
  },
  forgetAll: () => {
    localStorage.removeItem(RECENT_KEY);
    set({ rooms: [] });
  },
}));
