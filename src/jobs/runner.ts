// The job worker: pg-boss on the store's database (its own connection pool on PostgreSQL; the store's
// single connection on PGlite), one queue per periodic task, cron in Europe/Stockholm.
//
// Exactly once, in two layers. pg-boss makes one job per cron occurrence however many replicas run the
// schedule (its occurrences are singleton slots), and a "stately" queue keeps one job of a task waiting and one running at a
// time. A replica killed mid-job leaves its job active until it expires; pg-boss then retries it on another
// replica. The task is idempotent (outbox keys), so the retry sends what the dead run had not, and nothing
// twice. No home-made locking.
import { PgBoss } from "pg-boss";
import type { AppDeps } from "../app/deps.ts";
import type { Database } from "../store/database.ts";
import { runnerBossDb } from "./pglite-boss-db.ts";
import type { PeriodicTask } from "./schedule.ts";

export const JOB_ZONE = "Europe/Stockholm";
const SCHEMA = "pgboss";

export interface JobRunnerOptions {
  db: Database;
  /** Required for PostgreSQL: pg-boss opens its own small pool (LISTEN needs session connections). */
  databaseUrl?: string;
  deps: AppDeps;
  tasks: readonly PeriodicTask[];
  /** Cron per task name; a task not named here is not scheduled (it can still be triggered). */
  crons: ReadonlyMap<string, string>;
  /** Seconds a job may stay active before it is retried elsewhere (a crashed replica's job). */
  expireInSeconds?: number;
  /** Seconds before a failed (or expired) job is tried again; doubled on each retry. */
  retryDelaySeconds?: number;
  /** Seconds between polls for jobs; the work is scheduled, not interactive. */
  pollingIntervalSeconds?: number;
  /** pg-boss maintenance and monitoring interval (expired jobs are found by it). */
  maintenanceIntervalSeconds?: number;
  /** Whether this instance runs the cron schedule (false: it only works jobs). */
  schedule?: boolean;
  log?: (line: string) => void;
}

export class JobRunner {
  readonly boss: PgBoss;
  private readonly options: JobRunnerOptions;
  private started = false;

  constructor(options: JobRunnerOptions) {
    this.options = options;
    const common = {
      schema: SCHEMA,
      schedule: options.schedule ?? true,
      registerInstance: false,
      ...(options.maintenanceIntervalSeconds !== undefined && {
        maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
        monitorIntervalSeconds: options.maintenanceIntervalSeconds,
        superviseIntervalSeconds: options.maintenanceIntervalSeconds,
      }),
    };
    if (options.db.kind === "postgres") {
      if (options.databaseUrl === undefined)
        throw new Error("JobRunner: databaseUrl is required for PostgreSQL");
      this.boss = new PgBoss({
        ...common,
        connectionString: options.databaseUrl,
        max: 3,
        application_name: "sip-jobs",
      });
    } else {
      this.boss = new PgBoss({ ...common, db: runnerBossDb(options.db.runner), backend: "pglite" });
    }
    // Never crash the process over a queue error; report its kind only (messages may quote SQL).
    this.boss.on("error", (e: Error) =>
      this.log(`job queue error: ${e.name} ${(e as { code?: string }).code ?? ""}`),
    );
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.warn(`sip: ${l}`)))(line);
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    const poll = this.options.pollingIntervalSeconds ?? 10;
    for (const task of this.options.tasks) {
      await this.ensureQueue(task.name, task.expireInSeconds);
      const cron = this.options.crons.get(task.name);
      if (cron !== undefined && (this.options.schedule ?? true)) {
        // The schedule row is shared by all replicas; the last writer's cron wins, which is the config.
        await this.boss.schedule(task.name, cron, null, { tz: JOB_ZONE, missed: "once" });
      }
      await this.boss.work(task.name, { pollingIntervalSeconds: poll, batchSize: 1 }, async () => {
        return (await task.run(this.options.deps)) as object;
      });
    }
  }

  private async ensureQueue(name: string, expireInSeconds: number | undefined): Promise<void> {
    if ((await this.boss.getQueue(name)) !== null) return;
    try {
      await this.boss.createQueue(name, {
        policy: "stately",
        expireInSeconds: this.options.expireInSeconds ?? expireInSeconds ?? 15 * 60,
        retryLimit: 5,
        retryDelay: this.options.retryDelaySeconds ?? 30,
        retryBackoff: true,
      });
    } catch (e) {
      // Another replica created it in between.
      if ((await this.boss.getQueue(name)) === null) throw e;
    }
  }

  /**
   * Asks for one run of a task now. `slot` names the run (e.g. the week of a digest): however many replicas
   * ask for the same slot while a job for it is waiting, one job is made.
   */
  async trigger(taskName: string, slot: string): Promise<string | null> {
    return this.boss.send(taskName, { slot }, { singletonKey: slot });
  }

  /** Graceful: stops fetching, lets running jobs finish (up to `timeoutMs`), then closes the pool. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
