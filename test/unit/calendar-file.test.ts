// The meeting's .ics file as a calendar library reads it (test/harness/calendar.ts): every value
// comes back exactly, escapes and folds included, and times are UTC.
import { describe, expect, it } from 'vitest';
import { calendarFile } from '../../protocol/calendar/ics';
import { invitationText } from '../../protocol/calendar/invitation';
import { parseCalendarFile } from '../harness/calendar';

const appLink = `parley://join?relay=${encodeURIComponent('wss://relay.example.org/parley')}#${'A'.repeat(43)}.${'B'.repeat(22)}`;
const pageLink = `https://relay.example.org/parley/join#${'A'.repeat(43)}.${'B'.repeat(22)}`;

describe('the meeting calendar file, read by ical.js', () => {
  it('gives back title, invitation, link, UID and UTC times exactly', () => {
    const summary = 'Räte; Budget, 2027 — "final" \\ review\nsecond line';
    const description = invitationText('de', { title: summary, when: null, appLink, pageLink });
    const startsAt = Date.UTC(2027, 0, 14, 15, 0);
    const text = calendarFile({ uid: '6f1c0d2e-8b5a-4c3d-9e7f-0a1b2c3d4e5f', stampedAt: Date.UTC(2026, 11, 4, 22, 0, 1), startsAt, durationMinutes: 90, summary, description, location: appLink, url: pageLink });
    const event = parseCalendarFile(text);
    expect(event.events).toBe(1);
    expect(event.uid).toBe('6f1c0d2e-8b5a-4c3d-9e7f-0a1b2c3d4e5f');
    expect(event.summary).toBe(summary);
    expect(event.description).toBe(description);
    expect(event.location).toBe(appLink);
    expect(event.url).toBe(pageLink);
    expect(event.utc).toBe(true);
    expect(event.start.getTime()).toBe(startsAt);
    expect(event.end.getTime()).toBe(startsAt + 90 * 60_000);
    expect(event.stamp.getTime()).toBe(Date.UTC(2026, 11, 4, 22, 0, 1));
    expect(event.properties).not.toContain('ORGANIZER');
    expect(event.properties).not.toContain('ATTENDEE');
  });
});
