// My meetings: schedule a meeting for later (title, time, length, lobby), then copy its
// invitation or link, save its calendar file, start it, or delete it. Main draws the room and
// keeps the list sealed (main/meetings); starting one joins its link, which names us as host.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { EffectiveSetting, ScheduledMeeting } from '../../../protocol/ipc-contract';
import { MAX_MEETING_TITLE_CHARACTERS } from '../../../protocol/ipc-contract';
import { invitationText } from '../../../protocol/calendar/invitation';
import type { Translate } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { parleyApi } from '../../parley-api';
import { useLanguage } from '../settings-store';
import { useUiStore } from '../ui-store';
import { deleteMeeting, loadMeetings, meetingErrorCode, saveCalendarFile, scheduleMeeting, useMeetingsStore } from './meetings-store';

const DURATIONS = [15, 30, 45, 60, 90, 120, 180];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The next full hour, local time, as the date and time inputs write it. */
function nextFullHour(now = new Date()): { date: string; time: string } {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours() + 1);
  return { date: `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`, time: `${pad(next.getHours())}:00` };
}

/** The local date and time the inputs hold, as ms since the epoch (null when incomplete). */
function localTime(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  return new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2])).getTime();
}

/** "Thursday, 10 December 2026, 15:00 CET" in the person's language: the invitation names the zone, guests may live in another. */
function formatStart(language: string, ms: number): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(ms);
}

export function meetingInvitation(t: Translate, language: 'en' | 'de', meeting: ScheduledMeeting): string {
  const when = t('meetings.invitationWhen', { start: formatStart(language, meeting.startsAt), minutes: meeting.durationMinutes });
  return invitationText(language, { title: meeting.title, when, appLink: meeting.inviteLink, pageLink: meeting.inviteLinkPage });
}

