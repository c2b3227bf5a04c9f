// The .ics writer against RFC 5545's own rules: TEXT escaping (§3.3.11), folding at 75 octets
// without splitting a character (§3.1), CRLF line breaks, UID and DTSTAMP in UTC (§3.8.7.2).
// test/unit/calendar-file.test.ts reads the same files back with a calendar library.
import { describe, expect, it } from 'vitest';
import { calendarFile, escapeIcsText, foldIcsLine, icsUtcDateTime } from './ics';
import type { CalendarEvent } from './ics';

const EVENT: CalendarEvent = {
  uid: '0f8fad5b-d9cb-469f-a165-70867728950e',
  stampedAt: Date.UTC(2026, 11, 4, 21, 5, 9),
  startsAt: Date.UTC(2026, 11, 7, 9, 30),
  durationMinutes: 45,
  summary: 'Planning, Q1; budget',
  description: 'Line one\nLine two',
  location: 'parley://join?relay=wss%3A%2F%2Frelay.example#abc.def',
  url: 'https://relay.example/join#abc.def',
};

const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('escapeIcsText', () => {
  it('escapes backslash, semicolon and comma, writes every line break as \\n and drops other controls', () => {
    expect(escapeIcsText('a,b;c\\d')).toBe('a\\,b\\;c\\\\d');
    expect(escapeIcsText('one\r\ntwo\nthree\rfour')).toBe('one\\ntwo\\nthree\\nfour');
    expect(escapeIcsText('tab\tkept\u0007bell\u007f')).toBe('tab\tkeptbell');
    expect(escapeIcsText('colon: "quotes" stay')).toBe('colon: "quotes" stay');
  });
});

describe('foldIcsLine', () => {
  it('leaves a line of 75 octets alone and folds the 76th octet onto a line starting with a space', () => {
    expect(foldIcsLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldIcsLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    const folded = foldIcsLine('y'.repeat(200)).split('\r\n');
    expect(folded.map((l) => l.length)).toEqual([75, 75, 52]) // 75 + 74 + 51 characters, each continuation after its space;
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
  });

  it('counts octets of UTF-8, never splits a character, and unfolds to the original', () => {
    const line = `SUMMARY:${'Grüße 🎉 '.repeat(20)}`;
    const folded = foldIcsLine(line);
    const encoder = new TextEncoder();
    for (const part of folded.split('\r\n')) {
      expect(encoder.encode(part).length).toBeLessThanOrEqual(75);
      expect(part).not.toMatch(/[\ud800-\udbff]$/); // no surrogate pair cut in two
      expect(part).not.toContain('\ufffd');
    }
    expect(unfold(folded)).toBe(line);
  });
});

describe('calendarFile', () => {
  const file = calendarFile(EVENT);

  it('uses CRLF for every line break, ends with one, and keeps every line within 75 octets', () => {
    expect(file.endsWith('\r\n')).toBe(true);
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of file.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('is one VCALENDAR with one VEVENT: UID, DTSTAMP, DTSTART and DTEND in UTC, escaped TEXT values', () => {
    const lines = unfold(file).split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('PRODID:-//Parley//Parley Meetings//EN');
    expect(lines).toContain(`UID:${EVENT.uid}`);
    expect(lines).toContain('DTSTAMP:20261204T210509Z');
    expect(lines).toContain('DTSTART:20261207T093000Z');
    expect(lines).toContain('DTEND:20261207T101500Z');
    expect(lines).toContain('SUMMARY:Planning\\, Q1\\; budget');
    expect(lines).toContain('DESCRIPTION:Line one\\nLine two');
    expect(lines).toContain(`LOCATION:${EVENT.location}`);
    expect(lines).toContain(`URL:${EVENT.url}`);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });

  it('names nobody: no ORGANIZER, ATTENDEE, CONTACT or METHOD', () => {
    expect(unfold(file)).not.toMatch(/^(ORGANIZER|ATTENDEE|CONTACT|METHOD)[:;]/m);
  });

  it('leaves URL out when the meeting has no clickable link', () => {
    expect(unfold(calendarFile({ ...EVENT, url: null }))).not.toMatch(/^URL:/m);
  });
});

describe('icsUtcDateTime', () => {
  it('writes FORM #2 (UTC) date-times', () => {
    expect(icsUtcDateTime(Date.UTC(1998, 0, 19, 7, 0, 0))).toBe('19980119T070000Z');
    expect(() => icsUtcDateTime(Number.NaN)).toThrow(RangeError);
  });
});
