// Ingest benchmark (not a test): import time against a bare bulk load of the same rows, and overlap
// detection against a hand-written SQL query on the same data, as ratios from one run.
//
//   node bench/ingest.bench.ts [--rows 100000] [--backend postgres|pglite]
//
// Node 24 (the project's `node` dependency: `npx node bench/ingest.bench.ts`). PostgreSQL: a throwaway
// database on BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres), loaded with
// `psql \copy`; PGlite: a data folder in a temporary directory, loaded with COPY ... FROM '/dev/blob'
// (PGlite's own bulk load; psql cannot reach it). Results go to bench/results/ingest-<backend>-<rows>.json.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import type { AppDeps } from "../src/app/deps.ts";
import { importEfforts, overlapRules, suggestForEveryone } from "../src/app/import.ts";
import type { Clock } from "../src/app/ports.ts";
import { stockholmDate } from "../src/domain/local-date.ts";
import { DEFAULT_OVERLAP_OPTIONS } from "../src/domain/overlap.ts";
import { EffortTaxonomy } from "../src/domain/taxonomy.ts";
import { fileContent, mappingContext } from "../src/ingest/sources.ts";
import { openDatabase } from "../src/store/database.ts";
import { PrismaStore } from "../src/store/prisma-store.ts";
import { writeEfforts } from "../scripts/generate-efforts.ts";
import { adminSql, benchDatabaseUrl } from "./lib/bench-db.ts";
import { type BenchCase, printTable, writeResult } from "./lib/report.ts";

const run = promisify(execFile);
const { values } = parseArgs({
  options: { rows: { type: "string", default: "100000" }, backend: { type: "string", default: "postgres" } },
});
const rows = Number(values.rows);
const backend = values.backend === "pglite" ? "pglite" : "postgres";
if (!Number.isInteger(rows) || rows < 1) throw new Error("--rows must be a positive integer");

const BARE_TABLE = `CREATE TABLE bare_effort (source text, person text, effort text, principal text, unit text,
  start_date date, end_date date, effort_id text)`;

// Written apart from src/store/import-store.ts, the plain way: EXISTS per condition, per person. The same
// rule (src/domain/overlap.ts), so both must find the same persons.
const HAND_WRITTEN = `
SELECT count(*)::int AS n FROM person p
 WHERE EXISTS (SELECT 1 FROM effort m WHERE m.person_id = p.id AND m.principal = 'MUNICIPALITY'
                 AND m.start_date <= $1::date AND (m.end_date IS NULL OR m.end_date >= $1::date))
   AND (EXISTS (SELECT 1 FROM effort r WHERE r.person_id = p.id AND r.principal = 'REGION'
                  AND r.start_date <= $1::date AND (r.end_date IS NULL OR r.end_date >= $1::date))
        OR EXISTS (SELECT 1 FROM effort d WHERE d.person_id = p.id AND d.principal = 'REGION'
                  AND d.kind IN ('psykiatrisk-slutenvard', 'somatisk-slutenvard')
                  AND d.end_date BETWEEN $2::date AND $1::date))
   AND NOT EXISTS (SELECT 1 FROM sip s WHERE s.person_id = p.id
                  AND (s.state NOT IN ('CLOSED', 'DECLINED', 'WITHDRAWN')
                       OR (s.state IN ('DECLINED', 'WITHDRAWN') AND s.closed_at IS NOT NULL
                           AND (s.closed_at AT TIME ZONE 'Europe/Stockholm')::date + $3::int > $1::date)))`;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - start), value };
}

const work = await mkdtemp(join(tmpdir(), "sip-bench-"));
const csvPath = join(work, "efforts.csv");
const today = stockholmDate(new Date());
console.log(`generating ${rows} efforts (${Math.round(rows * 0.3)} persons) ...`);
await writeEfforts(csvPath, { efforts: rows, persons: Math.max(1, Math.round(rows * 0.3)), seed: 1, today });

let dbUrl: string | null = null;
const dbName = `sip_bench_${randomBytes(4).toString("hex")}`;

