// Benchmark (not a test): the weekly digest at municipal scale, on PostgreSQL or PGlite. Builds a throwaway database
// with 1,000 units and 1,000,000 commitments (set-based generate_series inserts), then times
//   - the digest of one unit (what one manager gets on Monday; five weeks of figures, overdue list,
//     persons without a SIP), median of several runs over different units;
//   - the digest of all units at once (the operator's `sip digest --json`);
// against a baseline measured in the same run on the same rows: a plain count of the unit's commitments
// and of all commitments. Prints a table with the ratios and writes bench/results/digest-<backend>.json.
//
//   node bench/digest.bench.ts [--backend postgres|pglite] [--units 1000] [--commitments 1000000] [--keep]
// BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the server; PGlite gets a
// data folder in a temporary directory, removed afterwards.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { digestWeek, trendWeeks } from "../src/domain/digest.ts";
import { openDatabase } from "../src/store/database.ts";
import { DigestSql } from "../src/store/digest-store.ts";
import { adminSql, benchDatabaseUrl } from "./lib/bench-db.ts";
import { type BenchCase, printTable, writeResult } from "./lib/report.ts";

const { values } = parseArgs({
  options: {
    units: { type: "string", default: "1000" },
    commitments: { type: "string", default: "1000000" },
    backend: { type: "string", default: "postgres" },
    runs: { type: "string", default: "7" },
    keep: { type: "boolean", default: false },
    // Reuse a database built by an earlier run with --keep (skips the build, which takes minutes).
    database: { type: "string" },
  },
});
const UNITS = Number(values.units);
const COMMITMENTS = Number(values.commitments);
const RUNS = Number(values.runs);
const PER_SIP = 5;
const SIPS = Math.ceil(COMMITMENTS / PER_SIP);
const WEEK = digestWeek("2026-11-16");

const BACKEND = values.backend;
if (BACKEND !== "postgres" && BACKEND !== "pglite") throw new Error("--backend is postgres or pglite");

async function openPostgres() {
  const reuse = values.database !== undefined && /^sip_bench_[0-9a-f]{8}$/.test(values.database);
  const name = reuse ? (values.database ?? "") : `sip_bench_${randomBytes(4).toString("hex")}`;
  if (!reuse) await adminSql(`CREATE DATABASE ${name}`);
  const db = await openDatabase({ databaseUrl: benchDatabaseUrl(name), dataDir: "unused", migrate: !reuse });
  const dispose = async () => {
    await db.close();
    if (!values.keep && !reuse) await adminSql(`DROP DATABASE ${name} WITH (FORCE)`);
  };
  return { db, reuse, name, dispose };
}

async function openPglite() {
  const dir = await mkdtemp(join(tmpdir(), "sip-digest-bench-"));
  const db = await openDatabase({ dataDir: dir });
  const dispose = async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { db, reuse: false, name: dir, dispose };
}

