// Shape checks for the scheduled-meeting IPC arguments (main/ipc/validators.ts), also applied to
// what the sealed file holds: the renderer is untrusted, so every field is checked.
import type { MeetingDraft } from '../../protocol/ipc-contract';
import { MAX_MEETING_MINUTES, MAX_MEETING_TITLE_CHARACTERS, MIN_MEETING_MINUTES } from '../../protocol/ipc-contract';

/** Meetings are scheduled between these times (a typo of a year is refused, not stored). */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** Hex of the 16 random bytes main drew. */
export function isMeetingId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

/** A title as the person typed it, trimmed, without control characters (it goes into a calendar file). */
export function isMeetingTitle(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() !== value) return false;
  const length = [...value].length;
  // eslint-disable-next-line no-control-regex -- a title is one line of text
  return length >= 1 && length <= MAX_MEETING_TITLE_CHARACTERS && !/[\u0000-\u001f\u007f]/.test(value);
}

export function isMeetingDraft(value: unknown): value is MeetingDraft {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  if (keys.join() !== 'durationMinutes,lobby,startsAt,title') return false;
  const { title, startsAt, durationMinutes, lobby } = value as Record<string, unknown>;
  return isMeetingTitle(title) && Number.isSafeInteger(startsAt) && (startsAt as number) >= EARLIEST && (startsAt as number) < LATEST &&
    Number.isInteger(durationMinutes) && (durationMinutes as number) >= MIN_MEETING_MINUTES && (durationMinutes as number) <= MAX_MEETING_MINUTES &&
    typeof lobby === 'boolean';
}
