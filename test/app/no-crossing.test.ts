// Ways a principal's part could leak to the other principal's staff without consent, each closed: a
// duplicate check, a discharge notice, a "SIP started" notice, an old plan's commitments, and adding to a
// plan one may only read.
import { describe, expect, it } from "vitest";
import { addCommitment, completeCommitment, myCommitments } from "../../src/app/commitments.ts";
import { recordConsent, withdrawConsent } from "../../src/app/consents.ts";
import { endEffort, registerEffort } from "../../src/app/efforts.ts";
import { startSip } from "../../src/app/sips.ts";
import {
  expectFail,
  expectOk,
  identifiedPerson,
  meetPerson,
  harnessForThisFile,
  outboxAbout,
  personWithBothPrincipals,
} from "./harness.ts";

const h = await harnessForThisFile();

const BOTH = ["REGION", "MUNICIPALITY"] as const;

describe("without consent", () => {
  it("a duplicate of the other principal's effort is registered, not reported", async () => {
    const ref = await personWithBothPrincipals(h);
    // anna registers the regional effort bo already registered: she must not learn that he did.
    const again = await registerEffort(h.deps, h.staff.anna, { ref, effort: "psykiatrisk öppenvård" });
    expect(again.ok).toBe(true);
    // bo, who may see the region's efforts, is told it is a duplicate.
    expectFail(
      await registerEffort(h.deps, h.staff.bo, { ref, effort: "psykiatrisk öppenvård" }),
      "alreadyRegistered",
    );
  });

  it("a discharge reaches the municipality only in the strict wording, and reaches who registered the stay", async () => {
    const { anna, bo } = h.staff;
    const ref = await identifiedPerson(h, bo);
    h.clock.set("2026-11-01T09:00:00Z");
    expectOk(await registerEffort(h.deps, bo, { ref, effort: "psykiatrisk slutenvård" }));
    h.clock.set("2026-11-20T09:00:00Z");
    expectOk(await endEffort(h.deps, bo, { ref, effort: "psykiatrisk slutenvård" }));
    await meetPerson(h, anna, ref);
    h.clock.set("2026-11-23T09:00:00Z");
    const r = expectOk(await registerEffort(h.deps, anna, { ref, effort: "hemtjänst" }));
    expect(r.suggestion?.reason).toBe("DISCHARGE");
    const notes = (await outboxAbout(h, ref)).filter((o) => o.payload.kind === "sipSuggested");
    expect(notes.map((o) => o.recipient_id)).toEqual([bo.id]);
    expect(notes[0]?.payload).toMatchObject({
      reason: "DISCHARGE",
      strict: false,
      otherPrincipal: "MUNICIPALITY",
    });
  });

  it("a SIP started by one side is announced only to its own side", async () => {
    const { anna, bo, eva } = h.staff;
    const ref = await personWithBothPrincipals(h);
    await meetPerson(h, eva, ref);
    expectOk(await registerEffort(h.deps, eva, { ref, effort: "boendestöd" }));
    expectOk(await startSip(h.deps, anna, ref));
    const started = (await outboxAbout(h, ref)).filter((o) => o.payload.kind === "sipStarted");
    expect(started.map((o) => o.recipient_id)).toEqual([eva.id]);
    expect(started.map((o) => o.recipient_id)).not.toContain(bo.id);
  });
});

describe("after consent", () => {
  it("staff who may only read the plan may not add to it", async () => {
    const ref = await personWithBothPrincipals(h);
    expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: [...BOTH] }));
    const eva = { kind: "staff", handle: "eva" } as const;
    // david (vårdcentral) sees the plan under consent but has no part in it.
    expectFail(
      await addCommitment(h.deps, h.staff.david, { ref, owner: eva, what: "Ringa", dueDate: null }),
      "notAllowed",
    );
  });

  it("an old plan's commitments are nobody's to-do once consent is withdrawn, even after a new start", async () => {
    const { anna, bo } = h.staff;
    const ref = await personWithBothPrincipals(h);
    expectOk(await recordConsent(h.deps, anna, { ref, principals: [...BOTH] }));
    const owner = { kind: "staff", handle: "bo" } as const;
    const c = expectOk(
      await addCommitment(h.deps, anna, { ref, owner, what: "Boka läkartid", dueDate: null }),
    );
    expect((await myCommitments(h.deps, bo)).map((x) => x.number)).toContain(c.number);
    expectOk(await withdrawConsent(h.deps, anna, ref));
    expectOk(await startSip(h.deps, anna, ref));
    expect((await myCommitments(h.deps, bo)).map((x) => x.number)).not.toContain(c.number);
    expectFail(await completeCommitment(h.deps, bo, c.number), "commitmentNotFound");
  });
});
