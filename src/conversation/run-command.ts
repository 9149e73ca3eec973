import { addCommitment, completeCommitment, myCommitments } from "../app/commitments.ts";
import { myOverview } from "../app/my-overview.ts";
import { recordConsent, withdrawConsent } from "../app/consents.ts";
import type { AppDeps } from "../app/deps.ts";
import { endEffort, registerEffort } from "../app/efforts.ts";
import { createPerson } from "../app/persons.ts";
import type { StaffMember } from "../app/ports.ts";
import { whoIsResponsible } from "../app/responsibility.ts";
import { dismissSuggestion, startSip, updatePlan } from "../app/sips.ts";
import { suggestionWording } from "../app/suggestions.ts";
import { parseSwedishId } from "../domain/personnummer.ts";
import type { Command } from "./commands.ts";
import { failureReply } from "./failures.ts";
import { runFollowThrough } from "./follow-through-commands.ts";
import { effortName, formatDate, principalList } from "./format.ts";
import { runAgenda, runQuestions } from "./drafting-run.ts";
import { type Incoming, type Reply, reply } from "./message.ts";
import { withMyOverview } from "./my-overview-views.ts";
import { suggestionText } from "./notify.ts";
import { runSchedulingCommand } from "./scheduling-actions.ts";
import { findTimeButton } from "./scheduling-views.ts";
import {
  commitmentLoggedReply,
  consentFormReply,
  effortRegisteredReply,
  helpReply,
  mineReply,
  principalChoiceReply,
  type ViewContext,
  whoReply,
} from "./views.ts";

/** One user's turn: who acts, in which conversation, and the reader's language. */
export interface Turn {
  deps: AppDeps;
  incoming: Incoming;
  actor: StaffMember;
  ctx: ViewContext;
}

