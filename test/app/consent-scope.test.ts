// What a consent must NOT cover ("utom missbruksvård") is kept from the other principal's staff, and a
// withdrawal stops messages that were queued while consent held.
import { describe, expect, it } from "vitest";
import { addCommitment } from "../../src/app/commitments.ts";
import { recordConsent, withdrawConsent } from "../../src/app/consents.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { whoIsResponsible } from "../../src/app/responsibility.ts";
import { expectOk, harnessForThisFile, outboxAbout, personWithBothPrincipals } from "./harness.ts";

const h = await harnessForThisFile();

describe("the consent's exclusions", () => {
  it("hide the excluded efforts and commitments from the other principal, not from their own", async () => {
    const { anna, bo } = h.staff;
    const ref = await personWithBothPrincipals(h);
    expectOk(await registerEffort(h.deps, anna, { ref, effort: "missbruksvård" }));
    const recorded = expectOk(
      await recordConsent(h.deps, anna, {
        ref,
        principals: ["REGION", "MUNICIPALITY"],
        exclusions: "missbruk",
      }),
    );
    expect(recorded.excludedKinds).toEqual(["missbruksvard-socialtjanst"]);
    const staff = { kind: "staff", handle: "anna" } as const;
    expectOk(
      await addCommitment(h.deps, anna, {
        ref,
        owner: staff,
        what: "Följa upp missbruksvården",
        dueDate: null,
      }),
    );
    expectOk(
      await addCommitment(h.deps, anna, { ref, owner: staff, what: "Ansöka om boendestöd", dueDate: null }),
    );

    const boView = expectOk(await whoIsResponsible(h.deps, bo, ref));
    const boJson = JSON.stringify(boView.sections);
    expect(boJson).toContain("hemtjanst");
    expect(boJson).toContain("Ansöka om boendestöd");
    expect(boJson).not.toContain("missbruk");
    expect(boView.exclusions).toEqual(["missbruk"]);

    const annaView = expectOk(await whoIsResponsible(h.deps, anna, ref));
    const annaJson = JSON.stringify(annaView.sections);
    expect(annaJson).toContain("missbruksvard-socialtjanst");
    expect(annaJson).toContain("Följa upp missbruksvården");
  });

  it("say so when an exclusion names no effort the bot knows", async () => {
    const ref = await personWithBothPrincipals(h);
    const recorded = expectOk(
      await recordConsent(h.deps, h.staff.anna, {
        ref,
        principals: ["REGION", "MUNICIPALITY"],
        exclusions: "det som hände 2019",
      }),
    );
    expect(recorded.excludedKinds).toEqual([]);
  });
});

describe("withdrawal", () => {
  it("cancels the person's messages still waiting for delivery", async () => {
    const { anna } = h.staff;
    const ref = await personWithBothPrincipals(h);
    expectOk(await recordConsent(h.deps, anna, { ref, principals: ["REGION", "MUNICIPALITY"] }));
    const bo = { kind: "staff", handle: "bo" } as const;
    expectOk(await addCommitment(h.deps, anna, { ref, owner: bo, what: "Boka läkartid", dueDate: null }));
    expectOk(await withdrawConsent(h.deps, anna, ref));
    const rows = await outboxAbout(h, ref);
    const assigned = rows.filter((r) => r.payload.kind === "commitmentAssigned");
    expect(assigned.map((r) => r.status)).toEqual(["CANCELLED"]);
    const notice = rows.filter((r) => r.payload.kind === "consentWithdrawn");
    expect(notice.map((r) => r.status)).toEqual(["PENDING"]);
  });
});
