import { choose, dueReminder, hasAnsweredAll } from "../domain/poll.ts";
import type { AppDeps } from "./deps.ts";
import type { SchedulingNotification } from "./scheduling-notifications.ts";
import type { PollRecord } from "./scheduling-ports.ts";

// The scheduling step's periodic work, for the job runner (src/jobs) to call: a job, not a loop in memory.
// Both are idempotent and safe to run at the same moment in several processes against one PostgreSQL:
// - a reminder's outbox key names the poll, the reminder time and the participant, and the outbox's unique
//   key lets exactly one insert win, so each non-responder gets one reminder per reminder time;
// - closing moves a poll from OPEN only once (a conditional update), and only the process that moved it
//   tells the initiator (whose outbox key is per poll as well).
// Suggested schedule: sendPollReminders every 15 minutes, closeDuePolls every 5 minutes.

export interface ReminderRun {
  polls: number;
  /** Outbox messages this run added (0 when another process, or an earlier run, already had). */
  enqueued: number;
}

export async function sendPollReminders(deps: AppDeps): Promise<ReminderRun> {
  const sched = deps.scheduling;
  if (sched === undefined) return { polls: 0, enqueued: 0 };
  const now = deps.clock.now();
  const polls = await deps.store.scheduling.listOpenPolls();
  let enqueued = 0;
  const failures: unknown[] = [];
  for (const poll of polls) {
    if (poll.sipState !== "SCHEDULING") continue;
    const at = dueReminder(poll.createdAt, poll.closesAt, sched.settings.reminderHours, now);
    if (at === null) continue;
    try {
      enqueued += await remindPoll(deps, poll, at);
    } catch (e) {
      failures.push(e);
    }
  }
  throwIfAny(failures);
  return { polls: polls.length, enqueued };
}

async function remindPoll(deps: AppDeps, poll: PollRecord, at: Date): Promise<number> {
  return deps.store.transaction(async (store) => {
    let n = 0;
    const waiting = poll.participants.filter((p) => !hasAnsweredAll(p.id, poll.slots, poll.votes));
    const time = at.toISOString();
    for (const p of waiting) {
      if (p.staffId === null) continue;
      const note: SchedulingNotification = {
        kind: "pollReminder",
        personRef: poll.personRef,
        pollId: poll.id,
        slots: poll.slots.map((s) => s.start.toISOString()),
        closesAt: poll.closesAt.toISOString(),
      };
      if (await store.enqueueOutbox(`poll-reminder:${poll.id}:${time}:${p.id}`, p.staffId, note)) n++;
    }
    // Those who are not chat users cannot be reminded; the initiator, who records their answers, is.
    const outside = waiting.filter((p) => p.staffId === null).map((p) => p.name);
    if (outside.length > 0) {
      const note: SchedulingNotification = {
        kind: "pollProxyReminder",
        personRef: poll.personRef,
        pollId: poll.id,
        labels: outside,
        closesAt: poll.closesAt.toISOString(),
      };
      if (await store.enqueueOutbox(`poll-proxy-reminder:${poll.id}:${time}`, poll.createdById, note)) n++;
    }
    if (n > 0) {
      await store.audit({
        actorId: null,
        action: "POLL_REMINDERS_SENT",
        personRef: poll.personRef,
        unitId: null,
        basis: "SYSTEM",
        detail: { poll: poll.id, reminderAt: time, messages: n },
      });
    }
    return n;
  });
}

export interface CloseRun {
  /** Polls this run closed (another process closing the same poll counts there, not here). */
  closed: number;
  cancelled: number;
}

/**
 * Closes polls whose answer deadline has passed and tells the initiator what the rules choose, or who
 * blocks which time. The initiator then books (or asks for new times): the bot never books by itself.
 */
export async function closeDuePolls(deps: AppDeps): Promise<CloseRun> {
  if (deps.scheduling === undefined) return { closed: 0, cancelled: 0 };
  const now = deps.clock.now();
  const run: CloseRun = { closed: 0, cancelled: 0 };
  const failures: unknown[] = [];
  for (const poll of await deps.store.scheduling.listOpenPolls(now)) {
    // Counted only once the transaction has committed.
    const outcome = await deps.store
      .transaction(async (store): Promise<"closed" | "cancelled" | null> => {
        if (poll.sipState !== "SCHEDULING") {
          // The SIP moved on meanwhile (consent withdrawn, closed): the poll ends without a word.
          const won = await store.scheduling.setPollStatus(poll.id, ["OPEN"], "CANCELLED", now);
          return won ? "cancelled" : null;
        }
        if (!(await store.scheduling.setPollStatus(poll.id, ["OPEN"], "CLOSED", now))) return null;
        const choice = choose(poll.slots, poll.participants, poll.votes);
        const names = new Map(poll.participants.map((p) => [p.id, p.name]));
        const position = new Map(poll.slots.map((s) => [s.id, s.position]));
        const note: SchedulingNotification = {
          kind: "pollClosed",
          personRef: poll.personRef,
          pollId: poll.id,
          slots: poll.slots.map((s) => s.start.toISOString()),
          chosen: choice.kind === "chosen" ? (position.get(choice.slotId) ?? null) : null,
          blocked:
            choice.kind === "none"
              ? choice.blocked.map((b) => ({
                  position: position.get(b.slotId) ?? 1,
                  no: b.blockers.map((id) => names.get(id) ?? "?"),
                  missing: b.missing.map((id) => names.get(id) ?? "?"),
                }))
              : [],
        };
        await store.enqueueOutbox(`poll-closed:${poll.id}`, poll.createdById, note);
        await store.audit({
          actorId: null,
          action: "POLL_CLOSED",
          personRef: poll.personRef,
          unitId: null,
          basis: "SYSTEM",
          detail: { poll: poll.id, chosen: note.chosen },
        });
        return "closed";
      })
      .catch((e: unknown) => {
        failures.push(e);
        return null;
      });
    if (outcome !== null) run[outcome]++;
  }
  throwIfAny(failures);
  return run;
}

/**
 * One poll's failure (a lost connection, a bug) must not starve the others: every poll is tried, and then
 * the run fails as a whole so the job runner retries it. Retrying is safe: the work is idempotent.
 */
function throwIfAny(failures: unknown[]): void {
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} polls failed`);
}
