// The SIP lifecycle through the use cases: start, dismiss (and the quiet period after it), and the plan's
// fourth point and follow-up date.
import { describe, expect, it } from "vitest";
import { recordConsent } from "../../src/app/consents.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { whoIsResponsible } from "../../src/app/responsibility.ts";
import { dismissSuggestion, startSip, updatePlan } from "../../src/app/sips.ts";
import {
  expectFail,
  expectOk,
  meetPerson,
  newPerson,
  harnessForThisFile,
  outboxAbout,
  personWithBothPrincipals,
  sipsOf,
  TODAY,
} from "./harness.ts";

const h = await harnessForThisFile();

const BOTH = ["REGION", "MUNICIPALITY"] as const;

describe("startSip", () => {
  it("starts a suggested SIP as waiting for consent, with the actor as initiator and chair", async () => {
    const ref = await personWithBothPrincipals(h);
    const { bo } = h.staff;
    const started = expectOk(await startSip(h.deps, bo, ref));
    expect(started.sip).toMatchObject({ state: "CONSENT_PENDING", initiatorId: bo.id, chairId: bo.id });
    const sips = await sipsOf(h, ref);
    expect(sips).toHaveLength(1); // the suggestion itself moved on; no second SIP
    expect(sips[0]).toMatchObject({ state: "CONSENT_PENDING", initiator_id: bo.id, chair_id: bo.id });
    const participants = await h.db.runner.query<{ staff_id: string; role: string; principal: string }>(
      "SELECT staff_id, role, principal::text AS principal FROM participant WHERE sip_id = $1",
      [sips[0]?.id],
    );
    expect(participants).toEqual([{ staff_id: bo.id, role: "INITIATOR", principal: "REGION" }]);

    const twice = await startSip(h.deps, h.staff.anna, ref);
    expect(twice).toEqual({ ok: false, reason: "sipAlreadyActive", detail: { state: "CONSENT_PENDING" } });

    // Another effort while the SIP is being prepared suggests nothing new.
    const more = expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "boendestöd" }));
    expect(more.suggestion).toBeNull();
    expect(await sipsOf(h, ref)).toHaveLength(1);
  });

  it("goes straight to CONSENTED when consent is already recorded", async () => {
    // Consent given before any suggestion (anna's effort alone makes none), then the SIP is started.
    const ref = await newPerson(h);
    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: [...BOTH] }));
    const started = expectOk(await startSip(h.deps, h.staff.anna, ref));
    expect(started.sip.state).toBe("CONSENTED");
    expect((await sipsOf(h, ref)).map((s) => s.state)).toEqual(["CONSENTED"]);
  });

  it("starts a SIP without a suggestion for staff with an effort, but not for others", async () => {
    const ref = await newPerson(h);
    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    expect(expectOk(await startSip(h.deps, h.staff.anna, ref)).sip.state).toBe("CONSENT_PENDING");

    const bare = await newPerson(h, h.staff.cecilia); // cecilia may see it, but has no part in it
    expectFail(await startSip(h.deps, h.staff.cecilia, bare), "notAllowed");
    expectFail(await startSip(h.deps, h.staff.bo, "K-ZZZZ"), "personNotFound");
    expect(await sipsOf(h, bare)).toEqual([]);
  });
});

