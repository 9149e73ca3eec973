// The job worker as a part of `sip serve`: no routes, only work beside them. Started after the server
// listens; stopped on SIGTERM/SIGINT before the store closes, letting a running job finish. The shape is
// src/http-mounts.ts's HttpMount, kept structural so this folder does not import the list that imports it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config.ts";
import type { Runtime } from "../main.ts";
import { JobRunner } from "./runner.ts";
import { PERIODIC_TASKS } from "./schedule.ts";

export function jobRunnerFor(runtime: Runtime, config: Config): JobRunner {
  return new JobRunner({
    db: runtime.db,
    ...(config.DATABASE_URL !== undefined && { databaseUrl: config.DATABASE_URL }),
    deps: runtime.deps,
    tasks: PERIODIC_TASKS,
    crons: new Map(PERIODIC_TASKS.map((t) => [t.name, t.cron(config)])),
  });
}

interface JobsMount {
  name: string;
  routes: Map<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function mountJobs(runtime: Runtime, config: Config): Promise<JobsMount | null> {
  if (config.SIP_JOBS === "off") return Promise.resolve(null);
  const runner = jobRunnerFor(runtime, config);
  return Promise.resolve({
    name: `jobb: påminnelser och veckosammanfattning (${config.SIP_DIGEST_CRON}, Europe/Stockholm)`,
    routes: new Map(),
    start: () => runner.start(),
    stop: () => runner.stop(),
  });
}
