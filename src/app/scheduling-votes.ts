import { type Answer, hasAnsweredAll } from "../domain/poll.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { retryable } from "./concurrency.ts";
import type { AppDeps } from "./deps.ts";
import type { StaffMember, Store } from "./ports.ts";
import { isLead, openPollCase } from "./scheduling-common.ts";
import type { SchedulingNotification } from "./scheduling-notifications.ts";
import type { PollParticipantRecord, PollRecord } from "./scheduling-ports.ts";

// Answers to a poll: staff answer for themselves (buttons or a form with a private note); the SIP's lead
// records the answers of participants who are not chat users (the person, relatives, organisations).
// Answers can change until the poll closes; a repeated answer changes nothing and says so.

export type VoteFailure =
  | "schedulingNotConfigured"
  | "personNotFound"
  | "changedMeanwhile"
  | "noPoll"
  | "pollClosed"
  | "notParticipant"
  | "unknownParticipant"
  | "notAllowed"
  | "badSlot"
  | "noteTooLong";

// A private note is a reminder to oneself ("only mornings"), not a letter.
export const MAX_NOTE = 300;

export interface VoteOutcome {
  poll: PollRecord;
  participant: PollParticipantRecord;
  /** How many answers differed from what was stored: 0 for a repeated answer. */
  changed: number;
  /** True the moment the last participant's last answer came in. */
  allAnswered: boolean;
}

export interface AnswerInput {
  pollId: string;
  /** Answers by the time's position (1, 2, 3 ...). */
  answers: { position: number; answer: Answer }[];
  /** undefined: leave the note; null or "": remove it. */
  note?: string | null;
}

export async function answerPoll(
  deps: AppDeps,
  actor: StaffMember,
  input: AnswerInput,
): Promise<Result<VoteOutcome, VoteFailure>> {
  return record(deps, actor, input, (poll) => poll.participants.find((p) => p.staffId === actor.id) ?? null);
}

/** The lead records the answers of a participant who is not a chat user, by the participant's position. */
export async function answerOnBehalf(
  deps: AppDeps,
  actor: StaffMember,
  input: AnswerInput & { participant: number },
): Promise<Result<VoteOutcome, VoteFailure>> {
  return record(
    deps,
    actor,
    input,
    (poll) => {
      const p = poll.participants.find((x) => x.position === input.participant);
      return p === undefined || p.staffId !== null ? null : p;
    },
    true,
  );
}

async function record(
  deps: AppDeps,
  actor: StaffMember,
  input: AnswerInput,
  whose: (poll: PollRecord) => PollParticipantRecord | null,
  onBehalf = false,
): Promise<Result<VoteOutcome, VoteFailure>> {
  if (deps.scheduling === undefined) return fail("schedulingNotConfigured");
  const note = input.note?.trim();
  if (note !== undefined && note.length > MAX_NOTE) return fail("noteTooLong", { max: MAX_NOTE });
  return retryable(() =>
    deps.store.transaction(async (store) => {
      const found = await openPollCase(
        deps,
        store,
        actor,
        input.pollId,
        onBehalf ? "POLL_ANSWER_ON_BEHALF" : "POLL_ANSWER",
      );
      if (!found.ok) return found;
      const { poll, case: c, basis } = found.value;
      if (poll.status !== "OPEN" || poll.sipState !== "SCHEDULING" || poll.closesAt <= deps.clock.now())
        return fail("pollClosed");
      if (onBehalf && !isLead(deps, actor, c))
        return fail("notAllowed", { from: "SCHEDULING", to: "SCHEDULING" });
      const participant = whose(poll);
      if (participant === null)
        return onBehalf ? fail("unknownParticipant", { name: "?" }) : fail("notParticipant");
      const answers: { slotId: string; answer: Answer }[] = [];
      for (const a of input.answers) {
        const slot = poll.slots.find((s) => s.position === a.position);
        if (slot === undefined) return fail("badSlot", { position: a.position });
        answers.push({ slotId: slot.id, answer: a.answer });
      }
      const wasComplete = everyoneAnswered(poll);
      let changed = await store.scheduling.setVotes(participant.id, answers, actor.id, deps.clock.now());
      if (note !== undefined && (note || null) !== participant.note) {
        await store.scheduling.setParticipantNote(participant.id, note || null);
        changed++;
      }
      const after = await store.scheduling.getPoll(poll.id);
      if (after === null) return fail("noPoll");
      const allAnswered = !wasComplete && everyoneAnswered(after);
      if (changed > 0) {
        await store.audit({
          actorId: actor.id,
          action: onBehalf ? "POLL_ANSWERED_ON_BEHALF" : "POLL_ANSWERED",
          personRef: poll.personRef,
          unitId: actor.unitId,
          basis,
          detail: { poll: poll.id, participant: participant.position, changed },
        });
      }
      if (allAnswered) await tellInitiator(store, after, actor);
      const me = after.participants.find((p) => p.id === participant.id) ?? participant;
      return ok({ poll: after, participant: me, changed, allAnswered });
    }),
  );
}

function everyoneAnswered(poll: PollRecord): boolean {
  return poll.participants.every((p) => hasAnsweredAll(p.id, poll.slots, poll.votes));
}

/** Once per poll, the initiator hears that every answer is in (unless it was their own answer that completed it). */
async function tellInitiator(store: Store, poll: PollRecord, actor: StaffMember): Promise<void> {
  if (poll.createdById === actor.id) return;
  const note: SchedulingNotification = {
    kind: "pollAllAnswered",
    personRef: poll.personRef,
    pollId: poll.id,
  };
  await store.enqueueOutbox(`poll-all-answered:${poll.id}`, poll.createdById, note);
}
