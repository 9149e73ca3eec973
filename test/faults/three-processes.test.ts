// Three bot replicas on one PostgreSQL with the Monday digest and commitment reminders due: every manager
// gets one digest and every reminder goes out once, counted per recipient and per commitment from what was
// written to the outbox (not from its unique keys alone). Then again with one replica SIGKILLed while it is
// in the middle of the digest: the other two finish the work, and still nothing is sent twice or lost.
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { sendWeeklyDigests } from "../../src/app/digest-weekly.ts";
import { sendCommitmentReminders } from "../../src/app/reminders.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import { KillableProcess } from "./kill-process.ts";
import { pinnedDeps } from "../helpers/pinned-deps.ts";
import { expectedOutbox, seedReplicaWork } from "./replica-seed.ts";

const CHILD = fileURLToPath(new URL("./replica-child.ts", import.meta.url));
const NOW = "2026-11-23T08:00:00Z"; // Monday 09:00 in Stockholm: digest day, after the reminder hour
const SLOT = "2026-11-16";

interface OutboxRow {
  key: string;
  recipient: string;
  kind: string;
  number: number | null;
  week: string | null;
  role: string | null;
}

async function outbox(db: Database): Promise<OutboxRow[]> {
  return db.runner.query<OutboxRow>(
    `SELECT dedupe_key AS key, recipient_id::text AS recipient, payload->>'kind' AS kind,
            (payload->>'number')::int AS number, payload->>'weekStart' AS week, payload->>'role' AS role
       FROM outbox_message`,
  );
}

/** How many rows each (recipient, what) pair got; exactly once means every count is 1. */
function perRecipient(rows: OutboxRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const what =
      r.kind === "weeklyDigest"
        ? `digest ${r.week}`
        : `${r.kind}/${r.role ?? "owner"} #${r.number} ${r.key.split(":")[1]}`;
    const k = `${r.recipient} ${what}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

async function until(
  what: string,
  probe: () => Promise<boolean>,
  ms: number,
  replicas: KillableProcess[],
): Promise<void> {
  const deadline = Date.now() + ms;
  // pg-boss makes its tables when the first replica starts; until then the probe's query fails.
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) {
      const out = replicas.map((r, i) => `replica ${i}:\n${r.stdout}${r.stderr}`).join("\n");
      throw new Error(`timed out waiting for ${what}\n${out}`);
    }
    await sleep(100);
  }
}

describe.skipIf(!postgresAvailable)("three replicas on one PostgreSQL", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  async function scenario(killOne: boolean) {
    const started = Date.now();
    const url = await freshPostgresUrl();
    if (url === null) throw new Error("PostgreSQL answered but gave no test database");
    cleanup.push(() => dropPostgresDatabase(url));
    const db = await openDatabase({ databaseUrl: url, dataDir: "unused" });
    cleanup.push(() => db.close());
    const seeded = await seedReplicaWork(db.runner);
    const want = expectedOutbox(seeded);

    const replicas = [0, 1, 2].map(() => new KillableProcess(CHILD, [url, NOW, SLOT], {}));
    cleanup.push(async () => {
      for (const r of replicas) await r.kill();
    });
    let killed = -1;
    let digestsAtKill = 0;
    if (killOne) {
      // The replica that took the digest job, killed once it has written some digests but not all.
      await until(
        "a replica to be in the middle of the digest",
        async () => {
          killed = replicas.findIndex((r) => r.stdout.includes("run sip-weekly-digest"));
          if (killed < 0) return false;
          digestsAtKill = (await outbox(db)).filter((r) => r.kind === "weeklyDigest").length;
          return digestsAtKill >= seeded.managers.length / 4;
        },
        90_000,
        replicas,
      );
      await replicas[killed]?.kill();
    }
    let lastJobs: { name: string; state: string; n: number }[] = [];
    const jobs = () =>
      db.runner.query<{ name: string; state: string; n: number }>(
        "SELECT name, state, count(*)::int AS n FROM pgboss.job GROUP BY 1, 2 ORDER BY 1, 2",
      );
    await until(
      "both jobs to complete",
      async () => {
        lastJobs = await jobs();
        if (lastJobs.some((x) => x.state === "failed")) return true; // the assertions below say which
        return (
          new Set(lastJobs.map((x) => x.name)).size === 2 && lastJobs.every((x) => x.state === "completed")
        );
      },
      120_000,
      replicas,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\njobs: ${JSON.stringify(lastJobs)}`);
    });
    const rows = await outbox(db);
    const counts = perRecipient(rows);
    const twice = [...counts.values()].filter((n) => n > 1).length;
    const missing = [...want.keys()].filter((k) => !counts.has(k)).length;
    const unexpected = [...counts.keys()].filter((k) => !want.has(k)).length;
    // A fourth run in this process, with the same clock, finds nothing left to send.
    const deps = pinnedDeps(db, new Date(NOW));
    const again =
      (await sendWeeklyDigests(deps, undefined)).enqueued + (await sendCommitmentReminders(deps)).enqueued;
    const workers = replicas.map((r) => (r.stdout.match(/^done /gm) ?? []).length);
    const digests = rows.filter((r) => r.kind === "weeklyDigest").length;
    console.log(
      `three-processes${killOne ? ` (replica ${killed} killed after ${digestsAtKill} digests)` : ""}: ` +
        `${seeded.managers.length} managers, ${seeded.commitments} commitments due; ${digests} digests, ` +
        `${rows.length - digests} reminders; twice ${twice}, missing ${missing}, unexpected ${unexpected}, ` +
        `left for a fourth run ${again}; jobs ${lastJobs.map((j) => `${j.name}=${j.n}`).join(", ")}; ` +
        `task runs finished per replica ${workers.join("/")}; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect({ twice, missing, unexpected, again }).toEqual({ twice: 0, missing: 0, unexpected: 0, again: 0 });
    expect(rows).toHaveLength(want.size);
    expect(digests).toBe(seeded.managers.length);
    // Every job ended as completed (none failed, none left active or waiting for a retry).
    expect(new Set((await jobs()).map((j) => `${j.name} ${j.state}`))).toEqual(
      new Set(["sip-commitment-reminders completed", "sip-weekly-digest completed"]),
    );
    return { killed, replicas };
  }

  it("sends each digest and reminder exactly once", async () => {
    await scenario(false);
  }, 150_000);

  it("still exactly once when one replica is killed in the middle, and the others finish", async () => {
    const { killed, replicas } = await scenario(true);
    expect(killed).toBeGreaterThanOrEqual(0);
    expect(await replicas[killed]?.ended).toMatchObject({ signal: "SIGKILL" });
    // The digest was finished by one of the two that were left.
    const finisher = replicas.findIndex((r) => r.stdout.includes("done sip-weekly-digest"));
    expect(finisher).toBeGreaterThanOrEqual(0);
    expect(finisher).not.toBe(killed);
  }, 150_000);
});
