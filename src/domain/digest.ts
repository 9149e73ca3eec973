import { DateTime } from "luxon";
import { type LocalDate, ZONE } from "./local-date.ts";
import type { Principal } from "./principal.ts";

// The weekly collaboration digest: what each figure means, fixed in one place so that the numbers mean
// the same in chat, in `sip digest --json` and in the README ("Weekly digest: definitions"). The store
// counts (set-based SQL); this file says over which instants, and how the trend is judged.

/** A digest week: Monday 00:00 to the next Monday 00:00 in Stockholm (so 167 or 169 hours at a DST change). */
export interface DigestWeek {
  /** The Monday the week starts on. */
  start: LocalDate;
  from: Date;
  /** Exclusive end: the next Monday 00:00 in Stockholm; "now" for figures that describe a state. */
  to: Date;
  /** The calendar date of `to` (the next Monday): a commitment due before it and still open is overdue. */
  asOf: LocalDate;
  /** ISO week number, e.g. 47, for headings. */
  isoWeek: number;
}

/** How many earlier weeks the trend compares with. */
export const TREND_WEEKS = 4;

export function digestWeek(start: LocalDate): DigestWeek {
  const monday = DateTime.fromISO(start, { zone: ZONE }).startOf("week");
  const next = monday.plus({ weeks: 1 });
  return {
    start: monday.toISODate() ?? start,
    from: monday.toJSDate(),
    to: next.toJSDate(),
    asOf: next.toISODate() ?? start,
    isoWeek: monday.weekNumber,
  };
}

/** The last complete week before the instant: what a Monday-morning digest reports. */
export function lastCompleteWeek(now: Date): DigestWeek {
  const thisMonday = DateTime.fromJSDate(now, { zone: ZONE }).startOf("week");
  return digestWeek(thisMonday.minus({ weeks: 1 }).toISODate() ?? "");
}

/** The reported week and the TREND_WEEKS before it, oldest first. */
export function trendWeeks(week: DigestWeek): DigestWeek[] {
  const monday = DateTime.fromISO(week.start, { zone: ZONE });
  return Array.from({ length: TREND_WEEKS + 1 }, (_, i) =>
    digestWeek(monday.minus({ weeks: TREND_WEEKS - i }).toISODate() ?? week.start),
  );
}

/** Parses "2026-W47", "47", "v47" (in the year of `today`) or a date (its Monday); null otherwise. */
export function parseDigestWeek(text: string, today: LocalDate): DigestWeek | null {
  const s = text.trim().toLowerCase();
  if (s.length > 12) return null;
  const iso = /^(\d{4})-?w(\d{1,2})$/.exec(s);
  const short = /^(?:v|w|vecka\s*)?(\d{1,2})$/.exec(s);
  const year = iso ? Number(iso[1]) : DateTime.fromISO(today, { zone: ZONE }).weekYear;
  const num = iso ? Number(iso[2]) : short ? Number(short[1]) : null;
  if (num !== null) {
    const d = DateTime.fromObject({ weekYear: year, weekNumber: num, weekday: 1 }, { zone: ZONE });
    if (!d.isValid || d.weekNumber !== num) return null;
    return digestWeek(d.toISODate() ?? "");
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: ZONE }).isValid) return digestWeek(s);
  return null;
}

/**
 * One unit's figures for one week. Every count is defined in the README; in short:
 * - a SIP belongs to a unit when the unit gives the person an effort, or its staff initiate, chair or
 *   take part in the SIP;
 * - "suggested" is the SIP coming into being (suggested by the bot or started by staff);
 * - "held" is the first meeting (the first move to HELD); "followed up" a later move to HELD;
 * - "active" is the state at the week's end being one of CONSENT_PENDING ... FOLLOW_UP;
 * - commitments count for their owning unit; "overdue" is open at the week's end with a due date before it.
 */
