import { addMonths, isLocalDate, type LocalDate } from "../domain/local-date.ts";
import type { Principal } from "../domain/principal.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { ACTIVE_SIP_STATES, checkTransition } from "../domain/sip-lifecycle.ts";
import { type AppDeps, today } from "./deps.ts";
import { mustChange, retryable } from "./concurrency.ts";
import type { Notification } from "./notifications.ts";
import { loadCase, rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import { cancelMeetingOnWithdrawal } from "./scheduling-booking.ts";
import type { ConsentRecord, StaffMember } from "./ports.ts";

export type ConsentFailure =
  | "personNotFound"
  | "tooFewPrincipals"
  | "badDate"
  | "endsBeforeStart"
  | "tooLong"
  | "scopeTextTooLong"
  | "notInvolved"
  | "nothingToWithdraw"
  | "changedMeanwhile";

// Free-text fields are the person's own words about scope; a paragraph is plenty.
const MAX_SCOPE_TEXT = 500;
// A consent must be renewed at least this often; open-ended consents are easy to forget.
const MAX_CONSENT_MONTHS = 60;

export interface ConsentInput {
  ref: string;
  principals: Principal[];
  validTo?: LocalDate;
  parties?: string;
  exclusions?: string;
  givenBy?: ConsentRecord["givenBy"];
}

/**
 * Records the person's consent, as told by the staff member who asked them. It is what lifts secrecy
 * between the principals, so it is only recorded by someone involved, and never by default.
 */
export async function recordConsent(
  deps: AppDeps,
  actor: StaffMember,
  input: ConsentInput,
): Promise<
  Result<
    { consent: ConsentRecord; personRef: string; sipState: string | null; excludedKinds: string[] },
    ConsentFailure
  >
> {
  const principals = [...new Set(input.principals)];
  if (principals.length < 2) return fail("tooFewPrincipals");
  const from = today(deps);
  const validTo = input.validTo ?? addMonths(from, deps.settings.consentDefaultMonths);
  if (!isLocalDate(validTo)) return fail("badDate");
  if (validTo < from) return fail("endsBeforeStart", { validTo });
  if (validTo > addMonths(from, MAX_CONSENT_MONTHS)) return fail("tooLong", { months: MAX_CONSENT_MONTHS });
  if ((input.parties?.length ?? 0) > MAX_SCOPE_TEXT || (input.exclusions?.length ?? 0) > MAX_SCOPE_TEXT) {
    return fail("scopeTextTooLong", { max: MAX_SCOPE_TEXT });
  }

  return retryable(() =>
    deps.store.transaction(async (store) => {
      const opened = await openCase(deps, store, actor, input.ref, "CONSENT_RECORD");
      if (!opened.ok) return opened;
      const c = opened.value.case;
      const roles = rolesFor(deps, actor, c);
      if (!roles.has("STAFF") && !roles.has("INITIATOR")) return fail("notInvolved");
      const consent = await store.createConsent({
        personId: c.person.id,
        principals,
        parties: input.parties?.trim() || null,
        exclusions: input.exclusions?.trim() || null,
        validFrom: from,
        validTo,
        givenBy: input.givenBy ?? "PERSON",
        recordedById: actor.id,
      });
      await store.audit({
        actorId: actor.id,
        action: "CONSENT_RECORDED",
        personRef: input.ref,
        unitId: actor.unitId,
        basis: opened.value.basis,
        detail: { principals, validTo, givenBy: consent.givenBy },
      });
      let sipState: string | null = c.current?.state ?? null;
      const covers = principals.includes("REGION") && principals.includes("MUNICIPALITY");
      const current = c.current;
      if (
        covers &&
        current !== null &&
        (current.state === "CONSENT_PENDING" || current.state === "SUGGESTED")
      ) {
        const check = checkTransition(current.state, "CONSENTED", new Set(["SYSTEM"]));
        if (!check.ok)
          throw new Error(`lifecycle table refuses ${current.state} -> CONSENTED for the system`);
        // Consent recorded on a suggestion also starts the SIP, with whoever recorded it as its lead.
        const lead = current.state === "SUGGESTED" ? { initiatorId: actor.id, chairId: actor.id } : {};
        const moved = mustChange(
          await store.updateSip(
            current,
            { state: "CONSENTED", ...lead },
            actor.id,
            deps.clock.now(),
            "consent recorded",
          ),
        );
        if (current.state === "SUGGESTED")
          await store.addParticipant(moved.id, actor.id, actor.principal, "INITIATOR");
        sipState = moved.state;
      }
      const excluded = deps.taxonomy.mentions(consent.exclusions ?? "").map((m) => m.kind.code);
      return ok({ consent, personRef: input.ref, sipState, excludedKinds: [...new Set(excluded)] });
    }),
  );
}

/** The person withdraws consent: it stops at once, and any SIP in progress ends as withdrawn. */
export async function withdrawConsent(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
): Promise<Result<{ personRef: string; withdrawn: number }, ConsentFailure>> {
  return retryable(() =>
    deps.store.transaction(async (store) => {
      const opened = await openCase(deps, store, actor, ref, "CONSENT_WITHDRAW");
      if (!opened.ok) return opened;
      const c = opened.value.case;
      const roles = rolesFor(deps, actor, c);
      if (roles.size === 0) return fail("notInvolved");
      const now = deps.clock.now();
      const withdrawn = await store.withdrawConsents(c.person.id, now, actor.id);
      if (withdrawn === 0) return fail("nothingToWithdraw");
      const current = c.current;
      if (current !== null && ACTIVE_SIP_STATES.includes(current.state)) {
        mustChange(
          await store.updateSip(current, { state: "WITHDRAWN" }, actor.id, now, "consent withdrawn"),
        );
      }
      // Messages queued while consent held (an assignment with its text, a suggestion) are not sent now.
      const cancelled = await store.cancelPendingOutbox(ref);
      // A booked meeting of the ended SIP is called off: calendar cancellations to the staff invited.
      const meeting =
        current === null
          ? null
          : await cancelMeetingOnWithdrawal(deps, store, actor, current.id, ref, opened.value.basis, now);
      await store.audit({
        actorId: actor.id,
        action: "CONSENT_WITHDRAWN",
        personRef: ref,
        unitId: actor.unitId,
        basis: opened.value.basis,
        detail: { withdrawn, cancelledMessages: cancelled, cancelledMeeting: meeting?.id ?? null },
      });
      const after = await loadCase(store, c.person);
      const recipients = new Set([
        ...c.participantIds,
        ...after.efforts.flatMap((e) => (e.registeredById ? [e.registeredById] : [])),
      ]);
      for (const staffId of recipients) {
        if (staffId === actor.id) continue;
        const note: Notification = { kind: "consentWithdrawn", personRef: ref };
        await store.enqueueOutbox(
          `consent-withdrawn:${c.person.id}:${now.toISOString()}:${staffId}`,
          staffId,
          note,
        );
      }
      return ok({ personRef: ref, withdrawn });
    }),
  );
}
