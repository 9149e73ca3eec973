import { digestWeek, trendWeeks } from "./src/domain/digest.ts";
import { openDatabase } from "./src/store/database.ts";
import { DigestSql } from "./src/store/digest-store.ts";
const db = await openDatabase({ databaseUrl: process.argv[2]!, dataDir: "unused", migrate: false });
const d = new DigestSql(db.prisma) as any;
const units = (await db.runner.query<{ id: string }>("SELECT id::text FROM unit ORDER BY name LIMIT 1")).map((r) => r.id);
const weeks = trendWeeks(digestWeek("2026-11-16"));
const captured: [string, unknown[]][] = [];
d.analytic = async (sql: string, ...params: unknown[]) => { captured.push([sql, params]); return []; };
await d.digestFigures(units, weeks);
await d.bothPrincipalsWithoutSip(units, weeks[4], 500);
for (const [sql, params] of captured) {
  const s = performance.now();
  const plan = await db.runner.transaction(async (tx) => { await tx.query("SET LOCAL jit = off"); return tx.query<{ "QUERY PLAN": string }>("EXPLAIN (ANALYZE, BUFFERS off) " + sql, params); });
  console.log("=====", (performance.now() - s).toFixed(1), "ms");
  console.log(plan.map((r) => r["QUERY PLAN"]).filter(l => /actual time=\d{2,}|Execution Time|Seq Scan|SubPlan/.test(l)).slice(0, 14).join("\n"));
}
await db.close();
