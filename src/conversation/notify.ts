import { parseNotification } from "../app/notifications.ts";
import type { Locale } from "../app/ports.ts";
import type { CandidateReason } from "../domain/overlap.ts";
import type { SipPrincipal } from "../domain/principal.ts";
import { formatDate } from "./format.ts";
import { texts } from "./locale.ts";
import type { Reply } from "./message.ts";
import { renderFollowThroughNotification } from "./follow-through-views.ts";
import { renderSchedulingNotification } from "./scheduling-notify.ts";
import type { Texts } from "./texts.ts";
import { suggestionBlocks } from "./views.ts";

export function suggestionText(
  t: Texts,
  ref: string,
  reason: CandidateReason,
  other: SipPrincipal | null,
  strict: boolean,
): string {
  if (strict) return t.suggestionStrict(ref);
  if (reason === "DISCHARGE") return t.suggestionDischarge(ref);
  return t.suggestion(ref, other === null ? null : t.principalDefinite[other]);
}

/** Renders an outbox payload for its recipient; null for a payload this version does not know. */
export function renderNotification(payload: unknown, locale: Locale): Reply | null {
  const n = parseNotification(payload);
  if (n === null) return null;
  const t = texts(locale);
  switch (n.kind) {
    case "pollInvitation":
    case "pollReminder":
    case "pollProxyReminder":
    case "pollAllAnswered":
    case "pollClosed":
    case "meetingInvitation":
    case "meetingCancelled":
      return renderSchedulingNotification(n, locale);
    case "commitmentReminder":
    case "commitmentOverdue":
    case "commitmentChanged":
    case "followUpReminder":
    case "weeklyDigest":
      return renderFollowThroughNotification(n, locale);
    case "sipSuggested": {
      const text = suggestionText(t, n.personRef, n.reason, n.otherPrincipal, n.strict);
      return { text, blocks: suggestionBlocks(t, n.personRef, text) };
    }
    case "sipStarted": {
      const text = t.sipStartedBy(n.personRef, n.byName);
      return { text, blocks: [{ type: "section", text }] };
    }
    case "consentWithdrawn": {
      const text = t.consentWithdrawnNotice(n.personRef);
      return { text, blocks: [{ type: "section", text }] };
    }
    case "commitmentAssigned": {
      const text = t.commitmentAssigned(
        n.number,
        n.personRef,
        n.what,
        n.dueDate ? formatDate(n.dueDate, locale) : null,
        n.byName,
      );
      return {
        text,
        blocks: [
          { type: "section", text },
          {
            type: "buttons",
            buttons: [{ label: t.doneButton, actionId: "commitment.done", value: String(n.number) }],
          },
        ],
      };
    }
  }
}
