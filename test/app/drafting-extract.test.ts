// What a model's reading of free text may turn into: colleagues' names swapped for tokens and back, and
// everything out of bounds dropped (invented colleagues, unknown efforts, other persons, bad dates).
import { describe, expect, it } from "vitest";
import { pseudonymiseStaff, toUnderstanding } from "../../src/app/drafting-extract.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";

const staff = [
  { handle: "bo", displayName: "Bo Berg (demo)" },
  { handle: "anna", displayName: "Anna Andersson (demo)" },
];
const taxonomy = new EffortTaxonomy();
const TODAY = "2026-11-23";

describe("pseudonymiseStaff", () => {
  it("gives one token per colleague, whichever way the name is written", () => {
    const p = pseudonymiseStaff("@bo och Bo Berg, sen bo igen; Anna har boendestöd", staff);
    expect(p.text).toBe("@kollega1 och @kollega1, sen @kollega1 igen; @kollega2 har boendestöd");
    expect([...p.handles]).toEqual([
      ["@kollega1", "bo"],
      ["@kollega2", "anna"],
    ]);
  });

  it("leaves text without colleagues alone", () => {
    expect(pseudonymiseStaff("Boende och bostöd", staff).text).toBe("Boende och bostöd");
  });
});

describe("toUnderstanding", () => {
  const p = pseudonymiseStaff("Bo ringer", staff);

  it("keeps what is in bounds and maps tokens back to handles", () => {
    const u = toUnderstanding(
      {
        efforts: [
          { effort: "hemtjanst", principal: "REGION" },
          { effort: "Hemsjukvård", principal: "REGION" },
        ],
        commitments: [{ owner: "@kollega1", what: "Ringa @kollega1s chef", due: "2026-11-27" }],
        question: { topic: "medicinerna" },
      },
      ["K-7F3Q"],
      p,
      taxonomy,
      TODAY,
    );
    // The taxonomy owns the principal of hemtjänst; hemsjukvård varies, so the text may settle it.
    expect(u.efforts).toEqual([
      { code: "hemtjanst", principal: "MUNICIPALITY" },
      { code: "hemsjukvard", principal: "REGION" },
    ]);
    expect(u.commitments).toEqual([
      { owner: { kind: "staff", handle: "bo" }, what: "Ringa @bos chef", dueDate: "2026-11-27" },
    ]);
    expect(u.question).toEqual({ topic: "medicinerna" });
    expect(u.refs).toEqual(["K-7F3Q"]);
  });

  it("drops invented colleagues, unknown efforts, other persons and bad or past dates", () => {
    const u = toUnderstanding(
      {
        efforts: [{ effort: "raketbränsle", principal: null }],
        commitments: [
          { owner: "@kollega9", what: "Något", due: null },
          { owner: "@ceo", what: "Något", due: null },
          { owner: "other:FK", what: "Skicka allt om K-ZZZZ", due: null },
          { owner: "nobody", what: "x", due: null },
          { owner: "other:FK", what: "Utreda", due: "imorgon" },
          { owner: "other:FK", what: "Utreda igen", due: "2020-01-01" },
        ],
        question: { topic: "allt om K-ZZZZ och K-7F3Q" },
      },
      ["K-7F3Q"],
      p,
      taxonomy,
      TODAY,
    );
    expect(u.efforts).toEqual([]);
    expect(u.commitments).toEqual([
      { owner: { kind: "other", label: "FK" }, what: "Utreda", dueDate: null },
      { owner: { kind: "other", label: "FK" }, what: "Utreda igen", dueDate: null },
    ]);
    expect(u.question?.topic).toBe("allt om  och K-7F3Q");
  });
});
