// Where the bot child keeps its data during a latency bench: embedded PGlite in a temporary folder (the
// default, and the bot's default) or a throwaway PostgreSQL database (the scale-out setting, where the
// database work runs in the server's processes instead of the bot's own thread).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Backend = "pglite" | "postgres";

export interface BotStore {
  env: Record<string, string>;
  remove(): Promise<void>;
}

export async function botStore(backend: Backend): Promise<BotStore> {
  const dataDir = await mkdtemp(join(tmpdir(), "sip-bench-"));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (backend === "pglite") return { env: { SIP_DATA_DIR: dataDir }, remove: removeDir };
  // Imported only here: the module probes the server as it loads.
  const { dropPostgresDatabase, freshPostgresUrl } = await import("../../test/helpers/postgres.ts");
  const url = await freshPostgresUrl();
  if (url === null) throw new Error("--backend postgres: no PostgreSQL server answered (TEST_POSTGRES_URL)");
  return {
    env: { SIP_DATA_DIR: dataDir, DATABASE_URL: url },
    async remove() {
      await dropPostgresDatabase(url);
      await removeDir();
    },
  };
}
