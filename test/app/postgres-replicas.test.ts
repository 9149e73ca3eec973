// Two bot replicas on one PostgreSQL (the scale-out shape in DESIGN.md): when both principals register
// efforts for the same person at the same moment through different replicas, exactly one SIP is suggested,
// neither two nor none.
// PGlite runs one transaction at a time, so this race only exists, and is only tested, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { createPerson } from "../../src/app/persons.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import { nextTestId, testClock, testSettings } from "./harness.ts";

describe.skipIf(!postgresAvailable)("two replicas on one PostgreSQL", () => {
  let url: string | null = null;
  const replicas: { db: Database; deps: AppDeps }[] = [];

  beforeAll(async () => {
    url = await freshPostgresUrl();
    if (url === null) throw new Error("PostgreSQL answered but no test database could be created");
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase({ dataDir: "memory://", databaseUrl: url });
      replicas.push({
        db,
        deps: {
          store: new PrismaStore(db.prisma),
          clock: testClock(),
          taxonomy: new EffortTaxonomy(),
          settings: testSettings(),
        },
      });
    }
    const first = replicas[0];
    if (first === undefined) throw new Error("no replica");
    expect(await seedDemoDirectory(first.deps.store, "console", "local")).toBe(true);
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) await r.db.close();
    if (url !== null) await dropPostgresDatabase(url);
  });

  it("suggests one SIP however the simultaneous registrations interleave", async () => {
    const [one, two] = replicas;
    if (one === undefined || two === undefined) throw new Error("two replicas expected");
    const staff = async (handle: string) => {
      const s = await one.deps.store.findStaffByHandle(handle);
      if (s === null) throw new Error(`missing ${handle}`);
      return s;
    };
    const [anna, bo] = [await staff("anna"), await staff("bo")];
    for (let round = 0; round < 8; round++) {
      const id = nextTestId();
      const created = await createPerson(one.deps, anna, id);
      const met = await createPerson(two.deps, bo, id);
      if (!created.ok || !met.ok) throw new Error("could not create the person");
      const ref = created.value.ref;
      expect(met.value.ref).toBe(ref);
      const results = await Promise.all([
        registerEffort(one.deps, anna, { ref, effort: "hemtjänst" }),
        registerEffort(two.deps, bo, { ref, effort: "psykiatrisk öppenvård" }),
      ]);
      // Without the lock on the person's row, both transactions missed each other's effort under READ
      // COMMITTED, and no SIP was suggested at all (8 rounds of 8 before the fix).
      for (const r of results) expect(r.ok, JSON.stringify(r)).toBe(true);
      const sips = await one.db.runner.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sip s JOIN person p ON p.id = s.person_id WHERE p.ref = $1`,
        [ref],
      );
      expect(sips[0]?.n).toBe(1);
      const efforts = await one.db.runner.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM effort e JOIN person p ON p.id = e.person_id WHERE p.ref = $1`,
        [ref],
      );
      expect(efforts[0]?.n).toBe(2);
    }
  }, 120_000);
});
