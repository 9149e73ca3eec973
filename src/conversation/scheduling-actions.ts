import type { AppDeps } from "../app/deps.ts";
import type { StaffMember } from "../app/ports.ts";
import { bookByRef, bookMeeting, cancelMeeting } from "../app/scheduling-booking.ts";
import { DEFAULT_SCHEDULING_SETTINGS } from "../app/scheduling-ports.ts";
import {
  openPoll,
  type ParticipantInput,
  proposeNewTimes,
  viewPoll,
  viewScheduling,
} from "../app/scheduling-polls.ts";
import { answerOnBehalf, answerPoll } from "../app/scheduling-votes.ts";
import { isLocalDate } from "../domain/local-date.ts";
import { parsePersonRef } from "../domain/person-ref.ts";
import { type Answer, ANSWERS } from "../domain/poll.ts";
import { fail } from "../domain/result.ts";
import { failureReply } from "./failures.ts";
import { type Action, type Reply, reply } from "./message.ts";
import { parseParticipantList, parseTimeList, type SchedulingCommand } from "./scheduling-commands.ts";
import {
  ANSWER_CODE,
  answerFormReply,
  bookedReply,
  cancelledReply,
  pollOpenedReply,
  pollViewReply,
  proxyFormReply,
  voteReply,
} from "./scheduling-views.ts";
import type { ViewContext } from "./views.ts";

// Commands and button presses of the scheduling step. Values from buttons are as untrusted as typed text:
// each is parsed and checked here before a use case sees it.

