// Exactly once across replicas (PostgreSQL): two job runners with their own connections and pg-boss
// instances on one database, and a replica killed (SIGKILL) in the middle of the digest job. Each manager
// gets one digest; the killed replica's job is retried elsewhere and loses nothing.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { sendWeeklyDigests } from "../../src/app/digest-weekly.ts";
import { JobRunner } from "../../src/jobs/runner.ts";
import type { PeriodicTask } from "../../src/jobs/schedule.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { pinnedDeps } from "../helpers/pinned-deps.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";

const NOW = new Date("2026-11-23T06:00:00Z"); // Monday 07:00 in Stockholm
const DIGEST = "sip-weekly-digest";
const CHILD = fileURLToPath(new URL("./digest-child.ts", import.meta.url));

function depsOn(db: Database): AppDeps {
  return pinnedDeps(db, NOW);
}

const digestTask: PeriodicTask = {
  name: DIGEST,
  cron: () => "0 7 * * 1",
  run: (d) => sendWeeklyDigests(d, undefined),
};

async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!postgresAvailable)("exactly one digest per manager on PostgreSQL", () => {
  let url: string;
  let admin: Database;
  const opened: Database[] = [];
  const runners: JobRunner[] = [];

  const digests = () =>
    admin.runner.query<{ dedupe_key: string; recipient_id: string }>(
      "SELECT dedupe_key, recipient_id::text FROM outbox_message WHERE dedupe_key LIKE 'digest:%' ORDER BY dedupe_key",
    );
  const managers = async () =>
    (
      await admin.runner.query<{ id: string }>(
        "SELECT id::text FROM staff_profile WHERE role = 'MANAGER' ORDER BY id",
      )
    ).map((r) => r.id);

  async function replica(
    options: Partial<ConstructorParameters<typeof JobRunner>[0]> = {},
  ): Promise<JobRunner> {
    const db = await openDatabase({ databaseUrl: url, dataDir: "unused", migrate: false });
    opened.push(db);
    const runner = new JobRunner({
      db,
      databaseUrl: url,
      deps: depsOn(db),
      tasks: [digestTask],
      crons: new Map(),
      expireInSeconds: 2,
      retryDelaySeconds: 0,
      pollingIntervalSeconds: 0.5,
      schedule: false,
      ...options,
    });
    runners.push(runner);
    await runner.start();
    return runner;
  }

  beforeAll(async () => {
    const fresh = await freshPostgresUrl();
    if (fresh === null) throw new Error("no PostgreSQL database");
    url = fresh;
    admin = await openDatabase({ databaseUrl: url, dataDir: "unused" });
    const store = new PrismaStore(admin.prisma);
    expect(await seedDemoDirectory(store, "console", "local")).toBe(true);
    // A second manager, in the region, so "one per manager" has more than one to get right.
    const unit = (await store.listUnits()).find((u) => u.principal === "REGION");
    await store.createStaff({
      handle: "maja",
      displayName: "Maja Månsson (test)",
      principal: "REGION",
      role: "MANAGER",
      unitId: unit?.id ?? null,
      locale: "sv",
    });
  });

  afterAll(async () => {
    for (const r of runners) await r.stop(5_000).catch(() => undefined);
    for (const db of opened) await db.close().catch(() => undefined);
    await admin?.close();
    if (url !== undefined) await dropPostgresDatabase(url);
  });

  it("a replica killed mid-job loses nothing and doubles nothing", async () => {
    const ids = await managers();
    expect(ids).toHaveLength(2);
    const child = spawn(process.execPath, [CHILD, url], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, s) => resolve(s)),
    );
    expect({ signal, out }).toMatchObject({ signal: "SIGKILL" });
    // The dead replica committed one digest, and its job is still marked active.
    expect(await digests()).toHaveLength(1);

    // A surviving replica: once the job expires (2 s), pg-boss retries it here.
    const survivor = await replica({ maintenanceIntervalSeconds: 1 });
    const rows = await until(
      "the retried job to finish",
      async () => {
        await survivor.boss.supervise(DIGEST).catch(() => undefined);
        return digests();
      },
      (r) => r.length >= 2,
    );
    await until(
      "the job to complete",
      async () => (await survivor.boss.findJobs(DIGEST)).map((j) => j.state),
      (states) => states.includes("completed") && !states.includes("active"),
    );
    expect(rows.map((r) => r.recipient_id).sort()).toEqual(ids);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(2);
    for (const r of rows) expect(r.dedupe_key).toMatch(/^digest:[0-9a-f-]{36}:2026-11-16$/);
    // The retry is the same job, not a second one.
    expect((await survivor.boss.findJobs(DIGEST)).length).toBe(1);
  });

  it("two replicas asked at once (job and direct run) still write one digest per manager", async () => {
    await admin.runner.query("DELETE FROM outbox_message WHERE dedupe_key LIKE 'digest:%'");
    const a = await replica();
    const b = await replica();
    // Both ask for the same run, and both also run the use case directly, concurrently.
    const [ja, jb] = await Promise.all([
      a.trigger(DIGEST, "2026-11-16#2"),
      b.trigger(DIGEST, "2026-11-16#2"),
    ]);
    expect([ja, jb].filter((j) => j !== null).length).toBeGreaterThanOrEqual(1);
    const direct = await Promise.all([
      sendWeeklyDigests(depsOn(opened[opened.length - 2] as Database), undefined),
      sendWeeklyDigests(depsOn(opened[opened.length - 1] as Database), undefined),
    ]);
    await until(
      "every triggered job to finish",
      async () => [...(await a.boss.findJobs(DIGEST))].filter((j) => j.state !== "completed").length,
      (n) => n === 0,
    );
    const rows = await digests();
    expect(rows.map((r) => r.recipient_id).sort()).toEqual(await managers());
    // Between the two direct runs and the jobs, each digest was written exactly once.
    expect(direct.reduce((n, r) => n + r.enqueued, 0)).toBeLessThanOrEqual(2);
  });
});
