import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ZONE } from "../../src/domain/local-date.ts";
import {
  candidateSlots,
  checkSlot,
  isWorkday,
  type SlotRules,
  stockholmInstant,
} from "../../src/domain/slots.ts";
import { SwedishHolidays } from "../../src/calendar/swedish-holidays.ts";

// Slot generation on the Stockholm wall clock. The suite runs under TZ=Pacific/Kiritimati (UTC+14), so a
// rule that read the server's zone instead of Stockholm's would put the meetings on the wrong day.
const holidays = new SwedishHolidays();
const rules: SlotRules = {
  workingHours: { start: "08:00", end: "16:30" },
  durationMinutes: 60,
  isHoliday: (d) => holidays.isHoliday(d),
};
const local = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm ccc");

describe("stockholmInstant", () => {
  it("reads wall-clock time in Stockholm on both sides of the October change", () => {
    expect(stockholmInstant("2026-10-23", "09:00")?.toISOString()).toBe("2026-10-23T07:00:00.000Z"); // CEST
    expect(stockholmInstant("2026-10-26", "09:00")?.toISOString()).toBe("2026-10-26T08:00:00.000Z"); // CET
  });

  it("refuses a time that does not exist (the skipped hour in March) and malformed input", () => {
    expect(stockholmInstant("2026-03-29", "02:30")).toBeNull();
    expect(stockholmInstant("2026-03-29", "03:30")).not.toBeNull();
    expect(stockholmInstant("2026-02-30", "09:00")).toBeNull();
    expect(stockholmInstant("2026-12-01", "25:00")).toBeNull();
    expect(stockholmInstant("2026-12-01", "9")).toBeNull();
    expect(stockholmInstant("2026-12-01", "09.15")?.toISOString()).toBe("2026-12-01T08:15:00.000Z");
  });
});

describe("checkSlot", () => {
  const now = new Date("2026-11-23T09:00:00Z");
  const at = (date: string, time: string) => {
    const d = stockholmInstant(date, time);
    if (d === null) throw new Error("bad test time");
    return d;
  };

  it("accepts a weekday within working hours and gives the end", () => {
    const r = checkSlot(at("2026-12-01", "15:30"), rules, now, null);
    expect(r.ok && r.value.end.toISOString()).toBe("2026-12-01T15:30:00.000Z");
  });

  it("refuses the past, weekends, holidays, times outside working hours and days after the limit", () => {
    const reason = (d: Date, limit: string | null = null) => {
      const r = checkSlot(d, rules, now, limit);
      return r.ok ? "ok" : r.reason;
    };
    expect(reason(at("2026-11-23", "09:00"))).toBe("inPast");
    expect(reason(at("2026-11-28", "10:00"))).toBe("weekend");
    expect(reason(at("2026-12-25", "10:00"))).toBe("holiday"); // juldagen, a Friday
    expect(reason(at("2026-12-24", "10:00"))).toBe("holiday"); // julafton: offices closed
    expect(reason(at("2026-12-01", "07:30"))).toBe("outsideHours");
    expect(reason(at("2026-12-01", "16:00"))).toBe("outsideHours"); // would end 17:00
    expect(reason(at("2026-12-01", "16:00"), null)).toBe("outsideHours");
    expect(reason(at("2026-12-15", "10:00"), "2026-12-14")).toBe("afterLimit");
    expect(reason(at("2026-12-14", "10:00"), "2026-12-14")).toBe("ok");
  });
});

describe("candidateSlots", () => {
  it("spreads times over working days, skipping weekends and holidays, within the limit", () => {
    const slots = candidateSlots({
      from: "2026-12-22",
      until: "2027-01-08",
      count: 6,
      startTimes: ["09:00", "13:00"],
      rules,
      now: new Date("2026-12-01T09:00:00Z"),
    });
    expect(slots.map((s) => local(s.start))).toEqual([
      "2026-12-22 09:00 Tue",
      "2026-12-23 13:00 Wed",
      // 24 (julafton), 25, 26 (juldagen, annandag jul), 27 (Sunday) skipped
      "2026-12-28 09:00 Mon",
      "2026-12-29 13:00 Tue",
      "2026-12-30 09:00 Wed",
      // 31 (nyårsafton), 1 January (nyårsdagen) skipped
      "2027-01-04 13:00 Mon",
    ]);
  });

  it("keeps 09:00 at 09:00 across the last Sunday of October (2026-10-25)", () => {
    const slots = candidateSlots({
      from: "2026-10-22",
      until: "2026-10-28",
      count: 5,
      startTimes: ["09:00"],
      rules,
      now: new Date("2026-10-01T09:00:00Z"),
    });
    expect(slots.map((s) => local(s.start))).toEqual([
      "2026-10-22 09:00 Thu",
      "2026-10-23 09:00 Fri",
      "2026-10-26 09:00 Mon",
      "2026-10-27 09:00 Tue",
      "2026-10-28 09:00 Wed",
    ]);
    // Summer time before, winter time after: the same wall clock is an hour later in UTC.
    expect(slots.map((s) => s.start.getUTCHours())).toEqual([7, 7, 8, 8, 8]);
    for (const s of slots) expect(s.end.getTime() - s.start.getTime()).toBe(3_600_000);
  });

  it("takes more times per day when days run out, never the excluded ones, never in the past", () => {
    const now = new Date("2026-12-01T10:30:00Z"); // 11:30 in Stockholm
    const exclude = [stockholmInstant("2026-12-02", "09:00") ?? new Date(0)];
    const slots = candidateSlots({
      from: "2026-12-01",
      until: "2026-12-02",
      count: 6,
      startTimes: ["09:00", "13:00", "15:00"],
      rules,
      now,
      exclude,
    });
    expect(slots.map((s) => local(s.start))).toEqual([
      "2026-12-01 13:00 Tue",
      "2026-12-01 15:00 Tue",
      "2026-12-02 13:00 Wed",
      "2026-12-02 15:00 Wed",
    ]);
  });

  it("gives nothing for a window without working days", () => {
    const slots = candidateSlots({
      from: "2026-12-24",
      until: "2026-12-27",
      count: 3,
      startTimes: ["09:00"],
      rules,
      now: new Date("2026-12-01T09:00:00Z"),
    });
    expect(slots).toEqual([]);
    expect(isWorkday("2026-12-23", rules.isHoliday)).toBe(true);
  });
});
