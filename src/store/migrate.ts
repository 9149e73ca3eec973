// Applies prisma/migrations/<name>/migration.sql at start-up and records each one in `_prisma_migrations`
// the way Prisma Migrate does, so `prisma migrate deploy` and `prisma migrate status` keep working wherever
// the schema-engine binary is available (see ../shared/DESIGN.md, "Migrations without the schema-engine binary").
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** runs fn in one transaction on one connection */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Runs fn on one dedicated connection, outside any transaction. Present on runners over a pool, where
   * session state (an advisory lock) must stay on one connection; single-connection runners leave it out.
   */
  session?<T>(fn: (conn: SqlRunner) => Promise<T>): Promise<T>;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
  warnings: string[];
}

export type MigrationErrorCode = "FAILED_MIGRATION" | "CHECKSUM_MISMATCH" | "SQL_ERROR" | "LOCK_TIMEOUT";

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  readonly migration: string | undefined;
  constructor(code: MigrationErrorCode, message: string, migration?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MigrationError";
    this.code = code;
    this.migration = migration;
  }
}

// Prisma Migrate's own lock key (schema-engine, flavour/postgres.rs), so our runs and `prisma migrate deploy`
// exclude each other too.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;
// Long enough for another replica to finish a slow migration; short enough that a stuck holder is reported.
const LOCK_WAIT = "120s";

// The exact DDL of schema-engine's create_migrations_table for PostgreSQL; IF NOT EXISTS is ours.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

export async function applyMigrations(
  runner: SqlRunner,
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const { files, warnings } = await readMigrations(migrationsDir);
  const inSession = runner.session
    ? runner.session.bind(runner)
    : (fn: (r: SqlRunner) => Promise<MigrationResult>) => fn(runner);
  return inSession(async (conn) => {
    await lock(conn);
    try {
      return await applyLocked(conn, files, warnings);
    } finally {
      // If the connection is gone the lock went with it; an unlock error must not hide the real one.
      await conn.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    }
  });
}

async function lock(conn: SqlRunner): Promise<void> {
  await conn.query("SELECT set_config('lock_timeout', $1, false)", [LOCK_WAIT]);
  try {
    await conn.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    await conn.exec("RESET lock_timeout").catch(() => undefined);
    if (sqlState(error) === "55P03") {
      throw new MigrationError(
        "LOCK_TIMEOUT",
        `Another process has held the migration lock for more than ${LOCK_WAIT} (another sip replica or ` +
          "`prisma migrate` is applying migrations). Wait for it to finish and start again; if nothing is " +
          `migrating, look for a stuck session holding pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY}) in pg_locks.`,
        undefined,
        { cause: error },
      );
    }
    throw error;
  }
  // Only the wait for the lock is bounded, not the migrations themselves.
  await conn.exec("RESET lock_timeout");
}

async function applyLocked(
  conn: SqlRunner,
  files: MigrationFile[],
  warnings: string[],
): Promise<MigrationResult> {
  await conn.exec(CREATE_MIGRATIONS_TABLE);
  const rows = await conn.query<MigrationRow>(
    "SELECT id, checksum, migration_name, finished_at, rolled_back_at, started_at, logs FROM _prisma_migrations ORDER BY started_at",
  );

  // Like `prisma migrate deploy`: nothing is applied while an earlier migration is recorded as failed.
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) throw failedMigrationError(failed);

  // Rolled-back rows (`prisma migrate resolve --rolled-back`) do not count as applied.
  const live = rows.filter((r) => r.rolled_back_at === null);
  const onDisk = new Map(files.map((f) => [f.name, f]));
  for (const row of live) {
    const file = onDisk.get(row.migration_name);
    if (!file) {
      warnings.push(
        `Migration ${row.migration_name} is recorded in _prisma_migrations but is not in the migrations folder; ignored.`,
      );
    } else if (!checksumMatches(file.sql, row.checksum)) {
      throw new MigrationError(
        "CHECKSUM_MISMATCH",
        `Migration ${row.migration_name} was changed after it was applied to this database (recorded checksum ` +
          `${row.checksum}, file now ${file.checksum}). Never edit an applied migration: restore its ` +
          "migration.sql (e.g. `git checkout -- prisma/migrations`) and put the change in a new migration.",
        row.migration_name,
      );
    }
  }

  const appliedNames = new Set(live.map((r) => r.migration_name));
  const result: MigrationResult = { applied: [], alreadyApplied: [], warnings };
  for (const file of files) {
    if (appliedNames.has(file.name)) {
      result.alreadyApplied.push(file.name);
      continue;
    }
    await applyOne(conn, file);
    result.applied.push(file.name);
  }
  return result;
}

