// The job runner on the embedded PGlite (through the store's SqlRunner), its SQL splitter, the cron in
// Europe/Stockholm across daylight-saving changes, and a graceful stop that lets a running job finish.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app/deps.ts";
import { runnerBossDb, splitSqlStatements } from "../../src/jobs/pglite-boss-db.ts";
import { JOB_ZONE, JobRunner } from "../../src/jobs/runner.ts";
import { PERIODIC_TASKS } from "../../src/jobs/schedule.ts";
import { loadConfig } from "../../src/config.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";

describe("splitSqlStatements", () => {
  it("splits at top-level semicolons only", () => {
    expect(splitSqlStatements("SELECT 1; SELECT 2;")).toEqual(["SELECT 1", "SELECT 2"]);
    expect(splitSqlStatements("SELECT ';' AS a; SELECT 'it''s; fine'")).toEqual([
      "SELECT ';' AS a",
      "SELECT 'it''s; fine'",
    ]);
    expect(splitSqlStatements('SELECT 1 AS "a;b"; SELECT 2')).toEqual(['SELECT 1 AS "a;b"', "SELECT 2"]);
    const fn = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql";
    expect(splitSqlStatements(`${fn}; SELECT f()`)).toEqual([fn, "SELECT f()"]);
    expect(splitSqlStatements("DO $$ BEGIN PERFORM 1; END $$; SELECT 3")).toEqual([
      "DO $$ BEGIN PERFORM 1; END $$",
      "SELECT 3",
    ]);
    expect(splitSqlStatements("SELECT 1 -- a; comment\n; /* x; /* nested; */ y; */ SELECT 2")).toEqual([
      "SELECT 1 -- a; comment",
      "/* x; /* nested; */ y; */ SELECT 2",
    ]);
    expect(splitSqlStatements("  ;; \n ; ")).toEqual([]);
  });

  it("survives malformed and oversized input without hanging", () => {
    expect(splitSqlStatements("SELECT 'unterminated; SELECT 2")).toEqual(["SELECT 'unterminated; SELECT 2"]);
    expect(splitSqlStatements("SELECT $tag$ never closed; SELECT 1")).toEqual([
      "SELECT $tag$ never closed; SELECT 1",
    ]);
    expect(splitSqlStatements("/* open comment; SELECT 1")).toEqual(["/* open comment; SELECT 1"]);
    expect(splitSqlStatements("SELECT $1; SELECT $2")).toEqual(["SELECT $1", "SELECT $2"]);
    const big = "SELECT 1;".repeat(50_000);
    const started = Date.now();
    expect(splitSqlStatements(big)).toHaveLength(50_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("runnerBossDb on PGlite", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
  });
  afterAll(() => db.close());

  it("returns rows from the middle of a BEGIN ... COMMIT text and rolls the whole text back on error", async () => {
    const boss = runnerBossDb(db.runner);
    await boss.executeSql("CREATE TABLE ft_t (n int)");
    const { rows } = await boss.executeSql(
      "BEGIN; SET LOCAL lock_timeout = 1000; INSERT INTO ft_t VALUES (1), (2) RETURNING n; COMMIT;",
    );
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
    await expect(
      boss.executeSql("BEGIN; INSERT INTO ft_t VALUES (3); SELECT 1/0; COMMIT;"),
    ).rejects.toThrow();
    const after = await boss.executeSql("SELECT count(*)::int AS c FROM ft_t WHERE n = $1", [3]);
    expect(after.rows).toEqual([{ c: 0 }]);
    // The connection is usable afterwards (no transaction left open).
    expect((await boss.executeSql("SELECT 5 AS v")).rows).toEqual([{ v: 5 }]);
  });
});

describe("JobRunner on PGlite", () => {
  let db: Database;
  let runner: JobRunner | undefined;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
  });
  afterAll(async () => {
    await runner?.stop(2_000);
    await db.close();
  });

  it("schedules every task in Europe/Stockholm, runs a triggered job, and stops gracefully mid-job", async () => {
    const config = loadConfig({});
    let started = 0;
    let finished = 0;
    const slow = {
      name: "ft-slow",
      cron: () => "0 7 * * 1",
      run: async () => {
        started++;
        await new Promise((r) => setTimeout(r, 1_500));
        finished++;
        return { ok: true };
      },
    };
    runner = new JobRunner({
      db,
      deps: {} as AppDeps,
      tasks: [...PERIODIC_TASKS, slow],
      crons: new Map([
        ...PERIODIC_TASKS.map((t) => [t.name, t.cron(config)] as const),
        ["ft-slow", "0 7 * * 1"],
      ]),
      pollingIntervalSeconds: 0.5,
    });
    await runner.start();
    const schedules = await runner.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron, s.timezone]).sort()).toEqual(
      [
        ["ft-slow", "0 7 * * 1", JOB_ZONE],
        ["sip-commitment-reminders", "*/15 * * * *", JOB_ZONE],
        ["sip-follow-up-reminders", "*/15 * * * *", JOB_ZONE],
        ["sip-poll-reminders", "*/15 * * * *", JOB_ZONE],
        ["sip-close-due-polls", "*/5 * * * *", JOB_ZONE],
        ["sip-weekly-digest", "0 7 * * 1", JOB_ZONE],
        ["sip-embedded-checkpoint", "23 * * * *", JOB_ZONE],
      ].sort(),
    );
    expect(await runner.trigger("ft-slow", "one")).not.toBeNull();
    const deadline = Date.now() + 15_000;
    while (started === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(started).toBe(1);
    await runner.stop(10_000); // graceful: waits for the running job
    runner = undefined;
    expect(finished).toBe(1);
  });

  it("Monday 07:00 in Stockholm is 05:00 UTC in summer time and 06:00 UTC in winter time", async () => {
    const r = new JobRunner({ db, deps: {} as AppDeps, tasks: [], crons: new Map() });
    const at = r.boss.previewSchedule("0 7 * * 1", {
      tz: JOB_ZONE,
      from: new Date("2026-10-13T00:00:00Z"),
      count: 3,
    });
    expect(at.map((d) => d.toISOString())).toEqual([
      "2026-10-19T05:00:00.000Z",
      "2026-10-26T06:00:00.000Z",
      "2026-11-02T06:00:00.000Z",
    ]);
    const spring = r.boss.previewSchedule("0 7 * * 1", {
      tz: JOB_ZONE,
      from: new Date("2026-03-20T00:00:00Z"),
      count: 2,
    });
    expect(spring.map((d) => d.toISOString())).toEqual([
      "2026-03-23T06:00:00.000Z",
      "2026-03-30T05:00:00.000Z",
    ]);
  });
});
