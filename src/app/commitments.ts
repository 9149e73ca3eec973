import {
  byUrgency,
  type CommitmentRejection,
  type CompletionRejection,
  checkCompletion,
  validateCommitment,
} from "../domain/commitment.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Principal } from "../domain/principal.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { type AppDeps, today } from "./deps.ts";
import type { Notification } from "./notifications.ts";
import { basisFor, canSeePerson, isConsentedState, loadCase, rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { CommitmentRecord, StaffMember } from "./ports.ts";

export type CommitmentOwner =
  | { kind: "staff"; handle: string }
  | { kind: "unit"; name: string }
  /** Someone outside the two principals: the person, relatives, Försäkringskassan, school ... */
  | { kind: "other"; label: string };

export type CommitmentFailure =
  | "personNotFound"
  | "noActiveSip"
  | "notConsented"
  | "unknownOwner"
  | "ownerNotCovered"
  | "commitmentNotFound"
  | "notAllowed"
  | CommitmentRejection
  | CompletionRejection;

/** Logs an åtagande in the person's current SIP. Cross-principal owners need consent that covers them. */
export async function addCommitment(
  deps: AppDeps,
  actor: StaffMember,
  input: { ref: string; owner: CommitmentOwner; what: string; dueDate: LocalDate | null },
): Promise<Result<CommitmentRecord, CommitmentFailure>> {
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, input.ref, "COMMITMENT_CREATE");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    if (c.current === null) return fail("noActiveSip");
    if (!isConsentedState(c.current.state)) return fail("notConsented");
    // Reading the plan under consent is not enough to add to it (and so widen who takes part).
    if (rolesFor(deps, actor, c).size === 0) return fail("notAllowed");

    let principal: Principal = "OTHER";
    let ownerStaff: StaffMember | null = null;
    let ownerUnitId: string | null = null;
    let ownerLabel: string | null = null;
    if (input.owner.kind === "staff") {
      ownerStaff = await store.findStaffByHandle(input.owner.handle);
      if (ownerStaff === null) return fail("unknownOwner", { owner: input.owner.handle.slice(0, 40) });
      principal = ownerStaff.principal;
      ownerUnitId = ownerStaff.unitId;
    } else if (input.owner.kind === "unit") {
      const unit = await store.findUnitByName(input.owner.name);
      if (unit === null) return fail("unknownOwner", { owner: input.owner.name.slice(0, 40) });
      principal = unit.principal;
      ownerUnitId = unit.id;
    } else {
      ownerLabel = input.owner.label.trim().slice(0, 80);
    }
    if (basisFor(deps, actor, c, principal) === "DENIED") return fail("ownerNotCovered");

    const valid = validateCommitment({ what: input.what, principal, dueDate: input.dueDate }, today(deps));
    if (!valid.ok) return valid;
    // A user who got no answer (the bot died after committing) sends the same line again: that is the
    // same commitment, not a second one. An identical open one in the plan is answered with instead.
    const same = (await store.listCommitmentsForSip(c.current.id)).find(
      (x) =>
        x.status === "OPEN" &&
        x.what === valid.value.what &&
        x.dueDate === valid.value.dueDate &&
        x.ownerStaffId === (ownerStaff?.id ?? null) &&
        x.ownerUnitId === ownerUnitId &&
        x.ownerLabel === ownerLabel,
    );
    if (same !== undefined) return ok(same);
    const record = await store.createCommitment({
      sipId: c.current.id,
      what: valid.value.what,
      principal,
      ownerStaffId: ownerStaff?.id ?? null,
      ownerUnitId,
      ownerLabel,
      dueDate: valid.value.dueDate,
      createdById: actor.id,
    });
    if (ownerStaff !== null)
      await store.addParticipant(c.current.id, ownerStaff.id, ownerStaff.principal, "PARTICIPANT");
    await store.audit({
      actorId: actor.id,
      action: "COMMITMENT_CREATED",
      personRef: input.ref,
      unitId: actor.unitId,
      basis: opened.value.basis,
      detail: { number: record.number, principal },
    });
    if (ownerStaff !== null && ownerStaff.id !== actor.id) {
      const note: Notification = {
        kind: "commitmentAssigned",
        personRef: input.ref,
        number: record.number,
        what: record.what,
        dueDate: record.dueDate,
        byName: actor.displayName,
      };
      await store.enqueueOutbox(`commitment-assigned:${record.id}:${ownerStaff.id}`, ownerStaff.id, note);
    }
    return ok(record);
  });
}

/** Marks a commitment done ("sip klar 12"). */
export async function completeCommitment(
  deps: AppDeps,
  actor: StaffMember,
  number: number,
): Promise<Result<CommitmentRecord, CommitmentFailure>> {
  return deps.store.transaction(async (store) => {
    const found = await store.findCommitmentByNumber(number);
    if (found === null) return fail("commitmentNotFound", { number });
    const opened = await openCase(deps, store, actor, found.personRef, "COMMITMENT_COMPLETE");
    // A commitment the actor may not see is reported as missing, like an unknown reference; so is one of
    // a plan that is no longer in force (withdrawn or closed), which nobody should be working on.
    const c = opened.ok ? opened.value.case : null;
    const inForce = c?.current?.id === found.sipId && isConsentedState(c.current.state);
    if (c === null || !inForce || basisFor(deps, actor, c, found.principal) === "DENIED") {
      if (c !== null) {
        await store.audit({
          actorId: actor.id,
          action: "COMMITMENT_COMPLETE",
          personRef: found.personRef,
          unitId: actor.unitId,
          basis: "DENIED",
          detail: { number },
        });
      }
      return fail("commitmentNotFound", { number });
    }
    const leadsSip =
      c.current !== null && (c.current.initiatorId === actor.id || c.current.chairId === actor.id);
    const allowed = checkCompletion(found, { staffId: actor.id, principal: actor.principal, leadsSip });
    if (!allowed.ok) return allowed;
    await store.setCommitmentStatus(found.id, "DONE", actor.id);
    await store.audit({
      actorId: actor.id,
      action: "COMMITMENT_DONE",
      personRef: found.personRef,
      unitId: actor.unitId,
      basis: canSeePerson(deps, actor, c),
      detail: { number },
    });
    return ok({ ...found, status: "DONE" });
  });
}

/** "sip mina": the actor's own open commitments, most urgent first. */
export async function myCommitments(deps: AppDeps, actor: StaffMember): Promise<CommitmentRecord[]> {
  return deps.store.transaction(async (store) => {
    const list = await store.listOpenCommitmentsForOwner(actor.id);
    const visible: CommitmentRecord[] = [];
    for (const ref of new Set(list.map((c) => c.personRef))) {
      const person = await store.findPersonByRef(ref);
      if (person === null) continue;
      // Only commitments of the plan now in force: after a withdrawal (or a closed plan) they are no
      // longer anyone's to-do, even if a new SIP has since been started for the person.
      const c = await loadCase(store, person);
      const current = c.current;
      const mine = list.filter(
        (x) =>
          x.personRef === ref &&
          current !== null &&
          x.sipId === current.id &&
          isConsentedState(current.state) &&
          basisFor(deps, actor, c, x.principal) !== "DENIED",
      );
      await store.audit({
        actorId: actor.id,
        action: "COMMITMENTS_READ",
        personRef: ref,
        unitId: actor.unitId,
        basis: mine.length > 0 ? canSeePerson(deps, actor, c) : "DENIED",
      });
      visible.push(...mine);
    }
    return visible.sort(byUrgency);
  });
}
