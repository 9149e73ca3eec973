import { DateTime } from "luxon";
import { addDays, type LocalDate, stockholmDate, ZONE } from "./local-date.ts";
import { fail, ok, type Result } from "./result.ts";

// The availability poll for a SIP meeting: three-level answers, required and optional participants, the
// rules that pick a time, the answer deadline and the reminders. Pure: the use cases bring the facts.

export const ANSWERS = ["YES", "IF_NEED_BE", "NO"] as const;
export type Answer = (typeof ANSWERS)[number];

export function isAnswer(s: string): s is Answer {
  return (ANSWERS as readonly string[]).includes(s);
}

export interface ParticipantFacts {
  id: string;
  required: boolean;
}

export interface SlotFacts {
  id: string;
  start: Date;
}

export interface VoteFacts {
  slotId: string;
  participantId: string;
  answer: Answer;
}

export interface SlotTally {
  slotId: string;
  start: Date;
  yes: number;
  ifNeedBe: number;
  no: number;
  unanswered: number;
  /** Required participants who answered no. */
  blockers: string[];
  /** Required participants who have not answered for this time. */
  missing: string[];
}

export function tally(
  slots: readonly SlotFacts[],
  participants: readonly ParticipantFacts[],
  votes: readonly VoteFacts[],
): SlotTally[] {
  const byKey = new Map(votes.map((v) => [`${v.slotId}/${v.participantId}`, v.answer]));
  return slots.map((s) => {
    const t: SlotTally = {
      slotId: s.id,
      start: s.start,
      yes: 0,
      ifNeedBe: 0,
      no: 0,
      unanswered: 0,
      blockers: [],
      missing: [],
    };
    for (const p of participants) {
      const a = byKey.get(`${s.id}/${p.id}`);
      if (a === "YES") t.yes++;
      else if (a === "IF_NEED_BE") t.ifNeedBe++;
      else if (a === "NO") t.no++;
      else t.unanswered++;
      if (p.required && a === "NO") t.blockers.push(p.id);
      if (p.required && a === undefined) t.missing.push(p.id);
    }
    return t;
  });
}

export type Choice =
  { kind: "chosen"; slotId: string; ranking: SlotTally[] } | { kind: "none"; blocked: SlotTally[] };

/**
 * The stated rules, in order: every required participant answered yes or if-need-be; then the most yes
 * (optional participants count here); then the fewest if-need-be; then the earliest. No time passes the
 * first rule: the answer says, per time, who blocks it (said no) and who has not answered.
 */
export function choose(
  slots: readonly SlotFacts[],
  participants: readonly ParticipantFacts[],
  votes: readonly VoteFacts[],
): Choice {
  const all = tally(slots, participants, votes);
  const viable = all
    .filter((t) => t.blockers.length === 0 && t.missing.length === 0)
    .sort((a, b) => b.yes - a.yes || a.ifNeedBe - b.ifNeedBe || a.start.getTime() - b.start.getTime());
  const best = viable[0];
  return best === undefined
    ? { kind: "none", blocked: all }
    : { kind: "chosen", slotId: best.slotId, ranking: viable };
}

/** Has the participant answered for every time? Only those who have not are reminded. */
export function hasAnsweredAll(
  participantId: string,
  slots: readonly SlotFacts[],
  votes: readonly VoteFacts[],
): boolean {
  const answered = new Set(votes.filter((v) => v.participantId === participantId).map((v) => v.slotId));
  return slots.every((s) => answered.has(s.id));
}

// ---------- who may take part without being a chat user ----------

/** The person, relatives and representatives, and other organisations: named by role, never by name. */
export type ExternalKind = "PERSON" | "RELATIVE" | "ORGANISATION";

// Role labels staff use (DOMAIN.md, "Who takes part"). Only these are accepted, so that nobody's name is
// stored by way of a free-text participant.
const LABELS: readonly { words: readonly string[]; label: string; kind: ExternalKind }[] = [
  {
    words: ["personen själv", "personen", "den enskilde", "brukaren", "patienten", "the person"],
    label: "personen själv",
    kind: "PERSON",
  },
  {
    words: ["närstående", "anhörig", "anhöriga", "relative", "relatives"],
    label: "närstående",
    kind: "RELATIVE",
  },
  { words: ["vårdnadshavare", "guardian"], label: "vårdnadshavare", kind: "RELATIVE" },
  { words: ["god man"], label: "god man", kind: "RELATIVE" },
  { words: ["förvaltare"], label: "förvaltare", kind: "RELATIVE" },
  { words: ["personligt ombud"], label: "personligt ombud", kind: "RELATIVE" },
  { words: ["försäkringskassan", "fk"], label: "Försäkringskassan", kind: "ORGANISATION" },
  { words: ["arbetsförmedlingen", "af"], label: "Arbetsförmedlingen", kind: "ORGANISATION" },
  { words: ["skolan", "school"], label: "skolan", kind: "ORGANISATION" },
  { words: ["elevhälsan"], label: "elevhälsan", kind: "ORGANISATION" },
  { words: ["frivården"], label: "frivården", kind: "ORGANISATION" },
];

