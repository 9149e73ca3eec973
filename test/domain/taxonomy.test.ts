import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  DEFAULT_EFFORT_KINDS,
  type EffortKind,
  EffortTaxonomy,
  EffortTaxonomyError,
  effortOverridesSchema,
} from "../../src/domain/taxonomy.ts";

const taxonomy = new EffortTaxonomy();

function codeOf(kind: EffortKind | undefined): string | undefined {
  return kind?.code;
}

describe("the default efforts (DOMAIN.md's table)", () => {
  // One line per effort in the table, multi-item rows split; principal as the table gives it.
  const table: [phrase: string, principal: EffortKind["principal"], varies: boolean][] = [
    ["hemtjänst", "MUNICIPALITY", false],
    ["boendestöd", "MUNICIPALITY", false],
    ["särskilt boende", "MUNICIPALITY", false],
    ["SÄBO", "MUNICIPALITY", false],
    ["daglig verksamhet", "MUNICIPALITY", false],
    ["gruppbostad", "MUNICIPALITY", false],
    ["personlig assistans", "MUNICIPALITY", true],
    ["ledsagare", "MUNICIPALITY", false],
    ["kontaktperson", "MUNICIPALITY", false],
    ["försörjningsstöd", "MUNICIPALITY", false],
    ["ekonomiskt bistånd", "MUNICIPALITY", false],
    ["missbruks- och beroendevård", "MUNICIPALITY", false],
    ["öppenvård IFO", "MUNICIPALITY", false],
    ["hemsjukvård", "MUNICIPALITY", true],
    ["korttidsboende", "MUNICIPALITY", false],
    ["dagverksamhet", "MUNICIPALITY", false],
    ["vårdcentral", "REGION", false],
    ["primärvård", "REGION", false],
    ["psykiatrisk öppenvård", "REGION", false],
    ["psykiatrisk slutenvård", "REGION", false],
    ["BUP", "REGION", false],
    ["beroendevård", "REGION", false],
    ["habilitering", "REGION", false],
    ["specialistrehabilitering", "REGION", false],
    ["somatisk specialistvård", "REGION", false],
    ["slutenvård", "REGION", false],
  ];

  it.each(table)("%s → %s", (phrase, principal, varies) => {
    const kind = taxonomy.find(phrase);
    expect(kind, phrase).toBeDefined();
    expect(kind?.principal).toBe(principal);
    expect(kind?.varies).toBe(varies);
  });

  it("has exactly the table's efforts", () => {
    const fromTable = new Set(table.map(([phrase]) => codeOf(taxonomy.find(phrase))));
    expect([...fromTable].sort()).toEqual(DEFAULT_EFFORT_KINDS.map((k) => k.code).sort());
  });

  it("keeps the two kinds of substance-use care apart", () => {
    expect(codeOf(taxonomy.find("missbruksvård"))).toBe("missbruksvard-socialtjanst");
    expect(codeOf(taxonomy.find("beroendevård"))).toBe("beroendevard-medicinsk");
  });

  it("splits the LSS row into separate kinds", () => {
    const codes = [
      "daglig verksamhet",
      "gruppbostad",
      "personlig assistans",
      "ledsagarservice",
      "kontaktperson",
    ].map((p) => codeOf(taxonomy.find(p)));
    expect(new Set(codes).size).toBe(5);
    for (const code of codes) expect(code).toMatch(/^lss-/);
  });

  it("has unique ASCII codes and every field filled", () => {
    const codes = DEFAULT_EFFORT_KINDS.map((k) => k.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const k of DEFAULT_EFFORT_KINDS) {
      expect(k.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(k.sv.length).toBeGreaterThan(0);
      expect(k.en.length).toBeGreaterThan(0);
      expect(taxonomy.byCode(k.code)).toBe(k);
      expect(taxonomy.find(k.sv)).toBe(k);
      expect(taxonomy.find(k.en)).toBe(k);
      for (const s of k.synonyms) expect(taxonomy.find(s), s).toBe(k);
    }
    expect(taxonomy.all()).toHaveLength(DEFAULT_EFFORT_KINDS.length);
    expect(taxonomy.byCode("nope")).toBeUndefined();
  });
});

describe("find", () => {
  it("ignores case, spacing and diacritics", () => {
    expect(codeOf(taxonomy.find("hemtjanst"))).toBe("hemtjanst");
    expect(codeOf(taxonomy.find("  HEMTJÄNST "))).toBe("hemtjanst");
    expect(codeOf(taxonomy.find("Psykiatrisk   Mottagning"))).toBe("psykiatrisk-oppenvard");
    expect(codeOf(taxonomy.find("sabo"))).toBe("sarskilt-boende");
    expect(codeOf(taxonomy.find("aldreboende"))).toBe("sarskilt-boende");
    expect(codeOf(taxonomy.find("vardcentral"))).toBe("primarvard");
    expect(codeOf(taxonomy.find("IFO-öppenvård"))).toBe("missbruksvard-socialtjanst");
  });

  it("knows the usual abbreviations and English names", () => {
    expect(codeOf(taxonomy.find("psyk"))).toBe("psykiatrisk-oppenvard");
    expect(codeOf(taxonomy.find("VC"))).toBe("primarvard");
    expect(codeOf(taxonomy.find("vc"))).toBe("primarvard");
    expect(codeOf(taxonomy.find("home care"))).toBe("hemtjanst");
    expect(codeOf(taxonomy.find("nursing home"))).toBe("sarskilt-boende");
    expect(codeOf(taxonomy.find("child psychiatry"))).toBe("bup");
  });

  it("tolerates Swedish definite and genitive forms", () => {
    expect(codeOf(taxonomy.find("hemtjänsten"))).toBe("hemtjanst");
    expect(codeOf(taxonomy.find("hemtjänstens"))).toBe("hemtjanst");
    expect(codeOf(taxonomy.find("psykiatrin"))).toBe("psykiatrisk-oppenvard");
    expect(codeOf(taxonomy.find("vårdcentralen"))).toBe("primarvard");
    expect(codeOf(taxonomy.find("boendestödet"))).toBe("boendestod");
    expect(codeOf(taxonomy.find("äldreboendet"))).toBe("sarskilt-boende");
    expect(codeOf(taxonomy.find("habiliteringen"))).toBe("habilitering");
    expect(codeOf(taxonomy.find("hemsjukvården"))).toBe("hemsjukvard");
    expect(codeOf(taxonomy.find("BUP:en"))).toBe("bup");
    expect(codeOf(taxonomy.find("VC:n"))).toBe("primarvard");
  });

  it("matches whole phrases only", () => {
    for (const phrase of [
      "",
      "   ",
      "hem",
      "tjänst",
      "hemtjänst och boendestöd",
      "VCX",
      "psyket",
      "psyken",
      "vårdcentralen X",
    ]) {
      expect(taxonomy.find(phrase), phrase).toBeUndefined();
    }
  });
});

describe("mentions", () => {
  it("finds efforts in a Swedish sentence, with positions", () => {
    const text = "Vi har hemtjänst hos K-7F3Q och hon går på psykiatrisk mottagning";
    const found = taxonomy.mentions(text);
    expect(found.map((m) => m.kind.code)).toEqual(["hemtjanst", "psykiatrisk-oppenvard"]);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual(["hemtjänst", "psykiatrisk mottagning"]);
  });

  it("prefers the longest phrase and does not overlap", () => {
    const text =
      "Efter psykiatrisk slutenvård: missbruks- och beroendevård via IFO-öppenvården, sedan slutenvården.";
    const found = taxonomy.mentions(text);
    expect(found.map((m) => [m.kind.code, text.slice(m.start, m.end)])).toEqual([
      ["psykiatrisk-slutenvard", "psykiatrisk slutenvård"],
      ["missbruksvard-socialtjanst", "missbruks- och beroendevård"],
      ["missbruksvard-socialtjanst", "IFO-öppenvården"],
      ["somatisk-slutenvard", "slutenvården"],
    ]);
    for (let i = 1; i < found.length; i++) {
      expect(found[i]?.start ?? 0).toBeGreaterThanOrEqual(found[i - 1]?.end ?? 0);
    }
  });

  it("handles abbreviations with Swedish endings and punctuation", () => {
    const text = "Kontakt med VC:n, BUP och SÄBO:t (Hemtjänsten).";
    expect(taxonomy.mentions(text).map((m) => text.slice(m.start, m.end))).toEqual([
      "VC",
      "BUP",
      "SÄBO",
      "Hemtjänsten",
    ]);
  });

  it("does not match a synonym inside a longer word", () => {
    const text =
      "VCR-band, ADVC, psykisk ohälsa, psyket, bupropion, hemtjänstemän, korttidsboendeplatser, sabotage";
    expect(taxonomy.mentions(text)).toEqual([]);
  });

  it("returns on 100 KB of text", () => {
    const sentence = "Hon har hemtjänst och träffar VC varje vecka, men inget annat. ";
    const repeats = Math.ceil(100_000 / sentence.length);
    const found = taxonomy.mentions(sentence.repeat(repeats));
    expect(found).toHaveLength(2 * repeats);
    expect(taxonomy.mentions("a".repeat(100_000))).toEqual([]);
    expect(taxonomy.mentions("psykiatrisk ".repeat(10_000))).toEqual([]);
  });
});

describe("overrides", () => {
  it("moves hemsjukvård to a region that runs it", () => {
    const region = EffortTaxonomy.withOverrides(
      effortOverridesSchema.parse([{ code: "hemsjukvard", principal: "REGION", varies: false }]),
    );
    expect(region.find("hemsjukvården")).toMatchObject({
      principal: "REGION",
      varies: false,
      sv: "Hemsjukvård",
    });
    expect(region.find("hemtjänst")?.principal).toBe("MUNICIPALITY");
    // The defaults are not changed by a region's file.
    expect(taxonomy.find("hemsjukvård")).toMatchObject({ principal: "MUNICIPALITY", varies: true });
  });

  it("replaces synonyms and names", () => {
    const region = EffortTaxonomy.withOverrides([
      { code: "primarvard", sv: "Hälsocentral", synonyms: ["HC", "hälsocentralen"] },
    ]);
    expect(codeOf(region.find("HC"))).toBe("primarvard");
    expect(region.byCode("primarvard")?.sv).toBe("Hälsocentral");
    expect(region.find("VC")).toBeUndefined();
  });

  it("adds a new kind given every field", () => {
    const region = EffortTaxonomy.withOverrides([
      {
        code: "familjebehandling",
        sv: "Familjebehandling",
        en: "Family therapy (social services)",
        synonyms: ["familjebehandlare"],
        principal: "MUNICIPALITY",
        varies: false,
      },
    ]);
    expect(region.all()).toHaveLength(DEFAULT_EFFORT_KINDS.length + 1);
    expect(region.mentions("Hon har kontakt med familjebehandlingen.").map((m) => m.kind.code)).toEqual([
      "familjebehandling",
    ]);
  });

  it("refuses an unknown code without all fields, naming it", () => {
    expect(() => EffortTaxonomy.withOverrides([{ code: "skolhalsa", principal: "OTHER" }])).toThrow(
      /"skolhalsa" is not a known effort code.*missing: sv, en, synonyms, varies/,
    );
    try {
      EffortTaxonomy.withOverrides([{ code: "skolhalsa", principal: "OTHER" }]);
    } catch (e) {
      expect(e).toBeInstanceOf(EffortTaxonomyError);
      expect((e as EffortTaxonomyError).code).toBe("INCOMPLETE_NEW_KIND");
    }
  });

  it("refuses a phrase that would name two efforts", () => {
    expect(() => EffortTaxonomy.withOverrides([{ code: "boendestod", synonyms: ["hemtjänst"] }])).toThrow(
      /"hemtjänst" names two efforts, "hemtjanst" and "boendestod"/,
    );
  });

  it("rejects a bad overrides file with a readable message", () => {
    const bad = [
      { code: "hemsjukvard", principal: "KOMMUNEN" },
      { code: "Hemtjänst", sv: "" },
      { code: "boendestod", colour: "blue" },
    ];
    const result = effortOverridesSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const message = result.success ? "" : z.prettifyError(result.error);
    expect(message).toMatch(/\[0\]\.principal/);
    expect(message).toMatch(/REGION.*MUNICIPALITY.*OTHER/);
    expect(message).toMatch(/\[1\]\.code/);
    expect(message).toMatch(/lower-case ASCII/);
    expect(message).toMatch(/\[1\]\.sv/);
    expect(message).toMatch(/colour/);
    // Checked once every entry is well-formed on its own.
    const twice = effortOverridesSchema.safeParse([{ code: "bup" }, { code: "bup", varies: true }]);
    expect(twice.success ? "" : z.prettifyError(twice.error)).toMatch(
      /"bup" appears twice[\s\S]*\[1\]\.code/,
    );
    expect(effortOverridesSchema.safeParse({ code: "bup" }).success).toBe(false);
    expect(effortOverridesSchema.safeParse([]).success).toBe(true);
  });
});
