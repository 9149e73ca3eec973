import type { IncomingMessage, ServerResponse } from "node:http";
import { mountSlack } from "../adapters/slack/mount-slack.ts";
import { mountTeams } from "../adapters/teams/mount.ts";
import { mountEffortImport } from "./ingest/mount.ts";
import { mountJobs } from "./jobs/mount.ts";
import type { Config } from "./config.ts";
import type { Runtime } from "./main.ts";

// What one HTTP-side capability (Slack, Teams, effort import, ...) adds to `sip serve`: routes on the shared
// PORT, and work that runs beside them (a Socket Mode connection, an outbox sender). Each capability owns
// one mounter in its own folder; `sip serve` only lists them, so adding one never edits another's code.
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpMount {
  /** Shown in the start-up log, e.g. "Slack (HTTP, /slack/events)". */
  name: string;
  /** "METHOD /path" → handler. A path may be claimed by one mount only. */
  routes: Map<string, Route>;
  /** Background work started after the server listens (e.g. Socket Mode, outbox delivery). */
  start?(): Promise<void>;
  /** Stops background work before the store closes; called once on SIGTERM/SIGINT. */
  stop?(): Promise<void>;
}

/** Returns null when the capability is not configured; throws StartupError when it is configured badly. */
export type Mounter = (runtime: Runtime, config: Config) => Promise<HttpMount | null>;

// The capabilities `sip serve` offers, in start order. Each line is owned by its capability's folder.
export const MOUNTERS: Mounter[] = [
  mountSlack, // adapters/slack
  mountTeams, // adapters/teams
  mountEffortImport, // src/ingest (POST /api/efforts)
  mountJobs, // src/jobs (no routes: reminders and the weekly digest on pg-boss)
];
