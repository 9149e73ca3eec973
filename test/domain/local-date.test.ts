import { describe, expect, it } from "vitest";
import { addDays, formatLocalDate, stockholmDate } from "../../src/domain/local-date.ts";

// The tests run under TZ=Pacific/Kiritimati (UTC+14): a date written or derived without the Stockholm zone
// lands on the wrong day here.
describe("local dates on the Stockholm calendar", () => {
  it("writes a date the same way in every reply, in Swedish and English", () => {
    expect(formatLocalDate("2026-12-15", "sv")).toBe("15 december 2026");
    expect(formatLocalDate("2026-12-15", "en")).toBe("15 December 2026");
    // The day of the October clock change is still that day.
    expect(formatLocalDate("2026-10-25", "sv")).toBe("25 oktober 2026");
  });

  it("takes the calendar date in Stockholm, not in the server's zone", () => {
    expect(stockholmDate(new Date("2026-10-24T22:30:00Z"))).toBe("2026-10-25");
    expect(stockholmDate(new Date("2026-10-25T22:30:00Z"))).toBe("2026-10-25");
    expect(addDays("2026-10-24", 1)).toBe("2026-10-25");
  });
});
