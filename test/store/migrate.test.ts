import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { applyMigrations, MigrationError, pgliteRunner, type SqlRunner } from "../../src/store/migrate.ts";
import {
  dropPostgresDatabase,
  freshPostgresUrl,
  postgresAvailable,
  terminatePostgresConnections,
} from "../helpers/postgres.ts";

const MIGRATIONS = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const migrationNames = (await readdir(MIGRATIONS, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

interface Conn {
  runner: SqlRunner;
  close(): Promise<void>;
}

// Run last-in first-out, all of them even when one fails (a database left behind is worse than a late error).
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e: unknown) => errors.push(e));
  if (errors.length > 0) throw errors[0];
});

async function connectPglite(): Promise<Conn> {
  const db = new PGlite("memory://");
  const conn = { runner: pgliteRunner(db), close: () => db.close() };
  cleanups.push(conn.close);
  return conn;
}

/**
 * Opens `count` connection pools (as `count` sip processes would) on a fresh PostgreSQL database, through
 * the production openDatabase (migrating only when asked). The cleanup closes them all, then drops the
 * database: terminating a connection whose pool is still open or closing is what made this suite flaky.
 */
async function openPostgres(count = 1, migrate = false): Promise<{ url: string; dbs: Database[] }> {
  const url = await freshPostgresUrl();
  if (!url) throw new Error("PostgreSQL went away during the run");
  const dbs: Database[] = [];
  cleanups.push(async () => {
    try {
      for (const db of dbs) await db.close();
    } finally {
      await dropPostgresDatabase(url);
    }
  });
  for (let i = 0; i < count; i++)
    dbs.push(await openDatabase({ databaseUrl: url, dataDir: "unused", migrate }));
  return { url, dbs };
}

async function connectPostgres(): Promise<Conn> {
  const { dbs } = await openPostgres();
  const db = dbs[0] as Database;
  return { runner: db.runner, close: () => db.close() };
}

async function tempMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sip-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const name of migrationNames) await cp(join(MIGRATIONS, name), join(dir, name), { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, "migration.sql"), sql);
}

async function expectMigrationError(promise: Promise<unknown>, code: string): Promise<MigrationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  expect((error as MigrationError).code).toBe(code);
  return error as MigrationError;
}

interface Row {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}
const rowsOf = (runner: SqlRunner) =>
  runner.query<Row>("SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");

const backends = [
  { name: "PGlite", available: true, connect: connectPglite },
  { name: "PostgreSQL", available: postgresAvailable, connect: connectPostgres },
];

