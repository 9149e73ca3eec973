import { describe, expect, it } from "vitest";
import { type EffortPeriod, isEffortActive, sipCandidateReason } from "../../src/domain/overlap.ts";

const today = "2026-11-23";
const hemtjanst: EffortPeriod = {
  kind: "hemtjanst",
  principal: "MUNICIPALITY",
  startDate: "2026-01-01",
  endDate: null,
};
const psyk: EffortPeriod = {
  kind: "psykiatrisk-oppenvard",
  principal: "REGION",
  startDate: "2026-10-01",
  endDate: null,
};

describe("SIP candidates", () => {
  it("needs an active effort from each principal", () => {
    expect(sipCandidateReason([hemtjanst], [], today)).toBeNull();
    expect(sipCandidateReason([hemtjanst, psyk], [], today)).toBe("BOTH_PRINCIPALS");
    expect(sipCandidateReason([hemtjanst, { ...psyk, endDate: "2026-11-22" }], [], today)).toBeNull();
    expect(sipCandidateReason([hemtjanst, { ...psyk, startDate: "2026-12-01" }], [], today)).toBeNull();
    expect(sipCandidateReason([hemtjanst, { ...psyk, principal: "OTHER" }], [], today)).toBeNull();
  });

  it("counts an effort as active on its first and last day", () => {
    expect(isEffortActive({ ...psyk, startDate: today, endDate: today }, today)).toBe(true);
  });

  it("is silent while a SIP is suggested or in progress, and for a while after a dismissal", () => {
    expect(sipCandidateReason([hemtjanst, psyk], [{ state: "SUGGESTED" }], today)).toBeNull();
    expect(sipCandidateReason([hemtjanst, psyk], [{ state: "HELD" }], today)).toBeNull();
    expect(sipCandidateReason([hemtjanst, psyk], [{ state: "CLOSED" }], today)).toBe("BOTH_PRINCIPALS");
    expect(
      sipCandidateReason([hemtjanst, psyk], [{ state: "WITHDRAWN", endedOn: "2026-11-20" }], today),
    ).toBeNull();
    expect(
      sipCandidateReason([hemtjanst, psyk], [{ state: "DECLINED", endedOn: "2026-11-01" }], today),
    ).toBeNull();
    expect(sipCandidateReason([hemtjanst, psyk], [{ state: "DECLINED", endedOn: "2026-01-01" }], today)).toBe(
      "BOTH_PRINCIPALS",
    );
  });

  it("treats a recent discharge from inpatient care with municipal efforts after it as a reason", () => {
    const inpatient: EffortPeriod = {
      kind: "psykiatrisk-slutenvard",
      principal: "REGION",
      startDate: "2026-10-01",
      endDate: "2026-11-15",
    };
    expect(sipCandidateReason([inpatient, hemtjanst], [], today)).toBe("DISCHARGE");
    expect(
      sipCandidateReason(
        [{ ...inpatient, endDate: "2026-09-01", startDate: "2026-08-01" }, hemtjanst],
        [],
        today,
      ),
    ).toBeNull();
    expect(sipCandidateReason([inpatient, { ...hemtjanst, endDate: "2026-11-10" }], [], today)).toBeNull();
    expect(sipCandidateReason([inpatient], [], today)).toBeNull();
  });
});