/** "närstående 2" and the like tell two relatives apart without naming them. */
export function parseExternalLabel(raw: string): { kind: ExternalKind; label: string } | null {
  const s = raw.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  const m = /^(.*?)(?: ([2-9]))?$/.exec(s);
  const base = m?.[1] ?? s;
  const n = m?.[2];
  const hit = LABELS.find((l) => l.words.includes(base));
  if (hit === undefined) return null;
  return { kind: hit.kind, label: n === undefined ? hit.label : `${hit.label} ${n}` };
}

export const KNOWN_LABELS: readonly string[] = LABELS.map((l) => l.label);

// ---------- deadlines ----------

/** The last day the first meeting may be held: the region's limit counted from consent. */
export function meetingLimit(consentedOn: LocalDate, limitDays: number): LocalDate {
  return addDays(consentedOn, limitDays);
}

/**
 * The shorter limit at discharge from inpatient care (lag 2017:612; regional rules: the SIP within a few
 * days of the patient being utskrivningsklar). The SIP counts as one from a discharge when a regional
 * inpatient effort ended (or is planned to end) no more than `windowDays` before consent, the window the
 * suggestion rule uses; its end date stands for utskrivningsklar. Null when there is no such discharge.
 */
export function dischargeLimit(
  efforts: readonly { kind: string; principal: string; endDate: LocalDate | null }[],
  inpatientKinds: ReadonlySet<string>,
  consentedOn: LocalDate,
  windowDays: number,
  limitDays: number,
): LocalDate | null {
  const from = addDays(consentedOn, -windowDays);
  const discharges = efforts
    .filter((e) => e.principal === "REGION" && inpatientKinds.has(e.kind))
    .flatMap((e) => (e.endDate !== null && e.endDate >= from ? [e.endDate] : []))
    .sort();
  const latest = discharges[discharges.length - 1];
  return latest === undefined ? null : addDays(latest, limitDays);
}

/** Answers are due by the end of the deadline day in Stockholm (the first instant of the next day). */
export function endOfStockholmDay(date: LocalDate): Date {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ days: 1 }).startOf("day").toJSDate();
}

export type DeadlineProblem = "deadlineInPast" | "deadlineAfterLimit" | "slotBeforeDeadline";

/**
 * The answer deadline must lie ahead, before the region's limit (answers are needed in time to hold the
 * meeting within it), and before the first proposed time (no one can answer for a time already past).
 */
export function checkAnswerDeadline(
  deadline: LocalDate,
  now: Date,
  firstSlot: Date | null,
  limit: LocalDate | null,
): Result<Date, DeadlineProblem> {
  if (deadline < stockholmDate(now)) return fail("deadlineInPast", { date: deadline });
  if (limit !== null && deadline >= limit) return fail("deadlineAfterLimit", { date: deadline, limit });
  const closesAt = endOfStockholmDay(deadline);
  if (firstSlot !== null && firstSlot.getTime() < closesAt.getTime())
    return fail("slotBeforeDeadline", { date: deadline });
  return ok(closesAt);
}

/**
 * The reminder time now due, if any: the latest of the times `hoursBefore` the deadline that has passed,
 * came after the poll was opened, and before the poll closed. A job that was down for a while sends the
 * latest reminder once, not every one it missed.
 */
export function dueReminder(
  openedAt: Date,
  closesAt: Date,
  hoursBefore: readonly number[],
  now: Date,
): Date | null {
  if (now.getTime() >= closesAt.getTime()) return null;
  const due = hoursBefore
    .map((h) => closesAt.getTime() - h * 3_600_000)
    .filter((t) => t > openedAt.getTime() && t <= now.getTime());
  return due.length === 0 ? null : new Date(Math.max(...due));
}
