// A bot replica for the exactly-once test: it works the weekly-digest job and is killed (SIGKILL, no
// clean-up of any kind) right after its first digest is committed to the outbox. Usage:
//   node test/jobs/digest-child.ts <postgresql-url>
import { sendWeeklyDigests } from "../../src/app/digest-weekly.ts";
import type { Store } from "../../src/app/ports.ts";
import { JobRunner } from "../../src/jobs/runner.ts";
import { openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { pinnedDeps } from "../helpers/pinned-deps.ts";

const url = process.argv[2];
if (url === undefined) throw new Error("usage: digest-child.ts <url>");
const CHILD_NOW = new Date("2026-11-23T06:00:00Z");

const db = await openDatabase({ databaseUrl: url, dataDir: "unused", migrate: false });
const real = new PrismaStore(db.prisma);
const store = new Proxy(real, {
  get(target, prop, receiver) {
    if (prop === "enqueueOutbox") {
      return async (key: string, recipient: string, payload: unknown) => {
        const written = await target.enqueueOutbox(key, recipient, payload);
        if (written && key.startsWith("digest:")) {
          process.stdout.write(`wrote ${key}\n`);
          process.kill(process.pid, "SIGKILL");
        }
        return written;
      };
    }
    return Reflect.get(target, prop, receiver) as unknown;
  },
}) as Store;
const deps = { ...pinnedDeps(db, CHILD_NOW), store };
const runner = new JobRunner({
  db,
  databaseUrl: url,
  deps,
  tasks: [
    { name: "sip-weekly-digest", cron: () => "0 7 * * 1", run: (d) => sendWeeklyDigests(d, undefined) },
  ],
  crons: new Map(),
  expireInSeconds: 2,
  retryDelaySeconds: 0,
  pollingIntervalSeconds: 0.5,
  schedule: false,
});
await runner.start();
await runner.trigger("sip-weekly-digest", "2026-11-16");
process.stdout.write("working\n");
// Killed by the proxy above; if nothing is written within 30 s, fail loudly.
setTimeout(() => {
  process.stdout.write("no digest written\n");
  process.exit(3);
}, 30_000);
