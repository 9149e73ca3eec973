import { accessBasis, hasCrossPrincipalConsent, validConsents } from "../domain/consent.ts";
import { isEffortActive } from "../domain/overlap.ts";
import { isSipPrincipal, otherPrincipal, type SipPrincipal } from "../domain/principal.ts";
import {
  ACTIVE_SIP_STATES,
  CONSENTED_SIP_STATES,
  type SipActorRole,
  type SipState,
} from "../domain/sip-lifecycle.ts";
import { type AppDeps, today } from "./deps.ts";
import type {
  AuditBasis,
  ConsentRecord,
  EffortRecord,
  PersonRecord,
  SipRecord,
  StaffMember,
  Store,
} from "./ports.ts";

// Everything a use case needs to know about one person from one staff member's point of view: what is
// stored, and what this staff member may see of it. Access rules live in src/domain/consent.ts; this file
// only gathers the facts and applies them.
export interface PersonCase {
  person: PersonRecord;
  efforts: EffortRecord[];
  sips: SipRecord[];
  consents: ConsentRecord[];
  /** The SIP that is suggested or in progress, if any. */
  current: SipRecord | null;
  participantIds: string[];
  /** Staff who created the reference or met it by the person's identifier (see createPerson). */
  linkedStaffIds: string[];
}

export async function loadCase(store: Store, person: PersonRecord): Promise<PersonCase> {
  const [efforts, sips, consents, linkedStaffIds] = await Promise.all([
    store.listEfforts(person.id),
    store.listSips(person.id),
    store.listConsents(person.id),
    store.listPersonLinks(person.id),
  ]);
  const current =
    [...sips].reverse().find((s) => s.state === "SUGGESTED" || ACTIVE_SIP_STATES.includes(s.state)) ?? null;
  const participantIds = current === null ? [] : await store.listParticipantStaffIds(current.id);
  return { person, efforts, sips, consents, current, participantIds, linkedStaffIds };
}

export function crossConsent(deps: AppDeps, c: PersonCase): boolean {
  return hasCrossPrincipalConsent(c.consents, today(deps), deps.clock.now());
}

/** May the actor see data owned by this principal? */
export function basisFor(
  deps: AppDeps,
  actor: StaffMember,
  c: PersonCase,
  owner: SipPrincipal | "OTHER",
): AuditBasis {
  return accessBasis(actor.principal, owner, c.consents, today(deps), deps.clock.now());
}

/**
 * Whether the actor may know anything about the person at all. Before consent only those with a need to
 * know: who created the reference or met it by giving the person's personnummer (a link), who registered
 * one of the person's efforts, staff of a unit that gives one, and the SIP's participants. With consent,
 * staff of every principal it covers (DESIGN.md, "Access"). Everyone else is told "not found", the same
 * answer as for a reference that does not exist. Knowing a reference is not a need to know: it can be read
 * over a shoulder or guessed.
 */
export function canSeePerson(deps: AppDeps, actor: StaffMember, c: PersonCase): AuditBasis {
  if (c.person.createdById === actor.id || c.linkedStaffIds.includes(actor.id)) return "OWN_PRINCIPAL";
  const ownWork = c.efforts.some(
    (e) => e.registeredById === actor.id || (actor.unitId !== null && e.unitId === actor.unitId),
  );
  if (ownWork) return "OWN_PRINCIPAL";
  if (c.participantIds.includes(actor.id) || c.current?.initiatorId === actor.id) return "PARTICIPANT";
  if (!isSipPrincipal(actor.principal))
    return basisFor(deps, actor, c, "OTHER") === "CONSENT" ? "CONSENT" : "DENIED";
  return basisFor(deps, actor, c, otherPrincipal(actor.principal)) === "CONSENT" ? "CONSENT" : "DENIED";
}

/**
 * Effort kinds that the person's valid consents say must NOT be shared ("utom missbruksvård"). The
 * exclusions are the person's own words; the taxonomy recognises the efforts they name.
 */
export function excludedKinds(deps: AppDeps, c: PersonCase): Set<string> {
  const kinds = new Set<string>();
  for (const consent of validConsents(c.consents, today(deps), deps.clock.now())) {
    for (const m of deps.taxonomy.mentions(consent.exclusions ?? "")) kinds.add(m.kind.code);
  }
  return kinds;
}

/**
 * The roles the actor holds in the lifecycle of the person's current SIP. STAFF means a part of their own:
 * an active effort they registered or that their unit gives, or a place among the participants. Seeing
 * the plan under consent is not enough to change it.
 */
export function rolesFor(deps: AppDeps, actor: StaffMember, c: PersonCase): Set<SipActorRole> {
  const roles = new Set<SipActorRole>();
  const day = today(deps);
  const ownEffort = c.efforts.some(
    (e) =>
      isEffortActive(e, day) &&
      (e.registeredById === actor.id || (actor.unitId !== null && e.unitId === actor.unitId)),
  );
  if (isSipPrincipal(actor.principal) && (ownEffort || c.participantIds.includes(actor.id)))
    roles.add("STAFF");
  if (c.current?.initiatorId === actor.id) roles.add("INITIATOR");
  if (c.current?.chairId === actor.id) roles.add("CHAIR");
  return roles;
}

/** Staff with an active effort registered for the person: the ones a suggestion goes to. */
export function involvedStaffIds(deps: AppDeps, c: PersonCase): string[] {
  const day = today(deps);
  const ids = c.efforts
    .filter((e) => isEffortActive(e, day))
    .flatMap((e) => (e.registeredById ? [e.registeredById] : []));
  return [...new Set([...ids, ...c.participantIds])];
}

export function isConsentedState(state: SipState): boolean {
  return CONSENTED_SIP_STATES.includes(state);
}
