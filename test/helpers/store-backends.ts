import { type Database, openDatabase } from "../../src/store/database.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "./postgres.ts";

// The two stores every model test runs on: an in-memory PGlite, and a fresh PostgreSQL database (skipped,
// with the reason printed by ./postgres.ts, when no server answers outside CI).
export interface StoreBackend {
  name: string;
  available: boolean;
  open(): Promise<{ db: Database; dispose(): Promise<void> }>;
}

export const storeBackends: StoreBackend[] = [
  {
    name: "PGlite (in memory)",
    available: true,
    open: async () => {
      const db = await openDatabase({ dataDir: "memory://" });
      return { db, dispose: () => db.close() };
    },
  },
  {
    name: "PostgreSQL",
    available: postgresAvailable,
    open: async () => {
      const url = await freshPostgresUrl();
      if (!url) throw new Error("PostgreSQL went away during the run");
      const db = await openDatabase({ databaseUrl: url, dataDir: "unused" });
      return {
        db,
        dispose: async () => {
          await db.close();
          await dropPostgresDatabase(url);
        },
      };
    },
  },
];
