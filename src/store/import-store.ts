import type {
  Candidate,
  CandidateScope,
  ImportCounts,
  ImportFormat,
  ImportRow,
  ImportRunRecord,
  ImportStore,
  OverlapRules,
  Rejection,
} from "../app/import-ports.ts";
import type { CandidateReason } from "../domain/overlap.ts";
import { FINAL_SIP_STATES } from "../domain/sip-lifecycle.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

// Set-based SQL for imports: each batch is a handful of statements over the whole batch (rows travel as one
// JSON parameter and come apart in json_to_recordset), never one query per row. Overlap detection is one
// query that applies the rule of src/domain/overlap.ts to every person in scope; a test compares the two.

type Db = PrismaClient | Prisma.TransactionClient;

// A run keeps its first rejections for the audit and the summary; beyond that only the count grows.
const MAX_STORED_REJECTIONS = 1000;
// New references for imported persons: 6 characters (about a billion) keep collisions rare at a few
// hundred thousand persons; a collision only means one more round.
const PERSON_ROUNDS = 6;

interface RunRow {
  id: string;
  source: string;
  format: string;
  status: string;
  position: number;
  added: number;
  updated: number;
  ended: number;
  unchanged: number;
  rejected: number;
}

interface ExistingEffort {
  id: string;
  external_id: string;
  person_id: string;
  kind: string;
  principal: string;
  unit_id: string | null;
  start_date: string;
  end_date: string | null;
}

const RUN_COLUMNS = `id::text, source, format, status, position, added, updated, ended, unchanged, rejected`;

function runFromRow(r: RunRow): ImportRunRecord {
  return {
    id: r.id,
    source: r.source,
    format: r.format === "FHIR" ? "FHIR" : "CSV",
    status: r.status === "COMPLETED" ? "COMPLETED" : r.status === "FAILED" ? "FAILED" : "RUNNING",
    position: r.position,
    added: r.added,
    updated: r.updated,
    ended: r.ended,
    unchanged: r.unchanged,
    rejected: r.rejected,
  };
}

const FINAL_STATES_SQL = FINAL_SIP_STATES.map((s) => `'${s}'`).join(", ");

/**
 * The candidate rule in SQL. Parameters: $1 today, $2 discharge window start, $3 quiet days, $4 inpatient
 * kinds (JSON array), then the scope's. Efforts that ended before the window cannot make anyone a candidate,
 * so they are left out before grouping.
 */
function candidatesSql(scope: CandidateScope): string {
  const scoped =
    scope === "all" ? "" : `AND e.person_id IN (SELECT person_id FROM effort WHERE import_run_id = $5::uuid)`;
  return `
    facts AS (
      SELECT e.person_id,
             bool_or(e.principal = 'MUNICIPALITY' AND e.start_date <= $1::date
                     AND (e.end_date IS NULL OR e.end_date >= $1::date)) AS municipal,
             bool_or(e.principal = 'REGION' AND e.start_date <= $1::date
                     AND (e.end_date IS NULL OR e.end_date >= $1::date)) AS regional,
             bool_or(e.principal = 'REGION' AND e.kind IN (SELECT json_array_elements_text($4::json))
                     AND e.end_date >= $2::date AND e.end_date <= $1::date) AS discharged
        FROM effort e
       WHERE (e.end_date IS NULL OR e.end_date >= $2::date) ${scoped}
       GROUP BY e.person_id
    ),
    cand AS (
      SELECT f.person_id, p.ref,
             CASE WHEN f.regional THEN 'BOTH_PRINCIPALS' ELSE 'DISCHARGE' END AS reason
        FROM facts f JOIN person p ON p.id = f.person_id
       WHERE f.municipal AND (f.regional OR f.discharged)
         AND NOT EXISTS (
               SELECT 1 FROM sip s
                WHERE s.person_id = f.person_id
                  AND (s.state NOT IN (${FINAL_STATES_SQL})
                       OR (s.state IN ('DECLINED', 'WITHDRAWN') AND s.closed_at IS NOT NULL
                           AND (s.closed_at AT TIME ZONE 'Europe/Stockholm')::date + $3::int > $1::date)))
    )`;
}

function candidateParams(scope: CandidateScope, rules: OverlapRules): unknown[] {
  const base = [
    rules.today,
    rules.dischargeWindowStart,
    rules.dismissQuietDays,
    JSON.stringify(rules.inpatientKinds),
  ];
  return scope === "all" ? base : [...base, scope.runId];
}

