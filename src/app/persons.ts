import { identifierHash, newPersonRef } from "../domain/person-ref.ts";
import type { SwedishId } from "../domain/personnummer.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppDeps } from "./deps.ts";
import { canSeePerson, loadCase, type PersonCase } from "./person-access.ts";
import type { AuditBasis, PersonRecord, StaffMember, Store } from "./ports.ts";

// Creating and finding persons. A personnummer is turned into a keyed hash here, at the edge, and is
// neither stored nor passed on; the caller gets the pseudonymous reference back. Creating a reference, or
// meeting one by giving the same personnummer, is how a staff member establishes that they know the person
// (a link); only then may they see it or register efforts for it.

export interface NewPersonOutcome {
  ref: string;
  /** True when the identifier matched a person someone had already registered. */
  matched: boolean;
}

const MAX_REF_ATTEMPTS = 8;

export async function createPerson(
  deps: AppDeps,
  actor: StaffMember,
  id: SwedishId | null,
): Promise<Result<NewPersonOutcome, "refSpaceExhausted">> {
  return deps.store.transaction(async (store) => {
    const hash = id === null ? null : identifierHash(id.normalized, deps.settings.idSecret);
    if (hash !== null) {
      const existing = await store.findPersonByIdentifierHash(hash);
      if (existing !== null) return ok(await matched(store, actor, existing));
    }
    for (let attempt = 0; attempt < MAX_REF_ATTEMPTS; attempt++) {
      // Longer references once the short ones start to collide, so the space never runs out.
      const ref = newPersonRef(4 + Math.floor(attempt / 3));
      const person = await store.createPerson(ref, hash, actor.id);
      if (person !== null) {
        await store.linkStaffToPerson(person.id, actor.id, "CREATED");
        await store.audit({
          actorId: actor.id,
          action: "PERSON_CREATED",
          personRef: person.ref,
          unitId: actor.unitId,
          basis: "OWN_PRINCIPAL",
          detail: { withIdentifier: hash !== null },
        });
        return ok({ ref: person.ref, matched: false });
      }
      if (hash !== null) {
        // Someone registered the same identifier at the same moment: meet on their reference.
        const raced = await store.findPersonByIdentifierHash(hash);
        if (raced !== null) return ok(await matched(store, actor, raced));
      }
    }
    return fail("refSpaceExhausted");
  });
}

/** The actor gave the identifier of a person already registered: they now know the person too. */
async function matched(store: Store, actor: StaffMember, person: PersonRecord): Promise<NewPersonOutcome> {
  await store.linkStaffToPerson(person.id, actor.id, "MATCHED");
  await store.audit({
    actorId: actor.id,
    action: "PERSON_MATCHED",
    personRef: person.ref,
    unitId: actor.unitId,
    basis: "OWN_PRINCIPAL",
  });
  return { ref: person.ref, matched: true };
}

/**
 * Finds a person the actor may know about, loads their case, and audits the read. A reference that does not
 * exist and one the actor may not see get the same answer, so references cannot be probed. For a change
 * (the default) the person's row is locked first, so the case it loads cannot be changed meanwhile.
 */
export async function openCase(
  deps: AppDeps,
  store: Store,
  actor: StaffMember,
  ref: string,
  action: string,
  purpose: "change" | "read" = "change",
): Promise<Result<{ case: PersonCase; basis: AuditBasis }, "personNotFound">> {
  const person: PersonRecord | null = await store.findPersonByRef(ref);
  if (person === null) return fail("personNotFound", { ref });
  if (purpose === "change") await store.lockPerson(person.id);
  const c = await loadCase(store, person);
  const basis = canSeePerson(deps, actor, c);
  await store.audit({ actorId: actor.id, action, personRef: ref, unitId: actor.unitId, basis });
  if (basis === "DENIED") return fail("personNotFound", { ref });
  return ok({ case: c, basis });
}
