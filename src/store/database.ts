// Opens the shared store: PostgreSQL when a URL is given (scale-out), otherwise embedded PGlite in a data
// folder (the default, no server). Migrations are applied on open, so every process starts on the current schema.
import { access, mkdir, open, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type MigrationResult, pgliteRunner, pgRunner, type SqlRunner } from "./migrate.ts";

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data folder, or "memory://" */
  dataDir: string;
  /** Apply pending migrations on open; default true. */
  migrate?: boolean;
}

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  runner: SqlRunner;
  migration: MigrationResult | null;
  close(): Promise<void>;
}

export type DatabaseOpenErrorCode =
  "DATA_DIR_IN_USE" | "DATA_DIR_UNUSABLE" | "INVALID_DATABASE_URL" | "CONNECTION_FAILED";

export class DatabaseOpenError extends Error {
  readonly code: DatabaseOpenErrorCode;
  constructor(code: DatabaseOpenErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DatabaseOpenError";
    this.code = code;
  }
}

// A server that does not answer is reported after this long instead of waiting for the OS's TCP timeout.
const CONNECT_TIMEOUT_MS = 10_000;
const LOCK_FILE = "sip.lock";

// PGlite's PostgreSQL runs in one WebAssembly memory that only grows. With the default shared_buffers
// (128 MB) it grows to ~184 MB at open and stays resident; with 16 MB it keeps its 128 MB floor and the
// idle `sip serve` is ~120 MB smaller (bench/memory.bench.ts), while the digest over 200,000 commitments
// took no longer (bench/digest.bench.ts): the data files sit in the OS's page cache, so a miss in the
// smaller pool is a copy, not a disk read. PGlite's own start parameters are kept, since a startParams
// list replaces them.
const PGLITE_START_PARAMS = ["-c", "shared_buffers=16MB"];

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  // Each backend's driver is imported only when it is the one used: a process holds one of them.
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  if (opts.migrate === false) return db;
  try {
    return { ...db, migration: await applyMigrations(db.runner) };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

// ---------- PostgreSQL ----------

async function openPostgres(databaseUrl: string): Promise<Database> {
  const target = describeUrl(databaseUrl);
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
  // Prisma's driver adapters send instants as UTC wall times without an offset and read them back the
  // same way, so the session must be in UTC or every timestamp shifts by the server's offset.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: "-c TimeZone=UTC",
  });
  // An idle connection the server drops (a restart, a failover, pg_terminate_backend) must not crash the
  // process: without a listener the pool's 'error' event is an uncaught exception. The pool has already
  // discarded the client and opens a new one on next use. Only the code is logged, never the message.
  pool.on("error", (error) =>
    console.warn(
      `sip: PostgreSQL at ${target.where}: an idle connection was lost (${errorCode(error)}); ` +
        "a new one is opened on next use",
    ),
  );
  const endPool = trackPoolClients(pool);
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await endPool().catch(() => undefined);
    const reason = redact(connectionFailureReason(error), target.password);
    throw new DatabaseOpenError(
      "CONNECTION_FAILED",
      `Could not connect to PostgreSQL at ${target.where} (database "${target.database}", user "${target.user}"): ` +
        `${reason}. Check DATABASE_URL and that the server is running and reachable.`,
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: "postgres",
    runner: pgRunner(pool),
    migration: null,
    close: once(async () => {
      await prisma.$disconnect();
      await endPool();
    }),
  };
}

// pool.end() resolves as soon as it has asked each client to close, before their sockets are closed, so a
// connection may still be open on the server after it returns. close() waits for the pool's 'remove' event
// of every client (emitted once its socket is closed), bounded so that shutdown cannot hang on a dead socket.
const CLOSE_WAIT_MS = 5_000;

