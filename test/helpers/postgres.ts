// For tests that need a real PostgreSQL: each suite gets its own throwaway database, so suites can run in
// parallel and leave nothing behind. When no server answers, tests are skipped with a printed reason, except
// under CI (CI=true), where that is an error: a CI run must never go green without the PostgreSQL tests.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// A local server answers in milliseconds; waiting longer only slows down runs on machines without one.
const CONNECT_TIMEOUT_MS = 2_000;
const IN_CI = process.env.CI === "true";
// How long dropPostgresDatabase waits for connections that are already closing to go before it ends them.
const DRAIN_WAIT_MS = 2_000;

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A client without an 'error' listener turns a dropped connection into an uncaught exception; a failed
  // query still rejects.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function probe(): Promise<boolean> {
  try {
    await withAdminClient(ADMIN_URL, (c) => c.query("SELECT 1"));
    return true;
  } catch (error) {
    const reason = `no server answered at ${where(ADMIN_URL)} within ${CONNECT_TIMEOUT_MS} ms (${describeError(error)})`;
    if (IN_CI) {
      throw new Error(
        `PostgreSQL is required under CI (CI=true) but ${reason}. Start PostgreSQL (.ci/run does) or set ` +
          "TEST_POSTGRES_URL to a server that answers; the PostgreSQL tests are never skipped in CI.",
        { cause: error },
      );
    }
    console.warn(`PostgreSQL tests skipped: ${reason}. Set TEST_POSTGRES_URL to use another server.`);
    return false;
  }
}

/**
 * Whether a PostgreSQL server answers; computed once per test file, for `describe.skipIf(!postgresAvailable)`.
 * Under CI (CI=true) it is never false: loading this module throws instead.
 */
export const postgresAvailable: boolean = await probe();

/**
 * Creates an empty database `sip_test_<random>` and returns its URL, or null (with a warning) when no server
 * answers. Under CI it throws instead of returning null.
 */
export async function freshPostgresUrl(): Promise<string | null> {
  const name = `sip_test_${randomBytes(6).toString("hex")}`;
  try {
    await withAdminClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  } catch (error) {
    const reason = `could not create one at ${where(ADMIN_URL)} (${describeError(error)})`;
    if (IN_CI)
      throw new Error(`No fresh PostgreSQL database under CI (CI=true): ${reason}.`, { cause: error });
    console.warn(`No fresh PostgreSQL database: ${reason}.`);
    return null;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops a database made by freshPostgresUrl. Close every pool and database on it first (their close() must
 * have resolved): a connection terminated while its client is still open or closing reaches that client as
 * an 'error' (57P01), which crashes the test process where nothing listens. Connections that are already
 * closing get a moment to go; any left (a killed child process, a test that forgot to close) are then ended.
 */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.startsWith("sip_test_")) throw new Error(`Refusing to drop ${name}: not a test database`);
  await withAdminClient(ADMIN_URL, async (c) => {
    const remaining = async () => {
      const { rows } = await c.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [name],
      );
      return Number(rows[0]?.n ?? 0);
    };
    const deadline = Date.now() + DRAIN_WAIT_MS;
    while ((await remaining()) > 0 && Date.now() < deadline) await sleep(50);

    // WITH (FORCE) (PostgreSQL 13+) ends the remaining connections and drops in one step, so a client that
    // reconnects in between cannot make the drop fail with "is being accessed by other users" (55006).
    const version = Number(
      (await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v,
    );
    const drop = `DROP DATABASE IF EXISTS ${quoteIdent(name)}${version >= 130000 ? " WITH (FORCE)" : ""}`;
    for (let attempt = 1; ; attempt++) {
      await c.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [name],
      );
      try {
        await c.query(drop);
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== "55006" || attempt >= 5) throw error;
        await sleep(200);
      }
    }
  });
}

/** Ends every connection to a database made by freshPostgresUrl, as a server restart would; returns how many. */
export async function terminatePostgresConnections(url: string): Promise<number> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.startsWith("sip_test_")) throw new Error(`Refusing to touch ${name}: not a test database`);
  return withAdminClient(ADMIN_URL, async (c) => {
    const { rows } = await c.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    return rows.filter((r) => r.ended).length;
  });
}
