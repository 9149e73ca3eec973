// One bot replica for the three-process fault test: the real job runner with the real periodic tasks
// (commitment reminders and the weekly digest) on a shared PostgreSQL, its clock pinned to the instant
// given, and a short expiry (10 s, not minutes) so a killed replica's job is retried by another within the
// test's bounds. It asks for both runs itself, as an operator or a replica's scheduler would, then works
// until it is killed. Usage:
//   node test/faults/replica-child.ts <postgresql-url> <now, ISO> <digest slot>
import type { AppDeps } from "../../src/app/deps.ts";
import { JobRunner } from "../../src/jobs/runner.ts";
import { PERIODIC_TASKS } from "../../src/jobs/schedule.ts";
import { openDatabase } from "../../src/store/database.ts";
import { pinnedDeps } from "../helpers/pinned-deps.ts";

const REPLICA_TASKS = ["sip-commitment-reminders", "sip-weekly-digest"];

const [url, nowIso, slot] = process.argv.slice(2);
if (url === undefined || nowIso === undefined || slot === undefined)
  throw new Error("usage: replica-child.ts <url> <now> <slot>");
const now = new Date(nowIso);

const db = await openDatabase({ databaseUrl: url, dataDir: "unused", migrate: false });
const deps = pinnedDeps(db, now);
// The parent learns from these lines which replica is working on what, so it can kill that one.
const tasks = PERIODIC_TASKS.filter((t) => REPLICA_TASKS.includes(t.name)).map((t) => ({
  ...t,
  run: async (d: AppDeps) => {
    process.stdout.write(`run ${t.name}\n`);
    const result = await t.run(d);
    process.stdout.write(`done ${t.name} ${JSON.stringify(result)}\n`);
    return result;
  },
}));
const runner = new JobRunner({
  db,
  databaseUrl: url,
  deps,
  tasks,
  crons: new Map(),
  expireInSeconds: 10,
  retryDelaySeconds: 0,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  schedule: false,
  log: (line) => process.stderr.write(`${line}\n`),
});
await runner.start();
for (const name of REPLICA_TASKS) await runner.trigger(name, slot);
process.stdout.write("ready\n");
