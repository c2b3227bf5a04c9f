// Meetings planned ahead ("My meetings"): a named meeting with a time, made now and started
// later. Main draws the room secret and keeps each meeting's invite link in one document sealed
// under the vault key (like the contact book and the trust record), so the secret of a meeting
// nobody has started lives where main keeps secrets, never in the renderer's storage. The link
// names this identity as host (its host key id) and the relay meetings hosted here live on when
// it was made, so opening it later is the same room with the same host, whatever changed since.
// Main also writes the meeting's calendar file (protocol/calendar/ics.ts) and saves it where
// the person chooses.
import { bytesToHex } from '@noble/hashes/utils.js';
import path from 'node:path';
import { calendarFile } from '../../protocol/calendar/ics';
import { invitationText } from '../../protocol/calendar/invitation';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import type { MeetingDraft, ReportLanguage, ScheduledMeeting } from '../../protocol/ipc-contract';
import { MAX_SCHEDULED_MEETINGS } from '../../protocol/ipc-contract';
import { hostKeyId } from '../../protocol/room/host-key-id';
import { encodeInvite, encodeRelayInvite, parseInvite } from '../../protocol/room/invite';
import { generateRoomSecret } from '../../protocol/room/room';
import { IpcRefusal } from '../ipc/dispatch';
import { SealedJsonFile } from '../vault/sealed-json-file';
import { SerialQueue } from '../storage/serial-queue';
import type { Vault } from '../vault/vault';
import { isMeetingDraft, isMeetingId } from './meeting-validators';

export const MEETINGS_FILE = 'meetings.sealed';

interface StoredMeeting extends MeetingDraft {
  id: string;
  createdAt: number;
  /** The app form of the invite, which holds the room secret. */
  inviteLink: string;
}

export interface ScheduledMeetingsDeps {
  dataDir: string;
  vault: () => Promise<Vault>;
  provider: CryptoProvider;
  identityKey: () => Promise<Uint8Array>;
  /** The relay meetings hosted here live on now (main/hosting); null when none runs. */
  relayUrl: () => Promise<string | null>;
  /** Asks where to save (a save dialog in the app) and writes there; false when cancelled. Absent: saving is refused. */
  saveFile: ((suggestedFileName: string, contents: Uint8Array) => Promise<boolean>) | null;
  now?: () => number;
}

/** Random 128 bits as a version 4 UUID's bits (RFC 9562 §5.4), hex: the calendar UID is this id. */
function newMeetingId(provider: CryptoProvider): string {
  const bytes = provider.randomBytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return bytesToHex(bytes);
}

export function meetingUid(id: string): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

/** A file name from the title: letters, digits, spaces and dashes only (no path, nothing a shell or OS minds). */
export function calendarFileName(title: string): string {
  const base = title.normalize('NFC').replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60).trim();
  return `${base || 'Parley meeting'}.ics`;
}

function viewOf(stored: StoredMeeting): ScheduledMeeting {
  const invite = parseInvite(stored.inviteLink);
  return {
    id: stored.id,
    title: stored.title,
    startsAt: stored.startsAt,
    durationMinutes: stored.durationMinutes,
    lobby: stored.lobby,
    createdAt: stored.createdAt,
    inviteLink: stored.inviteLink,
    inviteLinkPage: invite.relayUrl ? encodeRelayInvite({ ...invite, relayUrl: invite.relayUrl }) : null,
  };
}

/** A stored entry as it must be: a file edited by hand (it is sealed, but still) cannot slip in a bad one. */
function isStoredMeeting(value: unknown): value is StoredMeeting {
  if (typeof value !== 'object' || value === null) return false;
  const { id, createdAt, inviteLink, title, startsAt, durationMinutes, lobby } = value as Record<string, unknown>;
  if (!isMeetingId(id) || !Number.isSafeInteger(createdAt) || typeof inviteLink !== 'string') return false;
  if (!isMeetingDraft({ title, startsAt, durationMinutes, lobby })) return false;
  try {
    return parseInvite(inviteLink).relayUrl !== undefined;
  } catch {
    return false;
  }
}

export class ScheduledMeetingsService {
  private readonly file: SealedJsonFile;
  private readonly now: () => number;
  private cache: StoredMeeting[] | null = null;
  private readonly queue = new SerialQueue();