describe("dismissSuggestion", () => {
  it("needs a reason", async () => {
    const ref = await personWithBothPrincipals(h);
    expectFail(await dismissSuggestion(h.deps, h.staff.anna, ref, "   "), "emptyReason");
    expect((await sipsOf(h, ref)).map((s) => s.state)).toEqual(["SUGGESTED"]);
  });

  it("declines the suggestion and keeps quiet about the person for 90 days", async () => {
    const ref = await personWithBothPrincipals(h);
    expectOk(await dismissSuggestion(h.deps, h.staff.bo, ref, "  Personen vill inte just nu  "));
    const [declined] = await sipsOf(h, ref);
    expect(declined?.state).toBe("DECLINED");
    const [row] = await h.db.runner.query<{ dismiss_reason: string }>(
      "SELECT dismiss_reason FROM sip WHERE id = $1",
      [declined?.id],
    );
    expect(row?.dismiss_reason).toBe("Personen vill inte just nu");
    expectFail(await dismissSuggestion(h.deps, h.staff.bo, ref, "igen"), "noSuggestion");

    h.clock.advanceDays(89);
    const quiet = expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "boendestöd" }));
    expect(quiet.suggestion).toBeNull();
    expect((await sipsOf(h, ref)).map((s) => s.state)).toEqual(["DECLINED"]);

    h.clock.advanceDays(2); // 91 days after the dismissal
    const again = expectOk(await registerEffort(h.deps, h.staff.bo, { ref, effort: "vårdcentral" }));
    expect(again.suggestion?.reason).toBe("BOTH_PRINCIPALS");
    expect((await sipsOf(h, ref)).map((s) => s.state)).toEqual(["DECLINED", "SUGGESTED"]);
    const suggested = (await outboxAbout(h, ref)).filter((o) => o.payload.kind === "sipSuggested");
    expect(suggested.map((o) => o.recipient_id)).toEqual([h.staff.anna.id, h.staff.anna.id]);
  });

  // Regression: the store once stamped closedAt with the system time while the quiet period is judged by
  // the app's clock, so with any other clock a suggestion dismissed "today" came back at once. The clock
  // here is 200 days ahead of the real time, so a mix-up of the two shows.
  it("measures the quiet period from the dismissal as the app's clock saw it", async () => {
    h.clock.set(new Date(Date.now() + 200 * 86_400_000).toISOString());
    const ref = await personWithBothPrincipals(h);
    expectOk(await dismissSuggestion(h.deps, h.staff.anna, ref, "Inte aktuellt"));
    await meetPerson(h, h.staff.eva, ref); // eva needs a link of her own before she may register
    const r = expectOk(await registerEffort(h.deps, h.staff.eva, { ref, effort: "boendestöd" }));
    expect(r.suggestion).toBeNull();
  });
});

describe("updatePlan", () => {
  it("needs consent, refuses past dates, and fills in the plan's missing points", async () => {
    const ref = await personWithBothPrincipals(h);
    const { anna, bo } = h.staff;
    const alone = await newPerson(h);
    expectOk(await registerEffort(h.deps, anna, { ref: alone, effort: "hemtjänst" }));
    expectFail(await updatePlan(h.deps, anna, alone, { overallPrincipal: "MUNICIPALITY" }), "noActiveSip");
    // A suggestion is not a consented SIP, nor is one waiting for consent.
    expectFail(await updatePlan(h.deps, anna, ref, { overallPrincipal: "MUNICIPALITY" }), "notConsented");
    expectOk(await startSip(h.deps, bo, ref));
    expectFail(await updatePlan(h.deps, anna, ref, { overallPrincipal: "MUNICIPALITY" }), "notConsented");
    expectFail(await updatePlan(h.deps, anna, ref, { followUpDate: "2026-11-22" }), "dateInPast");
    expectFail(await updatePlan(h.deps, anna, ref, { followUpDate: "2027-02-30" }), "badDate");

    expectOk(await recordConsent(h.deps, anna, { ref, principals: [...BOTH] }));
    const before = expectOk(await whoIsResponsible(h.deps, bo, ref));
    expect(before.missing).toEqual(["noOverallResponsibility", "noFollowUpDate"]);

    expectFail(await updatePlan(h.deps, anna, ref, { followUpDate: "2026-11-22" }), "dateInPast");
    expectOk(await updatePlan(h.deps, anna, ref, { overallPrincipal: "MUNICIPALITY" }));
    const updated = expectOk(await updatePlan(h.deps, bo, ref, { followUpDate: "2027-03-01" }));
    expect(updated.sip).toMatchObject({ overallPrincipal: "MUNICIPALITY", followUpDate: "2027-03-01" });
    expect((await sipsOf(h, ref))[0]).toMatchObject({
      state: "CONSENTED",
      overall_principal: "MUNICIPALITY",
      follow_up_date: "2027-03-01",
    });
    const after = expectOk(await whoIsResponsible(h.deps, bo, ref));
    expect(after).toMatchObject({
      overallResponsibility: "MUNICIPALITY",
      followUpDate: "2027-03-01",
      missing: [],
    });

    // A follow-up today is not in the past, whatever the server's zone says the date is.
    h.clock.set("2026-11-23T22:30:00Z"); // 23:30 in Stockholm; already the 24th in Kiritimati
    expectOk(await updatePlan(h.deps, anna, ref, { followUpDate: TODAY }));
  });

  // Regression: STAFF once went to every staff member of a principal with an active effort, so under
  // consent david (vårdcentral, no effort, no part) could set the huvudansvar or withdraw the consent.
  it("lets only those with a part of their own change the plan", async () => {
    const ref = await personWithBothPrincipals(h);
    expectOk(await startSip(h.deps, h.staff.bo, ref));
    expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: [...BOTH] }));
    expectOk(await whoIsResponsible(h.deps, h.staff.david, ref)); // reading under consent is fine
    expectFail(await updatePlan(h.deps, h.staff.david, ref, { overallPrincipal: "REGION" }), "notAllowed");
  });
});
