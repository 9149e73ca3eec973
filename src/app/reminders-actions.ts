import { checkCompletion } from "../domain/commitment.ts";
import type { LocalDate } from "../domain/local-date.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { CommitmentFailure } from "./commitments.ts";
import { type AppDeps, today } from "./deps.ts";
import type { Notification } from "./notifications.ts";
import { basisFor, canSeePerson, isConsentedState, type PersonCase } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { CommitmentRecord, StaffMember, Store } from "./ports.ts";

// What a user can do from a reminder: snooze it, give the commitment to a colleague of the same principal,
// move its due date (and "klar", which is completeCommitment). Who may act is the rule for marking done:
// the owner, a colleague of the owning principal, or the SIP's initiator or chair.

export type ReminderActionFailure =
  CommitmentFailure | "snoozeInPast" | "snoozeTooFar" | "otherPrincipal" | "sameOwner" | "notStaff";

// A reminder put off for more than a quarter is a commitment that should be moved or given away instead.
export const MAX_SNOOZE_DAYS = 92;

interface Opened {
  store: Store;
  found: CommitmentRecord;
  c: PersonCase;
}

/** Finds the commitment and checks that the actor may act on it, as completeCommitment does. */
async function openCommitment(
  deps: AppDeps,
  store: Store,
  actor: StaffMember,
  number: number,
  action: string,
): Promise<Result<Opened, ReminderActionFailure>> {
  const found = await store.findCommitmentByNumber(number);
  if (found === null) return fail("commitmentNotFound", { number });
  const opened = await openCase(deps, store, actor, found.personRef, action);
  const c = opened.ok ? opened.value.case : null;
  const inForce = c?.current?.id === found.sipId && isConsentedState(c.current.state);
  if (c === null || !inForce || basisFor(deps, actor, c, found.principal) === "DENIED")
    return fail("commitmentNotFound", { number });
  const leadsSip =
    c.current !== null && (c.current.initiatorId === actor.id || c.current.chairId === actor.id);
  const allowed = checkCompletion(found, { staffId: actor.id, principal: actor.principal, leadsSip });
  if (!allowed.ok) return allowed;
  return ok({ store, found, c });
}

/** "Påminn mig igen den ...": reminders wait until the date. */
export async function snoozeCommitment(
  deps: AppDeps,
  actor: StaffMember,
  number: number,
  until: LocalDate,
): Promise<Result<CommitmentRecord, ReminderActionFailure>> {
  const day = today(deps);
  if (until <= day) return fail("snoozeInPast");
  const limit = new Date(deps.clock.now().getTime() + MAX_SNOOZE_DAYS * 86_400_000);
  if (new Date(`${until}T00:00:00Z`) > limit) return fail("snoozeTooFar", { max: MAX_SNOOZE_DAYS });
  return deps.store.transaction(async (store) => {
    const o = await openCommitment(deps, store, actor, number, "COMMITMENT_SNOOZE");
    if (!o.ok) return o;
    await store.followThrough.snoozeCommitment(o.value.found.id, until, actor.id, deps.clock.now());
    await store.audit({
      actorId: actor.id,
      action: "COMMITMENT_SNOOZED",
      personRef: o.value.found.personRef,
      unitId: actor.unitId,
      basis: canSeePerson(deps, actor, o.value.c),
      detail: { number, until },
    });
    return ok(o.value.found);
  });
}

/** Gives the commitment to a colleague of the same principal; both the old and the new owner are told. */
export async function reassignCommitment(
  deps: AppDeps,
  actor: StaffMember,
  number: number,
  toHandle: string,
): Promise<Result<{ commitment: CommitmentRecord; to: StaffMember }, ReminderActionFailure>> {
  return deps.store.transaction(async (store) => {
    const o = await openCommitment(deps, store, actor, number, "COMMITMENT_REASSIGN");
    if (!o.ok) return o;
    const { found, c } = o.value;
    const to = await store.findStaffByHandle(toHandle.replace(/^@/, "").slice(0, 60));
    if (to === null || !to.approved) return fail("unknownOwner", { owner: toHandle.slice(0, 40) });
    if (found.principal === "OTHER") return fail("notStaff");
    if (to.principal !== found.principal) return fail("otherPrincipal");
    if (to.id === found.ownerStaffId) return fail("sameOwner");
    const now = deps.clock.now();
    await store.followThrough.reassignCommitment(
      found.id,
      { staffId: to.id, unitId: to.unitId },
      actor.id,
      now,
    );
    if (c.current !== null) await store.addParticipant(c.current.id, to.id, to.principal, "PARTICIPANT");
    await store.audit({
      actorId: actor.id,
      action: "COMMITMENT_REASSIGNED",
      personRef: found.personRef,
      unitId: actor.unitId,
      basis: canSeePerson(deps, actor, c),
      detail: { number, to: to.id },
    });
    const old = found.ownerStaffId === null ? null : await store.getStaff(found.ownerStaffId);
    const change = {
      kind: "commitmentChanged" as const,
      personRef: found.personRef,
      number,
      what: found.what,
      change: "owner" as const,
      fromName: old?.displayName ?? found.ownerUnitName ?? null,
      toName: to.displayName,
      oldDue: found.dueDate,
      newDue: found.dueDate,
      byName: actor.displayName,
    };
    const stamp = now.toISOString();
    for (const [recipient, role] of [
      [old, "oldOwner"],
      [to, "newOwner"],
    ] as const) {
      if (recipient === null || recipient.id === actor.id) continue;
      const note: Notification = { ...change, role };
      await store.enqueueOutbox(`commitment-owner:${found.id}:${stamp}:${recipient.id}`, recipient.id, note);
    }
    return ok({ commitment: { ...found, ownerStaffId: to.id, ownerStaffName: to.displayName }, to });
  });
}

/** Moves the due date; the owner is told (unless they moved it themselves). Reminders re-arm for the new date. */
export async function moveCommitmentDue(
  deps: AppDeps,
  actor: StaffMember,
  number: number,
  due: LocalDate,
): Promise<Result<CommitmentRecord, ReminderActionFailure>> {
  if (due < today(deps)) return fail("dueInPast", { due });
  return deps.store.transaction(async (store) => {
    const o = await openCommitment(deps, store, actor, number, "COMMITMENT_DUE_CHANGE");
    if (!o.ok) return o;
    const { found, c } = o.value;
    const now = deps.clock.now();
    await store.followThrough.changeCommitmentDue(found.id, due, actor.id, now);
    await store.audit({
      actorId: actor.id,
      action: "COMMITMENT_DUE_CHANGED",
      personRef: found.personRef,
      unitId: actor.unitId,
      basis: canSeePerson(deps, actor, c),
      detail: { number, from: found.dueDate ?? "", to: due },
    });
    const owner = found.ownerStaffId === null ? null : await store.getStaff(found.ownerStaffId);
    if (owner !== null && owner.id !== actor.id) {
      const note: Notification = {
        kind: "commitmentChanged",
        personRef: found.personRef,
        number,
        what: found.what,
        change: "due",
        role: "owner",
        fromName: null,
        toName: null,
        oldDue: found.dueDate,
        newDue: due,
        byName: actor.displayName,
      };
      await store.enqueueOutbox(`commitment-due:${found.id}:${due}:${owner.id}`, owner.id, note);
    }
    return ok({ ...found, dueDate: due });
  });
}
