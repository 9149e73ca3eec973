import type { DigestWeek, FigureKey, OverdueItem, Trend, UnitWeekFigures } from "../domain/digest.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Principal, SipPrincipal } from "../domain/principal.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";

// What the follow-through use cases (weekly digest, reminders, snooze and reassignment) need from the
// store beyond the Store port: set-based reads over many units and weeks at once, and the few writes on a
// commitment that keep its history. Reached as `store.followThrough`, bound to the caller's transaction.

/** An open commitment with a due date and a staff owner: what the reminder scan looks at. */
export interface ReminderCandidate {
  commitmentId: string;
  number: number;
  what: string;
  dueDate: LocalDate;
  snoozedUntil: LocalDate | null;
  ownerStaffId: string;
  sipId: string;
  personRef: string;
  /** The SIP's chair, or its initiator when no chair is named: who hears of overdue commitments. */
  coordinatorId: string | null;
  sipState: SipState;
}

export interface FollowUpCandidate {
  sipId: string;
  personRef: string;
  followUpDate: LocalDate;
  overallPrincipal: SipPrincipal | null;
  sipState: SipState;
}

export interface BothPrincipalsPerson {
  unitId: string;
  personId: string;
  ref: string;
}

export interface FollowThroughStore {
  /** Figures for every unit and week asked for (a row for each pair, zeros where nothing happened). */
  digestFigures(unitIds: readonly string[], weeks: readonly DigestWeek[]): Promise<UnitWeekFigures[]>;
  /** Commitments open and overdue at the week's end, oldest due date first. */
  overdueCommitments(unitIds: readonly string[], week: DigestWeek, limit: number): Promise<OverdueItem[]>;
  /** Persons counted in bothPrincipalsNoSip for the week (before any consent check), by reference. */
  bothPrincipalsWithoutSip(
    unitIds: readonly string[],
    week: DigestWeek,
    limit: number,
  ): Promise<BothPrincipalsPerson[]>;
  /** Open commitments with a staff owner due, or snoozed until, a date in [from, until]. */
  reminderCandidates(from: LocalDate, until: LocalDate): Promise<ReminderCandidate[]>;
  /** SIPs in force whose follow-up date lies in [from, until]. */
  followUpCandidates(from: LocalDate, until: LocalDate): Promise<FollowUpCandidate[]>;
  /** Sets (or with null clears) the date reminders wait for; recorded in the commitment's history. */
  snoozeCommitment(id: string, until: LocalDate | null, actorId: string, at: Date): Promise<void>;
  /** Gives the commitment to another staff member (and their unit); recorded in its history. */
  reassignCommitment(
    id: string,
    owner: { staffId: string; unitId: string | null },
    actorId: string,
    at: Date,
  ): Promise<void>;
  /** Moves the due date; recorded in the commitment's history. */
  changeCommitmentDue(id: string, due: LocalDate, actorId: string, at: Date): Promise<void>;
  snoozedUntil(id: string): Promise<LocalDate | null>;
  /** The person's own goals recorded in a SIP, oldest first. */
  sipGoals(sipId: string): Promise<string[]>;
  /** Adds a goal unless the SIP has `max` already; false when it was full. */
  addSipGoal(sipId: string, goal: string, max: number): Promise<boolean>;
  /** Whether an outbox entry with this key exists (so a retried run can skip work already done). */
  outboxKeyTaken(dedupeKey: string): Promise<boolean>;
}

/** A unit as the digest names it (the same fields as UnitRecord). */
export interface DigestUnit {
  id: string;
  name: string;
  principal: Principal;
}

export interface DigestUnitSection {
  unit: DigestUnit;
  /** The reported week's figures. */
  current: UnitWeekFigures;
  /** The four weeks before, oldest first. */
  previous: UnitWeekFigures[];
  trends: Record<FigureKey, Trend>;
  /** Open commitments overdue at the week's end, oldest due date first. */
  overdue: OverdueItem[];
  /** References of persons counted in bothPrincipalsNoSip whose consent covers both principals. */
  bothPrincipalsRefs: string[];
}

export interface Digest {
  week: DigestWeek;
  units: DigestUnitSection[];
  /** Sums over the units, by principal (medians are per unit only). */
  byPrincipal: { principal: Principal; current: UnitWeekFigures }[];
  /** Polls waiting for answers at the week's end, summed over the units. */
  pollsWithoutAnswers: number | null;
}

export interface DigestChart {
  pngBase64: string;
  altText: string;
}

/** Draws the trend chart of a digest in the reader's language (src/report implements it). */
export interface DigestChartPort {
  render(digest: Digest, locale: "sv" | "en"): Promise<DigestChart>;
}
