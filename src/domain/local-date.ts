import { DateTime } from "luxon";

// Calendar dates (due dates, effort periods, follow-ups) are plain "YYYY-MM-DD" strings in the domain:
// a date has no time zone, and string comparison orders them correctly. Instants are Date objects, and the
// only zone that turns one into the other is Europe/Stockholm.
export type LocalDate = string;
export const ZONE = "Europe/Stockholm";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDate(s: string): s is LocalDate {
  return ISO_DATE.test(s) && DateTime.fromISO(s, { zone: ZONE }).isValid;
}

/** The calendar date in Stockholm at the given instant. */
export function stockholmDate(at: Date): LocalDate {
  return DateTime.fromJSDate(at, { zone: ZONE }).toISODate() ?? "";
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate() ?? date;
}

export function addMonths(date: LocalDate, months: number): LocalDate {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ months }).toISODate() ?? date;
}

/** "15 december 2026" / "15 December 2026": how every reply, draft and printed plan writes a date. */
export function formatLocalDate(date: LocalDate, locale: "sv" | "en"): string {
  return DateTime.fromISO(date, { zone: ZONE })
    .setLocale(locale === "en" ? "en-GB" : "sv-SE")
    .toLocaleString(DateTime.DATE_FULL);
}
