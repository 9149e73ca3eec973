// For tests that need a real PostgreSQL: each suite gets its own throwaway database, so suites can run in
// parallel and leave nothing behind. When no server answers, tests are skipped with a printed reason.
import { randomBytes } from "node:crypto";
import pg from "pg";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// A local server answers in milliseconds; waiting longer only slows down runs on machines without one.
const CONNECT_TIMEOUT_MS = 2_000;

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
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

async function probe(): Promise<boolean> {
  try {
    await withAdminClient(ADMIN_URL, (c) => c.query("SELECT 1"));
    return true;
  } catch (error) {
    console.warn(
      `PostgreSQL tests skipped: no server answered at ${where(ADMIN_URL)} within ${CONNECT_TIMEOUT_MS} ms ` +
        `(${error instanceof Error ? error.message : String(error)}). Set TEST_POSTGRES_URL to use another server.`,
    );
    return false;
  }
}

/** Whether a PostgreSQL server answers; computed once per test file, for `describe.skipIf(!postgresAvailable)`. */
export const postgresAvailable: boolean = await probe();

/** Creates an empty database `sip_test_<random>` and returns its URL, or null (with a warning) when no server answers. */
export async function freshPostgresUrl(): Promise<string | null> {
  const name = `sip_test_${randomBytes(6).toString("hex")}`;
  try {
    await withAdminClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  } catch (error) {
    console.warn(
      `No fresh PostgreSQL database: could not create one at ${where(ADMIN_URL)} ` +
        `(${error instanceof Error ? error.message : String(error)}).`,
    );
    return null;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by freshPostgresUrl, ending any connections still open to it first. */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.startsWith("sip_test_")) throw new Error(`Refusing to drop ${name}: not a test database`);
  await withAdminClient(ADMIN_URL, async (c) => {
    await c.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  });
}
