import { createRequire } from "node:module";
import type Holidays from "date-holidays";
import type { LocalDate } from "../domain/local-date.ts";

// Swedish public holidays from date-holidays (maintained; computes Easter, Midsummer and All Saints'
// Day). Besides the public holidays ("public") the eves that Swedish offices close on count too
// ("bank": julafton, midsommarafton, nyårsafton): nobody books a SIP meeting on Christmas Eve.
const CLOSED_TYPES = new Set(["public", "bank"]);

export class SwedishHolidays {
  // date-holidays carries every country's rules and several calendars (~35 MB resident): it is loaded at
  // the first date asked about (a poll's slots), not at start-up. Its CommonJS build, since this is sync.
  private hd: Holidays | undefined;
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
      this.hd ??= new (createRequire(import.meta.url)("date-holidays") as typeof Holidays)("SE");
      // `date` is the local calendar date as "YYYY-MM-DD hh:mm:ss" in Sweden, whatever zone we run in.
      for (const h of this.hd.getHolidays(year)) {
        if (CLOSED_TYPES.has(h.type)) days.set(h.date.slice(0, 10), h.name);
      }
      this.years.set(year, days);
    }
    return days;
  }
}
