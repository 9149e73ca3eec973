import { isLocalDate, type LocalDate } from "../domain/local-date.ts";
import { isEffortActive } from "../domain/overlap.ts";
import type { Principal } from "../domain/principal.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { EffortKind } from "../domain/taxonomy.ts";
import { type AppDeps, today } from "./deps.ts";
import { basisFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { EffortRecord, StaffMember } from "./ports.ts";
import { type Suggestion, suggestIfCandidate } from "./suggestions.ts";

export type EffortFailure =
  | "personNotFound"
  | "unknownEffort"
  | "principalUnclear"
  | "badDate"
  | "alreadyRegistered"
  | "noActiveEffort";

export interface EffortRegistration {
  personRef: string;
  effort: EffortRecord;
  kind: EffortKind;
  suggestion: Suggestion | null;
}

/**
 * A staff member tells the bot that a person has an effort: from their own organisation, or one the
 * person told them about. The principal comes from the taxonomy; where regions differ and none was
 * given, the caller is asked to choose. Only someone who may already see the person may add one: an
 * effort gives its registrar need-to-know access, so a reference that was merely typed must not. Others
 * are told "not found", as for a reference that does not exist (a colleague of the other principal meets
 * the person first with `sip ny <personnummer>`).
 */
export async function registerEffort(
  deps: AppDeps,
  actor: StaffMember,
  input: { ref: string; effort: string; principal?: Principal; startDate?: LocalDate },
): Promise<Result<EffortRegistration, EffortFailure>> {
  const kind = deps.taxonomy.find(input.effort);
  if (kind === undefined) return fail("unknownEffort", { effort: input.effort.slice(0, 60) });
  if (kind.varies && input.principal === undefined) return fail("principalUnclear", { kind: kind.code });
  const principal = input.principal ?? kind.principal;
  const startDate = input.startDate ?? today(deps);
  if (!isLocalDate(startDate)) return fail("badDate");

  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, input.ref, "EFFORT_CREATE");
    if (!opened.ok) return opened;
    const before = opened.value.case;
    const person = before.person;
    const day = today(deps);
    // Only a duplicate the actor may see is reported; otherwise the answer would tell them what the other
    // principal has registered.
    const duplicate = before.efforts.some(
      (e) => e.kind === kind.code && e.principal === principal && isEffortActive(e, day),
    );
    if (duplicate && basisFor(deps, actor, before, principal) !== "DENIED") {
      return fail("alreadyRegistered", { kind: kind.code });
    }
    const effort = await store.createEffort({
      personId: person.id,
      kind: kind.code,
      principal,
      unitId: actor.principal === principal ? actor.unitId : null,
      startDate,
      endDate: null,
      source: "chat",
      registeredById: actor.id,
    });
    await store.audit({
      actorId: actor.id,
      action: "EFFORT_CREATED",
      personRef: person.ref,
      unitId: actor.unitId,
      basis: opened.value.basis,
      detail: { kind: kind.code, principal },
    });
    const suggestion = await suggestIfCandidate(
      deps,
      store,
      { ...before, efforts: [...before.efforts, effort] },
      actor,
    );
    return ok({ personRef: person.ref, effort, kind, suggestion });
  });
}

/**
 * Ends an active effort of the actor's own principal (today, or on a given date), for a person the actor
 * may see; anyone else is told "not found".
 */
export async function endEffort(
  deps: AppDeps,
  actor: StaffMember,
  input: { ref: string; effort: string; endDate?: LocalDate },
): Promise<Result<{ personRef: string; kind: EffortKind; endDate: LocalDate }, EffortFailure>> {
  const kind = deps.taxonomy.find(input.effort);
  if (kind === undefined) return fail("unknownEffort", { effort: input.effort.slice(0, 60) });
  const endDate = input.endDate ?? today(deps);
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, input.ref, "EFFORT_END");
    if (!opened.ok) return opened;
    const { person, efforts } = opened.value.case;
    const day = today(deps);
    // Only the actor's own principal's efforts: one side cannot end the other side's effort.
    const target = efforts.find(
      (e) => e.kind === kind.code && e.principal === actor.principal && isEffortActive(e, day),
    );
    if (target === undefined) return fail("noActiveEffort", { kind: kind.code });
    if (endDate < target.startDate) return fail("badDate");
    await store.endEffort(target.id, endDate);
    await store.audit({
      actorId: actor.id,
      action: "EFFORT_ENDED",
      personRef: person.ref,
      unitId: actor.unitId,
      basis: "OWN_PRINCIPAL",
      detail: { kind: kind.code, endDate },
    });
    return ok({ personRef: person.ref, kind, endDate });
  });
}