function trackPoolClients(pool: pg.Pool): () => Promise<void> {
  const open = new Set<pg.PoolClient>();
  let allClosed: (() => void) | undefined;
  pool.on("connect", (client) => open.add(client));
  pool.on("remove", (client) => {
    open.delete(client);
    if (open.size === 0) allClosed?.();
  });
  return async () => {
    const closed = new Promise<void>((resolve) => {
      allClosed = resolve;
    });
    await pool.end();
    if (open.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code !== "" ? code : "no error code";
}

interface UrlParts {
  where: string;
  database: string;
  user: string;
  password: string;
}

function describeUrl(databaseUrl: string): UrlParts {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // Never echo the URL: it may carry a password.
    throw new DatabaseOpenError(
      "INVALID_DATABASE_URL",
      "DATABASE_URL is not a valid URL; expected postgresql://user:password@host:5432/database",
    );
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new DatabaseOpenError(
      "INVALID_DATABASE_URL",
      `DATABASE_URL must start with postgresql:// (got ${url.protocol}//); for the embedded database leave it unset`,
    );
  }
  const host = url.hostname || url.searchParams.get("host") || "localhost";
  return {
    where: `${host}:${url.port || "5432"}`,
    database:
      decodeURIComponent(url.pathname.replace(/^\//, "")) || decodeURIComponent(url.username) || "postgres",
    user: decodeURIComponent(url.username) || "(default)",
    password: decodeURIComponent(url.password),
  };
}

function connectionFailureReason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e?.code) {
    case "ECONNREFUSED":
      return "connection refused (is the server running and listening on that port?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found";
    case "ETIMEDOUT":
      return "no answer (timed out)";
    case "28P01":
    case "28000":
      return "authentication failed (check the user name and password)";
    case "3D000":
      return "the database does not exist";
    default:
      if (/timeout/i.test(e?.message ?? "")) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
      return e?.message ?? String(error);
  }
}

function redact(text: string, secret: string): string {
  return secret ? text.replaceAll(secret, "***") : text;
}

// ---------- PGlite ----------

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  const folder = inMemory ? dataDir : resolve(dataDir);
  let releaseLock = async () => {};
  if (!inMemory) {
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      throw new DatabaseOpenError(
        "DATA_DIR_UNUSABLE",
        `Cannot create the data folder ${folder}: ${message(error)}`,
        {
          cause: error,
        },
      );
    }
    releaseLock = await lockDataDir(folder);
  }
  let pglite: PGlite;
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const start = async () => {
    const instance = new PGlite(folder, {
      startParams: [...PGlite.defaultStartParams, ...PGLITE_START_PARAMS],
    });
    await instance.waitReady;
    // PGlite takes its zone from the process; pin it to UTC for the same reason as the pool above.
    await instance.exec("SET TIME ZONE 'UTC'");
    return instance;
  };
  try {
    try {
      pglite = await start();
    } catch (error) {
      if (inMemory || !(await setAsideInterruptedFirstStart(folder))) throw error;
      pglite = await start();
    }
    if (!inMemory) await writeFile(join(folder, STARTED_MARKER), "", { flag: "a" });
  } catch (error) {
    await releaseLock();
    throw new DatabaseOpenError(
      "DATA_DIR_UNUSABLE",
      `Cannot open the database in the data folder ${folder}: ${message(error)}. Check that it holds a sip ` +
        "database (or is empty) and is writable, or set SIP_DATA_DIR to another folder.",
      { cause: error },
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: "pglite",
    runner: pgliteRunner(pglite),
    migration: null,
    close: once(async () => {
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        await releaseLock();
      }
    }),
  };
}

// Folders locked by this process: a second open in the same process is as unsafe as one from another process.
const lockedHere = new Set<string>();

/**
 * PGlite (0.4) does not stop two processes from opening one data folder, which corrupts it. A lock file
 * holding our pid does: it is stale when that process is gone (or when the pid is ours, e.g. pid 1 in a
 * restarted container, and we do not hold it).
 */
// Written after the first successful open of a data folder. A folder with database files but without it
// holds what a first start left when it was killed inside PGlite's initdb: it cannot be opened (PGlite fails
// on the half-made cluster), and nothing of ours was ever written to it.
const STARTED_MARKER = "sip-store-started";
// Ours, not the cluster's: kept in place when a half-made cluster is set aside.
const OWN_FILES = new Set([LOCK_FILE, "id-secret", STARTED_MARKER]);

/**
 * Moves a cluster that a killed first start left half-made into a subfolder (never deletes it), so the
 * next open starts afresh; false when the folder was ever opened successfully or holds no cluster files.
 */
async function setAsideInterruptedFirstStart(folder: string): Promise<boolean> {
  const marked = await access(join(folder, STARTED_MARKER)).then(
    () => true,
    () => false,
  );
  if (marked) return false;
  const entries = (await readdir(folder)).filter((e) => !OWN_FILES.has(e) && !e.startsWith("interrupted-"));
  if (!entries.includes("PG_VERSION")) return false;
  const aside = join(folder, `interrupted-first-start-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  await mkdir(aside);
  for (const entry of entries) await rename(join(folder, entry), join(aside, entry));
  console.warn(
    `sip: the data folder's first start was interrupted; its unfinished database was moved to ${aside}`,
  );
  return true;
}

async function lockDataDir(folder: string): Promise<() => Promise<void>> {
  const path = join(folder, LOCK_FILE);
  const inUse = (holder: string) =>
    new DatabaseOpenError(
      "DATA_DIR_IN_USE",
      `The data folder ${folder} is in use by another sip process (${holder}); stop it or set SIP_DATA_DIR ` +
        `to another folder. If no sip process is running, delete ${path}.`,
    );
  if (lockedHere.has(folder)) throw inUse("this process");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      lockedHere.add(folder);
      return async () => {
        lockedHere.delete(folder);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new DatabaseOpenError("DATA_DIR_UNUSABLE", `Cannot write ${path}: ${message(error)}`, {
          cause: error,
        });
      }
    }
    const pid = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid))
      throw inUse(`pid ${pid}`);
    await rm(path, { force: true });
  }
  throw inUse("another process took the lock at the same moment");
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** close() may be called from several shutdown paths; the second call waits for the first. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  // PGlite's file-system errors are plain objects ({ errno: 20 }): "[object Object]" would tell nobody anything.
  if (typeof error === "object" && error !== null && "errno" in error) {
    return `file system error ${String(error.errno)} inside PGlite`;
  }
  return String(error);
}
