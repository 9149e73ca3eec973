// kill -9 during `sip import`: a generated CSV of 20,000 efforts is imported by the real CLI as a child
// process, SIGKILLed at seeded random points (several times), and run again until it completes. After each
// kill the store holds whole batches only (efforts = the run's committed position); in the end it holds
// exactly what a clean, uninterrupted import of the same file into a fresh store holds: the same efforts and
// persons, none lost or doubled, and the same SIP suggestions, each made once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEfforts } from "../../scripts/generate-efforts.ts";
import { openDatabase } from "../../src/store/database.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import { KillableProcess, SIP_BIN } from "./kill-process.ts";
import { seededRandom } from "./storm-plan.ts";

const ROWS = 20_000;
const KILLS = 5;
const BATCH = 5_000; // the importer's batch size (src/app/import.ts)
const SECRET = "kill-import-".padEnd(48, "k");

interface Target {
  env: Record<string, string>;
  open(): ReturnType<typeof openDatabase>;
}

let workDir = "";
let csvPath = "";
const cleanup: (() => Promise<void>)[] = [];

async function newTarget(postgres: boolean): Promise<Target> {
  const dataDir = await mkdtemp(join(workDir, "store-"));
  if (!postgres) {
    return {
      env: { SIP_DATA_DIR: dataDir, SIP_ID_SECRET: SECRET },
      open: () => openDatabase({ dataDir }),
    };
  }
  const url = await freshPostgresUrl();
  if (url === null) throw new Error("PostgreSQL answered but gave no test database");
  cleanup.push(() => dropPostgresDatabase(url));
  return {
    env: { SIP_DATA_DIR: dataDir, SIP_ID_SECRET: SECRET, DATABASE_URL: url },
    open: () => openDatabase({ databaseUrl: url, dataDir, migrate: false }),
  };
}

function importProcess(t: Target): KillableProcess {
  return new KillableProcess(SIP_BIN, ["import", csvPath], { ...t.env, SIP_LOCALE: "sv" });
}

/** What an import leaves behind, in forms that do not depend on random ids or person references. */
async function contents(t: Target) {
  const db = await t.open();
  try {
    const one = async <R>(sql: string) => (await db.runner.query<R>(sql))[0] as R;
    return {
      efforts: await one<{ n: number; distinct: number; digest: string }>(
        `SELECT count(*)::int AS n, count(DISTINCT (e.source, e.external_id))::int AS distinct,
                md5(string_agg(concat_ws('|', p.identifier_hash, e.external_id, e.kind, e.principal, u.name,
                    e.start_date, e.end_date), ',' ORDER BY e.external_id)) AS digest
           FROM effort e JOIN person p ON p.id = e.person_id LEFT JOIN unit u ON u.id = e.unit_id`,
      ),
      persons: await one<{ n: number; distinct: number }>(
        "SELECT count(*)::int AS n, count(DISTINCT identifier_hash)::int AS distinct FROM person",
      ),
      suggestions: await one<{ n: number; persons: number; digest: string }>(
        `SELECT count(*)::int AS n, count(DISTINCT s.person_id)::int AS persons,
                md5(string_agg(concat_ws('|', p.identifier_hash, s.state), ',' ORDER BY p.identifier_hash)) AS digest
           FROM sip s JOIN person p ON p.id = s.person_id`,
      ),
      transitions: (await one<{ n: number }>("SELECT count(*)::int AS n FROM sip_transition")).n,
      suggestionAudits: (
        await one<{ n: number }>("SELECT count(*)::int AS n FROM audit_event WHERE action = 'SIP_SUGGESTED'")
      ).n,
      notifications: (await one<{ n: number }>("SELECT count(*)::int AS n FROM outbox_message")).n,
    };
  } finally {
    await db.close();
  }
}

