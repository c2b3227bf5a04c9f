// Reads an .ics file back with a calendar library (ical.js, Mozilla's, used by Thunderbird), so
// tests check what a calendar would see, not what our writer meant to write.
import ICAL from 'ical.js';

export interface ParsedCalendarEvent {
  uid: string;
  summary: string;
  description: string;
  location: string;
  url: string | null;
  start: Date;
  end: Date;
  /** Whether DTSTART, DTEND and DTSTAMP are UTC date-times. */
  utc: boolean;
  stamp: Date;
  /** Every property name of the VEVENT, upper case. */
  properties: string[];
  /** How many VEVENTs the file holds. */
  events: number;
}

export function parseCalendarFile(text: string): ParsedCalendarEvent {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevents = calendar.getAllSubcomponents('vevent');
  const vevent = vevents[0];
  if (!vevent) throw new Error('no VEVENT in the calendar file');
  const event = new ICAL.Event(vevent);
  const stamp = vevent.getFirstPropertyValue('dtstamp') as InstanceType<typeof ICAL.Time>;
  const url = vevent.getFirstPropertyValue('url');
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    url: typeof url === 'string' ? url : null,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    utc: [event.startDate, event.endDate, stamp].every((time) => time.zone === ICAL.Timezone.utcTimezone),
    stamp: stamp.toJSDate(),
    properties: vevent.getAllProperties().map((p) => p.name.toUpperCase()),
    events: vevents.length,
  };
}
