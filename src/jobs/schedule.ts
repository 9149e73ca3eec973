// The periodic work of the assistant, one line per task. Each task is an idempotent use case: it looks at
// "now", writes outbox entries under deterministic keys, and may run twice (a retry after a crash, a second
// replica) without sending anything twice. The job runner (runner.ts) gives each task a pg-boss queue, a
// cron schedule in Europe/Stockholm, and a worker. To add a task, add a line here.
import type { AppDeps } from "../app/deps.ts";
import { sendWeeklyDigests } from "../app/digest-weekly.ts";
import { sendCommitmentReminders, sendFollowUpReminders } from "../app/reminders.ts";
import { closeDuePolls, sendPollReminders } from "../app/scheduling-jobs.ts";
import type { Config } from "../config.ts";

export interface PeriodicTask {
  /** The pg-boss queue name (letters, digits, dashes). */
  name: string;
  /** A cron expression, evaluated in Europe/Stockholm. */
  cron(config: Config): string;
  /** The work; its result is stored on the job as output, for operators. */
  run(deps: AppDeps): Promise<unknown>;
  /** How long one run may take before it counts as crashed and is retried elsewhere (default 15 min). */
  expireInSeconds?: number;
}

export const PERIODIC_TASKS: PeriodicTask[] = [
  { name: "sip-commitment-reminders", cron: (c) => c.SIP_REMINDER_CRON, run: sendCommitmentReminders },
  { name: "sip-follow-up-reminders", cron: (c) => c.SIP_REMINDER_CRON, run: sendFollowUpReminders },
  { name: "sip-poll-reminders", cron: () => "*/15 * * * *", run: sendPollReminders },
  { name: "sip-close-due-polls", cron: () => "*/5 * * * *", run: closeDuePolls },
  {
    name: "sip-weekly-digest",
    cron: (c) => c.SIP_DIGEST_CRON,
    run: (deps) => sendWeeklyDigests(deps, deps.digestChart),
    // A digest and a chart per manager: a thousand managers take minutes, not seconds.
    expireInSeconds: 2 * 60 * 60,
  },
  // Embedded PGlite has no checkpointer, so without this its WAL grows for as long as the bot runs (and at
  // ~530 MB PGlite 0.4.3 stalls). A no-op on PostgreSQL, which checkpoints by itself.
  {
    name: "sip-embedded-checkpoint",
    cron: () => "23 * * * *",
    run: (deps) => deps.store.imports.checkpointIfEmbedded(),
  },
];
