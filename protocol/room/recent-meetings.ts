// The recent-meetings list (kept only when the person opts in): the rules main's sealed store
// (main/links/recent-meetings.ts) applies, and the renderer shows at once while main writes.
// An invite link holds the room secret: the list is as secret as the meetings it names.

export interface RecentMeeting {
  inviteLink: string;
  lastJoinedAt: number;
}

export const MAX_RECENT_MEETINGS = 5;

/** `inviteLink` joined at `at`: first, once, and at most MAX_RECENT_MEETINGS in all. */
export function rememberMeeting(list: readonly RecentMeeting[], inviteLink: string, at: number): RecentMeeting[] {
  return [{ inviteLink, lastJoinedAt: at }, ...list.filter((r) => r.inviteLink !== inviteLink)].slice(0, MAX_RECENT_MEETINGS);
}

export function forgetMeeting(list: readonly RecentMeeting[], inviteLink: string): RecentMeeting[] {
  return list.filter((r) => r.inviteLink !== inviteLink);
}

/** Only well-formed entries of a stored or received list, at most MAX_RECENT_MEETINGS. */
export function validRecentMeetings(value: unknown): RecentMeeting[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((r): r is RecentMeeting => typeof r === 'object' && r !== null && typeof r.inviteLink === 'string' && Number.isFinite(r.lastJoinedAt))
    .map((r) => ({ inviteLink: r.inviteLink, lastJoinedAt: r.lastJoinedAt }))
    .slice(0, MAX_RECENT_MEETINGS);
}
