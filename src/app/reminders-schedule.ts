import { DateTime } from "luxon";
import { addDays, type LocalDate, ZONE } from "../domain/local-date.ts";

// When each reminder about a commitment or a follow-up is due, as instants. A reminder is sent at a local
// hour in Stockholm (so 08:00 stays 08:00 across a daylight-saving change) and is valid until the next
// reminder about the same thing takes over; a scan that runs within that window sends it (once: the
// outbox key names the commitment, the kind and the due date).

export interface FollowThroughSettings {
  /** Days before the due date that the owner is first reminded. */
  reminderLeadDays: number;
  /** Local hour (Stockholm) at which reminders go out. */
  reminderHour: number;
  /** Days before a SIP's follow-up date that the overall-responsible side is reminded. */
  followUpLeadDays: number;
  /** How far back a scan still sends an overdue notice that was missed (the bot was down). */
  catchUpDays: number;
}

export const DEFAULT_FOLLOW_THROUGH: FollowThroughSettings = {
  reminderLeadDays: 2,
  reminderHour: 8,
  followUpLeadDays: 7,
  catchUpDays: 14,
};

export type CommitmentReminderKind = "before" | "due" | "snoozed" | "overdue";

export interface PlannedReminder {
  kind: CommitmentReminderKind;
  /** From this instant on the reminder may be sent ... */
  at: Date;
  /** ... until this one (exclusive); null: no end (an overdue notice waits however late the scan runs). */
  until: Date | null;
  /** The date the reminder is about; part of its outbox key, so a moved due date re-arms the reminders. */
  about: LocalDate;
}

/** The instant of `hour`:00 on a date in Stockholm. */
export function localInstant(date: LocalDate, hour: number): Date {
  return DateTime.fromISO(date, { zone: ZONE })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}

/**
 * The owner's reminders for one commitment. Snoozed until a date S: when S is on or after the due date,
 * one "snoozed" reminder at S replaces all the others; when S is before it, the reminders before S are
 * dropped and the rest keep their times.
 */
export function ownerReminders(
  c: { dueDate: LocalDate; snoozedUntil: LocalDate | null },
  s: FollowThroughSettings,
): PlannedReminder[] {
  const at = (d: LocalDate) => localInstant(d, s.reminderHour);
  const due = c.dueDate;
  const planned: PlannedReminder[] = [];
  if (s.reminderLeadDays > 0)
    planned.push({ kind: "before", at: at(addDays(due, -s.reminderLeadDays)), until: at(due), about: due });
  planned.push({ kind: "due", at: at(due), until: at(addDays(due, 1)), about: due });
  planned.push({ kind: "overdue", at: at(addDays(due, 1)), until: null, about: due });
  const snoozed = c.snoozedUntil;
  if (snoozed === null) return planned;
  if (snoozed >= due) return [{ kind: "snoozed", at: at(snoozed), until: null, about: snoozed }];
  return planned.filter((r) => r.at >= at(snoozed));
}

/** The coordinator hears of an overdue commitment the day after its due date, whatever the owner snoozed. */
export function coordinatorNotice(dueDate: LocalDate, s: FollowThroughSettings): PlannedReminder {
  return {
    kind: "overdue",
    at: localInstant(addDays(dueDate, 1), s.reminderHour),
    until: null,
    about: dueDate,
  };
}

/** The follow-up reminder: `followUpLeadDays` before the date, valid until the day after it. */
export function followUpReminder(date: LocalDate, s: FollowThroughSettings): { at: Date; until: Date } {
  return {
    at: localInstant(addDays(date, -s.followUpLeadDays), s.reminderHour),
    until: localInstant(addDays(date, 1), s.reminderHour),
  };
}

/** Whether a planned reminder should go out at `now` (its window is open and not too old to matter). */
export function isDue(r: { at: Date; until: Date | null }, now: Date, s: FollowThroughSettings): boolean {
  if (now < r.at) return false;
  if (r.until !== null) return now < r.until;
  return now.getTime() - r.at.getTime() < s.catchUpDays * 86_400_000;
}
