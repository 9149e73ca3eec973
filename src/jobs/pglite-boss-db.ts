// pg-boss on the embedded PGlite, through the store's own SqlRunner: PGlite allows one open instance per
// data folder, so the queue must share the store's. pg-boss's pglite adapter wants the PGlite object, which
// the store does not hand out; this adapter gives pg-boss what it needs through the runner instead.
//
// Two things to get right:
// - PGlite has one connection. Its own locks already keep a query from landing inside another caller's
//   transaction; on top of that, pg-boss's statements run one at a time here, in call order.
// - pg-boss sends some work as one text of several statements (`BEGIN; ...; COMMIT;`) and reads rows
//   from the middle of it. PGlite's parameterised query takes one statement, and exec returns no rows
//   through the runner, so such a text is split into statements (quotes, dollar quotes and comments
//   respected) and run one by one inside a runner transaction, which commits or rolls back as a whole.
import type { SqlRunner } from "../store/migrate.ts";

export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Splits SQL text at top-level semicolons; empty statements are dropped. */
export function splitSqlStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      // A quoted string or identifier; a doubled quote is an escaped one.
      i++;
      while (i < n) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? n : end + 1;
    } else if (c === "/" && next === "*") {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === "/" && sql[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (sql[i] === "*" && sql[i + 1] === "/") {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (c === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag === null) {
        i++;
        continue;
      }
      const close = sql.indexOf(tag[0], i + tag[0].length);
      i = close < 0 ? n : close + tag[0].length;
    } else if (c === ";") {
      out.push(sql.slice(start, i));
      i++;
      start = i;
    } else i++;
  }
  out.push(sql.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0 && !/^(--[^\n]*\n?\s*)+$/.test(`${s}\n`));
}

const isBegin = (s: string) => /^begin(\s+transaction)?$/i.test(s);
const isCommit = (s: string) => /^(commit|end)(\s+transaction)?$/i.test(s);

export function runnerBossDb(runner: SqlRunner): BossDb {
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const execute = async (text: string, values?: unknown[]) => {
    if (values !== undefined && values.length > 0) return { rows: await runner.query(text, values) };
    const statements = splitSqlStatements(text);
    if (statements.length <= 1) return { rows: await runner.query(statements[0] ?? text) };
    const first = statements[0] ?? "";
    const last = statements[statements.length - 1] ?? "";
    const wrapped = isBegin(first) && isCommit(last);
    const body = wrapped ? statements.slice(1, -1) : statements;
    const runAll = async (r: SqlRunner) => {
      const rows: unknown[] = [];
      for (const s of body) rows.push(...(await r.query(s)));
      return { rows };
    };
    // Without BEGIN/COMMIT a multi-statement text is still one implicit transaction in PostgreSQL.
    return runner.transaction(runAll);
  };
  return { executeSql: (text, values) => serial(() => execute(text, values)) };
}
