// My meetings as main keeps them (main/meetings). Main holds the list sealed; this store is only
// the copy on screen, in memory, so no room secret is ever written by the renderer.
import { create } from 'zustand';
import type { MeetingDraft, ReportLanguage, ScheduledMeeting } from '../../../protocol/ipc-contract';
import { parleyApi } from '../../parley-api';

interface MeetingsState {
  /** null until main answered. */
  meetings: ScheduledMeeting[] | null;
  /** Main could not read the list (the error's code), so an empty list would be a lie. */
  loadError: string | null;
}

export const useMeetingsStore = create<MeetingsState>(() => ({ meetings: null, loadError: null }));

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'internal';
}

export async function loadMeetings(): Promise<void> {
  try {
    useMeetingsStore.setState({ meetings: await parleyApi().listScheduledMeetings(), loadError: null });
  } catch (error) {
    useMeetingsStore.setState({ loadError: codeOf(error) });
  }
}

export async function scheduleMeeting(draft: MeetingDraft): Promise<ScheduledMeeting> {
  const meeting = await parleyApi().scheduleMeeting(draft);
  await loadMeetings();
  return meeting;
}

export async function deleteMeeting(id: string): Promise<void> {
  await parleyApi().removeScheduledMeeting(id);
  await loadMeetings();
}

/** Main writes the .ics from what it stores and asks where to save it; false when cancelled. */
export function saveCalendarFile(id: string, language: ReportLanguage): Promise<boolean> {
  return parleyApi().saveMeetingCalendarFile(id, language);
}

export { codeOf as meetingErrorCode };
