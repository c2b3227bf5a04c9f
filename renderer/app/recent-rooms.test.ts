import { beforeEach, describe, expect, it } from 'vitest';
import { useRecentRooms } from './recent-rooms';

beforeEach(() => {
  localStorage.clear();
  useRecentRooms.setState({ rooms: [] });
});

describe('recent rooms', () => {
  it('keeps the newest first, without duplicates, at most five', () => {
    const { remember } = useRecentRooms.getState();
    for (let i = 0; i < 7; i++) remember(`link-${i}`, i);
    remember('link-3', 100);
    const rooms = useRecentRooms.getState().rooms;
    expect(rooms.map((r) => r.inviteLink)).toEqual(['link-3', 'link-6', 'link-5', 'link-4', 'link-2']);
    expect(JSON.parse(localStorage.getItem('parley.recentRooms.v1')!)).toEqual(rooms);
  });

  it('forgetting all removes the stored list', () => {
    useRecentRooms.getState().remember('link', 1);
    useRecentRooms.getState().forgetAll();
    expect(localStorage.getItem('parley.recentRooms.v1')).toBeNull();
    expect(useRecentRooms.getState().rooms).toEqual([]);
  });
});
