// Commitments (åtaganden) through the use cases: logging, completing, and "my commitments", with consent
// deciding who may log and see what.
import { describe, expect, it } from "vitest";
import { addCommitment, completeCommitment, myCommitments } from "../../src/app/commitments.ts";
import { recordConsent, withdrawConsent } from "../../src/app/consents.ts";
import { whoIsResponsible } from "../../src/app/responsibility.ts";
import { startSip } from "../../src/app/sips.ts";
import {
  expectFail,
  expectOk,
  harnessForThisFile,
  outboxAbout,
  personWithBothPrincipals,
} from "./harness.ts";

const h = await harnessForThisFile();

/** A SIP that bo started (so bo leads it) and anna recorded consent for. */
async function consentedSip(): Promise<string> {
  const ref = await personWithBothPrincipals(h);
  expectOk(await startSip(h.deps, h.staff.bo, ref));
  const consent = await recordConsent(h.deps, h.staff.anna, { ref, principals: ["REGION", "MUNICIPALITY"] });
  expect(expectOk(consent).sipState).toBe("CONSENTED");
  return ref;
}

async function historyOf(number: number): Promise<{ change: string; actor_id: string | null }[]> {
  return h.db.runner.query(
    `SELECT ch.change, ch.actor_id FROM commitment_history ch JOIN commitment c ON c.id = ch.commitment_id
      WHERE c.number = $1 ORDER BY ch.at, ch.id`,
    [number],
  );
}

describe("addCommitment", () => {
  it("needs a SIP with consent", async () => {
    const ref = await personWithBothPrincipals(h);
    const owner = { kind: "staff", handle: "bo" } as const;
    const input = { ref, owner, what: "Ringa", dueDate: null };
    expectFail(await addCommitment(h.deps, h.staff.anna, input), "notConsented");
    expectOk(await startSip(h.deps, h.staff.bo, ref));
    expectFail(await addCommitment(h.deps, h.staff.anna, input), "notConsented");
    expectFail(await addCommitment(h.deps, h.staff.anna, { ...input, ref: "K-ZZZZ" }), "personNotFound");
    const rows = await h.db.runner.query("SELECT id FROM commitment c WHERE c.what = 'Ringa'");
    expect(rows).toEqual([]);
  });

  it("logs commitments for staff, units and others, numbered in order, and tells a staff owner", async () => {
    const ref = await consentedSip();
    const { anna, bo } = h.staff;
    const toBo = expectOk(
      await addCommitment(h.deps, anna, {
        ref,
        owner: { kind: "staff", handle: "bo" },
        what: "  Boka   läkarbesök  ",
        dueDate: "2026-12-15",
      }),
    );
    expect(toBo).toMatchObject({
      what: "Boka läkarbesök",
      principal: "REGION",
      ownerStaffId: bo.id,
      ownerUnitId: bo.unitId,
      dueDate: "2026-12-15",
      status: "OPEN",
      createdById: anna.id,
    });
    const toUnit = expectOk(
      await addCommitment(h.deps, bo, {
        ref,
        owner: { kind: "unit", name: "vårdcentralen centrum (demo)" },
        what: "Se över medicinerna",
        dueDate: null,
      }),
    );
    expect(toUnit).toMatchObject({
      principal: "REGION",
      ownerStaffId: null,
      ownerUnitName: "Vårdcentralen Centrum (demo)",
    });
    const toOther = expectOk(
      await addCommitment(h.deps, anna, {
        ref,
        owner: { kind: "other", label: "Försäkringskassan" },
        what: "Utreda aktivitetsersättning",
        dueDate: "2027-01-31",
      }),
    );
    expect(toOther).toMatchObject({ principal: "OTHER", ownerLabel: "Försäkringskassan", ownerUnitId: null });
    expect(toUnit.number).toBeGreaterThan(toBo.number);
    expect(toOther.number).toBeGreaterThan(toUnit.number);

    const assigned = (await outboxAbout(h, ref)).filter((o) => o.payload.kind === "commitmentAssigned");
    expect(assigned.map((o) => o.recipient_id)).toEqual([bo.id]);
    expect(assigned[0]?.payload).toStrictEqual({
      kind: "commitmentAssigned",
      personRef: ref,
      number: toBo.number,
      what: "Boka läkarbesök",
      dueDate: "2026-12-15",
      byName: anna.displayName,
    });
    expect(await historyOf(toBo.number)).toEqual([{ change: "CREATED", actor_id: anna.id }]);

    // They appear in the plan under their principals.
    const view = expectOk(await whoIsResponsible(h.deps, anna, ref));
    const byPrincipal = Object.fromEntries(
      view.sections.map((s) => [s.principal, s.commitments.map((c) => c.number)]),
    );
    expect(byPrincipal).toEqual({
      MUNICIPALITY: [],
      REGION: [toBo.number, toUnit.number],
      OTHER: [toOther.number],
    });
  });

  it("rejects empty texts, past due dates and unknown owners", async () => {
    const ref = await consentedSip();
    const { anna } = h.staff;
    const bo = { kind: "staff", handle: "bo" } as const;
    expectFail(
      await addCommitment(h.deps, anna, { ref, owner: bo, what: "  \n ", dueDate: null }),
      "emptyText",
    );
    const past = await addCommitment(h.deps, anna, { ref, owner: bo, what: "Ringa", dueDate: "2026-11-22" });
    expect(past).toEqual({ ok: false, reason: "dueInPast", detail: { due: "2026-11-22" } });
    expectFail(
      await addCommitment(h.deps, anna, {
        ref,
        owner: { kind: "staff", handle: "ingen" },
        what: "x",
        dueDate: null,
      }),
      "unknownOwner",
    );
    expectFail(
      await addCommitment(h.deps, anna, {
        ref,
        owner: { kind: "unit", name: "Okänd enhet" },
        what: "x",
        dueDate: null,
      }),
      "unknownOwner",
    );
    // Due today is fine.
    expectOk(
      await addCommitment(h.deps, anna, { ref, owner: bo, what: "Ringa idag", dueDate: "2026-11-23" }),
    );
    const rows = await h.db.runner.query<{ what: string }>(
      "SELECT c.what FROM commitment c JOIN sip s ON s.id = c.sip_id JOIN person p ON p.id = s.person_id WHERE p.ref = $1",
      [ref],
    );
    expect(rows).toEqual([{ what: "Ringa idag" }]);
  });
});