function same(a: ExistingEffort, r: ImportRow, unitId: string | null): boolean {
  return (
    a.kind === r.kind &&
    a.principal === r.principal &&
    a.unit_id === unitId &&
    a.start_date === r.startDate &&
    a.end_date === r.endDate
  );
}

export class PrismaImportStore implements ImportStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  private query<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return this.db.$queryRawUnsafe<T[]>(sql, ...params);
  }

  async findResumableRun(source: string, contentHash: string): Promise<ImportRunRecord | null> {
    const rows = await this.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM import_run
        WHERE source = $1 AND content_hash = $2 AND status <> 'COMPLETED'
        ORDER BY started_at DESC LIMIT 1`,
      source,
      contentHash,
    );
    return rows[0] === undefined ? null : runFromRow(rows[0]);
  }

  async startRun(r: {
    source: string;
    format: ImportFormat;
    contentHash: string;
    actor: string;
  }): Promise<ImportRunRecord> {
    const rows = await this.query<RunRow>(
      `INSERT INTO import_run (id, source, format, content_hash, actor)
       VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING ${RUN_COLUMNS}`,
      r.source,
      r.format,
      r.contentHash,
      r.actor,
    );
    const row = rows[0];
    if (row === undefined) throw new Error("import_run insert returned no row");
    return runFromRow(row);
  }

  async applyBatch(
    run: { id: string; source: string },
    rows: readonly ImportRow[],
    progress: { position: number; rejections: readonly Rejection[] },
    newRef: () => string,
    now: Date,
  ): Promise<ImportCounts & { rejectedRows: Rejection[] }> {
    const at = now.toISOString();
    const persons = await this.persons(rows, newRef, at, run);
    const units = await this.units(rows, at, run);

    const existing = new Map<string, ExistingEffort>();
    if (rows.length > 0) {
      const found = await this.query<ExistingEffort>(
        `SELECT e.id::text, e.external_id, e.person_id::text, e.kind, e.principal::text, e.unit_id::text,
                e.start_date::text, e.end_date::text
           FROM effort e JOIN json_to_recordset($1::json) AS x(ext text) ON e.external_id = x.ext
          WHERE e.source = $2
          FOR UPDATE OF e`,
        JSON.stringify(rows.map((r) => ({ ext: r.externalId }))),
        run.source,
      );
      for (const e of found) existing.set(e.external_id, e);
    }

    const counts: ImportCounts = { added: 0, updated: 0, ended: 0, unchanged: 0, rejected: 0 };
    const rejectedRows: Rejection[] = [];
    const inserts: object[] = [];
    const updates: object[] = [];
    const audits: object[] = [];
    for (const r of rows) {
      const person = persons.get(r.identifierHash);
      if (person === undefined) throw new Error("a person of the batch was neither found nor created");
      const unit = r.unitName === null ? null : units.get(r.unitName.toLowerCase());
      if (unit === undefined) throw new Error("a unit of the batch was neither found nor created");
      if (unit !== null && unit.principal !== r.principal) {
        counts.rejected++;
        rejectedRows.push({ at: r.at, code: "unitOtherPrincipal" });
        continue;
      }
      const unitId = unit?.id ?? null;
      const old = existing.get(r.externalId);
      const fields = {
        kind: r.kind,
        principal: r.principal,
        unit_id: unitId,
        start_date: r.startDate,
        end_date: r.endDate,
      };
      const detail = { source: run.source, importRun: run.id, kind: r.kind, principal: r.principal };
      if (old === undefined) {
        counts.added++;
        inserts.push({ ...fields, person_id: person.id, ext: r.externalId });
        audits.push({ action: "EFFORT_IMPORTED", ref: person.ref, unit_id: unitId, detail });
      } else if (old.person_id !== person.id) {
        // The source reused an effort id for someone else: moving an effort between persons would show one
        // person's care under another's reference, so it is refused.
        counts.rejected++;
        rejectedRows.push({ at: r.at, code: "effortIdOtherPerson" });
      } else if (same(old, r, unitId)) {
        counts.unchanged++;
      } else {
        const ends = old.end_date === null && r.endDate !== null;
        if (ends) counts.ended++;
        else counts.updated++;
        updates.push({ ...fields, id: old.id });
        audits.push({
          action: ends ? "EFFORT_ENDED" : "EFFORT_UPDATED",
          ref: person.ref,
          unit_id: unitId,
          detail: ends ? { ...detail, endDate: r.endDate } : detail,
        });
      }
    }

    if (inserts.length > 0) {
      await this.db.$executeRawUnsafe(
        `INSERT INTO effort (id, person_id, kind, principal, unit_id, start_date, end_date, source, external_id,
                             registered_by_id, created_at, import_run_id)
         SELECT gen_random_uuid(), x.person_id, x.kind, x.principal::"Principal", x.unit_id, x.start_date,
                x.end_date, $2, x.ext, NULL, $3::timestamptz, $4::uuid
           FROM json_to_recordset($1::json)
                AS x(person_id uuid, kind text, principal text, unit_id uuid, start_date date, end_date date, ext text)
         ON CONFLICT (source, external_id) DO NOTHING`,
        JSON.stringify(inserts),
        run.source,
        at,
        run.id,
      );
    }
    if (updates.length > 0) {
      await this.db.$executeRawUnsafe(
        `UPDATE effort e
            SET kind = x.kind, principal = x.principal::"Principal", unit_id = x.unit_id,
                start_date = x.start_date, end_date = x.end_date, import_run_id = $2::uuid
           FROM json_to_recordset($1::json)
                AS x(id uuid, kind text, principal text, unit_id uuid, start_date date, end_date date)
          WHERE e.id = x.id`,
        JSON.stringify(updates),
        run.id,
      );
    }
    await this.auditAll(audits, at);

    const allRejections = [...progress.rejections, ...rejectedRows];
    counts.rejected += progress.rejections.length;
    await this.db.$executeRawUnsafe(
      `UPDATE import_run
          SET position = $2, added = added + $3, updated = updated + $4, ended = ended + $5,
              unchanged = unchanged + $6, rejected = rejected + $7,
              rejections = (SELECT jsonb_agg(v ORDER BY n) FROM (
                              SELECT v, n FROM jsonb_array_elements(coalesce(rejections, '[]'::jsonb) || $8::jsonb)
                                   WITH ORDINALITY AS t(v, n)
                               ORDER BY n LIMIT ${MAX_STORED_REJECTIONS}) kept)
        WHERE id = $1::uuid`,
      run.id,
      progress.position,
      counts.added,
      counts.updated,
      counts.ended,
      counts.unchanged,
      counts.rejected,
      JSON.stringify(allRejections),
    );
    return { ...counts, rejectedRows };
  }

  /** Finds the batch's persons by hash and creates the missing ones, each with a new reference. */
  private async persons(
    rows: readonly ImportRow[],
    newRef: () => string,
    at: string,
    run: { id: string; source: string },
  ): Promise<Map<string, { id: string; ref: string }>> {
    const wanted = [...new Set(rows.map((r) => r.identifierHash))];
    const found = new Map<string, { id: string; ref: string }>();
    let missing = wanted;
    for (let round = 0; missing.length > 0; round++) {
      if (round > 0) {
        if (round > PERSON_ROUNDS) throw new Error("could not find free person references");
        const created = await this.query<{ ref: string }>(
          `INSERT INTO person (id, ref, identifier_hash, created_at)
           SELECT gen_random_uuid(), x.ref, x.hash, $2::timestamptz FROM json_to_recordset($1::json) AS x(hash text, ref text)
           ON CONFLICT DO NOTHING RETURNING ref`,
          JSON.stringify(missing.map((hash) => ({ hash, ref: newRef() }))),
          at,
        );
        await this.auditAll(
          created.map((c) => ({
            action: "PERSON_CREATED",
            ref: c.ref,
            unit_id: null,
            detail: { withIdentifier: true, source: run.source, importRun: run.id },
          })),
          at,
        );
      }
      const rowsFound = await this.query<{ id: string; ref: string; hash: string }>(
        // A join (not IN): the planner then probes the unique index once per hash instead of scanning.
        `SELECT p.id::text, p.ref, p.identifier_hash AS hash
           FROM json_array_elements_text($1::json) AS h(hash) JOIN person p ON p.identifier_hash = h.hash`,
        JSON.stringify(missing),
      );
      for (const p of rowsFound) found.set(p.hash, { id: p.id, ref: p.ref });
      missing = missing.filter((h) => !found.has(h));
    }
    return found;
  }

  /**
   * The batch's units by lower-cased name: found case-insensitively, the missing ones added to the directory
   * (with the principal of the first effort naming them) in one statement, and audited.
   */
  private async units(
    rows: readonly ImportRow[],
    at: string,
    run: { id: string; source: string },
  ): Promise<Map<string, { id: string; principal: string } | null>> {
    const wanted = new Map<string, { name: string; principal: string }>();
    for (const r of rows) {
      if (r.unitName !== null && !wanted.has(r.unitName.toLowerCase())) {
        wanted.set(r.unitName.toLowerCase(), { name: r.unitName, principal: r.principal });
      }
    }
    const map = new Map<string, { id: string; principal: string } | null>();
    if (wanted.size === 0) return map;
    const input = JSON.stringify([...wanted.values()]);
    const created = await this.query<{ name: string; principal: string }>(
      `INSERT INTO unit (id, name, principal, created_at)
       SELECT gen_random_uuid(), x.name, x.principal::"Principal", $2::timestamptz
         FROM json_to_recordset($1::json) AS x(name text, principal text)
        WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE lower(u.name) = lower(x.name))
       ON CONFLICT (name) DO NOTHING RETURNING name, principal::text`,
      input,
      at,
    );
    await this.auditAll(
      created.map((u) => ({
        action: "UNIT_CREATED",
        ref: null,
        unit_id: null,
        detail: { name: u.name, principal: u.principal, source: run.source, importRun: run.id },
      })),
      at,
    );
    const found = await this.query<{ id: string; name: string; principal: string }>(
      `SELECT DISTINCT ON (lower(u.name)) u.id::text, u.name, u.principal::text
         FROM unit u WHERE lower(u.name) IN (SELECT lower(x.name) FROM json_to_recordset($1::json) AS x(name text))
        ORDER BY lower(u.name), u.created_at`,
      input,
    );
    for (const u of found) map.set(u.name.toLowerCase(), { id: u.id, principal: u.principal });
    return map;
  }

  private async auditAll(entries: readonly object[], at: string): Promise<void> {
    if (entries.length === 0) return;
    await this.db.$executeRawUnsafe(
      `INSERT INTO audit_event (at, actor_id, action, person_ref, unit_id, basis, detail)
       SELECT $2::timestamptz, NULL, x.action, x.ref, x.unit_id, 'SYSTEM', x.detail
         FROM json_to_recordset($1::json) AS x(action text, ref text, unit_id uuid, detail jsonb)`,
      JSON.stringify(entries),
      at,
    );
  }

  async finishRun(
    runId: string,
    status: "COMPLETED" | "FAILED",
    suggested: number,
    now: Date,
  ): Promise<ImportRunRecord> {
    const rows = await this.query<RunRow>(
      `UPDATE import_run SET status = $2, suggested = suggested + $3, finished_at = $4::timestamptz
        WHERE id = $1::uuid RETURNING ${RUN_COLUMNS}`,
      runId,
      status,
      suggested,
      now.toISOString(),
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`import run ${runId} not found`);
    return runFromRow(row);
  }

  async refreshStatistics(): Promise<void> {
    // PGlite runs no autovacuum, so without this its planner never learns how big effort and person got; on
    // PostgreSQL autoanalyze comes too, but only some time after a bulk load is already being queried.
    await this.db.$executeRawUnsafe("ANALYZE effort, person, sip");
  }

  async checkpointIfEmbedded(): Promise<void> {
    // PGlite runs PostgreSQL single-user: no checkpointer, and max_wal_size never starts a checkpoint, so an
    // import's WAL only grows. With ~530 MB of it (about 380,000 efforts) PGlite 0.4.3 spun inside the next
    // INSERT for minutes, every time; a CHECKPOINT (tens of ms) recycles the WAL. A server checkpoints on its
    // own (and CHECKPOINT needs a privilege there), so only the WebAssembly build is checkpointed here.
    const [row] = await this.query<{ embedded: boolean }>(`SELECT version() LIKE '%wasm32%' AS embedded`);
    if (row?.embedded === true) await this.db.$executeRawUnsafe("CHECKPOINT");
  }

  async findCandidates(scope: CandidateScope, rules: OverlapRules): Promise<Candidate[]> {
    const rows = await this.query<{ person_id: string; ref: string; reason: CandidateReason }>(
      `WITH ${candidatesSql(scope)} SELECT person_id::text, ref, reason FROM cand ORDER BY ref`,
      ...candidateParams(scope, rules),
    );
    return rows.map((r) => ({ personId: r.person_id, ref: r.ref, reason: r.reason }));
  }

  async suggestCandidates(
    scope: CandidateScope,
    rules: OverlapRules,
    now: Date,
    runId: string | null,
  ): Promise<number> {
    const params = candidateParams(scope, rules);
    const n = params.length;
    // $n+1 now, $n+2 strict wording, $n+3 the run. One statement: the SIP (skipped by the partial unique
    // index when one is already open, e.g. suggested from chat a moment ago), its first transition, the
    // audit row, and one notification per member of staff concerned, worded by the rule of
    // suggestionWording in src/app/suggestions.ts.
    const strict = `($${n + 2}::boolean OR (r.reason = 'DISCHARGE' AND r.principal <> 'REGION'))`;
    // ORDER BY makes the insert wait for the whole candidate list: fed row by row, cand's NOT EXISTS re-read sip
    // while this statement was filling it (a seq scan over a sip analyzed empty, growing per candidate: 55 of
    // the 73 s of 48,442 suggestions at 400,000 efforts on PGlite).
    const rows = await this.query<{ suggested: number }>(
      `WITH ${candidatesSql(scope)},
       ins AS (
         INSERT INTO sip (id, person_id, state, suggested_at, created_at, updated_at)
         SELECT gen_random_uuid(), c.person_id, 'SUGGESTED', $${n + 1}::timestamptz, $${n + 1}::timestamptz,
                $${n + 1}::timestamptz
           FROM cand c
          ORDER BY c.person_id
         ON CONFLICT DO NOTHING
         RETURNING id, person_id
       ),
       tr AS (
         INSERT INTO sip_transition (id, sip_id, from_state, to_state, actor_id, at)
         SELECT gen_random_uuid(), ins.id, NULL, 'SUGGESTED', NULL, $${n + 1}::timestamptz FROM ins
       ),
       aud AS (
         INSERT INTO audit_event (at, actor_id, action, person_ref, unit_id, basis, detail)
         SELECT $${n + 1}::timestamptz, NULL, 'SIP_SUGGESTED', c.ref, NULL, 'SYSTEM',
                jsonb_build_object('reason', c.reason, 'importRun', $${n + 3}::text)
           FROM ins JOIN cand c USING (person_id)
       ),
       r AS (
         SELECT DISTINCT ins.id AS sip_id, c.ref, c.reason, s.id AS staff_id, s.principal::text AS principal
           FROM ins JOIN cand c USING (person_id)
           JOIN effort e ON e.person_id = ins.person_id
           JOIN staff_profile s
             ON s.id = e.registered_by_id
             OR (e.unit_id IS NOT NULL AND s.unit_id = e.unit_id AND s.approved_at IS NOT NULL)
          WHERE (e.start_date <= $1::date AND (e.end_date IS NULL OR e.end_date >= $1::date))
             OR (e.kind IN (SELECT json_array_elements_text($4::json))
                 AND e.end_date IS NOT NULL AND e.end_date >= $2::date)
       ),
       outbox AS (
         INSERT INTO outbox_message (id, dedupe_key, recipient_id, payload, created_at)
         SELECT gen_random_uuid(), 'sip-suggested:' || r.sip_id || ':' || r.staff_id, r.staff_id,
                jsonb_build_object(
                  'kind', 'sipSuggested', 'personRef', r.ref, 'reason', r.reason, 'strict', ${strict},
                  'otherPrincipal',
                  CASE WHEN ${strict} OR r.principal NOT IN ('REGION', 'MUNICIPALITY') THEN NULL
                       WHEN r.principal = 'REGION' THEN 'MUNICIPALITY' ELSE 'REGION' END),
                $${n + 1}::timestamptz
           FROM r
         ON CONFLICT DO NOTHING
       )
       SELECT count(*)::int AS suggested FROM ins`,
      ...params,
      now.toISOString(),
      rules.strictWording,
      runId,
    );
    return rows[0]?.suggested ?? 0;
  }
}
