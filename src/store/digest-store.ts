// Set-based SQL for the weekly digest and the follow-through scans: one statement per group of figures,
// over every unit and every week asked for at once, never a loop of single queries. The meaning of each
// figure is fixed in src/domain/digest.ts and the README ("Weekly digest: definitions").
import type {
  BothPrincipalsPerson,
  FollowThroughStore,
  FollowUpCandidate,
  ReminderCandidate,
} from "../app/digest-ports.ts";
import { type DigestWeek, emptyFigures, type OverdueItem, type UnitWeekFigures } from "../domain/digest.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Principal } from "../domain/principal.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

type Db = PrismaClient | Prisma.TransactionClient;

// The lifecycle order breaks ties between transitions recorded in the same millisecond (a SIP created and
// moved on in one use case): the later state wins.
const STATE_ORDER =
  "array_position(ARRAY['SUGGESTED','CONSENT_PENDING','CONSENTED','SCHEDULING','SCHEDULED','HELD','FOLLOW_UP','CLOSED','DECLINED','WITHDRAWN'], t.to_state::text)";
const ACTIVE = "('CONSENT_PENDING','CONSENTED','SCHEDULING','SCHEDULED','HELD','FOLLOW_UP')";
const LOCAL_DATE = (col: string) => `(${col} AT TIME ZONE 'Europe/Stockholm')::date`;

// Parameters travel as text: the weeks as JSON, the units as an array literal ("{id,id}"). The planner folds
// the array into a constant, so it sees how many units are asked for and uses the unit indexes.
const WEEKS = `w AS (
  SELECT x->>'start' AS wstart, (x->>'from')::timestamptz AS wfrom, (x->>'to')::timestamptz AS wto,
         (x->>'asOf')::date AS asof
    FROM jsonb_array_elements($2::jsonb) AS x)`;
// A SIP belongs to a unit when the unit gives the person an effort, or its staff initiate, chair or take part.
const SIP_UNIT = `sip_unit AS (
  SELECT s.id AS sip_id, e.unit_id FROM sip s JOIN effort e ON e.person_id = s.person_id
   WHERE e.unit_id = ANY($1::uuid[])
  UNION
  SELECT p.sip_id, sp.unit_id FROM participant p JOIN staff_profile sp ON sp.id = p.staff_id
   WHERE sp.unit_id = ANY($1::uuid[])
  UNION
  SELECT s.id, sp.unit_id FROM staff_profile sp JOIN sip s ON s.initiator_id = sp.id
   WHERE sp.unit_id = ANY($1::uuid[])
  UNION
  SELECT s.id, sp.unit_id FROM staff_profile sp JOIN sip s ON s.chair_id = sp.id
   WHERE sp.unit_id = ANY($1::uuid[]))`;

// Persons with any effort from the units: the only ones whose "both principals, no SIP" can count there.
const UNIT_PERSONS = `up AS (SELECT DISTINCT person_id FROM effort WHERE unit_id = ANY($1::uuid[])),
ps AS (
  SELECT s.person_id, t.to_state, t.at,
         lead(t.at) OVER (PARTITION BY t.sip_id ORDER BY t.at, ${STATE_ORDER}) AS next_at
    FROM sip s JOIN sip_transition t ON t.sip_id = s.id WHERE s.person_id IN (SELECT person_id FROM up)),
active_p AS MATERIALIZED (
  SELECT DISTINCT ps.person_id, w.wto FROM ps JOIN w ON ps.at < w.wto AND (ps.next_at IS NULL OR ps.next_at >= w.wto)
   WHERE ps.to_state::text IN ${ACTIVE})`;
// ... and whether the person had an active SIP at the instant b.wto (one hash anti-join, not a loop).
const NO_ACTIVE_SIP =
  "NOT EXISTS (SELECT 1 FROM active_p x WHERE x.person_id = b.person_id AND x.wto = b.wto)";

