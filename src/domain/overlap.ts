import { addDays, type LocalDate } from "./local-date.ts";
import type { Principal } from "./principal.ts";
import { FINAL_SIP_STATES, type SipState } from "./sip-lifecycle.ts";

// When should the bot suggest a SIP? (DOMAIN.md, "Notice the need".) Per person, as efforts are told in
// chat; a set-based SQL version for imports must keep to this same rule.
export interface EffortPeriod {
  kind: string;
  principal: Principal;
  startDate: LocalDate;
  endDate: LocalDate | null;
}

export interface SipFacts {
  state: SipState;
  /** When a suggestion was dismissed or consent withdrawn, so the question is not put again at once. */
  endedOn?: LocalDate | null;
}

export interface OverlapOptions {
  /** Effort kinds that are inpatient care (slutenvård); a discharge from one is a reason for a SIP. */
  inpatientKinds: ReadonlySet<string>;
  /** How long after a discharge municipal efforts still make the discharge a reason. */
  dischargeWindowDays: number;
  /** After a dismissal or a withdrawal of consent, how long before the same person is suggested again. */
  dismissQuietDays: number;
}

export const DEFAULT_OVERLAP_OPTIONS: OverlapOptions = {
  inpatientKinds: new Set(["psykiatrisk-slutenvard", "somatisk-slutenvard"]),
  dischargeWindowDays: 30,
  dismissQuietDays: 90,
};

export type CandidateReason = "BOTH_PRINCIPALS" | "DISCHARGE";

export function isEffortActive(e: EffortPeriod, today: LocalDate): boolean {
  return e.startDate <= today && (e.endDate === null || e.endDate >= today);
}

/**
 * A person is a SIP candidate when they have at least one active municipal and one active regional effort,
 * or were discharged from inpatient care (within the window) and have municipal efforts after it; and they
 * have no SIP that is suggested or in progress, nor one dismissed within the quiet period.
 */
export function sipCandidateReason(
  efforts: readonly EffortPeriod[],
  sips: readonly SipFacts[],
  today: LocalDate,
  options: OverlapOptions = DEFAULT_OVERLAP_OPTIONS,
): CandidateReason | null {
  const blocked = sips.some((s) => {
    if (!FINAL_SIP_STATES.includes(s.state)) return true;
    // The person (or staff on their behalf) said no: respect it for a while rather than ask again at once.
    const saidNo = s.state === "DECLINED" || s.state === "WITHDRAWN";
    return saidNo && s.endedOn != null && addDays(s.endedOn, options.dismissQuietDays) > today;
  });
  if (blocked) return null;

  const active = efforts.filter((e) => isEffortActive(e, today));
  const municipal = active.some((e) => e.principal === "MUNICIPALITY");
  if (municipal && active.some((e) => e.principal === "REGION")) return "BOTH_PRINCIPALS";

  const windowStart = addDays(today, -options.dischargeWindowDays);
  const discharged = efforts.some(
    (e) =>
      e.principal === "REGION" &&
      options.inpatientKinds.has(e.kind) &&
      e.endDate !== null &&
      e.endDate >= windowStart &&
      e.endDate <= today &&
      active.some(
        (m) => m.principal === "MUNICIPALITY" && (m.endDate === null || m.endDate >= (e.endDate ?? today)),
      ),
  );
  return discharged ? "DISCHARGE" : null;
}
