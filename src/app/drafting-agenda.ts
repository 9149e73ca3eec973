import { findPersonRefs } from "../domain/person-ref.ts";
import { containsSwedishId } from "../domain/personnummer.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { retryable } from "./concurrency.ts";
import type { AppDeps } from "./deps.ts";
import { type AgendaDraft, draftAgenda } from "./drafting.ts";
import { rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { Locale, StaffMember } from "./ports.ts";
import type { AgendaRecord } from "./scheduling-ports.ts";

// The agenda a human accepts: the draft (template or model) is shown in an editable text field, and what
// the person submits, edited or not, is stored as the SIP's next agenda version. The newest version goes
// with the invitation (kallelse) and its calendar file. Accepting takes a role in the case: seeing the
// plan under consent is not a part in it.

/** Slack's text inputs hold at most 3,000 characters; an agenda is a page at most. */
export const MAX_AGENDA_TEXT = 3000;

export type AgendaFailure =
  | "personNotFound"
  | "notAllowed"
  | "noActiveSip"
  | "changedMeanwhile"
  | "agendaEmpty"
  | "agendaTooLong"
  | "agendaNotAcceptable";

/** The draft as one editable text: numbered parts with their points. */
export function agendaText(draft: AgendaDraft): string {
  return draft.sections
    .map((s, i) => [`${i + 1}. ${s.title}`, ...s.points.map((p) => `- ${p}`)].join("\n"))
    .join("\n\n");
}

/** Normalises submitted text: no control characters but line breaks, no trailing spaces, no blank runs. */
export function cleanAgendaText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/**
 * A short fingerprint of a text (FNV-1a, 32 bits), carried with the edit form so that the submission can
 * say whether the text was changed without sending the draft back and forth. Not a security measure: a
 * forged value only mislabels the "edited" flag of the person's own acceptance.
 */
export function agendaFingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of cleanAgendaText(text)) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * Opens the draft for editing: the same draft `sip agenda` shows, but only for someone with a role in the
 * case, since only they may accept it.
 */
export async function agendaForEditing(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  locale: Locale,
): Promise<Result<{ draft: AgendaDraft; text: string }, "personNotFound" | "notAllowed" | "noActiveSip">> {
  const allowed = await deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "AGENDA_EDIT", "read");
    if (!opened.ok) return opened;
    if (rolesFor(deps, actor, opened.value.case).size === 0) return fail("notAllowed");
    if (opened.value.case.current === null) return fail("noActiveSip");
    return ok(true);
  });
  if (!allowed.ok) return allowed;
  const draft = await draftAgenda(deps, actor, ref, locale);
  if (!draft.ok) return draft;
  return ok({ draft: draft.value, text: agendaText(draft.value) });
}

export interface AgendaSubmission {
  text: string;
  source: "template" | "model";
  /** The text differs from the draft that was shown. */
  edited: boolean;
}

/** Stores the accepted agenda as the SIP's newest version; earlier versions stay as history. */
export async function acceptAgenda(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  submission: AgendaSubmission,
): Promise<Result<{ ref: string; agenda: AgendaRecord }, AgendaFailure>> {
  const text = cleanAgendaText(submission.text);
  if (text.length === 0) return fail("agendaEmpty");
  if (text.length > MAX_AGENDA_TEXT) return fail("agendaTooLong", { max: MAX_AGENDA_TEXT });
  const now = deps.clock.now();
  // The agenda goes to every participant and into calendars: it may name no other person and hold no
  // personnummer. The person's own reference is fine; it is already on the invitation.
  if (
    findPersonRefs(text).some((r) => r !== ref) ||
    containsSwedishId(text, now) ||
    /\d{6,8}[-+ ]?\d{4}/.test(text)
  )
    return fail("agendaNotAcceptable");
  return retryable(() =>
    deps.store.transaction(async (store) => {
      const opened = await openCase(deps, store, actor, ref, "AGENDA_ACCEPT");
      if (!opened.ok) return opened;
      const c = opened.value.case;
      if (rolesFor(deps, actor, c).size === 0) return fail("notAllowed");
      if (c.current === null) return fail("noActiveSip");
      const agenda = await store.scheduling.addAgenda({
        sipId: c.current.id,
        text,
        source: submission.source,
        edited: submission.edited,
        acceptedById: actor.id,
        acceptedAt: now,
      });
      await store.audit({
        actorId: actor.id,
        action: "AGENDA_ACCEPTED",
        personRef: ref,
        unitId: actor.unitId,
        basis: opened.value.basis,
        detail: { version: agenda.version, edited: agenda.edited, source: agenda.source },
      });
      return ok({ ref, agenda });
    }),
  );
}