const EVENTS_SQL = `WITH ${WEEKS}, ${SIP_UNIT},
tr AS (SELECT t.* FROM sip_transition t WHERE t.sip_id IN (SELECT sip_id FROM sip_unit)),
born AS (SELECT sip_id, min(at) AS at FROM tr GROUP BY sip_id),
held AS (
  SELECT t.sip_id, t.at, row_number() OVER (PARTITION BY t.sip_id ORDER BY t.at, t.id) AS nth,
         lag(t.at) OVER (PARTITION BY t.sip_id ORDER BY t.at, t.id) AS prev_at
    FROM tr t WHERE t.to_state = 'HELD'),
ev AS (
  SELECT sip_id, 'suggested' AS kind, at, NULL::int AS days FROM born
  UNION ALL
  SELECT t.sip_id, lower(t.to_state::text), t.at, NULL FROM tr t
   WHERE t.to_state IN ('CONSENTED','SCHEDULED','CLOSED','DECLINED','WITHDRAWN')
  UNION ALL
  SELECT h.sip_id, 'held', h.at, ${LOCAL_DATE("h.at")} - ${LOCAL_DATE("b.at")}
    FROM held h JOIN born b ON b.sip_id = h.sip_id WHERE h.nth = 1
  UNION ALL
  SELECT h.sip_id, 'followedup', h.at, ${LOCAL_DATE("h.at")} - ${LOCAL_DATE("h.prev_at")}
    FROM held h WHERE h.nth > 1)
SELECT su.unit_id::text AS unit_id, w.wstart, ev.kind, count(DISTINCT ev.sip_id)::int AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ev.days)::float8 AS med
  FROM ev JOIN sip_unit su ON su.sip_id = ev.sip_id JOIN w ON ev.at >= w.wfrom AND ev.at < w.wto
 GROUP BY 1, 2, 3`;

// A SIP's state at an instant: the transition before it whose successor (if any) is not before it.
const ACTIVE_SQL = `WITH ${WEEKS}, ${SIP_UNIT},
tr AS (
  SELECT t.sip_id, t.to_state, t.at,
         lead(t.at) OVER (PARTITION BY t.sip_id ORDER BY t.at, ${STATE_ORDER}) AS next_at
    FROM sip_transition t WHERE t.sip_id IN (SELECT sip_id FROM sip_unit))
SELECT su.unit_id::text AS unit_id, w.wstart, count(DISTINCT tr.sip_id)::int AS n
  FROM tr JOIN w ON tr.at < w.wto AND (tr.next_at IS NULL OR tr.next_at >= w.wto)
  JOIN sip_unit su ON su.sip_id = tr.sip_id
 WHERE tr.to_state::text IN ${ACTIVE}
 GROUP BY 1, 2`;

// closed_at: when a commitment that is now done or cancelled was last closed (a reopened and closed again
// commitment counts as open until its last closing).
const COMMITMENTS_SQL = `WITH ${WEEKS},
closed AS (
  SELECT h.commitment_id, max(h.at) AS at FROM commitment_history h
    JOIN commitment c ON c.id = h.commitment_id
   WHERE h.change IN ('DONE','CANCELLED') AND c.status <> 'OPEN' AND c.owner_unit_id = ANY($1::uuid[])
   GROUP BY h.commitment_id),
cm AS (
  SELECT c.owner_unit_id AS unit_id, c.status, c.created_at, c.due_date, cl.at AS closed_at
    FROM commitment c LEFT JOIN closed cl ON cl.commitment_id = c.id
   WHERE c.owner_unit_id = ANY($1::uuid[]))
SELECT cm.unit_id::text AS unit_id, w.wstart,
  count(*) FILTER (WHERE cm.created_at < w.wto AND (cm.closed_at IS NULL OR cm.closed_at >= w.wto))::int AS open,
  count(*) FILTER (WHERE cm.status = 'DONE' AND cm.closed_at >= w.wfrom AND cm.closed_at < w.wto)::int AS done,
  count(*) FILTER (WHERE cm.created_at < w.wto AND (cm.closed_at IS NULL OR cm.closed_at >= w.wto)
                     AND cm.due_date < w.asof)::int AS overdue
  FROM cm CROSS JOIN w
 GROUP BY 1, 2`;

