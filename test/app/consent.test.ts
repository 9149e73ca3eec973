// Consent gating (DOMAIN.md, "Consent and secrecy"): without recorded consent nothing of one principal's
// part reaches the other principal's staff; consent opens it, withdrawal closes it at once.
import { describe, expect, it } from "vitest";
import { recordConsent, withdrawConsent } from "../../src/app/consents.ts";
import { addCommitment } from "../../src/app/commitments.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { whoIsResponsible } from "../../src/app/responsibility.ts";
import { startSip } from "../../src/app/sips.ts";
import {
  auditOf,
  expectFail,
  expectOk,
  type Harness,
  newPerson,
  harnessForThisFile,
  outboxAbout,
  personWithBothPrincipals,
  sipsOf,
  TODAY,
} from "./harness.ts";

const h = await harnessForThisFile();

/** Anything that would tell a regional reader about the municipality's part. */
function municipalTraces(): string[] {
  const { anna } = h.staff;
  return ["hemtjanst", "Hemtjänst", anna.unitName ?? "?", anna.unitId ?? "?", anna.id, "MUNICIPALITY"];
}

async function viewOf(actor: keyof Harness["staff"], ref: string) {
  return expectOk(await whoIsResponsible(h.deps, h.staff[actor], ref));
}

describe("before consent", () => {
  it("shows each side only its own part, and says that something was withheld", async () => {
    const ref = await personWithBothPrincipals(h);
    const bo = await viewOf("bo", ref);
    expect(bo.sections.map((s) => s.principal)).toEqual(["REGION"]);
    expect(bo.withheld).toBe(true);
    expect(bo.sections[0]?.efforts.map((e) => e.kind)).toEqual(["psykiatrisk-oppenvard"]);
    const json = JSON.stringify(bo);
    for (const trace of municipalTraces()) expect(json).not.toContain(trace);

    const anna = await viewOf("anna", ref);
    expect(anna.sections.map((s) => s.principal)).toEqual(["MUNICIPALITY"]);
    expect(anna.withheld).toBe(true);
    const annaJson = JSON.stringify(anna);
    for (const trace of ["psykiatri", "Psykiatrisk", h.staff.bo.id, h.staff.bo.unitId ?? "?", "REGION"]) {
      expect(annaJson).not.toContain(trace);
    }
  });

  it("answers staff of the other principal with no part exactly as for a reference that does not exist", async () => {
    const ref = await newPerson(h);
    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    const denied = await whoIsResponsible(h.deps, h.staff.bo, ref);
    const missing = await whoIsResponsible(h.deps, h.staff.bo, "K-ZZZZ");
    expect(denied).toEqual({ ok: false, reason: "personNotFound", detail: { ref } });
    expect(missing).toEqual({ ok: false, reason: "personNotFound", detail: { ref: "K-ZZZZ" } });
    const reads = (await auditOf(h, ref)).filter((r) => r.action === "PERSON_READ");
    expect(reads).toEqual([expect.objectContaining({ actor_id: h.staff.bo.id, basis: "DENIED" })]);
  });

  // Need to know (DESIGN.md, "Access"): a colleague of the same principal with no effort, unit or part in
  // the SIP is no more entitled than the other principal's staff.
  it("answers an uninvolved colleague of the same principal as for an unknown reference", async () => {
    const ref = await personWithBothPrincipals(h);
    const david = await whoIsResponsible(h.deps, h.staff.david, ref);
    const missing = await whoIsResponsible(h.deps, h.staff.david, "K-ZZZZ");
    expect(david).toEqual({ ok: false, reason: "personNotFound", detail: { ref } });
    expect(missing).toEqual({ ok: false, reason: "personNotFound", detail: { ref: "K-ZZZZ" } });
    const eva = await whoIsResponsible(h.deps, h.staff.eva, ref);
    expect(eva.ok).toBe(false);
    const reads = (await auditOf(h, ref)).filter((r) => r.action === "PERSON_READ");
    expect(reads.map((r) => r.basis)).toEqual(["DENIED", "DENIED"]);
  });
});

