import { addDays, stockholmDate } from "../domain/local-date.ts";
import { type CandidateReason, sipCandidateReason } from "../domain/overlap.ts";
import { isSipPrincipal, otherPrincipal, type Principal, type SipPrincipal } from "../domain/principal.ts";
import { type AppDeps, today } from "./deps.ts";
import type { Notification } from "./notifications.ts";
import { involvedStaffIds, type PersonCase } from "./person-access.ts";
import type { SipRecord, StaffMember, Store } from "./ports.ts";

export interface Suggestion {
  sip: SipRecord;
  reason: CandidateReason;
}

/**
 * After efforts change: if the person has become a SIP candidate, record the suggestion once and tell the
 * staff involved. Runs inside the caller's transaction, so the suggestion and its notifications are
 * written together with the effort that caused them, or not at all.
 */
export async function suggestIfCandidate(
  deps: AppDeps,
  store: Store,
  c: PersonCase,
  actor: StaffMember | null,
): Promise<Suggestion | null> {
  const day = today(deps);
  const sipFacts = c.sips.map((s) => ({
    state: s.state,
    endedOn: s.closedAt !== null ? stockholmDate(s.closedAt) : null,
  }));
  const reason = sipCandidateReason(c.efforts, sipFacts, day, deps.settings.overlap);
  if (reason === null) return null;

  const sip = await store.createSip(c.person.id, "SUGGESTED", null, {}, deps.clock.now());
  if (sip === null) return null; // another process suggested it a moment ago
  await store.audit({
    actorId: null,
    action: "SIP_SUGGESTED",
    personRef: c.person.ref,
    unitId: null,
    basis: "SYSTEM",
    detail: { reason },
  });
  for (const staffId of suggestionRecipients(deps, c)) {
    if (staffId === actor?.id) continue; // the actor sees the suggestion in the reply itself
    const recipient = await store.getStaff(staffId);
    if (recipient === null) continue;
    const note: Notification = {
      kind: "sipSuggested",
      personRef: c.person.ref,
      reason,
      ...suggestionWording(deps, reason, recipient.principal),
    };
    await store.enqueueOutbox(`sip-suggested:${sip.id}:${staffId}`, staffId, note);
  }
  return { sip, reason };
}

/**
 * What a suggestion may say to staff of one principal before consent: that the other principal has
 * efforts, never which. A discharge is the region's own news, so the municipality hears only the strict
 * wording ("ask the person whether a SIP would help"), as everyone does when the organisation chose it.
 */
export function suggestionWording(
  deps: AppDeps,
  reason: CandidateReason,
  recipient: Principal,
): { strict: boolean; otherPrincipal: SipPrincipal | null } {
  const strict =
    deps.settings.suggestionWording === "strict" || (reason === "DISCHARGE" && recipient !== "REGION");
  return { strict, otherPrincipal: strict || !isSipPrincipal(recipient) ? null : otherPrincipal(recipient) };
}

/**
 * Staff with an active effort for the person, and, after a discharge, whoever registered the inpatient
 * stay: at discharge it is the region's named care contact who should call the SIP.
 */
function suggestionRecipients(deps: AppDeps, c: PersonCase): string[] {
  const windowStart = addDays(today(deps), -deps.settings.overlap.dischargeWindowDays);
  const discharging = c.efforts.flatMap((e) =>
    deps.settings.overlap.inpatientKinds.has(e.kind) &&
    e.endDate !== null &&
    e.endDate >= windowStart &&
    e.registeredById !== null
      ? [e.registeredById]
      : [],
  );
  return [...new Set([...involvedStaffIds(deps, c), ...discharging])];
}