// Persons whose efforts on the week's last day come from both principals, with no SIP active at its end.
const BOTH_SQL = `WITH ${WEEKS}, ${UNIT_PERSONS},
act AS (
  SELECT w.wstart, w.wto, e.person_id, e.unit_id, e.principal FROM w JOIN effort e
    ON e.start_date <= w.asof - 1 AND (e.end_date IS NULL OR e.end_date >= w.asof - 1)
   WHERE e.person_id IN (SELECT person_id FROM up)),
both_p AS (
  SELECT wstart, wto, person_id FROM act GROUP BY wstart, wto, person_id
  HAVING bool_or(principal = 'MUNICIPALITY') AND bool_or(principal = 'REGION')),
nosip AS (
  SELECT b.* FROM both_p b WHERE ${NO_ACTIVE_SIP})
SELECT a.unit_id::text AS unit_id, n.wstart, count(DISTINCT n.person_id)::int AS n
  FROM nosip n JOIN act a ON a.person_id = n.person_id AND a.wstart = n.wstart
 WHERE a.unit_id = ANY($1::uuid[])
 GROUP BY 1, 2`;

const BOTH_PERSONS_SQL = `WITH ${WEEKS}, ${UNIT_PERSONS},
act AS (
  SELECT w.wto, e.person_id, e.unit_id, e.principal FROM w JOIN effort e
    ON e.start_date <= w.asof - 1 AND (e.end_date IS NULL OR e.end_date >= w.asof - 1)
   WHERE e.person_id IN (SELECT person_id FROM up)),
both_p AS (
  SELECT wto, person_id FROM act GROUP BY wto, person_id
  HAVING bool_or(principal = 'MUNICIPALITY') AND bool_or(principal = 'REGION'))
SELECT DISTINCT a.unit_id::text AS unit_id, p.id::text AS person_id, p.ref
  FROM both_p b JOIN act a ON a.person_id = b.person_id JOIN person p ON p.id = b.person_id
 WHERE a.unit_id = ANY($1::uuid[]) AND ${NO_ACTIVE_SIP}
 ORDER BY p.ref LIMIT $3::int`;

// Polls still open at the week's end (not closed, booked or replaced before it) where a required
// participant had not answered by then.
const POLLS_SQL = `WITH ${WEEKS}, ${SIP_UNIT}
SELECT su.unit_id::text AS unit_id, w.wstart, count(DISTINCT mp.id)::int AS n
  FROM meeting_poll mp JOIN sip_unit su ON su.sip_id = mp.sip_id
  JOIN w ON mp.created_at < w.wto AND (mp.closed_at IS NULL OR mp.closed_at >= w.wto)
 WHERE EXISTS (SELECT 1 FROM poll_participant pp WHERE pp.poll_id = mp.id AND pp.required
                 AND (pp.answered_at IS NULL OR pp.answered_at >= w.wto))
 GROUP BY 1, 2`;

const OVERDUE_SQL = `WITH ${WEEKS}
SELECT c.number, c.owner_unit_id::text AS unit_id, c.principal::text AS principal,
       c.due_date::text AS due_date, (w.asof - 1 - c.due_date)::int AS days_overdue, p.ref AS person_ref
  FROM commitment c CROSS JOIN w
  JOIN sip s ON s.id = c.sip_id JOIN person p ON p.id = s.person_id
 WHERE c.owner_unit_id = ANY($1::uuid[]) AND c.created_at < w.wto AND c.due_date < w.asof
   AND (c.status = 'OPEN' OR (
        SELECT max(h.at) FROM commitment_history h
         WHERE h.commitment_id = c.id AND h.change IN ('DONE','CANCELLED')) >= w.wto)
 ORDER BY c.due_date, c.number LIMIT $3::int`;

const JIT_OFF = "SET LOCAL jit = off";
const ANALYTIC_TIMEOUT_MS = 300_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function unitsParam(unitIds: readonly string[]): string {
  for (const id of unitIds) if (!UUID.test(id)) throw new Error("digest: a unit id is not a UUID");
  return `{${unitIds.join(",")}}`;
}

