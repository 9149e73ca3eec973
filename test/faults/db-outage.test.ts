import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sv } from "../../src/conversation/texts-sv.ts";
import { JobRunner } from "../../src/jobs/runner.ts";
import type { PeriodicTask } from "../../src/jobs/schedule.ts";
import { healthRoutes } from "../../src/serve.ts";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { nextGeneratedId, refIn } from "../conversation/harness.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import {
  dmEvent,
  knownUser,
  openSlackHarness,
  sendEvent,
  type SlackHarness,
  shownTo,
  slash,
} from "../slack/slack-harness.ts";
import { OutageProxy } from "./outage-proxy.ts";

// The database goes away for a while (its connections cut and refused by a proxy; the shared server keeps
// running) and comes back. Users writing meanwhile get a clear Swedish answer that nothing was saved; the
// health check says 503; afterwards the same process works again by itself, the job queue runs, and what
// the bot said it saved is in the database while what it refused is not.

const OUTAGE_MS = 12_000;
const ANNA = "U0OUTANNA";
const BO = "U0OUTBO01";
const TICK = "outage-tick";

describe.skipIf(!postgresAvailable)("database outage", () => {
  let url: string;
  let proxy: OutageProxy;
  let h: SlackHarness;
  let direct: Database;
  let jobs: JobRunner;
  let health: Server;
  let ref: string;
  const ticks: string[] = [];
  const jobLog: string[] = [];

  const healthz = async (): Promise<number> =>
    (await fetch(`http://127.0.0.1:${(health.address() as AddressInfo).port}/healthz`)).status;

  async function until(what: string, ok: () => Promise<boolean>, ms: number): Promise<number> {
    const started = Date.now();
    while (!(await ok())) {
      if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - started;
  }

  const commit = (what: string) => `sip åtagande ${ref} @annas ${what} senast 2027-01-15`;
  const stored = async (pattern: string) =>
    (
      await direct.runner.query<{ what: string }>(
        "SELECT what FROM commitment WHERE what LIKE $1 ORDER BY what",
        [pattern],
      )
    ).map((r) => r.what);

  beforeAll(async () => {
    const fresh = await freshPostgresUrl();
    if (fresh === null) throw new Error("no PostgreSQL database");
    url = fresh;
    const target = new URL(url);
    proxy = new OutageProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    h = await openSlackHarness({}, { DATABASE_URL: proxy.via(url) });
    direct = await openDatabase({ databaseUrl: url, dataDir: "unused", migrate: false });
    const tick: PeriodicTask = {
      name: TICK,
      cron: () => "0 0 1 1 *",
      run: (deps) => {
        ticks.push(String(deps.clock.now().getTime()));
        return Promise.resolve({ ok: true });
      },
    };
    jobs = new JobRunner({
      db: h.runtime.db,
      databaseUrl: proxy.via(url),
      deps: h.runtime.deps,
      tasks: [tick],
      crons: new Map(),
      pollingIntervalSeconds: 0.5,
      schedule: false,
      log: (line) => jobLog.push(line),
    });
    await jobs.start();
    const routes = healthRoutes(h.runtime);
    health = createServer((req, res) => void routes.get(`${req.method} ${req.url}`)?.(req, res));
    await new Promise<void>((r) => health.listen(0, "127.0.0.1", r));

    await knownUser(h, ANNA, "annas", "Hemtjänst Norr (demo)");
    await knownUser(h, BO, "bos", "Psykiatrisk öppenvård (demo)");
    const id = nextGeneratedId();
    await sendEvent(h, dmEvent(ANNA, `sip ny ${id}`));
    await sendEvent(h, dmEvent(BO, `sip ny ${id}`));
    ref = refIn(shownTo(h, BO));
    await sendEvent(h, dmEvent(ANNA, `sip insats ${ref} hemtjänst`));
    await sendEvent(h, dmEvent(BO, `sip insats ${ref} psykiatrisk mottagning`));
    await sendEvent(h, dmEvent(BO, `sip starta ${ref}`));
    await sendEvent(h, dmEvent(BO, `sip samtycke ${ref} region kommun`));
  }, 60_000);

  afterAll(async () => {
    proxy?.restore();
    await jobs?.stop(5_000).catch(() => undefined);
    health?.close();
    await h?.close();
    await direct?.close();
    await proxy?.stop();
    if (url !== undefined) await dropPostgresDatabase(url);
  });

  it("answers clearly while the database is away, loses nothing and recovers by itself", async () => {
    // Working normally.
    h.fake.clear();
    await sendEvent(h, dmEvent(ANNA, commit("Före avbrottet")));
    expect(shownTo(h, ANNA)).toContain("Före avbrottet");
    expect(await healthz()).toBe(200);
    await jobs.trigger(TICK, "before");
    await until("the job before the outage", () => Promise.resolve(ticks.length === 1), 15_000);

    // The database goes away.
    proxy.cut();
    const cutAt = Date.now();
    const unhealthyAfter = await until("/healthz to say 503", async () => (await healthz()) === 503, 10_000);
    const asked: { via: string; said: string; ms: number }[] = [];
    for (let i = 1; i <= 3; i++) {
      h.fake.clear();
      const t = Date.now();
      const event = await sendEvent(h, dmEvent(ANNA, commit(`Under avbrottet DM ${i}`)));
      expect(event.status).toBe(200);
      asked.push({ via: "dm", said: shownTo(h, ANNA), ms: Date.now() - t });
      h.fake.clear();
      const u = Date.now();
      const command = await slash(
        h,
        ANNA,
        `åtagande ${ref} @annas Under avbrottet slash ${i} senast 2027-01-15`,
      );
      expect(command.status).toBe(200);
      asked.push({ via: "slash", said: shownTo(h, ANNA), ms: Date.now() - u });
    }
    await expect(jobs.trigger(TICK, "during")).rejects.toThrow();
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
    expect(await healthz()).toBe(503);

    // It comes back; nothing is restarted.
    proxy.restore();
    const outageMs = Date.now() - cutAt;
    const recoveredAfter = await until("/healthz to say 200", async () => (await healthz()) === 200, 20_000);
    h.fake.clear();
    await sendEvent(h, dmEvent(ANNA, commit("Efter avbrottet")));
    const after = shownTo(h, ANNA);
    await jobs.trigger(TICK, "after");
    const jobAfter = await until(
      "the job after the outage",
      () => Promise.resolve(ticks.length === 2),
      30_000,
    );

    console.log(
      `db outage: ${outageMs} ms down (${proxy.refused} connections refused), /healthz 503 after ` +
        `${unhealthyAfter} ms, ${asked.length} messages answered during it in ` +
        `${asked.map((a) => a.ms).join("/")} ms, /healthz 200 again ${recoveredAfter} ms after the restore, ` +
        `job ran ${jobAfter} ms after its trigger`,
    );
    for (const a of asked) {
      expect(a, a.via).toMatchObject({ said: expect.stringContaining(sv.unexpected) });
      expect(a.said).not.toMatch(/Error|at .*\.ts:\d+|ECONN|P\d{4}/);
      expect(a.ms).toBeLessThan(10_000);
    }
    expect(after).toContain("Efter avbrottet");
    expect(after).toMatch(/Åtagande #\d+/);
    // What was confirmed is stored; what was refused is not, not even in part.
    expect(await stored("%avbrottet%")).toEqual(["Efter avbrottet", "Före avbrottet"]);
    expect(
      await direct.runner.query(
        "SELECT 1 FROM commitment_history h JOIN commitment c ON c.id = h.commitment_id WHERE c.what LIKE 'Under%'",
      ),
    ).toEqual([]);
  }, 90_000);
});
