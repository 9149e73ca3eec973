// The person's plan: who may produce it (audited), what it holds, and its HTML and PDF renderings.
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { addCommitment } from "../../src/app/commitments.ts";
import { recordConsent } from "../../src/app/consents.ts";
import { addGoal, MAX_GOALS, planDocument } from "../../src/app/plan-document.ts";
import { startSip, updatePlan } from "../../src/app/sips.ts";
import { escapeHtml, renderPlanHtml } from "../../src/report/plan-html.ts";
import { renderPlanPdf } from "../../src/report/plan-pdf.ts";
import {
  auditOf,
  expectFail,
  expectOk,
  harnessForThisFile,
  personWithBothPrincipals,
} from "../app/harness.ts";

const h = await harnessForThisFile();

async function planFixture() {
  const ref = await personWithBothPrincipals(h);
  expectOk(await startSip(h.deps, h.staff.bo, ref));
  expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: ["REGION", "MUNICIPALITY"] }));
  const owner = (handle: string) => ({ kind: "staff", handle }) as const;
  expectOk(
    await addCommitment(h.deps, h.staff.bo, {
      ref,
      owner: owner("bo"),
      what: "Boka läkarbesök på vårdcentralen",
      dueDate: "2026-12-15",
    }),
  );
  expectOk(
    await addCommitment(h.deps, h.staff.anna, {
      ref,
      owner: owner("anna"),
      what: "<script>alert(1)</script> & hembesök",
      dueDate: null,
    }),
  );
  expectOk(
    await addCommitment(h.deps, h.staff.anna, {
      ref,
      owner: { kind: "other", label: "den enskilde" },
      what: "Ringa Försäkringskassan",
      dueDate: "2026-12-01",
    }),
  );
  expectOk(
    await updatePlan(h.deps, h.staff.bo, ref, {
      overallPrincipal: "MUNICIPALITY",
      followUpDate: "2027-02-15",
    }),
  );
  return ref;
}

describe("planDocument", () => {
  it("gathers efforts by principal, who does what by when, the overall responsibility, contacts and the follow-up", async () => {
    const ref = await planFixture();
    const doc = expectOk(await planDocument(h.deps, h.staff.anna, ref));
    expect(doc.personRef).toBe(ref);
    expect(doc.efforts.map((e) => [e.principal, e.sv]).sort()).toEqual([
      ["MUNICIPALITY", "Hemtjänst"],
      ["REGION", "Psykiatrisk öppenvård"],
    ]);
    expect(doc.commitments.map((c) => [c.principal, c.who, c.dueDate])).toEqual([
      ["REGION", "Bo Berg (demo)", "2026-12-15"],
      ["MUNICIPALITY", "Anna Andersson (demo)", null],
      ["OTHER", "den enskilde", "2026-12-01"],
    ]);
    expect(doc.overallResponsibility).toBe("MUNICIPALITY");
    expect(doc.followUpDate).toBe("2027-02-15");
    expect(doc.contacts.map((c) => [c.name, c.role]).sort()).toEqual([
      ["Anna Andersson (demo)", "PARTICIPANT"],
      ["Bo Berg (demo)", "CHAIR"],
    ]);
    const audit = (await auditOf(h, ref)).filter((a) => a.action === "PLAN_DOCUMENT");
    expect(audit.map((a) => [a.actor_id, a.basis])).toEqual([[h.staff.anna.id, "OWN_PRINCIPAL"]]);
  });

  it("is refused without a plan in force, and to those who may not see the person", async () => {
    const ref = await personWithBothPrincipals(h);
    expectFail(await planDocument(h.deps, h.staff.anna, ref), "noActiveSip");
    // eva (municipality, another unit) has no link to this person and no consent covers her yet.
    const fresh = await personWithBothPrincipals(h);
    expectOk(await startSip(h.deps, h.staff.bo, fresh));
    expectFail(await planDocument(h.deps, h.staff.david, fresh), "personNotFound");
  });
});

describe("the person's goals", () => {
  it("are recorded in the person's words by those taking part, at most ten, and open the plan", async () => {
    const ref = await planFixture();
    expect(expectOk(await addGoal(h.deps, h.staff.anna, ref, "  Att kunna   bo kvar hemma "))).toEqual({
      goals: 1,
    });
    expectFail(await addGoal(h.deps, h.staff.anna, ref, "   "), "emptyGoal");
    expectFail(await addGoal(h.deps, h.staff.anna, ref, "x".repeat(301)), "goalTooLong");
    // david (region) may read the plan under consent but takes no part in it.
    expectFail(await addGoal(h.deps, h.staff.david, ref, "Något annat"), "notAllowed");
    for (let i = 2; i <= MAX_GOALS; i++) expectOk(await addGoal(h.deps, h.staff.bo, ref, `Mål ${i}`));
    expectFail(await addGoal(h.deps, h.staff.bo, ref, "Ett mål för mycket"), "tooManyGoals");
    const doc = expectOk(await planDocument(h.deps, h.staff.anna, ref));
    expect(doc.goals).toHaveLength(MAX_GOALS);
    expect(doc.goals[0]).toBe("Att kunna bo kvar hemma");
    expect(renderPlanHtml(doc, "sv")).toContain("<li>Att kunna bo kvar hemma</li>");
    const audit = (await auditOf(h, ref)).filter((a) => a.action === "GOAL_ADDED");
    expect(audit).toHaveLength(MAX_GOALS);
  });
});

describe("the HTML page", () => {
  it("escapes everything, states the plan in plain words and has a print style", async () => {
    const ref = await planFixture();
    const html = renderPlanHtml(expectOk(await planDocument(h.deps, h.staff.anna, ref)), "sv");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; hembesök");
    expect(html).toContain("Din samordnade individuella plan (SIP)");
    expect(html).toContain("Kommunen har huvudansvaret för din plan.");
    expect(html).toContain("Ni ses igen och går igenom planen 15 februari 2027.");
    expect(html).toContain("@media print");
    expect(html).toContain("size: A4");
    expect(escapeHtml(`"'<>&`)).toBe("&quot;&#39;&lt;&gt;&amp;");
  });
});

describe("the PDF", () => {
  it("is a one-or-more page A4 PDF with the plan's text (Helvetica, WinAnsi: å ä ö)", async () => {
    const ref = await planFixture();
    const pdf = await renderPlanPdf(expectOk(await planDocument(h.deps, h.staff.anna, ref)), "sv");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-6).toString("latin1")).toContain("%%EOF");
    const raw = pdf.toString("latin1");
    expect(raw).toContain("/MediaBox [0 0 595.28 841.89]");
    // Decompress the content streams and look for a heading's glyphs (pdfkit writes hex strings).
    const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      try {
        return inflateSync(Buffer.from(m[1] ?? "", "latin1")).toString("latin1");
      } catch {
        return "";
      }
    });
    // pdfkit writes each line as hex strings split by kerning numbers: join the strings back into text.
    const text = streams
      .flatMap((st) =>
        [...st.matchAll(/<([0-9a-f]+)>/gi)].map((m) => Buffer.from(m[1] ?? "", "hex").toString("latin1")),
      )
      .join("");
    expect(text).toContain("Vem gör vad, och när");
    expect(text).toContain("Kommunen har huvudansvaret för din plan.");
    expect(text).toContain("Boka läkarbesök på vårdcentralen");
  });
});