function weeksParam(weeks: readonly DigestWeek[]): string {
  return JSON.stringify(
    weeks.map((w) => ({ start: w.start, from: w.from.toISOString(), to: w.to.toISOString(), asOf: w.asOf })),
  );
}

interface CountRow {
  unit_id: string;
  wstart: string;
  n: number;
}

export class DigestSql implements FollowThroughStore {
  private readonly db: Db;
  private readonly root: PrismaClient | null;
  /** `db` is the client itself, or (with `inTransaction`) the transaction the store is bound to. */
  constructor(db: Db, inTransaction = false) {
    this.db = db;
    this.root = inTransaction ? null : (db as PrismaClient);
  }

  private q<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return this.db.$queryRawUnsafe<T[]>(sql, ...params);
  }

  /**
   * A digest read with PostgreSQL's JIT off. The planner cannot know how many units the JSON list holds,
   * its cost estimates cross the JIT threshold, and compiling then takes 100-200 ms per statement for a
   * query that runs in a few: the JIT made a one-unit digest 50 times slower in the benchmark.
   */
  private async analytic<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    if (this.root !== null) {
      const root = this.root;
      const [, rows] = await root.$transaction(
        [
          root.$executeRawUnsafe(JIT_OFF),
          root.$queryRawUnsafe<T[]>(sql, ...params),
          // An export of every unit at municipal scale takes seconds, not Prisma's default of 5.
        ],
        { timeout: ANALYTIC_TIMEOUT_MS },
      );
      return rows;
    }
    // Already in the caller's transaction: the setting lasts until it ends.
    await this.db.$executeRawUnsafe(JIT_OFF);
    return this.db.$queryRawUnsafe<T[]>(sql, ...params);
  }

  async digestFigures(unitIds: readonly string[], weeks: readonly DigestWeek[]): Promise<UnitWeekFigures[]> {
    const units = unitsParam(unitIds);
    const w = weeksParam(weeks);
    // One after the other: inside a transaction (and on PGlite) there is one connection anyway.
    const events = await this.analytic<CountRow & { kind: string; med: number | null }>(EVENTS_SQL, units, w);
    const active = await this.analytic<CountRow>(ACTIVE_SQL, units, w);
    const commitments = await this.analytic<{
      unit_id: string;
      wstart: string;
      open: number;
      done: number;
      overdue: number;
    }>(COMMITMENTS_SQL, units, w);
    const both = await this.analytic<CountRow>(BOTH_SQL, units, w);
    const polls = await this.analytic<CountRow>(POLLS_SQL, units, w);

    const byKey = new Map<string, UnitWeekFigures>();
    for (const unitId of unitIds)
      for (const week of weeks) byKey.set(`${unitId}|${week.start}`, emptyFigures(unitId, week.start));
    const at = (unit: string, week: string) => byKey.get(`${unit}|${week}`);
    for (const r of events) {
      const f = at(r.unit_id, r.wstart);
      if (f === undefined) continue;
      const n = Number(r.n);
      switch (r.kind) {
        case "suggested":
          f.sipsSuggested = n;
          break;
        case "consented":
          f.sipsConsented = n;
          break;
        case "scheduled":
          f.sipsScheduled = n;
          break;
        case "held":
          f.sipsHeld = n;
          f.medianDaysToMeeting = r.med === null ? null : Number(r.med);
          break;
        case "followedup":
          f.sipsFollowedUp = n;
          f.medianDaysToFollowUp = r.med === null ? null : Number(r.med);
          break;
        case "closed":
          f.sipsClosed = n;
          break;
        case "declined":
          f.sipsDeclined = n;
          break;
        case "withdrawn":
          f.sipsWithdrawn = n;
          break;
      }
    }
    for (const r of active) {
      const f = at(r.unit_id, r.wstart);
      if (f !== undefined) f.sipsActive = Number(r.n);
    }
    for (const r of commitments) {
      const f = at(r.unit_id, r.wstart);
      if (f === undefined) continue;
      f.commitmentsOpen = Number(r.open);
      f.commitmentsDone = Number(r.done);
      f.commitmentsOverdue = Number(r.overdue);
    }
    for (const r of both) {
      const f = at(r.unit_id, r.wstart);
      if (f !== undefined) f.bothPrincipalsNoSip = Number(r.n);
    }
    for (const r of polls) {
      const f = at(r.unit_id, r.wstart);
      if (f !== undefined) f.pollsWithoutAnswers = Number(r.n);
    }
    return [...byKey.values()];
  }

  async overdueCommitments(
    unitIds: readonly string[],
    week: DigestWeek,
    limit: number,
  ): Promise<OverdueItem[]> {
    const rows = await this.analytic<{
      number: number;
      unit_id: string;
      principal: Principal;
      due_date: string;
      days_overdue: number;
      person_ref: string;
    }>(OVERDUE_SQL, unitsParam(unitIds), weeksParam([week]), limit);
    return rows.map((r) => ({
      number: Number(r.number),
      unitId: r.unit_id,
      principal: r.principal,
      dueDate: r.due_date,
      daysOverdue: Number(r.days_overdue),
      personRef: r.person_ref,
    }));
  }

  async bothPrincipalsWithoutSip(
    unitIds: readonly string[],
    week: DigestWeek,
    limit: number,
  ): Promise<BothPrincipalsPerson[]> {
    const rows = await this.analytic<{ unit_id: string; person_id: string; ref: string }>(
      BOTH_PERSONS_SQL,
      unitsParam(unitIds),
      weeksParam([week]),
      limit,
    );
    return rows.map((r) => ({ unitId: r.unit_id, personId: r.person_id, ref: r.ref }));
  }

  async reminderCandidates(from: LocalDate, until: LocalDate): Promise<ReminderCandidate[]> {
    const rows = await this.q<{
      id: string;
      number: number;
      what: string;
      due_date: string;
      snoozed_until: string | null;
      owner_staff_id: string;
      sip_id: string;
      person_ref: string;
      coordinator_id: string | null;
      sip_state: string;
    }>(
      `SELECT c.id::text, c.number, c.what, c.due_date::text AS due_date, c.snoozed_until::text AS snoozed_until,
              c.owner_staff_id::text AS owner_staff_id, c.sip_id::text AS sip_id, p.ref AS person_ref,
              COALESCE(s.chair_id, s.initiator_id)::text AS coordinator_id, s.state::text AS sip_state
         FROM commitment c JOIN sip s ON s.id = c.sip_id JOIN person p ON p.id = s.person_id
        WHERE c.status = 'OPEN' AND c.due_date IS NOT NULL AND c.owner_staff_id IS NOT NULL
          AND (c.due_date BETWEEN $1::date AND $2::date OR c.snoozed_until BETWEEN $1::date AND $2::date)
        ORDER BY c.due_date, c.number`,
      from,
      until,
    );
    return rows.map((r) => ({
      commitmentId: r.id,
      number: Number(r.number),
      what: r.what,
      dueDate: r.due_date,
      snoozedUntil: r.snoozed_until,
      ownerStaffId: r.owner_staff_id,
      sipId: r.sip_id,
      personRef: r.person_ref,
      coordinatorId: r.coordinator_id,
      sipState: r.sip_state as ReminderCandidate["sipState"],
    }));
  }

  async followUpCandidates(from: LocalDate, until: LocalDate): Promise<FollowUpCandidate[]> {
    const rows = await this.q<{
      sip_id: string;
      person_ref: string;
      follow_up_date: string;
      overall_principal: "REGION" | "MUNICIPALITY" | null;
      state: string;
    }>(
      `SELECT s.id::text AS sip_id, p.ref AS person_ref, s.follow_up_date::text AS follow_up_date,
              s.overall_principal::text AS overall_principal, s.state::text AS state
         FROM sip s JOIN person p ON p.id = s.person_id
        WHERE s.follow_up_date BETWEEN $1::date AND $2::date
          AND s.state::text IN ('CONSENTED','SCHEDULING','SCHEDULED','HELD','FOLLOW_UP')
        ORDER BY s.follow_up_date, p.ref`,
      from,
      until,
    );
    return rows.map((r) => ({
      sipId: r.sip_id,
      personRef: r.person_ref,
      followUpDate: r.follow_up_date,
      overallPrincipal: r.overall_principal,
      sipState: r.state as FollowUpCandidate["sipState"],
    }));
  }

  async snoozeCommitment(id: string, until: LocalDate | null, actorId: string, at: Date): Promise<void> {
    await this.q(
      `WITH upd AS (UPDATE commitment SET snoozed_until = $2::date, updated_at = $4::timestamptz WHERE id = $1::uuid RETURNING id)
       INSERT INTO commitment_history (id, commitment_id, change, detail, actor_id, at)
       SELECT gen_random_uuid(), id, 'SNOOZED', jsonb_build_object('until', $2::text), $3::uuid, $4::timestamptz FROM upd`,
      id,
      until,
      actorId,
      at.toISOString(),
    );
  }

  async reassignCommitment(
    id: string,
    owner: { staffId: string; unitId: string | null },
    actorId: string,
    at: Date,
  ): Promise<void> {
    await this.q(
      `WITH old AS (SELECT owner_staff_id FROM commitment WHERE id = $1::uuid),
       upd AS (UPDATE commitment SET owner_staff_id = $2::uuid, owner_unit_id = $3::uuid, snoozed_until = NULL,
                      updated_at = $5::timestamptz WHERE id = $1::uuid RETURNING id)
       INSERT INTO commitment_history (id, commitment_id, change, detail, actor_id, at)
       SELECT gen_random_uuid(), upd.id, 'REASSIGNED',
              jsonb_build_object('from', (SELECT owner_staff_id::text FROM old), 'to', $2::text), $4::uuid,
              $5::timestamptz
         FROM upd`,
      id,
      owner.staffId,
      owner.unitId,
      actorId,
      at.toISOString(),
    );
  }

  async changeCommitmentDue(id: string, due: LocalDate, actorId: string, at: Date): Promise<void> {
    await this.q(
      `WITH old AS (SELECT due_date FROM commitment WHERE id = $1::uuid),
       upd AS (UPDATE commitment SET due_date = $2::date, snoozed_until = NULL, updated_at = $4::timestamptz
                WHERE id = $1::uuid RETURNING id)
       INSERT INTO commitment_history (id, commitment_id, change, detail, actor_id, at)
       SELECT gen_random_uuid(), upd.id, 'DUE_CHANGED',
              jsonb_build_object('from', (SELECT due_date::text FROM old), 'to', $2::text), $3::uuid,
              $4::timestamptz
         FROM upd`,
      id,
      due,
      actorId,
      at.toISOString(),
    );
  }

  async snoozedUntil(id: string): Promise<LocalDate | null> {
    const rows = await this.q<{ s: string | null }>(
      "SELECT snoozed_until::text AS s FROM commitment WHERE id = $1::uuid",
      id,
    );
    return rows[0]?.s ?? null;
  }

  async outboxKeyTaken(dedupeKey: string): Promise<boolean> {
    const rows = await this.q<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox_message WHERE dedupe_key = $1",
      dedupeKey,
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }

  async sipGoals(sipId: string): Promise<string[]> {
    const rows = await this.q<{ goals: string[] | null }>("SELECT goals FROM sip WHERE id = $1::uuid", sipId);
    return rows[0]?.goals ?? [];
  }

  async addSipGoal(sipId: string, goal: string, max: number): Promise<boolean> {
    // One statement: two staff adding goals at once cannot together pass the limit.
    const rows = await this.q<{ id: string }>(
      `UPDATE sip SET goals = array_append(goals, $2), updated_at = now()
        WHERE id = $1::uuid AND cardinality(goals) < $3::int RETURNING id::text`,
      sipId,
      goal,
      max,
    );
    return rows.length === 1;
  }
}
