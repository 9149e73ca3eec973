import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from "ical-generator";
import type { CalendarAttendee, CalendarEvent, CalendarWriter } from "../app/scheduling-ports.ts";

// The invitation (kallelse) as an iCalendar file, written by ical-generator. Times are written in UTC
// ("...Z"): every calendar shows them in its own zone, and no VTIMEZONE block can go stale.
//
// Attendees: the bot knows no one's e-mail address, and iCalendar wants a calendar address for each
// attendee and the organizer. We write the name (CN) with an address in the reserved ".invalid" domain
// (RFC 2606), so a calendar shows who is invited and marks who is required, but no client can ever send
// mail to it. When a directory gives real addresses, only `address` below changes.
const DOMAIN = "sip-assistent.invalid";

function address(a: CalendarAttendee): string {
  return `${a.key.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 64)}@${DOMAIN}`;
}

export class IcsCalendarWriter implements CalendarWriter {
  write(e: CalendarEvent): string {
    const cancel = e.method === "CANCEL";
    const cal = ical({
      prodId: { company: "SIP-assistenten", product: "sip-assistent", language: "SV" },
      method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    });
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: e.stamp,
      start: e.start,
      end: e.end,
      summary: e.summary,
      description: e.description,
      location: e.location,
      status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: e.organizer.name, email: address(e.organizer) },
      attendees: e.attendees.map((a) => ({
        name: a.name,
        email: address(a),
        role: a.required ? ICalAttendeeRole.REQ : ICalAttendeeRole.OPT,
        status: ICalAttendeeStatus.NEEDSACTION,
      })),
    });
    return cal.toString();
  }
}
