// Two bot processes on one PostgreSQL run the scheduling jobs at the same moment (the scale-out shape in
// DESIGN.md): every non-responder gets exactly one reminder per reminder time, and every poll is closed and
// reported to its initiator exactly once, however the two runs interleave.
// PGlite runs one transaction at a time, so this race only exists, and is only tested, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordConsent } from "../../src/app/consents.ts";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { createPerson } from "../../src/app/persons.ts";
import type { StaffMember } from "../../src/app/ports.ts";
import { closeDuePolls, sendPollReminders } from "../../src/app/scheduling-jobs.ts";
import { openPoll } from "../../src/app/scheduling-polls.ts";
import { startSip } from "../../src/app/sips.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import { expectOk, nextTestId, type TestClock, testClock, testSettings } from "./harness.ts";
import { schedulingPorts } from "./scheduling-harness.ts";

const POLLS = 3;
const ROUNDS = 4;

describe.skipIf(!postgresAvailable)("scheduling jobs in two processes on one PostgreSQL", () => {
  let url: string | null = null;
  const replicas: { db: Database; deps: AppDeps; clock: TestClock }[] = [];
  const staff: Record<string, StaffMember> = {};

  beforeAll(async () => {
    url = await freshPostgresUrl();
    if (url === null) throw new Error("PostgreSQL answered but no test database could be created");
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase({ dataDir: "memory://", databaseUrl: url });
      const clock = testClock();
      replicas.push({
        db,
        clock,
        deps: {
          store: new PrismaStore(db.prisma),
          clock,
          taxonomy: new EffortTaxonomy(),
          settings: testSettings(),
          scheduling: schedulingPorts(),
        },
      });
    }
    const one = replicas[0];
    if (one === undefined) throw new Error("no replica");
    expect(await seedDemoDirectory(one.deps.store, "console", "local")).toBe(true);
    for (const handle of ["anna", "bo", "cecilia", "david", "eva"]) {
      const s = await one.deps.store.findStaffByHandle(handle);
      if (s === null) throw new Error(`missing ${handle}`);
      staff[handle] = s;
    }
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) await r.db.close();
    if (url !== null) await dropPostgresDatabase(url);
  });

  async function openOnePoll(deps: AppDeps): Promise<string> {
    const anna = staff.anna as StaffMember;
    const bo = staff.bo as StaffMember;
    const id = nextTestId();
    const ref = expectOk(await createPerson(deps, anna, id)).ref;
    expectOk(await registerEffort(deps, anna, { ref, effort: "hemtjänst" }));
    expectOk(await createPerson(deps, bo, id));
    expectOk(await registerEffort(deps, bo, { ref, effort: "psykiatrisk öppenvård" }));
    expectOk(await startSip(deps, anna, ref));
    expectOk(await recordConsent(deps, anna, { ref, principals: ["REGION", "MUNICIPALITY"] }));
    expectOk(
      await openPoll(deps, anna, {
        ref,
        participants: [
          { handle: "@bo", required: true },
          { handle: "@david", required: false },
          { handle: "@eva", required: false },
          { label: "personen själv", required: true },
        ],
        place: "Rådhuset",
      }),
    );
    return ref;
  }

  const count = async (kind: string) => {
    const db = replicas[0]?.db;
    if (db === undefined) throw new Error("no replica");
    const rows = await db.runner.query<{ n: number; keys: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT dedupe_key)::int AS keys FROM outbox_message WHERE payload->>'kind' = $1",
      [kind],
    );
    return rows[0];
  };
  const setClocks = (iso: string) => {
    for (const r of replicas) r.clock.set(iso);
  };

  it("sends each reminder once per non-responder per reminder time, and closes each poll once", async () => {
    const [one, two] = replicas;
    if (one === undefined || two === undefined) throw new Error("two replicas expected");
    for (let i = 0; i < POLLS; i++) await openOnePoll(i % 2 === 0 ? one.deps : two.deps);

    let totalAdded = 0;
    // Answers due by the end of 26 November (23:00Z); the 48-hour reminder is due at 24 November 23:00Z.
    for (const [at, expected] of [
      ["2026-11-24T23:01:00Z", 1],
      ["2026-11-24T23:20:00Z", 1], // a later run, same reminder time: nothing new
      ["2026-11-26T19:10:00Z", 2], // the 4-hour reminder
    ] as const) {
      setClocks(at);
      const runs = await Promise.all(
        Array.from({ length: ROUNDS }, (_, k) => sendPollReminders(k % 2 === 0 ? one.deps : two.deps)),
      );
      // Per poll: anna (the initiator), bo, david and eva have not answered (4 staff reminders), and the
      // initiator is reminded once more, for the person's answers.
      const staffReminders = await count("pollReminder");
      const proxy = await count("pollProxyReminder");
      expect(staffReminders).toEqual({ n: expected * POLLS * 4, keys: expected * POLLS * 4 });
      expect(proxy).toEqual({ n: expected * POLLS, keys: expected * POLLS });
      // What the runs say they added is what was added: no run counted another's insert.
      totalAdded += runs.reduce((sum, r) => sum + r.enqueued, 0);
      expect(totalAdded).toBe((staffReminders?.n ?? 0) + (proxy?.n ?? 0));
    }

    setClocks("2026-11-26T23:00:00Z");
    const closes = await Promise.all([
      closeDuePolls(one.deps),
      closeDuePolls(two.deps),
      closeDuePolls(one.deps),
    ]);
    expect(closes.reduce((sum, r) => sum + r.closed, 0)).toBe(POLLS);
    expect(await count("pollClosed")).toEqual({ n: POLLS, keys: POLLS });
  }, 240_000);
});