const {
  db,
  reuse,
  name,
  dispose: dropAtExit,
} = BACKEND === "postgres" ? await openPostgres() : await openPglite();
const sql = db.runner;
try {
  const t = () => performance.now();
  const started = t();
  if (reuse) console.log(`Reusing ${name}.`);
  else console.log(`Building ${UNITS} units, ${SIPS} SIPs and ${COMMITMENTS} commitments in ${name} ...`);
  // One person and one SIP per 5 commitments; each person has one effort in a municipal unit and, for
  // every third, one in a regional unit; transitions spread over the five weeks; 40 % of commitments done.
  if (!reuse)
    await sql.exec(`
  INSERT INTO unit (id, name, principal)
    SELECT gen_random_uuid(), 'Enhet ' || g, (CASE WHEN g % 2 = 0 THEN 'MUNICIPALITY' ELSE 'REGION' END)::"Principal"
      FROM generate_series(1, ${UNITS}) g;
  CREATE TEMP TABLE u AS SELECT id, principal, row_number() OVER (ORDER BY name) AS n FROM unit;
  INSERT INTO staff_profile (id, handle, display_name, principal, role, unit_id, approved_at)
    SELECT gen_random_uuid(), 'chef' || n, 'Chef ' || n, principal, 'MANAGER', id, now() FROM u;
  INSERT INTO person (id, ref)
    SELECT gen_random_uuid(), 'K-' || upper(lpad(to_hex(g), 6, '0')) FROM generate_series(1, ${SIPS}) g;
  CREATE TEMP TABLE p AS SELECT id, row_number() OVER (ORDER BY ref) AS n FROM person;
  INSERT INTO effort (id, person_id, kind, principal, unit_id, start_date, source)
    SELECT gen_random_uuid(), p.id, 'hemtjanst', 'MUNICIPALITY', u.id, DATE '2026-09-01', 'bench'
      FROM p JOIN u ON u.n = (p.n % ${UNITS}) + 1;
  INSERT INTO effort (id, person_id, kind, principal, unit_id, start_date, source)
    SELECT gen_random_uuid(), p.id, 'psykiatrisk-oppenvard', 'REGION', u.id, DATE '2026-10-01', 'bench'
      FROM p JOIN u ON u.n = ((p.n + 1) % ${UNITS}) + 1 WHERE p.n % 3 = 0;
  INSERT INTO sip (id, person_id, state, created_at, updated_at)
    SELECT gen_random_uuid(), p.id, (CASE WHEN p.n % 4 = 0 THEN 'SUGGESTED' ELSE 'HELD' END)::"SipState",
           TIMESTAMPTZ '2026-10-12 08:00Z' + (p.n % 40) * interval '1 day', now()
      FROM p;
  INSERT INTO sip_transition (id, sip_id, from_state, to_state, at)
    SELECT gen_random_uuid(), s.id, f.from_state::"SipState", f.to_state::"SipState", s.created_at + f.after
      FROM sip s CROSS JOIN (VALUES (NULL, 'SUGGESTED', interval '0'), ('SUGGESTED', 'CONSENTED', interval '2 days'),
                                    ('CONSENTED', 'SCHEDULED', interval '4 days'), ('SCHEDULED', 'HELD', interval '9 days'))
           AS f(from_state, to_state, after)
     WHERE s.state = 'HELD' OR f.to_state = 'SUGGESTED';
  INSERT INTO commitment (id, sip_id, what, principal, owner_unit_id, due_date, status, created_by_id, created_at, updated_at)
    SELECT gen_random_uuid(), s.id, 'Åtagande ' || k, 'MUNICIPALITY', e.unit_id,
           DATE '2026-10-20' + ((k * 7 + e.n) % 60)::int,
           (CASE WHEN (k + e.n) % 5 < 2 THEN 'DONE' ELSE 'OPEN' END)::"CommitmentStatus",
           (SELECT id FROM staff_profile LIMIT 1), TIMESTAMPTZ '2026-10-15 08:00Z' + ((k * 3) % 30) * interval '1 day', now()
      FROM (SELECT s.id, s.person_id FROM sip s) s
      JOIN (SELECT person_id, unit_id, row_number() OVER () AS n FROM effort WHERE principal = 'MUNICIPALITY') e
        ON e.person_id = s.person_id
      CROSS JOIN generate_series(1, ${PER_SIP}) k;
  INSERT INTO commitment_history (id, commitment_id, change, at)
    SELECT gen_random_uuid(), c.id, 'DONE', c.created_at + interval '5 days' FROM commitment c WHERE c.status = 'DONE';
  ANALYZE;
`);
  const counts = (
    await sql.query<{ c: number; u: number; s: number; e: number; h: number }>(
      `SELECT (SELECT count(*) FROM commitment)::int AS c, (SELECT count(*) FROM unit)::int AS u,
          (SELECT count(*) FROM sip)::int AS s, (SELECT count(*) FROM effort)::int AS e,
          (SELECT count(*) FROM sip_transition)::int AS h`,
    )
  )[0];
  const buildSeconds = (t() - started) / 1000;
  console.log(`Built in ${buildSeconds.toFixed(1)} s: ${JSON.stringify(counts)}`);

  const units = (await sql.query<{ id: string }>("SELECT id::text FROM unit ORDER BY name")).map((r) => r.id);
  const digest = new DigestSql(db.prisma);
  const weeks = trendWeeks(WEEK);

  async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
    await fn(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = t();
      await fn();
      samples.push(t() - s);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] ?? 0;
  }

  let next = 0;
  const someUnit = () => units[(next++ * 97) % units.length] ?? "";
  const oneUnitDigest = async () => {
    const u = [someUnit()];
    await digest.digestFigures(u, weeks);
    await digest.overdueCommitments(u, WEEK, 1000);
    await digest.bothPrincipalsWithoutSip(u, WEEK, 500);
  };
  const allUnitsDigest = async () => {
    await digest.digestFigures(units, weeks);
    await digest.overdueCommitments(units, WEEK, 1000);
  };
  const baselineUnit = () =>
    sql.query("SELECT count(*) FROM commitment WHERE owner_unit_id = $1::uuid", [someUnit()]);
  const baselineAll = () => sql.query("SELECT count(*) FROM commitment");

  const rows = [
    { case: "one unit's digest (5 weeks, overdue, no-SIP)", ms: await time(oneUnitDigest) },
    { case: "baseline: count(*) of one unit's commitments", ms: await time(baselineUnit) },
    { case: "all units' digest (5 weeks, overdue)", ms: await time(allUnitsDigest, 3) },
    { case: "baseline: count(*) of all commitments", ms: await time(baselineAll, 3) },
  ];
  const ms = (i: number) => rows[i]?.ms ?? Number.NaN;
  const cases: BenchCase[] = [
    {
      case: `one unit's digest, ${BACKEND}`,
      unit: "ms",
      value: ms(0),
      baseline: ms(1),
      baselineName: "count(*) of the unit's commitments",
    },
    {
      case: `all units' digest, ${BACKEND}`,
      unit: "ms",
      value: ms(2),
      baseline: ms(3),
      baselineName: "count(*) of all commitments",
    },
  ];
  const mondayRunSeconds = (ms(0) * UNITS) / 1000;
  printTable(`Weekly digest, ${BACKEND}, ${UNITS} units, ${COMMITMENTS} commitments (medians)`, cases);
  console.log(
    `Monday run, one digest per unit for ${UNITS} units (sequential, estimated): ${mondayRunSeconds.toFixed(1)} s`,
  );
  const version = (await sql.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v;
  const file = await writeResult(`digest-${BACKEND}`, cases, {
    backend: BACKEND,
    serverVersion: version,
    scale: counts,
    buildSeconds,
    runs: RUNS,
    mondayRunSecondsEstimated: mondayRunSeconds,
  });
  console.log(`Written: ${file}`);
} finally {
  await dropAtExit();
}