/** Runs one parsed command as the actor and renders the outcome. */
export async function runCommand(turn: Turn, command: Command): Promise<Reply[]> {
  const { deps, actor, ctx } = turn;
  const { t, locale } = ctx;
  const named = (code: string) => effortName(deps.taxonomy, code, locale);
  switch (command.name) {
    case "times":
    case "book":
    case "cancelMeeting":
      return runSchedulingCommand(turn, command);
    case "help":
      return [helpReply(ctx)];
    case "new": {
      const id = command.identifier === null ? null : parseSwedishId(command.identifier, deps.clock.now());
      if (command.identifier !== null && id === null) return [reply(t.personnummerWarning)];
      const r = await createPerson(deps, actor, id);
      if (!r.ok) return [failureReply(t, r)];
      // The same words whether the number was new or already known: the answer must not tell anyone
      // that this person is already in the care of someone using the bot.
      const line = id === null ? t.personCreated(r.value.ref) : t.personForIdentifier(r.value.ref);
      return [reply(id === null ? line : `${line}\n${t.identifierNotStored}`)];
    }
    case "effort": {
      const r = await registerEffort(deps, actor, command);
      if (!r.ok) {
        if (r.reason === "principalUnclear")
          return [principalChoiceReply(ctx, command.ref, String(r.detail?.kind))];
        return [failureReply(t, r, { ...command, effortName: named })];
      }
      const s = r.value.suggestion;
      const wording = s === null ? null : suggestionWording(deps, s.reason, actor.principal);
      const text =
        s === null || wording === null
          ? null
          : suggestionText(t, command.ref, s.reason, wording.otherPrincipal, wording.strict);
      return [effortRegisteredReply(ctx, r.value, text)];
    }
    case "endEffort": {
      const r = await endEffort(deps, actor, command);
      if (!r.ok) return [failureReply(t, r, { ...command, effortName: named })];
      return [
        reply(
          t.effortEnded(
            r.value.personRef,
            effortName(deps.taxonomy, r.value.kind.code, locale),
            formatDate(r.value.endDate, locale),
          ),
        ),
      ];
    }
    case "consent": {
      if (
        command.principals === null &&
        command.validTo === undefined &&
        command.exclusions === undefined &&
        command.parties === undefined &&
        command.givenBy === "PERSON"
      ) {
        return [consentFormReply(ctx, command.ref)];
      }
      const r = await recordConsent(deps, actor, {
        ref: command.ref,
        // Consent names its parties explicitly; nothing is assumed on the person's behalf.
        principals: command.principals ?? [],
        ...(command.validTo && { validTo: command.validTo }),
        ...(command.parties && { parties: command.parties }),
        ...(command.exclusions && { exclusions: command.exclusions }),
        givenBy: command.givenBy,
      });
      if (!r.ok) return [failureReply(t, r, command)];
      const c = r.value.consent;
      const line = t.consentRecorded(
        command.ref,
        principalList(t, c.principals),
        formatDate(c.validTo ?? c.validFrom, locale),
      );
      const lines = [r.value.sipState === "CONSENTED" ? `${line} ${t.consentMovedSip}` : line];
      if (c.exclusions !== null) {
        const names = r.value.excludedKinds.map((k) => effortName(deps.taxonomy, k, locale));
        lines.push(names.length > 0 ? t.consentExcludes(names.join(", ")) : t.consentExclusionUnrecognised);
      }
      const text = lines.join("\n");
      // With consent the next step is finding a time for the meeting (scheduling-views.ts).
      if (r.value.sipState === "CONSENTED")
        return [
          {
            text,
            blocks: [
              { type: "section", text },
              { type: "buttons", buttons: [findTimeButton(ctx, command.ref)] },
            ],
          },
        ];
      return [reply(text)];
    }
    case "withdraw": {
      const r = await withdrawConsent(deps, actor, command.ref);
      return r.ok ? [reply(t.consentWithdrawn(command.ref))] : [failureReply(t, r, command)];
    }
    case "start": {
      const r = await startSip(deps, actor, command.ref);
      return r.ok
        ? [reply(t.sipStarted(command.ref, t.sipState[r.value.sip.state]))]
        : [failureReply(t, r, command)];
    }
    case "dismiss": {
      const r = await dismissSuggestion(deps, actor, command.ref, command.reason);
      return r.ok ? [reply(t.dismissed(command.ref))] : [failureReply(t, r, command)];
    }
    case "commit": {
      const r = await addCommitment(deps, actor, command);
      return r.ok ? [commitmentLoggedReply(ctx, r.value)] : [failureReply(t, r, command)];
    }
    case "done": {
      const r = await completeCommitment(deps, actor, command.number);
      return r.ok ? [reply(t.commitmentDone(command.number))] : [failureReply(t, r)];
    }
    case "who": {
      const r = await whoIsResponsible(deps, actor, command.ref);
      return r.ok ? [whoReply(ctx, r.value)] : [failureReply(t, r, command)];
    }
    case "mine":
      // One reply: my commitments, then my open SIPs and the polls waiting for my answer (App Home too).
      return [
        withMyOverview(ctx, mineReply(ctx, await myCommitments(deps, actor)), await myOverview(deps, actor)),
      ];
    case "lead": {
      const r = await updatePlan(deps, actor, command.ref, { overallPrincipal: command.principal });
      return r.ok
        ? [reply(t.leadSet(command.ref, t.principalDefinite[command.principal]))]
        : [failureReply(t, r, command)];
    }
    case "followUp": {
      const r = await updatePlan(deps, actor, command.ref, { followUpDate: command.date });
      return r.ok
        ? [reply(t.followUpSet(command.ref, formatDate(command.date, locale)))]
        : [failureReply(t, r, command)];
    }
    // drafting: agenda and reflection questions (drafting-run.ts)
    case "agenda":
      return runAgenda(turn, command.ref);
    case "questions":
      return runQuestions(turn, command.ref, command.role);
    // follow-through: digest, plan, snooze, hand-over, move (follow-through-commands.ts)
    case "followThrough":
      return runFollowThrough(turn, command.command);
  }
}