/** Between kills: efforts committed by the unfinished run equal its position, a whole number of batches. */
async function committedSoFar(t: Target): Promise<{ efforts: number; position: number; status: string }> {
  const db = await t.open();
  try {
    // A kill during the child's start-up can come before its migrations made the tables: nothing committed.
    const [schema] = await db.runner.query<{ ready: boolean }>(
      "SELECT to_regclass('import_run') IS NOT NULL AS ready",
    );
    if (schema?.ready !== true) return { efforts: 0, position: 0, status: "NONE" };
    const [e] = await db.runner.query<{ n: number }>("SELECT count(*)::int AS n FROM effort");
    const runs = await db.runner.query<{ position: number; status: string }>(
      "SELECT position, status FROM import_run ORDER BY started_at DESC LIMIT 1",
    );
    return { efforts: e?.n ?? 0, position: runs[0]?.position ?? 0, status: runs[0]?.status ?? "NONE" };
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "sip-kill-import-"));
  csvPath = join(workDir, "efforts.csv");
  await writeEfforts(csvPath, { efforts: ROWS, persons: 8_000, seed: 8, today: "2026-11-20" });
});

afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
  await rm(workDir, { recursive: true, force: true });
});

const backends = [
  { name: "PostgreSQL", postgres: true, skip: !postgresAvailable, seed: 8201 },
  { name: "PGlite data folder", postgres: false, skip: false, seed: 8202 },
];

describe.each(backends)("kill -9 during sip import ($name)", ({ postgres, skip, seed }) => {
  it.skipIf(skip)(
    "keeps whole batches and ends like a clean import: nothing lost, doubled or suggested twice",
    async () => {
      const started = Date.now();
      const clean = await newTarget(postgres);
      const cleanRun = importProcess(clean);
      expect(await cleanRun.ended, cleanRun.stderr).toMatchObject({ code: 0 });
      const cleanMs = Date.now() - started;

      const random = seededRandom(seed);
      const killed = await newTarget(postgres);
      const between: { efforts: number; position: number; status: string }[] = [];
      let kills = 0;
      let midImport = 0;
      let runs = 0;
      let remaining = 1;
      for (;;) {
        const run = importProcess(killed);
        runs++;
        if (kills < KILLS) {
          // Anywhere from start-up to the middle of the work still left, judged by the clean run: a run can
          // go twice as fast as the clean one when the machine's load drops (a CI run saw it finish first).
          await Promise.race([run.ended, sleep(300 + random() * cleanMs * remaining * 0.5)]);
          if (await run.kill()) {
            kills++;
            const seen = await committedSoFar(killed);
            between.push(seen);
            if (seen.status === "RUNNING") midImport++;
            remaining = Math.max(0.1, 1 - seen.position / ROWS);
            continue;
          }
        }
        const end = await run.ended;
        expect(end, run.stderr).toMatchObject({ code: 0 });
        expect(run.stdout).toMatch(/Import från syntet: \d+ tillagda/);
        break;
      }
      const [want, got] = [await contents(clean), await contents(killed)];
      const lost = want.efforts.n - got.efforts.distinct;
      const duplicated = got.efforts.n - got.efforts.distinct + (got.persons.n - got.persons.distinct);
      const half = between.filter(
        (b) => b.efforts !== b.position || (b.position % BATCH !== 0 && b.position !== ROWS),
      ).length;
      console.log(
        `kill-import ${postgres ? "PostgreSQL" : "PGlite"}: ${ROWS} rows, ${kills} kills (${midImport} before it completed, ` +
          `positions ${between.map((b) => b.position).join("/")}), ${runs} runs; efforts ${got.efforts.n} ` +
          `(clean ${want.efforts.n}), lost ${lost}, half-written ${half}, duplicated ${duplicated}, ` +
          `suggestions ${got.suggestions.n} (clean ${want.suggestions.n}); clean import ${(cleanMs / 1000).toFixed(1)} s, ` +
          `all ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      // A run that still outpaces its timer ends the loop early; three kills inside the import are the floor.
      expect(kills).toBeGreaterThanOrEqual(3);
      expect(midImport).toBeGreaterThanOrEqual(3);
      expect({ lost, half, duplicated }).toEqual({ lost: 0, half: 0, duplicated: 0 });
      expect(want.efforts.n).toBe(ROWS);
      expect(got).toEqual(want);
      // One suggestion per person at most, and as many as the clean import made.
      expect(got.suggestions.n).toBe(got.suggestions.persons);
      expect(got.suggestions.n).toBeGreaterThan(0);
    },
    180_000,
  );
});