try {
  // ---- baseline: the same rows into a bare table ----
  let copyMs: number;
  let baseline: string;
  if (backend === "postgres") {
    await adminSql(`CREATE DATABASE ${dbName}`);
    dbUrl = benchDatabaseUrl(dbName);
    await run("psql", [dbUrl, "-q", "-c", BARE_TABLE]);
    const copy = `\\copy bare_effort FROM '${csvPath}' WITH (FORMAT csv, HEADER true, DELIMITER ';')`;
    ({ ms: copyMs } = await timed(() => run("psql", [dbUrl ?? "", "-q", "-c", copy])));
    baseline = "psql \\copy into a bare table";
  } else {
    const bare = new PGlite(join(work, "bare"));
    await bare.exec(BARE_TABLE);
    const blob = new Blob([await readFile(csvPath)]);
    ({ ms: copyMs } = await timed(() =>
      bare.query("COPY bare_effort FROM '/dev/blob' WITH (FORMAT csv, HEADER true, DELIMITER ';')", [], {
        blob,
      }),
    ));
    await bare.close();
    baseline = "PGlite COPY FROM /dev/blob into a bare table";
  }
  console.log(`baseline (${baseline}): ${copyMs} ms`);

  // ---- the import, through the use case, as `sip import` runs it ----
  const db = await openDatabase(
    dbUrl === null ? { dataDir: join(work, "pglite") } : { databaseUrl: dbUrl, dataDir: "unused" },
  );
  const store = new PrismaStore(db.prisma);
  // The import runs "before" the generated efforts (all dated up to today), so it suggests nothing and the
  // overlap comparison below sees every candidate; the suggestions are then made and timed on their own.
  let at = new Date("2000-01-01T09:00:00Z");
  const clock: Clock = { now: () => at };
  const deps: AppDeps = {
    store,
    clock,
    taxonomy: new EffortTaxonomy(),
    settings: {
      idSecret: randomBytes(32).toString("hex"),
      suggestionWording: "standard",
      consentDefaultMonths: 12,
      overlap: DEFAULT_OVERLAP_OPTIONS,
    },
  };
  let lastLog = 0;
  // On a shared server a connection can be ended under us (pg_terminate_backend, a failover). The import
  // then resumes after its last committed batch, which is part of what is measured; the count is reported.
  let interruptions = 0;
  const importOnce = async () => {
    const { content, contentHash } = await fileContent(
      csvPath,
      "CSV",
      mappingContext(deps.taxonomy, new Map()),
    );
    return importEfforts(deps, {
      source: "syntet",
      format: "CSV",
      contentHash,
      actor: { kind: "operator", name: "bench" },
      content,
      onProgress: (p) => {
        if (Date.now() - lastLog < 10_000) return;
        lastLog = Date.now();
        console.log(`  ${p.done} / ${p.total ?? "?"}`);
      },
    });
  };
  const imported = await timed(async () => {
    for (;;) {
      try {
        return await importOnce();
      } catch (e) {
        if (++interruptions > 3) throw e;
        console.log(`  interrupted (${(e as { code?: string }).code ?? (e as Error).name}); resuming`);
      }
    }
  });
  if (!imported.value.ok) throw new Error(`import failed: ${imported.value.reason}`);
  console.log(
    `import: ${imported.ms} ms (${JSON.stringify({ ...imported.value.value, rejections: undefined })})`,
  );

  // ---- overlap detection: ours (through Prisma) against the hand-written query (bare driver) ----
  at = new Date();
  const rules = overlapRules(deps);
  await store.imports.findCandidates("all", rules); // warm both the cache and the plan once, for both
  await db.runner.query(HAND_WRITTEN, [rules.today, rules.dischargeWindowStart, rules.dismissQuietDays]);
  const ours = await timed(() => store.imports.findCandidates("all", rules));
  const hand = await timed(() =>
    db.runner.query<{ n: number }>(HAND_WRITTEN, [
      rules.today,
      rules.dischargeWindowStart,
      rules.dismissQuietDays,
    ]),
  );
  const handCount = hand.value[0]?.n ?? -1;
  if (handCount !== ours.value.length) {
    throw new Error(`the two queries disagree: ours ${ours.value.length}, hand-written ${handCount}`);
  }
  console.log(`overlap: ours ${ours.ms} ms, hand-written ${hand.ms} ms, ${handCount} candidates`);
  const suggest = await timed(() => suggestForEveryone(deps));
  console.log(`suggestions: ${suggest.value} in ${suggest.ms} ms`);
  await db.close();

  const cases: BenchCase[] = [
    {
      case: `import ${rows} rows, ${backend}`,
      unit: "ms",
      value: imported.ms,
      baseline: copyMs,
      baselineName: baseline,
    },
    {
      case: `overlap detection, ${backend}`,
      unit: "ms",
      value: ours.ms,
      baseline: hand.ms,
      baselineName: "hand-written SQL",
    },
  ];
  printTable(`Import and overlap, ${backend}, ${rows} rows`, cases);
  const file = await writeResult(`ingest-${backend}-${rows}`, cases, {
    backend,
    rows,
    persons: Math.round(rows * 0.3),
    copyMs,
    importMs: imported.ms,
    interruptions,
    importRatio: Number((imported.ms / Math.max(1, copyMs)).toFixed(2)),
    importRowsPerSecond: Math.round((rows * 1000) / Math.max(1, imported.ms)),
    overlap: {
      candidates: handCount,
      oursMs: ours.ms,
      handWrittenMs: hand.ms,
      ratio: Number((ours.ms / Math.max(1, hand.ms)).toFixed(2)),
    },
    suggestions: { created: suggest.value, ms: suggest.ms },
    summary: { ...imported.value.value, rejections: imported.value.value.rejections.slice(0, 5) },
  });
  console.log(`written to ${file}`);
} finally {
  if (dbUrl !== null) await adminSql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
