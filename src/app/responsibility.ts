import { isEffortActive } from "../domain/overlap.ts";
import { validConsents } from "../domain/consent.ts";
import { derivePlan, type PlanGap } from "../domain/plan.ts";
import type { Principal, SipPrincipal } from "../domain/principal.ts";
import { ok, type Result } from "../domain/result.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import { type AppDeps, today } from "./deps.ts";
import { basisFor, excludedKinds, isConsentedState } from "./person-access.ts";
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
  /** What the person's consent must not cover, in their own words; left out of other principals' parts. */
  exclusions: string[];
  missing: readonly PlanGap[];
}

/** "Vem ansvarar för vad?": the person's efforts and commitments by principal, as far as the viewer may see. */
export async function whoIsResponsible(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
): Promise<Result<ResponsibilityView, "personNotFound">> {
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "PERSON_READ", "read");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    const day = today(deps);
    const excluded = excludedKinds(deps, c);
    const commitments = c.current === null ? [] : await store.listCommitmentsForSip(c.current.id);
    // What the viewer may see: their own principal's part always; another principal's part only under
    // consent, and then without what the person said the consent must not cover.
    const visible = (principal: Principal) => basisFor(deps, actor, c, principal) !== "DENIED";
    const shared = (principal: Principal) => principal !== actor.principal;
    const mentionsExcluded = (text: string) =>
      deps.taxonomy.mentions(text).some((m) => excluded.has(m.kind.code));
    const efforts = c.efforts.filter(
      (e) => isEffortActive(e, day) && visible(e.principal) && !(shared(e.principal) && excluded.has(e.kind)),
    );
    const shownCommitments = commitments.filter(
      (x) => visible(x.principal) && !(shared(x.principal) && mentionsExcluded(x.what)),
    );
    const plan = derivePlan({
      efforts,
      commitments: shownCommitments,
      overallResponsibility: c.current?.overallPrincipal ?? null,
      followUpDate: c.current?.followUpDate ?? null,
    });
    const sections: PrincipalSection[] = [];
    for (const principal of ["MUNICIPALITY", "REGION"] as const) {
      if (visible(principal)) sections.push({ principal, ...plan.byPrincipal[principal] });
    }
    if (visible("OTHER")) sections.push({ principal: "OTHER", efforts: [], commitments: [...plan.others] });
    const withheld = !visible("MUNICIPALITY") || !visible("REGION");

    const sharedShown = sections.filter(
      (s) => shared(s.principal) && (s.efforts.length > 0 || s.commitments.length > 0),
    );
    if (sharedShown.length > 0) {
      // Reading another principal's part is what consent allows; record it as such, with what was shown.
      await store.audit({
        actorId: actor.id,
        action: "PERSON_READ_SHARED",
        personRef: ref,
        unitId: actor.unitId,
        basis: "CONSENT",
        detail: { principals: sharedShown.map((s) => s.principal) },
      });
    }
    const exclusions = validConsents(c.consents, day, deps.clock.now()).flatMap((x) =>
      x.exclusions === null ? [] : [x.exclusions],
    );
    return ok({
      personRef: ref,
      sipState: c.current?.state ?? null,
      overallResponsibility: plan.overallResponsibility,
      followUpDate: plan.followUpDate,
      sections,
      withheld,
      exclusions,
      // The plan's points can only be settled once there is consent; before that, asking for them misleads.
      missing: c.current !== null && isConsentedState(c.current.state) ? plan.missing : [],
    });
  });
}