  constructor(private readonly deps: ScheduledMeetingsDeps) {
    this.file = new SealedJsonFile(path.join(deps.dataDir, MEETINGS_FILE), 'meetings');
    this.now = deps.now ?? Date.now;
  }

  /** Soonest first. */
  list(): Promise<ScheduledMeeting[]> {
    return this.exclusive(async () => (await this.load()).map(viewOf));
  }

  schedule(draft: MeetingDraft): Promise<ScheduledMeeting> {
    return this.exclusive(async () => {
      const meetings = await this.load();
      if (meetings.length >= MAX_SCHEDULED_MEETINGS) throw new IpcRefusal('too-many-meetings', `At most ${MAX_SCHEDULED_MEETINGS} meetings can be scheduled`);
      const relayUrl = await this.deps.relayUrl();
      // A link for later must say where the meeting lives: guests open it when we may be elsewhere.
      if (!relayUrl) throw new IpcRefusal('no-relay', 'No relay is configured, so there is nowhere to hold the meeting');
      const { provider } = this.deps;
      const inviteLink = encodeInvite({ secret: generateRoomSecret(provider), hostKeyId: await hostKeyId(provider, await this.deps.identityKey()), relayUrl });
      const stored: StoredMeeting = { id: newMeetingId(provider), title: draft.title, startsAt: draft.startsAt, durationMinutes: draft.durationMinutes, lobby: draft.lobby, createdAt: this.now(), inviteLink };
      await this.save([...meetings, stored]);
      return viewOf(stored);
    });
  }

  remove(id: string): Promise<null> {
    return this.exclusive(async () => {
      const meetings = await this.load();
      if (meetings.some((m) => m.id === id)) await this.save(meetings.filter((m) => m.id !== id));
      return null;
    });
  }

  /** The meeting's .ics: the title, its time, the invitation (DESCRIPTION), the link (LOCATION, URL). */
  calendarFile(id: string, language: ReportLanguage): Promise<{ fileName: string; text: string }> {
    return this.exclusive(async () => {
      const stored = (await this.load()).find((m) => m.id === id);
      if (!stored) throw new IpcRefusal('unknown-meeting', 'No such scheduled meeting');
      const meeting = viewOf(stored);
      const description = invitationText(language, { title: meeting.title, when: null, appLink: meeting.inviteLink, pageLink: meeting.inviteLinkPage });
      const text = calendarFile({
        uid: meetingUid(meeting.id),
        stampedAt: this.now(),
        startsAt: meeting.startsAt,
        durationMinutes: meeting.durationMinutes,
        summary: meeting.title,
        description,
        location: meeting.inviteLinkPage ?? meeting.inviteLink,
        url: meeting.inviteLinkPage,
      });
      return { fileName: calendarFileName(meeting.title), text };
    });
  }

  async saveCalendarFile(id: string, language: ReportLanguage): Promise<boolean> {
    if (!this.deps.saveFile) throw new IpcRefusal('save-unavailable', 'Saving files is not available here');
    const { fileName, text } = await this.calendarFile(id, language);
    return this.deps.saveFile(fileName, new TextEncoder().encode(text));
  }

  /** Forgets what was read (after erase-everything or a new identity). */
  reset(): void {
    this.cache = null;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(fn);
  }

  private async load(): Promise<StoredMeeting[]> {
    if (this.cache) return this.cache;
    const vault = await this.deps.vault();
    let read = await this.file.read(vault);
    if (read.kind === 'damaged') read = await this.file.readBackup(vault);
    if (read.kind === 'damaged') throw new IpcRefusal('meetings-damaged', 'The scheduled meetings file is damaged');
    const entries = read.kind === 'ok' && Array.isArray(read.value) ? read.value : [];
    this.cache = sortedBySoonest(entries.filter(isStoredMeeting));
    return this.cache;
  }

  private async save(next: StoredMeeting[]): Promise<void> {
    const sorted = sortedBySoonest(next);
    await this.file.write(await this.deps.vault(), sorted);
    this.cache = sorted;
  }
}

function sortedBySoonest(meetings: StoredMeeting[]): StoredMeeting[] {
  return [...meetings].sort((a, b) => a.startsAt - b.startsAt || a.createdAt - b.createdAt);
}
