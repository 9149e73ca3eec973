import { describe, expect, it } from "vitest";
import { SwedishHolidays } from "../../src/calendar/swedish-holidays.ts";

// The holiday library's answers for the days the scheduling rules depend on, computed under the suite's
// odd TZ (Pacific/Kiritimati): a library that read the server's zone would shift them by a day.
describe("Swedish holidays for slot generation", () => {
  const h = new SwedishHolidays();

  it("knows the moving and the fixed public holidays, and the eves offices close on", () => {
    expect(h.holidayName("2026-04-03")).toBe("långfredagen");
    expect(h.holidayName("2026-04-06")).toBe("annandag påsk");
    expect(h.holidayName("2026-05-14")).toBe("Kristi himmelsfärdsdag");
    expect(h.holidayName("2026-06-19")).toBe("midsommarafton");
    expect(h.holidayName("2026-10-31")).toBe("alla helgons dag");
    expect(h.holidayName("2026-12-24")).toBe("julafton");
    expect(h.holidayName("2027-03-26")).toBe("långfredagen");
  });

  it("treats ordinary days and mere observances as working days", () => {
    expect(h.isHoliday("2026-12-23")).toBe(false);
    expect(h.isHoliday("2026-12-13")).toBe(false); // Lucia: an observance, offices open
    expect(h.isHoliday("2026-04-02")).toBe(false); // skärtorsdagen
    expect(h.isHoliday("not-a-date")).toBe(false);
  });
});
