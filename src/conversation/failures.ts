import type { Fail } from "../domain/result.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import { type Reply, reply } from "./message.ts";
import { schedulingFailureText } from "./scheduling-failures.ts";
import type { Texts } from "./texts.ts";

// One place that turns every expected failure of a use case into a kind sentence. A reason without a
// sentence falls back to the general one, and a test lists every reason the use cases can return.
export function failureText(t: Texts, f: Fail, effortName: (code: string) => string = (c) => c): string {
  const d = f.detail ?? {};
  const s = (k: string) => String(d[k] ?? "");
  const state = (k: string) => t.sipState[s(k) as SipState] ?? s(k);
  switch (f.reason) {
    case "personNotFound":
      return t.personNotFound(s("ref"));
    case "unknownEffort":
      return t.unknownEffort(s("effort"));
    case "alreadyRegistered":
      return t.alreadyRegistered(effortName(s("kind")));
    case "noActiveEffort":
      return t.noActiveEffort(effortName(s("kind")));
    case "badDate":
      return t.badDate(s("date"));
    case "dateInPast":
      return t.dateInPast(s("date"));
    case "sipAlreadyActive":
      return t.sipAlreadyActive(state("state"));
    case "notAllowed":
      return t.notAllowed;
    case "illegalTransition":
      return t.illegalTransition(state("from"), state("to"));
    case "changedMeanwhile":
      return t.changedMeanwhile;
    case "emptyReason":
      return t.emptyReason;
    case "scopeTextTooLong":
      return t.consentProblem.textTooLong;
    case "tooFewPrincipals":
    case "endsBeforeStart":
    case "tooLong":
    case "notInvolved":
    case "nothingToWithdraw":
      return t.consentProblem[f.reason];
    case "unknownOwner":
    case "ownerNotCovered":
    case "commitmentNotFound":
    case "emptyText":
    case "textTooLong":
    case "dueInPast":
    case "alreadyDone":
    case "cancelled":
    case "notYours":
      return t.commitmentProblem[f.reason];
    case "badHandle":
    case "handleTaken":
    case "badName":
    case "unknownUnit":
      return t.registerProblem[f.reason];
    case "alreadyKnown":
      return t.registerProblem.alreadyRegistered;
    // follow-through: reminders, the digest, the person's plan
    case "snoozeInPast":
    case "snoozeTooFar":
    case "otherPrincipal":
    case "sameOwner":
    case "notStaff":
    case "notManager":
    case "notYourUnit":
    case "planNotAllowed":
    case "emptyGoal":
    case "goalTooLong":
    case "tooManyGoals":
      return t.ft.problem[f.reason];
    default:
      // The scheduling step words its own reasons (src/conversation/scheduling-failures.ts).
      return schedulingFailureText(t, f) ?? t.unexpected;
  }
}

export function failureReply(
  t: Texts,
  f: Fail,
  context: { ref?: string; effortName?: (code: string) => string } = {},
): Reply {
  if (f.reason === "noActiveSip") return reply(t.noActiveSip(context.ref ?? ""));
  if (f.reason === "notConsented") return reply(t.notConsented(context.ref ?? ""));
  if (f.reason === "noSuggestion") return reply(t.noSuggestion(context.ref ?? ""));
  return reply(failureText(t, f, context.effortName));
}
