import { draftAgenda, draftQuestions } from "../app/drafting.ts";
import type { QuestionRole } from "../app/drafting-types.ts";
import { agendaReply, questionsReply } from "./drafting-views.ts";
import { failureReply } from "./failures.ts";
import type { Reply } from "./message.ts";
import type { ViewContext } from "./views.ts";
import type { AppDeps } from "../app/deps.ts";
import type { StaffMember } from "../app/ports.ts";

// `sip agenda` and `sip frågor`: drafts for the person's SIP meeting, read for the reference typed, as the
// user may see it. Kept apart from run-command.ts's imports so that it can call these without a cycle.

interface Turn {
  deps: AppDeps;
  actor: StaffMember;
  ctx: ViewContext;
}

export async function runAgenda(turn: Turn, ref: string): Promise<Reply[]> {
  const r = await draftAgenda(turn.deps, turn.actor, ref, turn.ctx.locale);
  return r.ok ? [agendaReply(turn.ctx, r.value)] : [failureReply(turn.ctx.t, r, { ref })];
}

export async function runQuestions(turn: Turn, ref: string, role: QuestionRole | null): Promise<Reply[]> {
  const r = await draftQuestions(turn.deps, turn.actor, ref, turn.ctx.locale, role);
  return r.ok ? [questionsReply(turn.ctx, r.value)] : [failureReply(turn.ctx.t, r, { ref })];
}