describe.each(backends)("migrations on $name", ({ available, connect }) => {
  it.skipIf(!available)("applies every migration once and records it as Prisma Migrate does", async () => {
    const { runner } = await connect();
    const first = await applyMigrations(runner);
    expect(first).toEqual({ applied: migrationNames, alreadyApplied: [], warnings: [] });

    const rows = await rowsOf(runner);
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const bytes = await readFile(join(MIGRATIONS, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const second = await applyMigrations(runner);
    expect(second).toEqual({ applied: [], alreadyApplied: migrationNames, warnings: [] });
    expect(await rowsOf(runner)).toHaveLength(migrationNames.length);
  });

  it.skipIf(!available)("records a failed migration, rolls it back and refuses to go on", async () => {
    const { runner } = await connect();
    const dir = await tempMigrations();
    const broken = "29990101000000_broken";
    await addMigration(dir, broken, 'CREATE TABLE "half_done" (x int);\nSELECT * FROM "no_such_table";\n');

    const failure = await expectMigrationError(applyMigrations(runner, dir), "SQL_ERROR");
    expect(failure.message).toContain(broken);
    expect(failure.message).toContain("no_such_table");
    const row = (await rowsOf(runner)).find((r) => r.migration_name === broken);
    expect(row).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(row?.logs).toContain("no_such_table");
    // The migration's own transaction was rolled back: nothing of it is left.
    expect(await runner.query("SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
    // Earlier migrations stay applied.
    expect(await runner.query("SELECT to_regclass('person') IS NOT NULL AS t")).toEqual([{ t: true }]);

    const refusal = await expectMigrationError(applyMigrations(runner, dir), "FAILED_MIGRATION");
    expect(refusal.message).toContain(broken);
    expect(refusal.message).toContain("rolled-back");

    // The way out the message names: fix the file, mark the attempt rolled back, run again.
    await writeFile(join(dir, broken, "migration.sql"), 'CREATE TABLE "half_done" (x int);\n');
    await runner.query("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [
      broken,
    ]);
    expect((await applyMigrations(runner, dir)).applied).toEqual([broken]);
  });

  it.skipIf(!available)("reports a changed migration file, but not a line-ending change", async () => {
    const { runner } = await connect();
    const dir = await tempMigrations();
    await applyMigrations(runner, dir);
    const file = join(dir, migrationNames[0] ?? "", "migration.sql");
    const original = await readFile(file, "utf8");

    await writeFile(file, original.replaceAll("\n", "\r\n"));
    expect((await applyMigrations(runner, dir)).applied).toEqual([]);

    await writeFile(file, `${original}\n-- edited after it was applied\n`);
    const drift = await expectMigrationError(applyMigrations(runner, dir), "CHECKSUM_MISMATCH");
    expect(drift.message).toContain(migrationNames[0]);
  });

  it.skipIf(!available)("warns about applied migrations that are not on disk", async () => {
    const { runner } = await connect();
    const dir = await tempMigrations();
    await addMigration(dir, "29990101000000_extra", "SELECT 1;");
    await applyMigrations(runner, dir);
    const result = await applyMigrations(runner);
    expect(result.applied).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining("29990101000000_extra")]);
  });

  it.skipIf(!available)("keeps audit_event append-only", async () => {
    const { runner } = await connect();
    await applyMigrations(runner);
    await runner.query("INSERT INTO audit_event (action, basis) VALUES ('PERSON_READ', 'SYSTEM')");
    await expect(runner.query("UPDATE audit_event SET action = 'X'")).rejects.toThrow(/append-only/);
    await expect(runner.query("DELETE FROM audit_event")).rejects.toThrow(/append-only/);
    expect(await runner.query("SELECT action FROM audit_event")).toEqual([{ action: "PERSON_READ" }]);
  });
});

describe.skipIf(!postgresAvailable)("migrations on PostgreSQL with several replicas", () => {
  it("applies each migration once when two processes start at the same time", async () => {
    const { dbs } = await openPostgres(2);

    const results = await Promise.all(dbs.map((db) => applyMigrations(db.runner)));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(migrationNames);
    expect(results.flatMap((r) => r.alreadyApplied).sort()).toEqual(migrationNames);
    const rows = await (dbs[0] as Database).runner.query("SELECT migration_name FROM _prisma_migrations");
    expect(rows).toHaveLength(migrationNames.length);
  });
});

describe.skipIf(!postgresAvailable)("a PostgreSQL connection lost while idle", () => {
  it("does not crash the process, is logged by its code only, and the pool reconnects", async () => {
    const { url, dbs } = await openPostgres(1, true);
    const db = dbs[0] as Database;
    // Only the runner before the kill: Prisma's adapter adds its own pool 'error' listener once used, which
    // would hide a missing one in openDatabase.
    expect(await db.runner.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);

    const uncaught = vi.fn();
    process.on("uncaughtException", uncaught);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    cleanups.push(async () => {
      process.off("uncaughtException", uncaught);
      warn.mockRestore();
    });

    // Every connection to the database is the pool's, idle now; the server ends them as on a restart.
    const killed = await terminatePostgresConnections(url);
    expect(killed).toBeGreaterThanOrEqual(1);
    await vi.waitFor(
      () => {
        expect(uncaught).not.toHaveBeenCalled();
        expect(warn).toHaveBeenCalledTimes(killed);
      },
      { timeout: 10_000 },
    );
    for (const [line] of warn.mock.calls) {
      expect(String(line)).toContain("57P01");
      expect(String(line)).not.toMatch(/terminating|administrator/);
    }
    expect(uncaught).not.toHaveBeenCalled();

    expect(await db.runner.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    expect(await db.prisma.person.count()).toBe(0);
    expect(uncaught).not.toHaveBeenCalled();
  });
});

describe("a PGlite data folder", () => {
  const dirs: string[] = [];
  const tempDataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "sip-data-"));
    dirs.push(dir);
    return join(dir, "nested", "data");
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("keeps its data across close and reopen", async () => {
    const dataDir = await tempDataDir();
    const first = await openDatabase({ dataDir });
    expect(first.migration?.applied).toEqual(migrationNames);
    await first.prisma.person.create({ data: { ref: "K-7F3Q" } });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(second.migration).toEqual({ applied: [], alreadyApplied: migrationNames, warnings: [] });
      expect((await second.prisma.person.findMany()).map((p) => p.ref)).toEqual(["K-7F3Q"]);
    } finally {
      await second.close();
    }
  });

  it("refuses a second open while the folder is in use, and takes over a stale lock", async () => {
    const dataDir = await tempDataDir();
    const db = await openDatabase({ dataDir, migrate: false });
    await expect(openDatabase({ dataDir })).rejects.toMatchObject({
      code: "DATA_DIR_IN_USE",
      message: expect.stringContaining("in use by another sip process"),
    });
    await db.close();

    // A lock file left by a process that is still alive (another sip) blocks; one left by a dead process does not.
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    cleanups.push(async () => void child.kill());
    await writeFile(join(dataDir, "sip.lock"), `${child.pid}\n`);
    await expect(openDatabase({ dataDir })).rejects.toMatchObject({ code: "DATA_DIR_IN_USE" });

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await exited;
    const reopened = await openDatabase({ dataDir, migrate: false });
    await reopened.close();
  });
});

describe("opening PostgreSQL", () => {
  it("names host and port but never the password when no server answers", async () => {
    const error = await openDatabase({
      databaseUrl: "postgresql://sip:s3cret-pw@127.0.0.1:1/sip",
      dataDir: "unused",
    }).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe("CONNECTION_FAILED");
    expect(error?.message).toContain("127.0.0.1:1");
    expect(error?.message).not.toContain("s3cret-pw");
  });

  it.skipIf(!postgresAvailable)("says so when the database does not exist", async () => {
    const admin = new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
    admin.password = "s3cret-pw";
    admin.pathname = "/sip_no_such_database";
    const error = await openDatabase({ databaseUrl: admin.toString(), dataDir: "unused" }).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).toBe("CONNECTION_FAILED");
    expect(error?.message).toContain("does not exist");
    expect(error?.message).not.toContain("s3cret-pw");
  });

  it("rejects a URL that is not postgresql:// without echoing it", async () => {
    await expect(
      openDatabase({ databaseUrl: "mysql://u:s3cret-pw@h/db", dataDir: "unused" }),
    ).rejects.toMatchObject({
      code: "INVALID_DATABASE_URL",
      message: expect.not.stringContaining("s3cret-pw"),
    });
  });
});
