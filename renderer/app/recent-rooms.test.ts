import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParleyApi } from '../../protocol/ipc-contract';
import { forgetMeeting, rememberMeeting } from '../../protocol/room/recent-meetings';
import type { RecentMeeting } from '../../protocol/room/recent-meetings';
import { LEGACY_RECENT_KEY, loadRecentRooms, useRecentRooms } from './recent-rooms';

/** Main's side, as main/links/recent-meetings.ts keeps it (the same list rules), in memory. */
function fakeMain(): { api: ParleyApi; stored: () => RecentMeeting[] } {
  let list: RecentMeeting[] = [];
  const api = {
    listRecentMeetings: async () => list,
    rememberRecentMeeting: async (link: string, at: number) => (list = rememberMeeting(list, link, at)),
    forgetRecentMeeting: async (link: string) => (list = forgetMeeting(list, link)),
    forgetAllRecentMeetings: async () => (list = []),
  } as unknown as ParleyApi;
  return { api, stored: () => list };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  localStorage.clear();
  useRecentRooms.setState({ rooms: [] });
});
afterEach(() => {
  delete window.parley;
});

describe('recent rooms', () => {
  it('keeps the newest first, without duplicates, at most five', () => {
    const { remember } = useRecentRooms.getState();
    for (let i = 0; i < 7; i++) remember(`link-${i}`, i);
    remember('link-3', 100);
    expect(useRecentRooms.getState().rooms.map((r) => r.inviteLink)).toEqual(['link-3', 'link-6', 'link-5', 'link-4', 'link-2']);
  });

  it('goes to main\'s sealed storage, never to localStorage (invite links hold room secrets; issue 16)', async () => {
    const main = fakeMain();
    window.parley = main.api;
    useRecentRooms.getState().remember('parley://join#secret', 1);
    useRecentRooms.getState().remember('parley://join#other', 2);
    useRecentRooms.getState().forget('parley://join#other');
    await settled();
    expect(main.stored()).toEqual([{ inviteLink: 'parley://join#secret', lastJoinedAt: 1 }]);
    expect(useRecentRooms.getState().rooms).toEqual(main.stored());
    expect(Object.keys(localStorage)).toEqual([]);
    useRecentRooms.getState().forgetAll();
    await settled();
    expect(main.stored()).toEqual([]);
    expect(useRecentRooms.getState().rooms).toEqual([]);
  });

  it('moves a list an earlier version kept in localStorage into main, in order, and removes it there', async () => {
    const main = fakeMain();
    localStorage.setItem(LEGACY_RECENT_KEY, JSON.stringify([{ inviteLink: 'new', lastJoinedAt: 2 }, { inviteLink: 'old', lastJoinedAt: 1 }, { bogus: true }]));
    await loadRecentRooms(main.api);
    expect(main.stored().map((r) => r.inviteLink)).toEqual(['new', 'old']);
    expect(useRecentRooms.getState().rooms).toEqual(main.stored());
    expect(localStorage.getItem(LEGACY_RECENT_KEY)).toBeNull();
  });
});
