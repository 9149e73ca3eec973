import { isEffortActive } from "../domain/overlap.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Principal, SipPrincipal } from "../domain/principal.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { type AppDeps, today } from "./deps.ts";
import { basisFor, canSeePerson, excludedKinds, isConsentedState, rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { StaffMember } from "./ports.ts";

// The plan the person takes home (DESIGN.md, mission 8): their goals, the support from each principal,
// who does what by when, who holds the overall responsibility, their contacts and the next follow-up.
// Only someone allowed to see the whole plan may produce it: a staff member who may see the person, in a
// plan in force, whose view covers both principals (their own and, by the person's consent, the other).
// Every production is audited. The document is data here; src/report renders it as HTML and PDF.

export interface PlanDocumentEffort {
  code: string;
  sv: string;
  en: string;
  principal: Principal;
  unitName: string | null;
}

export interface PlanDocumentCommitment {
  number: number;
  what: string;
  principal: Principal;
  /** A staff member's name, a unit, or someone outside the principals ("den enskilde", "Försäkringskassan"). */
  who: string;
  dueDate: LocalDate | null;
  done: boolean;
}

export interface PlanDocumentContact {
  name: string;
  unitName: string | null;
  principal: Principal;
  role: "CHAIR" | "INITIATOR" | "PARTICIPANT";
}

export interface PlanDocument {
  personRef: string;
  generatedOn: LocalDate;
  /** The person's own goals, in their words; empty until recorded. */
  goals: string[];
  efforts: PlanDocumentEffort[];
  commitments: PlanDocumentCommitment[];
  overallResponsibility: SipPrincipal | null;
  contacts: PlanDocumentContact[];
  followUpDate: LocalDate | null;
}

export type PlanDocumentFailure = "personNotFound" | "noActiveSip" | "planNotAllowed";

export async function planDocument(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
): Promise<Result<PlanDocument, PlanDocumentFailure>> {
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "PLAN_DOCUMENT_OPEN", "read");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    const sip = c.current;
    if (sip === null || !isConsentedState(sip.state)) return fail("noActiveSip", { ref });
    const whole =
      canSeePerson(deps, actor, c) !== "DENIED" &&
      basisFor(deps, actor, c, "MUNICIPALITY") !== "DENIED" &&
      basisFor(deps, actor, c, "REGION") !== "DENIED";
    if (!whole) {
      await store.audit({
        actorId: actor.id,
        action: "PLAN_DOCUMENT",
        personRef: ref,
        unitId: actor.unitId,
        basis: "DENIED",
      });
      return fail("planNotAllowed");
    }
    const day = today(deps);
    // What the person's consent leaves out is not shared with the other principal's staff, even in print.
    const excluded = excludedKinds(deps, c);
    const shared = (p: Principal) => p !== actor.principal;
    const mentionsExcluded = (text: string) =>
      deps.taxonomy.mentions(text).some((m) => excluded.has(m.kind.code));
    const efforts = c.efforts
      .filter((e) => isEffortActive(e, day) && !(shared(e.principal) && excluded.has(e.kind)))
      .map((e) => {
        const kind = deps.taxonomy.byCode(e.kind);
        return {
          code: e.kind,
          sv: kind?.sv ?? e.kind,
          en: kind?.en ?? e.kind,
          principal: e.principal,
          unitName: e.unitName,
        };
      });
    const commitments = (await store.listCommitmentsForSip(sip.id))
      .filter((x) => x.status !== "CANCELLED" && !(shared(x.principal) && mentionsExcluded(x.what)))
      .map((x) => ({
        number: x.number,
        what: x.what,
        principal: x.principal,
        who: x.ownerStaffName ?? x.ownerUnitName ?? x.ownerLabel ?? "",
        dueDate: x.dueDate,
        done: x.status === "DONE",
      }));
    const contacts: PlanDocumentContact[] = [];
    for (const id of await store.listParticipantStaffIds(sip.id)) {
      const s = await store.getStaff(id);
      if (s === null) continue;
      const role = sip.chairId === id ? "CHAIR" : sip.initiatorId === id ? "INITIATOR" : "PARTICIPANT";
      contacts.push({ name: s.displayName, unitName: s.unitName, principal: s.principal, role });
    }
    await store.audit({
      actorId: actor.id,
      action: "PLAN_DOCUMENT",
      personRef: ref,
      unitId: actor.unitId,
      basis: opened.value.basis,
      detail: { efforts: efforts.length, commitments: commitments.length },
    });
    return ok({
      personRef: ref,
      generatedOn: day,
      goals: await store.followThrough.sipGoals(sip.id),
      efforts,
      commitments,
      overallResponsibility: sip.overallPrincipal,
      contacts,
      followUpDate: sip.followUpDate,
    });
  });
}

// Goals are the person's words ("att kunna bo kvar hemma"): short, a handful, and never a diagnosis list.
export const MAX_GOAL_LENGTH = 300;
export const MAX_GOALS = 10;

export type GoalFailure =
  "personNotFound" | "noActiveSip" | "notAllowed" | "emptyGoal" | "goalTooLong" | "tooManyGoals";

/** `sip mål K-7F3Q <text>`: records one of the person's own goals in the plan in force. */
export async function addGoal(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  text: string,
): Promise<Result<{ goals: number }, GoalFailure>> {
  const goal = text.trim().replace(/\s+/g, " ");
  if (goal === "") return fail("emptyGoal");
  if (goal.length > MAX_GOAL_LENGTH) return fail("goalTooLong", { max: MAX_GOAL_LENGTH });
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "GOAL_ADD");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    if (c.current === null || !isConsentedState(c.current.state)) return fail("noActiveSip", { ref });
    // As for commitments: seeing the plan under consent is not enough to change it.
    if (rolesFor(deps, actor, c).size === 0) return fail("notAllowed");
    if (!(await store.followThrough.addSipGoal(c.current.id, goal, MAX_GOALS)))
      return fail("tooManyGoals", { max: MAX_GOALS });
    await store.audit({
      actorId: actor.id,
      action: "GOAL_ADDED",
      personRef: ref,
      unitId: actor.unitId,
      basis: opened.value.basis,
    });
    return ok({ goals: (await store.followThrough.sipGoals(c.current.id)).length });
  });
}
