import Holidays from "date-holidays";
import type { LocalDate } from "../domain/local-date.ts";

// Swedish public holidays from date-holidays (maintained; computes Easter, Midsummer and All Saints'
// Day). Besides the public holidays ("public") the eves that Swedish offices close on count too
// ("bank": julafton, midsommarafton, nyårsafton): nobody books a SIP meeting on Christmas Eve.
const CLOSED_TYPES = new Set(["public", "bank"]);

export class SwedishHolidays {
  private readonly hd = new Holidays("SE");
  private readonly years = new Map<number, Map<LocalDate, string>>();

  /** The holiday's Swedish name when offices are closed that day; null on an ordinary day. */
  holidayName(date: LocalDate): string | null {
    const year = Number(date.slice(0, 4));
    if (!Number.isInteger(year)) return null;
    return this.forYear(year).get(date) ?? null;
  }

  isHoliday(date: LocalDate): boolean {
    return this.holidayName(date) !== null;
  }

  private forYear(year: number): Map<LocalDate, string> {
    let days = this.years.get(year);
    if (days === undefined) {
      days = new Map();
      // `date` is the local calendar date as "YYYY-MM-DD hh:mm:ss" in Sweden, whatever zone we run in.
      for (const h of this.hd.getHolidays(year)) {
        if (CLOSED_TYPES.has(h.type)) days.set(h.date.slice(0, 10), h.name);
      }
      this.years.set(year, days);
    }
    return days;
  }
}
