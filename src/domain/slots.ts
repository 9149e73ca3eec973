import { DateTime } from "luxon";
import { addDays, type LocalDate, ZONE } from "./local-date.ts";
import { fail, ok, type Result } from "./result.ts";

// Candidate times for a SIP meeting. Every rule is judged on the wall clock in Stockholm (weekday, working
// hours, public holidays), and every instant is a Date, so a meeting at 09:00 stays at 09:00 across the
// change to and from summer time, whatever zone the server runs in.

export interface Slot {
  start: Date;
  end: Date;
}

export interface WorkingHours {
  /** "08:00": the earliest a meeting may start. */
  start: string;
  /** "16:30": the latest a meeting may end. */
  end: string;
}

export interface SlotRules {
  workingHours: WorkingHours;
  durationMinutes: number;
  /** True for a day when offices are closed (public holidays, and eves such as julafton). */
  isHoliday: (date: LocalDate) => boolean;
}

export type SlotProblem = "inPast" | "weekend" | "holiday" | "outsideHours" | "afterLimit";

const CLOCK = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** Minutes after midnight for "HH:MM" (or "HH.MM"); null when it is not a time of day. */
export function clockMinutes(time: string): number | null {
  const m = CLOCK.exec(time.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * The instant of a wall-clock time in Stockholm. Null for a time that does not exist there (the hour
 * skipped when summer time starts) and for malformed input; an ambiguous time (the hour repeated in
 * October) is the first of the two, as luxon and calendars read it.
 */
export function stockholmInstant(date: LocalDate, time: string): Date | null {
  const minutes = clockMinutes(time);
  if (minutes === null) return null;
  const day = DateTime.fromISO(date, { zone: ZONE });
  if (!day.isValid) return null;
  const at = day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
  // luxon moves a non-existent time forward; such a time was never on anyone's clock.
  if (at.hour * 60 + at.minute !== minutes || at.toISODate() !== date) return null;
  return at.toJSDate();
}

export function isWorkday(date: LocalDate, isHoliday: (date: LocalDate) => boolean): boolean {
  const day = DateTime.fromISO(date, { zone: ZONE });
  return day.isValid && day.weekday <= 5 && !isHoliday(date);
}

/** Whether a meeting starting at `start` keeps every rule; `limit` is the last day it may be held. */
export function checkSlot(
  start: Date,
  rules: SlotRules,
  now: Date,
  limit: LocalDate | null,
): Result<Slot, SlotProblem> {
  const local = DateTime.fromJSDate(start, { zone: ZONE });
  const date = local.toISODate() ?? "";
  const end = new Date(start.getTime() + rules.durationMinutes * 60_000);
  if (start.getTime() <= now.getTime()) return fail("inPast", { date });
  if (local.weekday > 5) return fail("weekend", { date });
  if (rules.isHoliday(date)) return fail("holiday", { date });
  const from = clockMinutes(rules.workingHours.start) ?? 0;
  const to = clockMinutes(rules.workingHours.end) ?? 24 * 60;
  const localEnd = DateTime.fromJSDate(end, { zone: ZONE });
  const startMinutes = local.hour * 60 + local.minute;
  const endMinutes = localEnd.toISODate() === date ? localEnd.hour * 60 + localEnd.minute : 24 * 60;
  if (startMinutes < from || endMinutes > to)
    return fail("outsideHours", { date, from: rules.workingHours.start, to: rules.workingHours.end });
  if (limit !== null && date > limit) return fail("afterLimit", { date, limit });
  return ok({ start, end });
}

export interface CandidateOptions {
  from: LocalDate;
  /** The last day a candidate may fall on (inclusive). */
  until: LocalDate;
  count: number;
  /** Preferred start times ("09:00", "13:00"), tried in turn so that candidates vary over the day. */
  startTimes: readonly string[];
  rules: SlotRules;
  now: Date;
  /** Times already proposed (a new round offers others). */
  exclude?: readonly Date[];
}

// A candidate window longer than this is not a meeting plan; it also bounds the loop.
const MAX_WINDOW_DAYS = 366;

/**
 * Proposes up to `count` times between `from` and `until`: one per working day first, each day at the next
 * preferred start time, so that the times spread over days and over morning and afternoon (someone who
 * works only mornings, or is away one day, can still say yes to some); then more per day if days run out.
 */
export function candidateSlots(o: CandidateOptions): Slot[] {
  const days: LocalDate[] = [];
  for (let d = o.from, i = 0; d <= o.until && i < MAX_WINDOW_DAYS; d = addDays(d, 1), i++) {
    if (isWorkday(d, o.rules.isHoliday)) days.push(d);
  }
  const taken = new Set((o.exclude ?? []).map((d) => d.getTime()));
  const out: Slot[] = [];
  const n = o.startTimes.length;
  for (let pass = 0; pass < n && out.length < o.count; pass++) {
    for (const [k, day] of days.entries()) {
      if (out.length >= o.count) break;
      const time = o.startTimes[(k + pass) % n];
      if (time === undefined) continue;
      const start = stockholmInstant(day, time);
      if (start === null || taken.has(start.getTime())) continue;
      const checked = checkSlot(start, o.rules, o.now, o.until);
      if (!checked.ok) continue;
      taken.add(start.getTime());
      out.push(checked.value);
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}