/** Who acts, with what, for whom (the same shape as run-command.ts's Turn, which calls in here). */
export interface Turn {
  deps: AppDeps;
  actor: StaffMember;
  ctx: ViewContext;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODES = new Map<string, Answer>(ANSWERS.map((a) => [ANSWER_CODE[a], a]));
// Button values are short; anything longer did not come from a button we rendered.
const MAX_VALUE = 200;

function defaultMinutes(turn: Turn): number {
  return (turn.deps.scheduling?.settings ?? DEFAULT_SCHEDULING_SETTINGS).meetingMinutes;
}

export async function runSchedulingCommand(turn: Turn, c: SchedulingCommand): Promise<Reply[]> {
  const { deps, actor, ctx } = turn;
  switch (c.name) {
    case "times": {
      const r = await viewScheduling(deps, actor, c.ref);
      return r.ok ? [pollViewReply(ctx, r.value, defaultMinutes(turn))] : [failureReply(ctx.t, r, c)];
    }
    case "book": {
      const r = await bookByRef(deps, actor, c.ref, c.position);
      return r.ok
        ? [bookedReply(ctx, r.value, actor.displayName, actor.unitName)]
        : [failureReply(ctx.t, r, c)];
    }
    case "cancelMeeting": {
      const r = await cancelMeeting(deps, actor, c.ref);
      return r.ok ? [cancelledReply(ctx, c.ref, r.value, actor.displayName)] : [failureReply(ctx.t, r, c)];
    }
  }
}

function json(value: string): Record<string, unknown> | null {
  if (value.length > MAX_VALUE) return null;
  try {
    const v: unknown = JSON.parse(value);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** {p: poll id, <key>: small positive number} from a button value. */
function pollAndNumber(value: string, key: string): { pollId: string; n: number } | null {
  const v = json(value);
  const p = v?.p;
  const n = v?.[key];
  if (
    typeof p !== "string" ||
    !UUID.test(p) ||
    typeof n !== "number" ||
    !Number.isInteger(n) ||
    n < 1 ||
    n > 99
  )
    return null;
  return { pollId: p, n };
}

function formAnswers(form: Record<string, string>): { position: number; answer: Answer }[] | null {
  const out: { position: number; answer: Answer }[] = [];
  for (const [key, value] of Object.entries(form)) {
    const m = /^slot(\d{1,2})$/.exec(key);
    if (m === null) continue;
    const answer = CODES.get(value) ?? (ANSWERS as readonly string[]).find((a) => a === value);
    if (answer === undefined) return null;
    out.push({ position: Number(m[1]), answer: answer as Answer });
  }
  return out.length === 0 ? null : out;
}

/** Handles the scheduling step's actions; null for an action that is not one of them. */
export async function dispatchSchedulingAction(turn: Turn, action: Action): Promise<Reply[] | null> {
  const { deps, actor, ctx } = turn;
  const { t } = ctx;
  const form = action.form ?? {};
  const bad = [reply(t.notUnderstood)];
  switch (action.actionId) {
    case "sip.times": {
      const ref = parsePersonRef(action.value);
      return ref === null ? bad : runSchedulingCommand(turn, { name: "times", ref });
    }
    case "poll.open": {
      const ref = parsePersonRef(action.value);
      if (ref === null) return bad;
      const participants: ParticipantInput[] = [
        ...parseParticipantList(form.required ?? "", true),
        ...parseParticipantList(form.optional ?? "", false),
      ];
      const minutes = Number(form.minutes ?? "");
      const from = form.from?.trim() || undefined;
      const deadline = form.deadline?.trim() || undefined;
      for (const [given, date] of [
        [form.from, from],
        [form.deadline, deadline],
      ] as const) {
        if (date !== undefined && !isLocalDate(date)) return [reply(t.badDate((given ?? "").slice(0, 40)))];
      }
      const times = parseTimeList(form.times ?? "", ctx.today);
      if (!times.ok) return [failureReply(t, fail("badTime", { given: times.given }))];
      const r = await openPoll(deps, actor, {
        ref,
        participants,
        place: form.place ?? "",
        ...(Number.isInteger(minutes) && minutes > 0 && { durationMinutes: minutes }),
        ...(from !== undefined && { from }),
        ...(deadline !== undefined && { deadline }),
        ...(times.times.length > 0 && { times: times.times }),
      });
      return r.ok ? [pollOpenedReply(ctx, r.value)] : [failureReply(t, r, { ref })];
    }
    case "poll.vote": {
      const v = pollAndNumber(action.value, "s");
      const code = json(action.value)?.a;
      const a = typeof code === "string" ? CODES.get(code) : undefined;
      if (v === null || a === undefined) return bad;
      const r = await answerPoll(deps, actor, { pollId: v.pollId, answers: [{ position: v.n, answer: a }] });
      return r.ok
        ? [voteReply(ctx, r.value, false, r.value.poll.createdById === actor.id)]
        : [failureReply(t, r)];
    }
    case "poll.answer": {
      if (!UUID.test(action.value)) return bad;
      const r = await viewPoll(deps, actor, action.value);
      if (!r.ok) return [failureReply(t, r)];
      const poll = r.value.poll;
      if (poll === null || poll.id !== action.value) return [failureReply(t, fail("pollClosed"))];
      if (r.value.me === null) return [failureReply(t, fail("notParticipant"))];
      return [answerFormReply(ctx, poll)];
    }
    case "poll.answer.submit": {
      const answers = formAnswers(form);
      if (!UUID.test(action.value) || answers === null) return bad;
      const r = await answerPoll(deps, actor, { pollId: action.value, answers, note: form.note ?? null });
      return r.ok
        ? [voteReply(ctx, r.value, false, r.value.poll.createdById === actor.id)]
        : [failureReply(t, r)];
    }
    case "poll.proxy": {
      const v = pollAndNumber(action.value, "n");
      if (v === null) return bad;
      const r = await viewPoll(deps, actor, v.pollId);
      if (!r.ok) return [failureReply(t, r)];
      const poll = r.value.poll;
      if (poll === null || poll.id !== v.pollId || poll.status !== "OPEN")
        return [failureReply(t, fail("pollClosed"))];
      if (!r.value.lead) return [failureReply(t, fail("notAllowed"))];
      const p = poll.participants.find((x) => x.position === v.n && x.staffId === null);
      return p === undefined ? bad : [proxyFormReply(ctx, poll, p)];
    }
    case "poll.proxy.submit": {
      const v = pollAndNumber(action.value, "n");
      const answers = formAnswers(form);
      if (v === null || answers === null) return bad;
      const r = await answerOnBehalf(deps, actor, { pollId: v.pollId, participant: v.n, answers });
      return r.ok ? [voteReply(ctx, r.value, true, true)] : [failureReply(t, r)];
    }
    case "poll.book": {
      const v = pollAndNumber(action.value, "s");
      if (v === null) return bad;
      const r = await bookMeeting(deps, actor, v.pollId, v.n);
      return r.ok ? [bookedReply(ctx, r.value, actor.displayName, actor.unitName)] : [failureReply(t, r)];
    }
    case "poll.newTimes": {
      if (!UUID.test(action.value)) return bad;
      const r = await proposeNewTimes(deps, actor, action.value);
      return r.ok ? [pollOpenedReply(ctx, r.value)] : [failureReply(t, r)];
    }
    case "poll.show": {
      if (!UUID.test(action.value)) return bad;
      const r = await viewPoll(deps, actor, action.value);
      return r.ok ? [pollViewReply(ctx, r.value, defaultMinutes(turn))] : [failureReply(t, r)];
    }
    default:
      return null;
  }
}
