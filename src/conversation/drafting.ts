import type { CommitmentOwner } from "../app/commitments.ts";
import { acceptAgenda, agendaFingerprint, agendaForEditing } from "../app/drafting-agenda.ts";
import { understandWithModel } from "../app/drafting-extract.ts";
import {
  type FreeTextUnderstanding,
  isEmptyUnderstanding,
  MAX_PROPOSED_TEXT,
  parseOwnerToken,
} from "../domain/free-text.ts";
import { isLocalDate } from "../domain/local-date.ts";
import { parsePersonRef } from "../domain/person-ref.ts";
import { agendaEditReply, proposalsReply, proposalsWithoutRefReply } from "./drafting-views.ts";
import type { Command } from "./commands.ts";
import { parseFreeText } from "./free-text.ts";
import { failureReply } from "./failures.ts";
import { type Action, type Reply, reply } from "./message.ts";
import { runCommand, type Turn } from "./run-command.ts";

// Free text in the conversation, read as proposals: by the language model when one is configured, by the
// rules otherwise (and whenever the model fails or finds nothing). Either way the result is only shown,
// with buttons, and stored when a person presses one, through the same command typing would run.

async function understand(turn: Turn, text: string): Promise<FreeTextUnderstanding> {
  const { deps, actor, ctx } = turn;
  if (deps.model !== undefined) {
    const m = await understandWithModel(deps, actor, text, ctx.locale);
    // An empty answer is not trusted over the rules: they may still find something.
    if (m.ok && !isEmptyUnderstanding(m.value)) return m.value;
  }
  const staff = await deps.store.listStaff();
  return parseFreeText(text, {
    taxonomy: deps.taxonomy,
    today: ctx.today,
    directory: staff.filter((s) => s.approved),
    actor: { handle: actor.handle, unitName: actor.unitName },
  });
}

/** A message that is not a command. Returns null when nothing in it was understood. */
export async function freeTextTurn(turn: Turn, text: string): Promise<Reply[] | null> {
  const u = await understand(turn, text);
  const d = turn.ctx.t.drafting;
  const [ref] = u.refs;
  if (u.question !== null && u.efforts.length === 0 && u.commitments.length === 0) {
    const topic = u.question.topic;
    if (u.refs.length !== 1 || ref === undefined) return [reply(d.questionNeedsRef(topic || "…"))];
    const who = await runCommand(turn, { name: "who", ref });
    return topic.length > 0 ? [reply(d.questionAbout(topic)), ...who] : who;
  }
  if (isEmptyUnderstanding(u)) return null;
  if (u.refs.length === 0 || ref === undefined) return [proposalsWithoutRefReply(turn.ctx, u, d.needRef)];
  if (u.refs.length > 1) return [proposalsWithoutRefReply(turn.ctx, u, d.oneRefOnly)];
  return [proposalsReply(turn.ctx, ref, u)];
}

/** The command a "log the commitment" button stands for, or null when its value was tampered with. */
export function proposalCommitCommand(value: string): Command | null {
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return null;
  }
  if (v === null || typeof v !== "object") return null;
  const { ref, owner, what, due } = v as Record<string, unknown>;
  const parsedRef = typeof ref === "string" ? parsePersonRef(ref) : null;
  const parsedOwner: CommitmentOwner | null = typeof owner === "string" ? parseOwnerToken(owner) : null;
  if (parsedRef === null || parsedOwner === null) return null;
  if (typeof what !== "string" || what.trim().length === 0 || what.length > MAX_PROPOSED_TEXT) return null;
  if (due !== null && (typeof due !== "string" || !isLocalDate(due))) return null;
  return { name: "commit", ref: parsedRef, owner: parsedOwner, what: what.trim(), dueDate: due };
}

/** The edit form's value: `{ r: ref, s: "t" | "m", h: fingerprint }`; null when tampered with. */
function agendaFormValue(value: string): { ref: string; source: "template" | "model"; h: string } | null {
  if (value.length > 200) return null;
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return null;
  }
  if (v === null || typeof v !== "object") return null;
  const { r, s, h } = v as Record<string, unknown>;
  const ref = typeof r === "string" ? parsePersonRef(r) : null;
  if (ref === null || (s !== "t" && s !== "m") || typeof h !== "string" || !/^[0-9a-f]{8}$/.test(h))
    return null;
  return { ref, source: s === "m" ? "model" : "template", h };
}

/** Buttons of the drafting features that are not commands; null for any other action. */
export async function draftingAction(turn: Turn, action: Action): Promise<Reply[] | null> {
  const d = turn.ctx.t.drafting;
  if (action.actionId === "proposal.reject") return [reply(d.rejected)];
  if (action.actionId === "agenda.accept") {
    // "Review and accept": the draft opens in an editable field; nothing is stored until it is submitted.
    const ref = parsePersonRef(action.value);
    if (ref === null) return [reply(turn.ctx.t.notUnderstood)];
    const r = await agendaForEditing(turn.deps, turn.actor, ref, turn.ctx.locale);
    return r.ok
      ? [agendaEditReply(turn.ctx, ref, r.value.draft, r.value.text)]
      : [failureReply(turn.ctx.t, r, { ref })];
  }
  if (action.actionId !== "agenda.save") return null;
  const v = agendaFormValue(action.value);
  const text = action.form?.agenda;
  if (v === null || text === undefined) return [reply(turn.ctx.t.notUnderstood)];
  const r = await acceptAgenda(turn.deps, turn.actor, v.ref, {
    text,
    source: v.source,
    edited: agendaFingerprint(text) !== v.h,
  });
  return r.ok
    ? [reply(d.agendaAccepted(v.ref, r.value.agenda.version))]
    : [failureReply(turn.ctx.t, r, { ref: v.ref })];
}