async function applyOne(conn: SqlRunner, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  // Recorded before and outside the migration's transaction, so a failure stays on record (as Prisma does).
  await conn.query(
    "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())",
    [id, file.checksum, file.name],
  );
  try {
    await conn.transaction(async (tx) => {
      await tx.exec(file.sql);
      await tx.query(
        "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1",
        [id],
      );
    });
  } catch (error) {
    const logs = describeSqlError(file.name, error);
    await conn
      .query("UPDATE _prisma_migrations SET logs = $1 WHERE id = $2", [logs, id])
      .catch(() => undefined);
    throw new MigrationError(
      "SQL_ERROR",
      `Migration ${file.name} failed and was rolled back; nothing after it was applied.\n${logs}\n` +
        `Fix the migration, then mark the failed attempt as rolled back: \`npx prisma migrate resolve --rolled-back ${file.name}\`` +
        ` or, without the Prisma CLI, UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${file.name}' AND finished_at IS NULL; and start again.`,
      file.name,
      { cause: error },
    );
  }
}

function failedMigrationError(row: MigrationRow): MigrationError {
  const logs = row.logs?.trim() ? `\n${row.logs.trim()}` : "";
  return new MigrationError(
    "FAILED_MIGRATION",
    `Migration ${row.migration_name} (started ${new Date(row.started_at).toISOString()}) is recorded as failed, so no ` +
      `further migrations will be applied.${logs}\nCheck the database for partial changes and fix the cause, then ` +
      `mark it as rolled back: \`npx prisma migrate resolve --rolled-back ${row.migration_name}\` or, without the Prisma CLI, ` +
      `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = '${row.id}'; and start again.`,
    row.migration_name,
  );
}

async function readMigrations(dir: string): Promise<{ files: MigrationFile[]; warnings: string[] }> {
  const warnings: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory());
  // Byte order, as Prisma sorts folder names (not locale order).
  const names = entries.map((e) => e.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: MigrationFile[] = [];
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, name, "migration.sql"));
    } catch {
      warnings.push(`Folder ${name} in ${dir} has no migration.sql; skipped.`);
      continue;
    }
    files.push({ name, sql: bytes.toString("utf8"), checksum: sha256Hex(bytes) });
  }
  return { files, warnings };
}

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Like schema-engine's script_matches_checksum: tolerant of CRLF/LF changes that git may make on checkout. */
function checksumMatches(sql: string, recorded: string): boolean {
  const variants = [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n")];
  return variants.some((v) => sha256Hex(Buffer.from(v, "utf8")) === recorded);
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function describeSqlError(name: string, error: unknown): string {
  const e = error as { message?: string; code?: string; position?: string; detail?: string; hint?: string };
  const lines = [`Migration name: ${name}`];
  if (e?.code) lines.push(`Database error code: ${e.code}`);
  lines.push(`Database error: ${e?.message ?? String(error)}`);
  if (e?.position) lines.push(`Position: ${e.position}`);
  if (e?.detail) lines.push(`Detail: ${e.detail}`);
  if (e?.hint) lines.push(`Hint: ${e.hint}`);
  return lines.join("\n");
}

// ---------- Runners ----------

export function pgliteRunner(db: PGlite): SqlRunner {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (fn) => db.transaction((tx) => fn(pgliteTxRunner(tx))),
  };
}

function pgliteTxRunner(tx: Transaction): SqlRunner {
  const runner: SqlRunner = {
    query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
    exec: async (sql) => {
      await tx.exec(sql);
    },
    transaction: (fn) => withSavepoint(runner, fn),
  };
  return runner;
}

export function pgRunner(pool: pg.Pool): SqlRunner {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: (fn) => onClient(pool, (client) => pgClientTransaction(client, fn)),
    session: (fn) => onClient(pool, (client) => fn(pgClientRunner(client, false))),
  };
}

// Connections whose ROLLBACK failed: they may still be inside a transaction and must not go back to the pool.
const brokenClients = new WeakSet<pg.PoolClient>();

async function onClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release(brokenClients.has(client) ? new Error("connection left in an unknown state") : undefined);
  }
}

async function pgClientTransaction<T>(client: pg.PoolClient, fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn(pgClientRunner(client, true));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => brokenClients.add(client));
    throw error;
  }
}

function pgClientRunner(client: pg.PoolClient, inTransaction: boolean): SqlRunner {
  const runner: SqlRunner = {
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    exec: async (sql) => {
      await client.query(sql);
    },
    transaction: (fn) => (inTransaction ? withSavepoint(runner, fn) : pgClientTransaction(client, fn)),
  };
  return runner;
}

let savepointCounter = 0;

async function withSavepoint<T>(tx: SqlRunner, fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
  const name = `sp_${++savepointCounter}`;
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
