// The ingest tests run on both stores: in-memory PGlite and a fresh PostgreSQL database (skipped with a
// printed reason when no server answers, never under CI). Each gets the demo directory and a pinned clock.
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { AppDeps, AppSettings } from "../../src/app/deps.ts";
import type { StaffMember } from "../../src/app/ports.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { type TestClock, testClock, testSettings } from "../app/harness.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";

export interface IngestHarness {
  db: Database;
  deps: AppDeps;
  clock: TestClock;
  staff: Record<"anna" | "bo" | "cecilia" | "david" | "eva", StaffMember>;
  depsWith(overrides: Partial<AppSettings>): AppDeps;
  close(): Promise<void>;
}

export interface Backend {
  name: string;
  available: boolean;
  open(): Promise<IngestHarness>;
}

async function harness(db: Database, dispose: () => Promise<void>): Promise<IngestHarness> {
  const store = new PrismaStore(db.prisma);
  const clock = testClock();
  const taxonomy = new EffortTaxonomy();
  const depsWith = (overrides: Partial<AppSettings>): AppDeps => ({
    store,
    clock,
    taxonomy,
    settings: testSettings(overrides),
  });
  await seedDemoDirectory(store, "console", "local");
  const find = async (handle: string) => {
    const s = await store.findStaffByHandle(handle);
    if (s === null) throw new Error(`demo staff ${handle} missing`);
    return s;
  };
  const staff = {
    anna: await find("anna"),
    bo: await find("bo"),
    cecilia: await find("cecilia"),
    david: await find("david"),
    eva: await find("eva"),
  };
  return { db, deps: depsWith({}), clock, staff, depsWith, close: dispose };
}

export const BACKENDS: Backend[] = [
  {
    name: "PGlite",
    available: true,
    open: async () => {
      const db = await openDatabase({ dataDir: "memory://" });
      return harness(db, () => db.close());
    },
  },
  {
    name: "PostgreSQL",
    available: postgresAvailable,
    open: async () => {
      const url = await freshPostgresUrl();
      if (url === null) throw new Error("PostgreSQL went away during the run");
      const db = await openDatabase({ databaseUrl: url, dataDir: "unused" });
      return harness(db, async () => {
        await db.close();
        await dropPostgresDatabase(url);
      });
    },
  },
];
