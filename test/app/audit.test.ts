// The audit trail (DESIGN.md, "Audit"): every read and change of a person's data is recorded with who,
// what and on which basis, denied reads included, and the trail is append-only at the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCommitment, completeCommitment, myCommitments } from "../../src/app/commitments.ts";
import { recordConsent, withdrawConsent } from "../../src/app/consents.ts";
import { endEffort, registerEffort } from "../../src/app/efforts.ts";
import { createPerson } from "../../src/app/persons.ts";
import { whoIsResponsible } from "../../src/app/responsibility.ts";
import { startSip } from "../../src/app/sips.ts";
import { parseSwedishId } from "../../src/domain/personnummer.ts";
import {
  auditOf,
  expectFail,
  expectOk,
  generatedPersonnummer,
  type Harness,
  openHarness,
  START,
} from "./harness.ts";

let h: Harness;
let ref: string;

beforeAll(async () => {
  h = await openHarness();
  ref = await scriptedFlow();
});
afterAll(async () => {
  await h.close();
});

/** One person's whole story, told by the use cases. */
async function scriptedFlow(): Promise<string> {
  const { anna, bo, david, eva } = h.staff;
  const id = parseSwedishId(generatedPersonnummer("0808", "374"), new Date(START));
  const created = expectOk(await createPerson(h.deps, anna, id));
  expectOk(await createPerson(h.deps, bo, id));
  const r = created.ref;
  expectOk(await registerEffort(h.deps, anna, { ref: r, effort: "hemtjänst" }));
  expectOk(await registerEffort(h.deps, bo, { ref: r, effort: "psykiatrisk öppenvård" }));
  expectOk(await startSip(h.deps, bo, r));
  expectOk(await recordConsent(h.deps, anna, { ref: r, principals: ["REGION", "MUNICIPALITY"] }));
  expectOk(await whoIsResponsible(h.deps, bo, r));
  const bos = { kind: "staff", handle: "bo" } as const;
  const first = expectOk(
    await addCommitment(h.deps, anna, { ref: r, owner: bos, what: "Remiss", dueDate: null }),
  );
  expectOk(await addCommitment(h.deps, anna, { ref: r, owner: bos, what: "Läkarbesök", dueDate: null }));
  expectOk(await completeCommitment(h.deps, bo, first.number));
  await myCommitments(h.deps, bo);
  expectOk(await withdrawConsent(h.deps, anna, r));
  await myCommitments(h.deps, bo);
  expectFail(await whoIsResponsible(h.deps, david, r), "personNotFound");
  // Knowing the reference is not enough to add to the person's record or change it.
  expectFail(await registerEffort(h.deps, david, { ref: r, effort: "vårdcentral" }), "personNotFound");
  expectFail(await endEffort(h.deps, eva, { ref: r, effort: "hemtjänst" }), "personNotFound");
  return r;
}

