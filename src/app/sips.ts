import { isLocalDate, type LocalDate } from "../domain/local-date.ts";
import type { SipPrincipal } from "../domain/principal.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { checkTransition, type SipState, type TransitionFailure } from "../domain/sip-lifecycle.ts";
import { type AppDeps, today } from "./deps.ts";
import type { Notification } from "./notifications.ts";
import { crossConsent, involvedStaffIds, isConsentedState, rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { SipRecord, StaffMember } from "./ports.ts";

export type SipFailure =
  | "personNotFound"
  | "sipAlreadyActive"
  | "noSuggestion"
  | "noActiveSip"
  | "notConsented"
  | "emptyReason"
  | "dateInPast"
  | "badDate"
  | "changedMeanwhile"
  | TransitionFailure;

// A dismissal reason is kept for the digest; a sentence or two is enough.
const MAX_REASON = 300;

/** "Start a SIP": from a suggestion or from scratch. With consent already in force, it moves straight on. */
export async function startSip(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
): Promise<Result<{ sip: SipRecord; personRef: string }, SipFailure>> {
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "SIP_START");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    const roles = rolesFor(deps, actor, c);
    const target: SipState = crossConsent(deps, c) ? "CONSENTED" : "CONSENT_PENDING";
    let sip: SipRecord | null;
    if (c.current === null) {
      if (!roles.has("STAFF")) return fail("notAllowed", { from: "NONE", to: target });
      sip = await store.createSip(
        c.person.id,
        target,
        actor.id,
        { initiatorId: actor.id, chairId: actor.id },
        deps.clock.now(),
      );
      if (sip === null) return fail("sipAlreadyActive", { state: "SUGGESTED" });
    } else {
      if (c.current.state !== "SUGGESTED") return fail("sipAlreadyActive", { state: c.current.state });
      const check = checkTransition("SUGGESTED", target, roles);
      if (!check.ok) return check;
      sip = await store.updateSip(
        c.current,
        { state: target, initiatorId: actor.id, chairId: actor.id },
        actor.id,
        deps.clock.now(),
      );
      if (sip === null) return fail("changedMeanwhile");
    }
    await store.addParticipant(sip.id, actor.id, actor.principal, "INITIATOR");
    await store.audit({
      actorId: actor.id,
      action: "SIP_STARTED",
      personRef: ref,
      unitId: actor.unitId,
      basis: opened.value.basis,
      detail: { state: sip.state },
    });
    // The starter's name points to their unit, so it reaches the other principal only under consent.
    const shared = crossConsent(deps, c);
    for (const staffId of involvedStaffIds(deps, c).filter((id) => id !== actor.id)) {
      const recipient = await store.getStaff(staffId);
      if (recipient === null || (recipient.principal !== actor.principal && !shared)) continue;
      const note: Notification = { kind: "sipStarted", personRef: ref, byName: actor.displayName };
      await store.enqueueOutbox(`sip-started:${sip.id}:${staffId}`, staffId, note);
    }
    return ok({ sip, personRef: ref });
  });
}

/** Dismisses a suggestion with a reason; the same person is not suggested again for a while. */
export async function dismissSuggestion(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  reason: string,
): Promise<Result<{ personRef: string }, SipFailure>> {
  const why = reason.trim().slice(0, MAX_REASON);
  if (why.length === 0) return fail("emptyReason");
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "SIP_DISMISS");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    if (c.current?.state !== "SUGGESTED") return fail("noSuggestion");
    const check = checkTransition("SUGGESTED", "DECLINED", rolesFor(deps, actor, c));
    if (!check.ok) return check;
    const sip = await store.updateSip(
      c.current,
      { state: "DECLINED", dismissReason: why },
      actor.id,
      deps.clock.now(),
      why,
    );
    if (sip === null) return fail("changedMeanwhile");
    await store.audit({
      actorId: actor.id,
      action: "SIP_DISMISSED",
      personRef: ref,
      unitId: actor.unitId,
      basis: opened.value.basis,
    });
    return ok({ personRef: ref });
  });
}

/** Sets the plan's fourth point (huvudansvar) or its follow-up date. Needs a consented SIP. */
export async function updatePlan(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  change: { overallPrincipal?: SipPrincipal; followUpDate?: LocalDate },
): Promise<Result<{ sip: SipRecord; personRef: string }, SipFailure>> {
  if (change.followUpDate !== undefined) {
    if (!isLocalDate(change.followUpDate))
      return fail("badDate", { date: String(change.followUpDate).slice(0, 40) });
    if (change.followUpDate < today(deps)) return fail("dateInPast", { date: change.followUpDate });
  }
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "PLAN_UPDATE");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    if (c.current === null) return fail("noActiveSip");
    if (!isConsentedState(c.current.state)) return fail("notConsented");
    const roles = rolesFor(deps, actor, c);
    if (roles.size === 0) return fail("notAllowed", { from: c.current.state, to: c.current.state });
    const sip = await store.updateSip(c.current, change, actor.id, deps.clock.now());
    if (sip === null) return fail("changedMeanwhile");
    await store.audit({
      actorId: actor.id,
      action: "PLAN_UPDATED",
      personRef: ref,
      unitId: actor.unitId,
      basis: opened.value.basis,
      detail: { ...change },
    });
    return ok({ sip, personRef: ref });
  });
}
