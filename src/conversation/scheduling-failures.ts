import { isLocalDate } from "../domain/local-date.ts";
import type { Fail } from "../domain/result.ts";
import { formatDate } from "./format.ts";
import type { Texts } from "./texts.ts";

// The scheduling step's expected failures as kind sentences; failures.ts falls back here for the reasons
// it does not know, so every reason has exactly one wording.
export function schedulingFailureText(t: Texts, f: Fail): string | null {
  const locale = t.scheduling.locale;
  const p = t.scheduling.problem;
  const d = f.detail ?? {};
  const raw = (k: string) => String(d[k] ?? "");
  // Dates in the detail are ISO days; shown in the reader's words.
  const day = (k: string) => (isLocalDate(raw(k)) ? formatDate(raw(k), locale) : raw(k));
  switch (f.reason) {
    case "schedulingNotConfigured":
      return p.notConfigured;
    case "pollOpen":
    case "noPoll":
    case "pollClosed":
    case "notParticipant":
    case "badSlot":
    case "noteTooLong":
    case "noMeeting":
    case "tooManyParticipants":
    case "tooManySlots":
    case "badDuration":
    case "emptyPlace":
    case "placeTooLong":
    case "noCandidates":
      return p[f.reason];
    case "unknownParticipant":
      return p.unknownParticipant(raw("name"));
    case "unknownLabel":
      return p.unknownLabel(raw("given"), t.scheduling.knownLabels);
    case "participantNotCovered":
      return p.participantNotCovered(raw("name"));
    case "badTime":
      return p.badTime(raw("given"));
    case "inPast":
      return p.inPast(day("date"));
    case "weekend":
      return p.weekend(day("date"));
    case "holiday":
      return p.holiday(day("date"));
    case "outsideHours":
      return p.outsideHours(day("date"), raw("from") || "08:00", raw("to") || "16:30");
    case "afterLimit":
      return p.afterLimit(day("date"), day("limit"));
    case "deadlineInPast":
      return p.deadlineInPast(day("date"));
    case "deadlineAfterLimit":
      return p.deadlineAfterLimit(day("date"), day("limit"));
    case "slotBeforeDeadline":
      return p.slotBeforeDeadline(day("date"));
    // The accepted agenda that goes with the invitation (src/app/drafting-agenda.ts).
    case "agendaEmpty":
    case "agendaNotAcceptable":
      return t.drafting[f.reason];
    case "agendaTooLong":
      return t.drafting.agendaTooLong(Number(d.max ?? 3000));
    // The language model's own failures (src/app/drafting-extract.ts); the rules take over.
    case "noModel":
    case "invalidOutput":
      return t.drafting.modelUnavailable;
    default:
      return null;
  }
}
