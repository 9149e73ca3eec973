// The discharge rule (DOMAIN.md, lag 2017:612): when the SIP comes from a discharge from inpatient care,
// the poll's limit is the shorter one counted from utskrivningsklar (the inpatient effort's end date),
// not the region's ordinary limit counted from consent.
import { describe, expect, it } from "vitest";
import { recordConsent } from "../../src/app/consents.ts";
import { endEffort, registerEffort } from "../../src/app/efforts.ts";
import { openPoll } from "../../src/app/scheduling-polls.ts";
import { dischargeLimit } from "../../src/domain/poll.ts";
import { expectFail, expectOk, harnessForThisFile, identifiedPerson, meetPerson } from "./harness.ts";
import { consentedSip, withScheduling } from "./scheduling-harness.ts";

const h = await harnessForThisFile();
const deps = withScheduling(h);

/** bo's inpatient stay ends on `endDate`; anna's hemtjänst then makes it a SIP from a discharge. */
async function dischargedSip(endDate: string): Promise<{ ref: string; reason: string | undefined }> {
  const ref = await identifiedPerson(h, h.staff.bo);
  expectOk(
    await registerEffort(h.deps, h.staff.bo, {
      ref,
      effort: "psykiatrisk slutenvård",
      startDate: "2026-10-01",
    }),
  );
  expectOk(await endEffort(h.deps, h.staff.bo, { ref, effort: "psykiatrisk slutenvård", endDate }));
  await meetPerson(h, h.staff.anna, ref);
  const r = expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
  expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: ["REGION", "MUNICIPALITY"] }));
  return { ref, reason: r.suggestion?.reason };
}

const poll = (ref: string, date: string) =>
  openPoll(deps, h.staff.anna, {
    ref,
    participants: [{ handle: "@bo", required: true }],
    place: "Avdelning 12",
    times: [{ date, time: "13:00" }],
  });

describe("the discharge limit", () => {
  it("is three days after utskrivningsklar when the SIP comes from a discharge", async () => {
    // Today is Monday 23 November; the stay ended on Sunday 22 November: the meeting by 25 November,
    // well before the ordinary limit (21 days from consent: 14 December).
    const { ref, reason } = await dischargedSip("2026-11-22");
    expect(reason).toBe("DISCHARGE");
    expectFail(await poll(ref, "2026-11-26"), "afterLimit");
    const opened = expectOk(await poll(ref, "2026-11-25"));
    expect(opened.limit).toBe("2026-11-25");
    expect(opened.poll.limitDate).toBe("2026-11-25");
    // The default answer deadline (three days) would pass the limit, so it is moved to today.
    expect(opened.poll.closesAt.toISOString()).toBe("2026-11-23T23:00:00.000Z");
  });

  it("keeps the ordinary limit without a discharge, and when the discharge limit has passed it says so", async () => {
    const ordinary = expectOk(await poll(await consentedSip(h), "2026-12-09"));
    expect(ordinary.limit).toBe("2026-12-14");

    // Discharged on 10 November: the discharge limit (13 November) had passed before the poll.
    const { ref } = await dischargedSip("2026-11-10");
    const late = expectOk(await poll(ref, "2026-12-09"));
    expect(late.limitPassed).toBe(true);
    expect(late.limit).toBeNull();
  });

  it("is worked out from the latest regional inpatient stay in the window before consent", () => {
    const kinds = new Set(["psykiatrisk-slutenvard"]);
    const stay = (endDate: string | null, principal = "REGION", kind = "psykiatrisk-slutenvard") => ({
      kind,
      principal,
      endDate,
    });
    expect(dischargeLimit([stay("2026-11-20"), stay("2026-11-01")], kinds, "2026-11-23", 30, 3)).toBe(
      "2026-11-23",
    );
    expect(dischargeLimit([stay("2026-10-01")], kinds, "2026-11-23", 30, 3)).toBeNull(); // outside the window
    expect(dischargeLimit([stay(null)], kinds, "2026-11-23", 30, 3)).toBeNull(); // still admitted, no date
    expect(dischargeLimit([stay("2026-11-20", "MUNICIPALITY")], kinds, "2026-11-23", 30, 3)).toBeNull();
    expect(
      dischargeLimit([stay("2026-11-20", "REGION", "hemtjanst")], kinds, "2026-11-23", 30, 3),
    ).toBeNull();
    // A planned discharge after consent counts too (utskrivningsklar ahead).
    expect(dischargeLimit([stay("2026-11-30")], kinds, "2026-11-23", 30, 3)).toBe("2026-12-03");
  });
});