function ScheduleForm({ onScheduled }: { onScheduled(meeting: ScheduledMeeting): void }) {
  const t = useT();
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [initial] = useState(nextFullHour);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [duration, setDuration] = useState(60);
  const [lobbySetting, setLobbySetting] = useState<EffectiveSetting<boolean> | null>(null);
  /** What the person chose; until then the lobby setting (on while it loads). */
  const [lobbyChoice, setLobby] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<'title' | 'time' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // The lobby rule starts from the person's setting; a policy requiring it locks it on.
    void parleyApi().getEffectiveSettings().then((s) => setLobbySetting(s.requireLobby), () => undefined);
  }, []);

  const lobbyLocked = lobbySetting?.lockedBy === 'policy' && lobbySetting.value;
  const lobby = lobbyChoice ?? lobbySetting?.value ?? true;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = title.trim();
    const startsAt = localTime(date, time);
    if (!trimmed) {
      setProblem('title');
      titleRef.current?.focus();
      return;
    }
    if (startsAt === null || startsAt < Date.now() - 60_000) {
      setProblem('time');
      return;
    }
    setProblem(null);
    setFailure(null);
    setBusy(true);
    try {
      const meeting = await scheduleMeeting({ title: trimmed, startsAt, durationMinutes: duration, lobby: lobbyLocked || lobby });
      setTitle('');
      onScheduled(meeting);
    } catch (error) {
      const code = meetingErrorCode(error);
      setFailure(code === 'no-relay' ? t('meetings.noRelay') : t('meetings.scheduleFailed', { reason: code }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('meetings.schedule')}</h2>
      <form className="schedule-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('meetings.titleLabel')}</label>
          <input
            ref={titleRef}
            id={`${id}-name`}
            type="text"
            autoComplete="off"
            maxLength={MAX_MEETING_TITLE_CHARACTERS}
            value={title}
            aria-invalid={problem === 'title' || undefined}
            aria-describedby={`${id}-name-hint${problem === 'title' ? ` ${id}-name-error` : ''}`}
            onChange={(e) => {
              setTitle(e.target.value.replace(/[\r\n]+/g, ' '));
              if (problem === 'title') setProblem(null);
            }}
          />
          <p id={`${id}-name-hint`} className="muted small">{t('meetings.titleHint')}</p>
          {problem === 'title' && <p id={`${id}-name-error`} className="field-error">{t('meetings.titleMissing')}</p>}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-date`}>{t('meetings.date')}</label>
            <input id={`${id}-date`} type="date" value={date} required aria-invalid={problem === 'time' || undefined} aria-describedby={problem === 'time' ? `${id}-time-error` : undefined}
              onChange={(e) => setDate(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-time`}>{t('meetings.time')}</label>
            <input id={`${id}-time`} type="time" value={time} required aria-invalid={problem === 'time' || undefined} aria-describedby={problem === 'time' ? `${id}-time-error` : undefined}
              onChange={(e) => setTime(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-duration`}>{t('meetings.duration')}</label>
            <select id={`${id}-duration`} value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
              {DURATIONS.map((minutes) => <option key={minutes} value={minutes}>{t('meetings.minutes', { n: minutes })}</option>)}
            </select>
          </div>
        </div>
        {problem === 'time' && <p id={`${id}-time-error`} className="field-error">{t('meetings.timeInvalid')}</p>}
        <div className="field">
          <label className="choice">
            <input type="checkbox" checked={lobbyLocked || lobby} disabled={lobbyLocked} aria-describedby={lobbyLocked ? `${id}-lobby-managed` : undefined}
              onChange={(e) => setLobby(e.target.checked)} />
            <span>{t('meetings.lobby')}</span>
          </label>
          {lobbyLocked && <p id={`${id}-lobby-managed`} className="muted small">{t('meetings.lobbyManaged')}</p>}
        </div>
        <div className="button-row">
          <button type="submit" className="button primary" disabled={busy}>{t('meetings.submit')}</button>
        </div>
        {failure && <p role="alert" className="notice error">{failure}</p>}
      </form>
    </section>
  );
}

function MeetingItem({ meeting, highlighted, onStatus }: { meeting: ScheduledMeeting; highlighted: boolean; onStatus(text: string): void }) {
  const t = useT();
  const id = useId();
  const language = useLanguage();
  const startIntent = useUiStore((s) => s.startIntent);
  const [confirming, setConfirming] = useState(false);
  const itemRef = useRef<HTMLLIElement>(null);
  const { title } = meeting;
  const link = meeting.inviteLinkPage ?? meeting.inviteLink;

  useEffect(() => {
    if (highlighted) itemRef.current?.focus();
  }, [highlighted]);

  function copy(text: string, done: string) {
    void navigator.clipboard.writeText(text).then(() => onStatus(done), () => onStatus(t('meetings.copyFailed')));
  }

  async function save() {
    try {
      if (await saveCalendarFile(meeting.id, language)) onStatus(t('meetings.saved'));
    } catch {
      onStatus(t('meetings.saveFailed'));
    }
  }

  async function remove() {
    try {
      await deleteMeeting(meeting.id);
      onStatus(t('meetings.deleted', { title }));
    } catch {
      onStatus(t('meetings.deleteFailed'));
    }
  }

  function start() {
    // Pre-join checks devices and the name, as for any meeting.
    startIntent({ kind: 'scheduled', inviteLink: meeting.inviteLink, title, lobby: meeting.lobby });
  }

  const when = t('meetings.whenLine', {
    start: new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' }).format(meeting.startsAt),
    minutes: meeting.durationMinutes,
  });
  return (
    <li ref={itemRef} tabIndex={-1} className={highlighted ? 'meeting-item highlighted' : 'meeting-item'} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="small">{when}</p>
      <p className="muted small">{meeting.lobby ? t('meetings.withLobby') : t('meetings.withoutLobby')}</p>
      <div className="field">
        <label htmlFor={`${id}-link`} className="visually-hidden">{t('meetings.linkLabel', { title })}</label>
        <input id={`${id}-link`} className="mono" type="text" readOnly value={link} onFocus={(e) => e.target.select()} />
      </div>
      <div className="button-row">
        <button type="button" className="button primary small" aria-label={t('meetings.startLabel', { title })} onClick={start}>{t('meetings.start')}</button>
        <button type="button" className="button secondary small" aria-label={t('meetings.copyInvitationLabel', { title })}
          onClick={() => copy(meetingInvitation(t, language, meeting), t('meetings.copied'))}>{t('meetings.copyInvitation')}</button>
        <button type="button" className="button secondary small" aria-label={t('meetings.copyLinkLabel', { title })} onClick={() => copy(link, t('meetings.linkCopied'))}>{t('meetings.copyLink')}</button>
        <button type="button" className="button secondary small" aria-label={t('meetings.saveCalendarLabel', { title })} onClick={() => void save()}>{t('meetings.saveCalendar')}</button>
        {!confirming && (
          <button type="button" className="button ghost small" aria-label={t('meetings.deleteLabel', { title })} onClick={() => setConfirming(true)}>{t('meetings.delete')}</button>
        )}
      </div>
      {confirming && (
        <div className="notice warning" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('meetings.confirmDelete', { title })}</p>
          <div className="button-row">
            <button type="button" className="button danger small" autoFocus onClick={() => void remove()}>{t('meetings.confirmDeleteYes')}</button>
            <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
          </div>
        </div>
      )}
    </li>
  );
}

export function MeetingsScreen() {
  const t = useT();
  const meetings = useMeetingsStore((s) => s.meetings);
  const loadError = useMeetingsStore((s) => s.loadError);
  const [status, setStatus] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);

  useEffect(() => void loadMeetings(), []);

  return (
    <main className="page meetings" aria-labelledby="meetings-title">
      <h1 id="meetings-title" className="page-title">{t('meetings.title')}</h1>
      <p className="lead">{t('meetings.intro')}</p>
      <ScheduleForm
        onScheduled={(meeting) => {
          setHighlighted(meeting.id);
          setStatus(t('meetings.scheduled', { title: meeting.title }));
        }}
      />
      <section className="card" aria-labelledby="meetings-list-title">
        <h2 id="meetings-list-title">{t('meetings.listTitle')}</h2>
        <p role="status" className="small">{status}</p>
        {loadError && <p role="alert" className="notice error">{t('meetings.loadFailed')}</p>}
        {meetings === null && !loadError && <p className="muted" aria-busy="true">{t('common.loading')}</p>}
        {meetings?.length === 0 && <p className="muted">{t('meetings.empty')}</p>}
        {meetings && meetings.length > 0 && (
          <ul className="meeting-list">
            {meetings.map((meeting) => <MeetingItem key={meeting.id} meeting={meeting} highlighted={meeting.id === highlighted} onStatus={setStatus} />)}
          </ul>
        )}
      </section>
    </main>
  );
}
