import type { Config } from "./config.ts";
import { startRuntime } from "./main.ts";

/** `sip migrate`: applies pending migrations (start-up does the same) and reports what it did. */
export async function runMigrate(config: Config): Promise<number> {
  const runtime = await startRuntime(config);
  try {
    const m = runtime.db.migration;
    const applied = m?.applied ?? [];
    console.log(
      applied.length === 0
        ? `Databasen är aktuell (${m?.alreadyApplied.length ?? 0} migreringar redan gjorda).`
        : `Körde ${applied.length} migrering(ar): ${applied.join(", ")}`,
    );
    for (const w of m?.warnings ?? []) console.warn(w);
    return 0;
  } finally {
    await runtime.close();
  }
}
