import { describe, expect, it } from "vitest";
import { byUrgency, checkCompletion, isOverdue, validateCommitment } from "../../src/domain/commitment.ts";
import { derivePlan, type PlanCommitment } from "../../src/domain/plan.ts";

const today = "2026-11-23";

describe("commitments", () => {
  it("cleans the text and refuses empty, overlong and back-dated ones", () => {
    expect(
      validateCommitment({ what: "  Ringa   Försäkringskassan ", principal: "REGION", dueDate: null }, today),
    ).toEqual({
      ok: true,
      value: { what: "Ringa Försäkringskassan", principal: "REGION", dueDate: null },
    });
    expect(validateCommitment({ what: "   ", principal: "REGION", dueDate: null }, today)).toMatchObject({
      reason: "emptyText",
    });
    expect(
      validateCommitment({ what: "x".repeat(501), principal: "REGION", dueDate: null }, today),
    ).toMatchObject({
      reason: "textTooLong",
    });
    expect(
      validateCommitment({ what: "x", principal: "REGION", dueDate: "2026-11-22" }, today),
    ).toMatchObject({
      reason: "dueInPast",
    });
  });

  it("is overdue only when open and past its date", () => {
    expect(isOverdue({ status: "OPEN", dueDate: "2026-11-22" }, today)).toBe(true);
    expect(isOverdue({ status: "OPEN", dueDate: today }, today)).toBe(false);
    expect(isOverdue({ status: "DONE", dueDate: "2026-11-01" }, today)).toBe(false);
    expect(isOverdue({ status: "OPEN", dueDate: null }, today)).toBe(false);
  });

  it("lets the owner, the owner's principal or the SIP's leads mark it done", () => {
    const c = { status: "OPEN" as const, dueDate: null, principal: "REGION" as const, ownerStaffId: "bo" };
    expect(checkCompletion(c, { staffId: "bo", principal: "REGION", leadsSip: false }).ok).toBe(true);
    expect(checkCompletion(c, { staffId: "dan", principal: "REGION", leadsSip: false }).ok).toBe(true);
    expect(checkCompletion(c, { staffId: "anna", principal: "MUNICIPALITY", leadsSip: false })).toMatchObject(
      { reason: "notYours" },
    );
    expect(checkCompletion(c, { staffId: "anna", principal: "MUNICIPALITY", leadsSip: true }).ok).toBe(true);
    expect(
      checkCompletion({ ...c, status: "DONE" }, { staffId: "bo", principal: "REGION", leadsSip: false }),
    ).toMatchObject({
      reason: "alreadyDone",
    });
  });

  it("sorts by due date with undated last", () => {
    const list = [
      { status: "OPEN" as const, dueDate: null },
      { status: "OPEN" as const, dueDate: "2026-12-01" },
      { status: "OPEN" as const, dueDate: "2026-11-01" },
    ];
    expect(list.sort(byUrgency).map((c) => c.dueDate)).toEqual(["2026-11-01", "2026-12-01", null]);
  });
});

describe("the plan's four points", () => {
  const c = (
    n: number,
    principal: PlanCommitment["principal"],
    status: PlanCommitment["status"] = "OPEN",
  ): PlanCommitment & { number: number; what: string } => ({
    number: n,
    what: `task ${n}`,
    principal,
    status,
  });

  it("splits efforts and commitments by principal, others apart, and names what is missing", () => {
    const plan = derivePlan({
      efforts: [
        { kind: "hemtjanst", principal: "MUNICIPALITY" },
        { kind: "vardcentral", principal: "REGION" },
      ],
      commitments: [c(1, "REGION"), c(2, "MUNICIPALITY"), c(3, "OTHER"), c(4, "REGION", "CANCELLED")],
      overallResponsibility: null,
      followUpDate: "2027-02-01",
    });
    expect(plan.byPrincipal.REGION.commitments.map((x) => x.number)).toEqual([1]);
    expect(plan.byPrincipal.MUNICIPALITY.efforts.map((x) => x.kind)).toEqual(["hemtjanst"]);
    expect(plan.others.map((x) => x.number)).toEqual([3]);
    expect(plan.missing).toEqual(["noOverallResponsibility"]);
  });
});