describe("completeCommitment", () => {
  it("is done by the owner (with history), not by a colleague of the other principal who does not lead", async () => {
    const ref = await consentedSip();
    const { anna, bo } = h.staff;
    const c = expectOk(
      await addCommitment(h.deps, anna, {
        ref,
        owner: { kind: "staff", handle: "bo" },
        what: "Remiss",
        dueDate: null,
      }),
    );
    expectFail(await completeCommitment(h.deps, anna, c.number), "notYours");
    expect(await historyOf(c.number)).toHaveLength(1);

    const done = expectOk(await completeCommitment(h.deps, bo, c.number));
    expect(done.status).toBe("DONE");
    const [row] = await h.db.runner.query<{ status: string }>(
      "SELECT status::text AS status FROM commitment WHERE number = $1",
      [c.number],
    );
    expect(row?.status).toBe("DONE");
    expect(await historyOf(c.number)).toEqual([
      { change: "CREATED", actor_id: anna.id },
      { change: "DONE", actor_id: bo.id },
    ]);
    expectFail(await completeCommitment(h.deps, bo, c.number), "alreadyDone");
  });

  it("reports a commitment the actor may not see as not found", async () => {
    const ref = await consentedSip();
    const { anna, bo, david } = h.staff;
    const c = expectOk(
      await addCommitment(h.deps, bo, {
        ref,
        owner: { kind: "staff", handle: "anna" },
        what: "Hembesök",
        dueDate: null,
      }),
    );
    expectFail(await completeCommitment(h.deps, bo, 987_654), "commitmentNotFound");
    expectOk(await withdrawConsent(h.deps, anna, ref));
    // bo still knows the person (own effort) but may no longer see the municipality's commitment;
    // david no longer knows the person at all.
    expect(await completeCommitment(h.deps, bo, c.number)).toEqual({
      ok: false,
      reason: "commitmentNotFound",
      detail: { number: c.number },
    });
    expectFail(await completeCommitment(h.deps, david, c.number), "commitmentNotFound");
    expect(await historyOf(c.number)).toEqual([{ change: "CREATED", actor_id: bo.id }]);
  });
});

describe("myCommitments", () => {
  it("lists the actor's open commitments by due date, and hides them once consent is withdrawn", async () => {
    const ref = await consentedSip();
    const { anna, bo } = h.staff;
    const add = async (what: string, dueDate: string | null) =>
      expectOk(
        await addCommitment(h.deps, anna, { ref, owner: { kind: "staff", handle: "bo" }, what, dueDate }),
      ).number;
    const later = await add("Läkarbesök", "2027-01-10");
    const undated = await add("Kontakta god man", null);
    const soon = await add("Remiss", "2026-12-01");
    const finished = await add("Ringa", "2026-11-30");
    expectOk(await completeCommitment(h.deps, bo, finished));
    // Anna's own commitment is not on bo's list.
    expectOk(
      await addCommitment(h.deps, bo, {
        ref,
        owner: { kind: "staff", handle: "anna" },
        what: "x",
        dueDate: null,
      }),
    );

    // Other tests in this file gave bo commitments for other persons; the whole list is one order.
    const dueOrder = (list: { dueDate: string | null }[]) => list.map((c) => c.dueDate ?? "9999-12-31");
    const mine = await myCommitments(h.deps, bo);
    expect(dueOrder(mine)).toEqual([...dueOrder(mine)].sort());
    expect(mine.every((c) => c.status === "OPEN" && c.ownerStaffId === bo.id)).toBe(true);
    const forRef = (list: typeof mine) => list.filter((c) => c.personRef === ref).map((c) => c.number);
    expect(forRef(mine)).toEqual([soon, later, undated]);

    // Overdue ones stay first once time has passed.
    h.clock.set("2026-12-20T09:00:00Z");
    expect(forRef(await myCommitments(h.deps, bo))).toEqual([soon, later, undated]);

    expectOk(await withdrawConsent(h.deps, anna, ref));
    const after = await myCommitments(h.deps, bo);
    expect(forRef(after)).toEqual([]);
    expect(after.length).toBe(mine.length - 3); // the other persons' commitments are unaffected
  });
});
