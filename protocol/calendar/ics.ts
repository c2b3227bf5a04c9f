// The calendar file of a scheduled meeting (RFC 5545 iCalendar): one VEVENT with the meeting's
// title, time, invitation text and link, and nothing else about anyone: no ORGANIZER, no
// ATTENDEE, no host name (the person chooses the title; the rest is fixed text and the link).
// No METHOD either: iTIP's PUBLISH would require an ORGANIZER (RFC 5546 §3.2.1), and a plain
// iCalendar object is what calendars import from a file or an attachment.
// Times are UTC (FORM #2, RFC 5545 §3.3.5), so the file needs no VTIMEZONE.

export interface CalendarEvent {
  /** Globally unique and stable for the meeting (RFC 5545 §3.8.4.7): a random UUID, no host name in it (RFC 7986 §5.3). */
  uid: string;
  /** When the file is made: DTSTAMP (ms since the epoch). */
  stampedAt: number;
  startsAt: number;
  durationMinutes: number;
  summary: string;
  description: string;
  /** Where the meeting is: its link (TEXT, so escaped). */
  location: string;
  /** The clickable link (URL property, a URI: not escaped), or null when there is none. */
  url: string | null;
}

export const ICS_PRODID = '-//Parley//Parley Meetings//EN';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const ICS_MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break
 * written as \n. Other control characters are not allowed in TEXT, so they are dropped.
 */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    // eslint-disable-next-line no-control-regex -- dropping exactly the controls TEXT forbids (all but HTAB and the line break)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Octets of one code point in UTF-8. */
function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * One content line folded (RFC 5545 §3.1): at most 75 octets of UTF-8 per line, each
 * continuation starting with one space (which counts), never splitting a character.
 */
export function foldIcsLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > ICS_MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** A UTC DATE-TIME: 19980119T070000Z. */
export function icsUtcDateTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError('not a time');
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** The whole .ics file: CRLF line breaks, folded lines, ending with a line break. */
export function calendarFile(event: CalendarEvent): string {
  const end = event.startsAt + event.durationMinutes * 60_000;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(event.uid)}`,
    `DTSTAMP:${icsUtcDateTime(event.stampedAt)}`,
    `DTSTART:${icsUtcDateTime(event.startsAt)}`,
    `DTEND:${icsUtcDateTime(end)}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
    `DESCRIPTION:${escapeIcsText(event.description)}`,
    `LOCATION:${escapeIcsText(event.location)}`,
    ...(event.url ? [`URL:${event.url}`] : []),
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