describe("recording and withdrawing consent", () => {
  it("opens both parts once consent names both principals, and closes them at once on withdrawal", async () => {
    const { anna, bo } = h.staff;
    const ref = await personWithBothPrincipals(h);
    expect(expectOk(await startSip(h.deps, bo, ref)).sip.state).toBe("CONSENT_PENDING");

    const recorded = expectOk(
      await recordConsent(h.deps, anna, {
        ref,
        principals: ["REGION", "MUNICIPALITY"],
        parties: "Psykiatrin",
      }),
    );
    expect(recorded.sipState).toBe("CONSENTED");
    expect(recorded.consent).toMatchObject({
      validFrom: TODAY,
      validTo: "2027-11-23", // the default twelve months
      givenBy: "PERSON",
      recordedById: anna.id,
      withdrawnAt: null,
    });
    const [sip] = await sipsOf(h, ref);
    expect(sip?.state).toBe("CONSENTED");
    // All three happen at the same instant of the test clock, so follow the chain rather than the times.
    const moves = await h.db.runner.query<{ from_state: string | null; to_state: string }>(
      "SELECT from_state::text AS from_state, to_state::text AS to_state FROM sip_transition WHERE sip_id = $1",
      [sip?.id],
    );
    const chain: string[] = [];
    for (let from: string | null = null, n = 0; n < moves.length; n++) {
      const next = moves.find((m) => m.from_state === from);
      if (next === undefined) break;
      chain.push(`${next.from_state}->${next.to_state}`);
      from = next.to_state;
    }
    expect(chain).toEqual(["null->SUGGESTED", "SUGGESTED->CONSENT_PENDING", "CONSENT_PENDING->CONSENTED"]);

    const open = await viewOf("bo", ref);
    expect(open.withheld).toBe(false);
    expect(open.sipState).toBe("CONSENTED");
    // Measures by others (OTHER) are part of the plan the consent shares with the region.
    expect(open.sections.map((s) => s.principal)).toEqual(["MUNICIPALITY", "REGION", "OTHER"]);
    expect(open.sections[0]?.efforts).toEqual([
      expect.objectContaining({ kind: "hemtjanst", unitName: anna.unitName }),
    ]);

    // Consent covers the region as a whole, so david (vårdcentral, no part) may now read the plan too.
    expect((await viewOf("david", ref)).withheld).toBe(false);

    const withdrawn = expectOk(await withdrawConsent(h.deps, anna, ref));
    expect(withdrawn.withdrawn).toBe(1);
    expect((await sipsOf(h, ref)).map((s) => s.state)).toEqual(["WITHDRAWN"]);
    const closed = await viewOf("bo", ref);
    expect(closed.withheld).toBe(true);
    expect(closed.sections.map((s) => s.principal)).toEqual(["REGION"]);
    const json = JSON.stringify(closed);
    for (const trace of municipalTraces()) expect(json).not.toContain(trace);
    expectFail(await whoIsResponsible(h.deps, h.staff.david, ref), "personNotFound");
    const davidReads = (await auditOf(h, ref)).filter((r) => r.actor_id === h.staff.david.id);
    // Under consent: the read itself, and the read of the other principal's part; after withdrawal: denied.
    expect(davidReads.map((r) => r.basis)).toEqual(["CONSENT", "CONSENT", "DENIED"]);

    const [consent] = await h.db.runner.query<{ withdrawn_at: Date | null; withdrawn_by_id: string }>(
      "SELECT c.withdrawn_at, c.withdrawn_by_id FROM consent c JOIN person p ON p.id = c.person_id WHERE p.ref = $1",
      [ref],
    );
    expect(consent?.withdrawn_at).not.toBeNull();
    expect(consent?.withdrawn_by_id).toBe(anna.id);

    const notes = (await outboxAbout(h, ref)).filter((o) => o.payload.kind === "consentWithdrawn");
    expect(notes.map((o) => o.recipient_id)).toEqual([bo.id]);
    expect(notes[0]?.payload).toStrictEqual({ kind: "consentWithdrawn", personRef: ref });

    expectFail(await withdrawConsent(h.deps, anna, ref), "nothingToWithdraw");
  });

  it("starts a suggested SIP when consent is recorded on it, with the recorder as its lead", async () => {
    const ref = await personWithBothPrincipals(h);
    const recorded = expectOk(
      await recordConsent(h.deps, h.staff.bo, { ref, principals: ["MUNICIPALITY", "REGION"] }),
    );
    // Before, consent on a mere suggestion changed nothing, and the bot then said consent was missing.
    expect(recorded.sipState).toBe("CONSENTED");
    expect((await sipsOf(h, ref)).map((s) => s.state)).toEqual(["CONSENTED"]);
    expect((await viewOf("bo", ref)).withheld).toBe(false);
    expectOk(
      await addCommitment(h.deps, h.staff.bo, {
        ref,
        owner: { kind: "other", label: "den enskilde" },
        what: "Skriva ner frågor",
        dueDate: null,
      }),
    );
  });

  it("stops sharing the day after the consent's last day", async () => {
    const ref = await personWithBothPrincipals(h);
    expectOk(
      await recordConsent(h.deps, h.staff.anna, {
        ref,
        principals: ["REGION", "MUNICIPALITY"],
        validTo: "2026-12-31",
      }),
    );
    h.clock.set("2026-12-31T22:59:00Z"); // 23:59 in Stockholm
    expect((await viewOf("bo", ref)).withheld).toBe(false);
    h.clock.set("2026-12-31T23:01:00Z"); // 00:01 on New Year's Day in Stockholm
    expect((await viewOf("bo", ref)).withheld).toBe(true);
  });

  it("does not open the municipality's part with a consent that names the region and others only", async () => {
    const ref = await personWithBothPrincipals(h);
    const recorded = expectOk(
      await recordConsent(h.deps, h.staff.anna, { ref, principals: ["REGION", "OTHER"] }),
    );
    expect(recorded.sipState).toBe("SUGGESTED");
    const view = await viewOf("bo", ref);
    expect(view.withheld).toBe(true);
    expect(view.sections.map((s) => s.principal)).toEqual(["REGION", "OTHER"]);
    const json = JSON.stringify(view);
    for (const trace of municipalTraces()) expect(json).not.toContain(trace);
  });

  it("rejects consents that are too narrow, already over, too long or badly dated", async () => {
    const ref = await personWithBothPrincipals(h);
    const { anna } = h.staff;
    expectFail(await recordConsent(h.deps, anna, { ref, principals: ["REGION"] }), "tooFewPrincipals");
    expectFail(
      await recordConsent(h.deps, anna, { ref, principals: ["REGION", "REGION"] }),
      "tooFewPrincipals",
    );
    const both = ["REGION", "MUNICIPALITY"] as const;
    expectFail(
      await recordConsent(h.deps, anna, { ref, principals: [...both], validTo: "2026-11-22" }),
      "endsBeforeStart",
    );
    expectFail(
      await recordConsent(h.deps, anna, { ref, principals: [...both], validTo: "2031-11-24" }),
      "tooLong",
    );
    expectFail(
      await recordConsent(h.deps, anna, { ref, principals: [...both], validTo: "2027-13-01" }),
      "badDate",
    );
    expectFail(
      await recordConsent(h.deps, anna, { ref, principals: [...both], exclusions: "x".repeat(501) }),
      "scopeTextTooLong",
    );
    expectFail(await recordConsent(h.deps, anna, { ref: "K-ZZZZ", principals: [...both] }), "personNotFound");
    const consents = await h.db.runner.query(
      "SELECT c.id FROM consent c JOIN person p ON p.id = c.person_id WHERE p.ref = $1",
      [ref],
    );
    expect(consents).toEqual([]);
    // Five years to the day is the longest allowed.
    const longest = expectOk(
      await recordConsent(h.deps, anna, { ref, principals: [...both], validTo: "2031-11-23" }),
    );
    expect(longest.consent.validTo).toBe("2031-11-23");
  });

  it("is recorded only by someone involved with the person", async () => {
    // cecilia created the reference, so she may see it, but she has no effort and no part in a SIP.
    const ref = await newPerson(h, h.staff.cecilia);
    expectFail(
      await recordConsent(h.deps, h.staff.cecilia, { ref, principals: ["REGION", "MUNICIPALITY"] }),
      "notInvolved",
    );
    expectFail(await withdrawConsent(h.deps, h.staff.cecilia, ref), "notInvolved");
  });

  // Regression: Prisma's driver adapters send instants as UTC wall times without an offset and strip the
  // offset on reading (prisma/orm#28629, #26786), so the session must be in UTC. PGlite takes its zone from
  // the process (here Etc/GMT-14), which once put every stored instant 14 hours early. Read the column
  // with raw SQL: Prisma's own round trip hides the shift.
  it("stores the instant of a withdrawal as the instant it happened", async () => {
    const ref = await personWithBothPrincipals(h);
    expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: ["REGION", "MUNICIPALITY"] }));
    expectOk(await withdrawConsent(h.deps, h.staff.anna, ref));
    const [row] = await h.db.runner.query<{ utc: string }>(
      `SELECT to_char(c.withdrawn_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS utc
         FROM consent c JOIN person p ON p.id = c.person_id WHERE p.ref = $1`,
      [ref],
    );
    expect(row?.utc).toBe("2026-11-23T09:00:00Z");
  });
});
