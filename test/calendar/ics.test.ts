import ical from "node-ical";
import { describe, expect, it } from "vitest";
import type { CalendarEvent } from "../../src/app/scheduling-ports.ts";
import { IcsCalendarWriter } from "../../src/calendar/ics.ts";

// The .ics files the bot sends, read back by an independent calendar parser (node-ical).
const base: CalendarEvent = {
  uid: "3f0c8d0e-0000-4000-8000-000000000001@sip-assistent",
  sequence: 0,
  method: "REQUEST",
  start: new Date("2026-10-26T08:00:00Z"), // Monday after the change to winter time: 09:00 in Stockholm
  end: new Date("2026-10-26T09:00:00Z"),
  summary: "SIP-möte K-7F3Q",
  description: "Samordnad individuell plan; rad två; med, kommatecken",
  location: "Rådhuset, rum 3",
  organizer: { name: "Anna Andersson (demo)", key: "staff-anna", required: true },
  attendees: [
    { name: "Bo Berg (demo)", key: "staff-bo", required: true },
    { name: "Försäkringskassan", key: "extern-3", required: false },
  ],
  stamp: new Date("2026-10-20T10:00:00Z"),
};

function event(text: string): ical.VEvent {
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === "VEVENT");
  expect(events).toHaveLength(1);
  const [e] = events;
  if (e === undefined) throw new Error("no event");
  return e;
}

describe("the .ics invitation", () => {
  const writer = new IcsCalendarWriter();

  it("is a REQUEST with a stable UID, a SEQUENCE, UTC times, the place and every attendee", () => {
    const text = writer.write(base);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain("METHOD:REQUEST");
    expect(text).toContain("DTSTART:20261026T080000Z");
    const e = event(text);
    expect(e.uid).toBe(base.uid);
    expect(Number(e.sequence)).toBe(0);
    expect(e.start.toISOString()).toBe("2026-10-26T08:00:00.000Z");
    expect(e.end?.toISOString()).toBe("2026-10-26T09:00:00.000Z");
    expect(e.location).toBe("Rådhuset, rum 3");
    expect(e.description).toBe(base.description);
    const attendees = [e.attendee].flat().filter((a) => a !== undefined);
    const names = attendees.map((a) => (typeof a === "string" ? a : a.params.CN));
    expect(names).toEqual(["Bo Berg (demo)", "Försäkringskassan"]);
    const roles = attendees.map((a) => (typeof a === "string" ? "" : a.params.ROLE));
    expect(roles).toEqual(["REQ-PARTICIPANT", "OPT-PARTICIPANT"]);
    // Addresses are in the reserved .invalid domain: nothing can be mailed to them.
    const unfolded = text.replace(/\r\n[ \t]/g, "");
    const addresses = [...unfolded.matchAll(/mailto:([^\r\n]+)/gi)].map((m) => m[1]);
    expect(addresses).toEqual([
      "staff-anna@sip-assistent.invalid",
      "staff-bo@sip-assistent.invalid",
      "extern-3@sip-assistent.invalid",
    ]);
    expect(unfolded).toContain(
      'ORGANIZER;CN="Anna Andersson (demo)":mailto:staff-anna@sip-assistent.invalid',
    );
  });

  it("keeps the UID and carries the new SEQUENCE on a reschedule, and CANCEL on a cancellation", () => {
    const moved = event(writer.write({ ...base, sequence: 1, start: new Date("2026-10-27T12:00:00Z") }));
    expect(moved.uid).toBe(base.uid);
    expect(Number(moved.sequence)).toBe(1);
    const cancelText = writer.write({ ...base, sequence: 2, method: "CANCEL" });
    expect(cancelText).toContain("METHOD:CANCEL");
    const cancelled = event(cancelText);
    expect(cancelled.uid).toBe(base.uid);
    expect(Number(cancelled.sequence)).toBe(2);
    expect(cancelled.status).toBe("CANCELLED");
  });

  it("cannot be broken out of by hostile text in the place or the summary", () => {
    const text = writer.write({
      ...base,
      location: "Rum 1\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil",
      summary: "x".repeat(5000),
    });
    const e = event(text);
    expect(e.location).toContain("END:VEVENT"); // kept as text, escaped
    expect(e.uid).toBe(base.uid);
    // Lines are folded at 75 octets as RFC 5545 requires.
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });
});
