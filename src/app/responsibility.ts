import { isEffortActive } from "../domain/overlap.ts";
import { derivePlan, type PlanGap } from "../domain/plan.ts";
import type { Principal, SipPrincipal } from "../domain/principal.ts";
import { ok, type Result } from "../domain/result.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import { type AppDeps, today } from "./deps.ts";
import { basisFor, isConsentedState } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { CommitmentRecord, EffortRecord, StaffMember } from "./ports.ts";

export interface PrincipalSection {
  principal: Principal;
  efforts: EffortRecord[];
  commitments: CommitmentRecord[];
}

export interface ResponsibilityView {
  personRef: string;
  sipState: SipState | null;
  overallResponsibility: SipPrincipal | null;
  followUpDate: string | null;
  /** Only the principals the viewer may see; in the order municipality, region, others. */
  sections: PrincipalSection[];
  /** True when another principal's part was left out for lack of consent (whether or not it has any). */
  withheld: boolean;
  missing: readonly PlanGap[];
}

/** "Vem ansvarar för vad?": the person's efforts and commitments by principal, as far as the viewer may see. */
export async function whoIsResponsible(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
): Promise<Result<ResponsibilityView, "personNotFound">> {
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "PERSON_READ");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    const day = today(deps);
    const commitments = c.current === null ? [] : await store.listCommitmentsForSip(c.current.id);
    const order: Principal[] = ["MUNICIPALITY", "REGION", "OTHER"];
    const sections: PrincipalSection[] = [];
    let withheld = false;
    for (const principal of order) {
      if (basisFor(deps, actor, c, principal) === "DENIED") {
        withheld = withheld || principal !== "OTHER";
        continue;
      }
      sections.push({
        principal,
        efforts: c.efforts.filter((e) => e.principal === principal && isEffortActive(e, day)),
        commitments: commitments.filter((x) => x.principal === principal && x.status !== "CANCELLED"),
      });
    }
    const shared = sections.filter(
      (s) => s.principal !== actor.principal && (s.efforts.length > 0 || s.commitments.length > 0),
    );
    if (shared.length > 0) {
      // Reading another principal's part is what consent allows; record it as such, with what was shown.
      await store.audit({
        actorId: actor.id,
        action: "PERSON_READ_SHARED",
        personRef: ref,
        unitId: actor.unitId,
        basis: "CONSENT",
        detail: { principals: shared.map((s) => s.principal) },
      });
    }
    const shown = sections.flatMap((s) => s.efforts);
    const plan = derivePlan({
      efforts: shown,
      commitments: sections
        .flatMap((s) => s.commitments)
        .map((x) => ({ ...x, owner: x.ownerStaffName ?? x.ownerUnitName ?? x.ownerLabel ?? "" })),
      overallResponsibility: c.current?.overallPrincipal ?? null,
      followUpDate: c.current?.followUpDate ?? null,
    });
    return ok({
      personRef: ref,
      sipState: c.current?.state ?? null,
      overallResponsibility: plan.overallResponsibility,
      followUpDate: plan.followUpDate,
      sections,
      withheld,
      // The plan's points can only be settled once there is consent; before that, asking for them misleads.
      missing: c.current !== null && isConsentedState(c.current.state) ? plan.missing : [],
    });
  });
}