describe("the audit trail", () => {
  it("records every read and change of the person, in order, with actor and basis", async () => {
    const name = new Map(Object.values(h.staff).map((s) => [s.id, s.handle]));
    const rows = await auditOf(h, ref);
    expect(
      rows.map((r) => [r.action, r.actor_id === null ? "system" : name.get(r.actor_id), r.basis]),
    ).toEqual([
      ["PERSON_CREATED", "anna", "OWN_PRINCIPAL"],
      ["PERSON_MATCHED", "bo", "OWN_PRINCIPAL"],
      // Registering an effort reads the person's case first (for duplicates and the suggestion).
      ["EFFORT_CREATE", "anna", "OWN_PRINCIPAL"],
      ["EFFORT_CREATED", "anna", "OWN_PRINCIPAL"],
      ["EFFORT_CREATE", "bo", "OWN_PRINCIPAL"],
      ["EFFORT_CREATED", "bo", "OWN_PRINCIPAL"],
      ["SIP_SUGGESTED", "system", "SYSTEM"],
      ["SIP_START", "bo", "OWN_PRINCIPAL"],
      ["SIP_STARTED", "bo", "OWN_PRINCIPAL"],
      ["CONSENT_RECORD", "anna", "OWN_PRINCIPAL"],
      ["CONSENT_RECORDED", "anna", "OWN_PRINCIPAL"],
      ["PERSON_READ", "bo", "OWN_PRINCIPAL"],
      ["PERSON_READ_SHARED", "bo", "CONSENT"],
      ["COMMITMENT_CREATE", "anna", "OWN_PRINCIPAL"],
      ["COMMITMENT_CREATED", "anna", "OWN_PRINCIPAL"],
      ["COMMITMENT_CREATE", "anna", "OWN_PRINCIPAL"],
      ["COMMITMENT_CREATED", "anna", "OWN_PRINCIPAL"],
      ["COMMITMENT_COMPLETE", "bo", "OWN_PRINCIPAL"],
      ["COMMITMENT_DONE", "bo", "OWN_PRINCIPAL"],
      ["COMMITMENTS_READ", "bo", "OWN_PRINCIPAL"],
      ["CONSENT_WITHDRAW", "anna", "OWN_PRINCIPAL"],
      ["CONSENT_WITHDRAWN", "anna", "OWN_PRINCIPAL"],
      ["COMMITMENTS_READ", "bo", "DENIED"], // after the withdrawal: nothing of the plan is shown
      ["PERSON_READ", "david", "DENIED"],
      ["EFFORT_CREATE", "david", "DENIED"],
      ["EFFORT_END", "eva", "DENIED"],
    ]);
    // Every row by a person names their unit; only the system acts without one.
    for (const row of rows) {
      expect(row.person_ref).toBe(ref);
      if (row.actor_id === null) expect(row.basis).toBe("SYSTEM");
      else expect(row.unit_id).toBe(Object.values(h.staff).find((s) => s.id === row.actor_id)?.unitId);
    }
  });

  it("keeps details useful but free of the personnummer", async () => {
    const rows = await auditOf(h, ref);
    const detail = (action: string) => rows.find((r) => r.action === action)?.detail;
    expect(detail("PERSON_CREATED")).toEqual({ withIdentifier: true });
    expect(detail("EFFORT_CREATED")).toEqual({ kind: "hemtjanst", principal: "MUNICIPALITY" });
    expect(detail("CONSENT_RECORDED")).toMatchObject({
      principals: ["REGION", "MUNICIPALITY"],
      givenBy: "PERSON",
    });
    // The two assignments and the suggestion notice still queued are cancelled with the consent; no meeting
    // was booked, so none is cancelled.
    expect(detail("CONSENT_WITHDRAWN")).toEqual({
      withdrawn: 1,
      cancelledMessages: 3,
      cancelledMeeting: null,
    });
    const number = generatedPersonnummer("0808", "374");
    expect(JSON.stringify(rows)).not.toContain(number.slice(2));
  });

  it("refuses to change or delete audit rows, even with raw SQL", async () => {
    const before = await auditOf(h, ref);
    await expect(
      h.db.runner.query("UPDATE audit_event SET basis = 'CONSENT' WHERE person_ref = $1", [ref]),
    ).rejects.toThrow(/append-only/);
    await expect(h.db.runner.query("DELETE FROM audit_event WHERE person_ref = $1", [ref])).rejects.toThrow(
      /append-only/,
    );
    await expect(h.db.prisma.auditEvent.deleteMany({ where: { personRef: ref } })).rejects.toThrow();
    expect(await auditOf(h, ref)).toEqual(before);
  });

  // Row triggers do not fire on TRUNCATE; a statement trigger must refuse it. Run in a transaction that is
  // rolled back either way, so that a regression cannot empty the trail for the other tests.
  it("refuses to empty the trail with TRUNCATE", async () => {
    class Rollback extends Error {}
    const outcome = await h.db.runner
      .transaction(async (tx) => {
        await tx.exec("TRUNCATE audit_event");
        throw new Rollback();
      })
      .catch((e: unknown) => e);
    expect((await auditOf(h, ref)).length).toBeGreaterThan(0);
    expect(outcome).not.toBeInstanceOf(Rollback);
    expect(String(outcome)).toMatch(/append-only/);
  });

  // Prisma fills in @default(now()) itself; outside a UTC session it lands off by the process's UTC offset
  // (here 14 hours). See consent.test.ts, "stores the instant of a withdrawal".
  it("stamps audit rows with the real time", async () => {
    const [row] = await h.db.runner.query<{ skew: number }>(
      "SELECT abs(extract(epoch FROM (max(at) - now())))::float8 AS skew FROM audit_event",
    );
    expect(row?.skew).toBeLessThan(300);
  });
});