export interface UnitWeekFigures {
  unitId: string;
  weekStart: LocalDate;
  sipsSuggested: number;
  sipsConsented: number;
  sipsScheduled: number;
  sipsHeld: number;
  sipsFollowedUp: number;
  sipsClosed: number;
  sipsDeclined: number;
  sipsWithdrawn: number;
  sipsActive: number;
  /** Median calendar days from the SIP coming into being to its first meeting, for first meetings this week. */
  medianDaysToMeeting: number | null;
  /** Median calendar days from one meeting to the next (the follow-up), for follow-ups held this week. */
  medianDaysToFollowUp: number | null;
  commitmentsOpen: number;
  commitmentsDone: number;
  commitmentsOverdue: number;
  /** Persons with active efforts of both principals from this unit's view and no active SIP. */
  bothPrincipalsNoSip: number;
  /** Availability polls of the unit's SIPs open at the week's end with a required participant yet to answer. */
  pollsWithoutAnswers: number;
}

export const FIGURE_KEYS = [
  "sipsSuggested",
  "sipsConsented",
  "sipsScheduled",
  "sipsHeld",
  "sipsFollowedUp",
  "sipsClosed",
  "sipsDeclined",
  "sipsWithdrawn",
  "sipsActive",
  "commitmentsOpen",
  "commitmentsDone",
  "commitmentsOverdue",
  "bothPrincipalsNoSip",
  "pollsWithoutAnswers",
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export function emptyFigures(unitId: string, weekStart: LocalDate): UnitWeekFigures {
  return {
    unitId,
    weekStart,
    sipsSuggested: 0,
    sipsConsented: 0,
    sipsScheduled: 0,
    sipsHeld: 0,
    sipsFollowedUp: 0,
    sipsClosed: 0,
    sipsDeclined: 0,
    sipsWithdrawn: 0,
    sipsActive: 0,
    medianDaysToMeeting: null,
    medianDaysToFollowUp: null,
    commitmentsOpen: 0,
    commitmentsDone: 0,
    commitmentsOverdue: 0,
    bothPrincipalsNoSip: 0,
    pollsWithoutAnswers: 0,
  };
}

/** The middle value (the mean of the two middle ones for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export type TrendDirection = "up" | "down" | "flat";

export interface Trend {
  current: number;
  /** Mean of the previous weeks, to one decimal. */
  previousMean: number;
  direction: TrendDirection;
}

/**
 * The week against the mean of the weeks before it. "flat" when the difference is under 10 % of the
 * mean (and under one): a change of one SIP in a small unit is not a trend.
 */
export function trendOf(current: number, previous: readonly number[]): Trend {
  const mean = previous.length === 0 ? current : previous.reduce((a, b) => a + b, 0) / previous.length;
  const diff = current - mean;
  const flat = Math.abs(diff) < Math.max(1, Math.abs(mean) * 0.1);
  return {
    current,
    previousMean: Math.round(mean * 10) / 10,
    direction: flat ? "flat" : diff > 0 ? "up" : "down",
  };
}

/** Sums unit figures (medians cannot be summed: the total's medians are left to the store). */
export function sumFigures(
  unitId: string,
  weekStart: LocalDate,
  rows: readonly UnitWeekFigures[],
): UnitWeekFigures {
  const total = emptyFigures(unitId, weekStart);
  for (const r of rows) for (const k of FIGURE_KEYS) total[k] += r[k];
  return total;
}

/** An overdue commitment as a manager sees it: its number, owner unit, due date, and the person's reference. */
export interface OverdueItem {
  number: number;
  unitId: string;
  principal: Principal;
  dueDate: LocalDate;
  daysOverdue: number;
  personRef: string;
}

/** Whole days from one calendar date to another, in Stockholm. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = DateTime.fromISO(from, { zone: ZONE });
  const b = DateTime.fromISO(to, { zone: ZONE });
  return Math.round(b.diff(a, "days").days);
}
