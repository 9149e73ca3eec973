import pg from "pg";

// The PostgreSQL server the benchmarks make their throwaway databases on, and the two things they ask of it.
export const BENCH_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** One statement on a connection of its own: CREATE and DROP DATABASE cannot run inside a transaction. */
export async function adminSql(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  c.on("error", () => undefined);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The URL of database `name` on the same server. */
export function benchDatabaseUrl(name: string): string {
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
