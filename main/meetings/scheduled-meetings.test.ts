// My meetings (main/meetings): sealed under the vault key, the same room and host on every read,
// the host key id of this identity and the relay hosting named at scheduling time, the calendar
// file built from what is stored.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import { testIdentity } from '../../protocol/contact/test-identities';
import type { MeetingDraft } from '../../protocol/ipc-contract';
import { MAX_SCHEDULED_MEETINGS } from '../../protocol/ipc-contract';
import { isHostKey } from '../../protocol/room/host-key-id';
import { parseInvite } from '../../protocol/room/invite';
import { toBase64Url } from '../../protocol/bytes';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { Vault } from '../vault/vault';
import { calendarFileName, MEETINGS_FILE, meetingUid, ScheduledMeetingsService } from './scheduled-meetings';

let dir: string;
let vault: Vault;
let clock = Date.UTC(2026, 11, 4, 21, 0);
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-meetings-'));
  vault = await Vault.create(dir, createTestSealer());
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const me = await testIdentity();
const DRAFT: MeetingDraft = { title: 'Quarterly review, part 2', startsAt: Date.UTC(2026, 11, 10, 14, 0), durationMinutes: 60, lobby: true };

function service(options: { relayUrl?: string | null; saved?: Array<{ name: string; text: string }> } = {}) {
  const relayUrl = options.relayUrl === undefined ? 'wss://relay.example.org' : options.relayUrl;
  const saved = options.saved;
  return new ScheduledMeetingsService({
    dataDir: dir,
    vault: async () => vault,
    provider: nobleProvider,
    identityKey: async () => me.identityKey,
    relayUrl: async () => relayUrl,
    saveFile: saved ? async (name, contents) => (saved.push({ name, text: new TextDecoder().decode(contents) }), true) : null,
    now: () => clock,
  });
}

describe('scheduled meetings', () => {
  it('schedules a meeting whose link names this identity as host and the hosting relay, and keeps it sealed', async () => {
    const meeting = await service().schedule(DRAFT);
    expect(meeting).toMatchObject({ ...DRAFT, createdAt: clock });
    expect(meeting.id).toMatch(/^[0-9a-f]{32}$/);
    const invite = parseInvite(meeting.inviteLink);
    expect(invite.relayUrl).toBe('wss://relay.example.org');
    expect(await isHostKey(nobleProvider, me.identityKey, invite.hostKeyId)).toBe(true);
    expect(meeting.inviteLinkPage).toBe(`https://relay.example.org/join#${meeting.inviteLink.split('#')[1]}`);
    // On disk: neither the title nor the secret in clear.
    const raw = await readFile(path.join(dir, MEETINGS_FILE));
    expect(raw.toString('latin1')).not.toContain('Quarterly');
    expect(raw.toString('latin1')).not.toContain(toBase64Url(invite.secret));
  });

  it('gives the same link back later, from a new service reading the file (the same room, the same host)', async () => {
    const first = await service().schedule(DRAFT);
    clock += 86_400_000;
    // The hosting relay changed since: the meeting stays where its link says.
    const later = await service({ relayUrl: 'wss://elsewhere.example.net' }).list();
    expect(later).toEqual([first]);
  });

  it('draws a new room for every meeting, lists them soonest first, and deletes one', async () => {
    const meetings = service();
    const late = await meetings.schedule({ ...DRAFT, title: 'Late', startsAt: DRAFT.startsAt + 3_600_000 });
    const early = await meetings.schedule({ ...DRAFT, title: 'Early', lobby: false });
    expect(parseInvite(late.inviteLink).secret).not.toEqual(parseInvite(early.inviteLink).secret);
    expect((await meetings.list()).map((m) => m.title)).toEqual(['Early', 'Late']);
    await meetings.remove(early.id);
    expect((await service().list()).map((m) => m.title)).toEqual(['Late']);
    await meetings.remove(early.id); // already gone: nothing happens
    expect(await meetings.list()).toHaveLength(1);
  });

  it('refuses to schedule without a relay (the link must say where the meeting lives), and beyond the limit', async () => {
    await expect(service({ relayUrl: null }).schedule(DRAFT)).rejects.toMatchObject({ code: 'no-relay' });
    const meetings = service();
    for (let i = 0; i < MAX_SCHEDULED_MEETINGS; i++) await meetings.schedule({ ...DRAFT, startsAt: DRAFT.startsAt + i });
    await expect(meetings.schedule(DRAFT)).rejects.toMatchObject({ code: 'too-many-meetings' });
  });

  it('writes the calendar file from what is stored: UID from the id, the invitation in the chosen language, the links', async () => {
    const saved: Array<{ name: string; text: string }> = [];
    const meetings = service({ saved });
    const meeting = await meetings.schedule(DRAFT);
    clock = Date.UTC(2026, 11, 5, 8, 30, 15);
    expect(await meetings.saveCalendarFile(meeting.id, 'de')).toBe(true);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toBe('Quarterly review part 2.ics');
    const text = saved[0]!.text.replace(/\r\n /g, '');
    expect(text).toContain(`UID:${meetingUid(meeting.id)}\r\n`);
    expect(meetingUid(meeting.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(text).toContain('DTSTAMP:20261205T083015Z\r\n');
    expect(text).toContain('DTSTART:20261210T140000Z\r\n');
    expect(text).toContain('SUMMARY:Quarterly review\\, part 2\r\n');
    expect(text).toContain('Sie sind zu einem Parley-Meeting eingeladen');
    expect(text).toContain(`URL:${meeting.inviteLinkPage}\r\n`);
    expect(text).toContain(meeting.inviteLink);
  });

  it('refuses a calendar file for an unknown meeting, and saving where no save dialog exists', async () => {
    const saved: Array<{ name: string; text: string }> = [];
    await expect(service({ saved }).saveCalendarFile('ab'.repeat(16), 'en')).rejects.toMatchObject({ code: 'unknown-meeting' });
    const meeting = await service().schedule(DRAFT);
    await expect(service().saveCalendarFile(meeting.id, 'en')).rejects.toMatchObject({ code: 'save-unavailable' });
  });

  it('refuses a damaged file instead of starting empty', async () => {
    const meetings = service();
    await meetings.schedule(DRAFT);
    await writeFile(path.join(dir, MEETINGS_FILE), 'not sealed');
    await writeFile(path.join(dir, `${MEETINGS_FILE}.prev`), 'not sealed either');
    await expect(service().list()).rejects.toMatchObject({ code: 'meetings-damaged' });
  });
});

describe('calendarFileName', () => {
  it('keeps letters, digits, spaces and dashes only, and never names a path', () => {
    expect(calendarFileName('Grüße an das Team')).toBe('Grüße an das Team.ics');
    expect(calendarFileName('../../etc/passwd')).toBe('etc passwd.ics');
    expect(calendarFileName('***')).toBe('Parley meeting.ics');
    expect(calendarFileName('x'.repeat(100))).toBe(`${'x'.repeat(60)}.ics`);
  });
});
