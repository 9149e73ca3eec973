import { isLocalDate } from "../domain/local-date.ts";
import { parsePersonRef } from "../domain/person-ref.ts";
import type { Principal } from "../domain/principal.ts";
import { PRINCIPALS } from "../domain/principal.ts";
import type { Command } from "./commands.ts";
import { draftingAction, proposalCommitCommand } from "./drafting.ts";
import { followThroughAction } from "./follow-through-commands.ts";
import type { Action, Reply } from "./message.ts";
import { reply } from "./message.ts";
import { runCommand, type Turn } from "./run-command.ts";
import { dispatchSchedulingAction } from "./scheduling-actions.ts";
import { dismissFormReply } from "./views.ts";

// Button presses and form submissions arrive as neutral actions. Their values come back from the client
// and are as untrusted as typed text: each is parsed and checked, then run as the equivalent command, so
// a button can never do more than typing the command would.

// Values are short ids; anything longer did not come from a button we rendered.
const MAX_VALUE = 500;

function toCommand(action: Action): Command | "dismissForm" | null {
  if (action.value.length > MAX_VALUE) return null;
  const form = action.form ?? {};
  switch (action.actionId) {
    case "sip.start": {
      const ref = parsePersonRef(action.value);
      return ref === null ? null : { name: "start", ref };
    }
    case "sip.dismiss":
      return parsePersonRef(action.value) === null ? null : "dismissForm";
    case "sip.dismiss.submit": {
      const ref = parsePersonRef(action.value);
      return ref === null ? null : { name: "dismiss", ref, reason: form.reason ?? "" };
    }
    case "proposal.commit":
      return proposalCommitCommand(action.value);
    case "commitment.done": {
      const n = /^\d{1,12}$/.test(action.value) ? Number(action.value) : Number.NaN;
      return Number.isSafeInteger(n) && n > 0 ? { name: "done", number: n } : null;
    }
    case "effort.principal": {
      let v: unknown;
      try {
        v = JSON.parse(action.value);
      } catch {
        return null;
      }
      const { ref, effort, principal } = (v ?? {}) as Record<string, unknown>;
      const parsedRef = typeof ref === "string" ? parsePersonRef(ref) : null;
      if (parsedRef === null || typeof effort !== "string" || !PRINCIPALS.includes(principal as Principal))
        return null;
      return { name: "effort", ref: parsedRef, effort, principal: principal as Principal };
    }
    case "consent.submit": {
      const ref = parsePersonRef(action.value);
      if (ref === null) return null;
      const principals = (form.principals ?? "")
        .split(",")
        .map((p) => p.trim())
        .filter((p): p is Principal => PRINCIPALS.includes(p as Principal));
      const validTo = form.validTo?.trim();
      if (validTo && !isLocalDate(validTo)) return null;
      return {
        name: "consent",
        ref,
        principals,
        givenBy:
          form.givenBy === "GUARDIAN" || form.givenBy === "LEGAL_REPRESENTATIVE" ? form.givenBy : "PERSON",
        ...(validTo && { validTo }),
        ...(form.parties?.trim() && { parties: form.parties.trim() }),
        ...(form.exclusions?.trim() && { exclusions: form.exclusions.trim() }),
      };
    }
    default:
      return null;
  }
}

export async function dispatchAction(turn: Turn, action: Action): Promise<Reply[]> {
  // Polls and meetings (sip.times, poll.*) are handled in scheduling-actions.ts.
  const scheduling = await dispatchSchedulingAction(turn, action);
  if (scheduling !== null) return scheduling;
  // Snooze and hand-over from a reminder (follow-through-commands.ts).
  const followThrough = await followThroughAction(turn, action);
  if (followThrough !== null) return followThrough;
  // Drafting: rejecting a proposal stores nothing, accepting an agenda is audited (drafting.ts);
  // confirming a proposal runs its command (toCommand).
  const drafted = await draftingAction(turn, action);
  if (drafted !== null) return drafted;
  const command = toCommand(action);
  if (command === null) return [reply(turn.ctx.t.notUnderstood)];
  if (command === "dismissForm") return [dismissFormReply(turn.ctx, parsePersonRef(action.value) ?? "")];
  return runCommand(turn, command);
}
