import { DateTime, Info } from "luxon";
import { addDays, type LocalDate, ZONE } from "../domain/local-date.ts";

// Dates as staff type them in a chat: "2026-12-15", "15/12", "15 december", "15 dec 2026", "fredag",
// "på fredag", "imorgon", "om 2 veckor", and the English equivalents. Month and weekday names come from
// luxon's locale data rather than our own lists.
const MAX_INPUT = 40;

function normalise(s: string): string {
  return s.toLowerCase().normalize("NFC").replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
}

const monthNames = new Map<string, number>();
const weekdayNames = new Map<string, number>();
for (const locale of ["sv", "en"]) {
  for (const style of ["long", "short"] as const) {
    for (const [i, m] of Info.months(style, { locale }).entries()) monthNames.set(normalise(m), i + 1);
  }
  for (const [i, d] of Info.weekdays("long", { locale }).entries()) weekdayNames.set(normalise(d), i + 1);
}

function build(year: number, month: number, day: number): LocalDate | null {
  const dt = DateTime.fromObject({ year, month, day }, { zone: ZONE });
  return dt.isValid ? dt.toISODate() : null;
}

/** Parses a date phrase relative to `today` (a Stockholm date); null when it is not one. */
export function parseDatePhrase(input: string, today: LocalDate): LocalDate | null {
  if (input.length > MAX_INPUT) return null;
  const s = normalise(input).replace(/^(på|on|nästa|next|den|the)\s+/, "");
  const base = DateTime.fromISO(today, { zone: ZONE });

  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));

  if (s === "idag" || s === "i dag" || s === "today") return today;
  if (s === "imorgon" || s === "i morgon" || s === "tomorrow") return addDays(today, 1);

  m = /^om (\d{1,3}) (dag|dagar|vecka|veckor)$/.exec(s) ?? /^in (\d{1,3}) (day|days|week|weeks)$/.exec(s);
  if (m) return addDays(today, Number(m[1]) * (m[2]?.startsWith("d") ? 1 : 7));

  const weekday = weekdayNames.get(s);
  if (weekday !== undefined) {
    // The next such day after today: "fredag" said on a Friday means a week later, not today.
    const ahead = (weekday - base.weekday + 7) % 7 || 7;
    return addDays(today, ahead);
  }

  m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(s);
  if (m) return withYear(Number(m[1]), Number(m[2]), m[3], base);

  m = /^(\d{1,2})(?:e|:e|st|nd|rd|th)? ([a-zåäö]+)(?: (\d{4}))?$/.exec(s);
  if (m) {
    const month = monthNames.get(m[2] ?? "");
    return month === undefined ? null : withYear(Number(m[1]), month, m[3], base);
  }
  m = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(s);
  if (m) {
    const month = monthNames.get(m[1] ?? "");
    return month === undefined ? null : withYear(Number(m[2]), month, m[3], base);
  }
  return null;
}

/** Without a year, a date that has passed this year means next year's. */
function withYear(day: number, month: number, year: string | undefined, base: DateTime): LocalDate | null {
  if (year !== undefined) return build(Number(year), month, day);
  const thisYear = build(base.year, month, day);
  if (thisYear === null) return null;
  return thisYear < (base.toISODate() ?? "") ? build(base.year + 1, month, day) : thisYear;
}
