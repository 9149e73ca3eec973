import type { LocalDate } from "./local-date.ts";
import type { Principal, SipPrincipal } from "./principal.ts";

// The four things a SIP must state (DOMAIN.md, "What a SIP is"), derived from what is stored, so that
// "who is responsible for what" and the printed plan group the same data the same way.
export interface PlanEffort {
  kind: string;
  principal: Principal;
}

export interface PlanCommitment {
  principal: Principal;
  status: "OPEN" | "DONE" | "CANCELLED";
}

export interface Plan<E extends PlanEffort, C extends PlanCommitment> {
  /** 1. the efforts needed */
  efforts: readonly E[];
  /** 2. which efforts and commitments each principal is responsible for */
  byPrincipal: Readonly<Record<SipPrincipal, { efforts: E[]; commitments: C[] }>>;
  /** 3. measures taken by others (the person, relatives, Försäkringskassan, school ...) */
  others: readonly C[];
  /** 4. who holds the overall responsibility (huvudansvar) */
  overallResponsibility: SipPrincipal | null;
  followUpDate: LocalDate | null;
  /** Legal points not yet settled, so the bot can ask for them. */
  missing: readonly PlanGap[];
}

export type PlanGap = "noEfforts" | "noOverallResponsibility" | "noFollowUpDate";

export function derivePlan<E extends PlanEffort, C extends PlanCommitment>(input: {
  efforts: readonly E[];
  commitments: readonly C[];
  overallResponsibility: SipPrincipal | null;
  followUpDate: LocalDate | null;
}): Plan<E, C> {
  const live = input.commitments.filter((c) => c.status !== "CANCELLED");
  const pick = (p: SipPrincipal) => ({
    efforts: input.efforts.filter((e) => e.principal === p),
    commitments: live.filter((c) => c.principal === p),
  });
  const missing: PlanGap[] = [];
  if (input.efforts.length === 0) missing.push("noEfforts");
  if (input.overallResponsibility === null) missing.push("noOverallResponsibility");
  if (input.followUpDate === null) missing.push("noFollowUpDate");
  return {
    efforts: input.efforts,
    byPrincipal: { MUNICIPALITY: pick("MUNICIPALITY"), REGION: pick("REGION") },
    others: live.filter((c) => c.principal === "OTHER"),
    overallResponsibility: input.overallResponsibility,
    followUpDate: input.followUpDate,
    missing,
  };
}
