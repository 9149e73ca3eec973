import type { AppDeps } from "../../src/app/deps.ts";
import { DEFAULT_OVERLAP_OPTIONS } from "../../src/domain/overlap.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import type { Database } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";

// The app as a job runner or replica runs it, with the clock pinned, for tests whose child processes and
// the test itself must agree on "now". Free of vitest, so a child process can import it.
export function pinnedDeps(db: Database, now: Date): AppDeps {
  return {
    store: new PrismaStore(db.prisma),
    clock: { now: () => new Date(now) },
    taxonomy: new EffortTaxonomy(),
    settings: {
      idSecret: "x".repeat(40),
      suggestionWording: "standard",
      consentDefaultMonths: 12,
      overlap: DEFAULT_OVERLAP_OPTIONS,
    },
  };
}
