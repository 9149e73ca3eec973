// The wording of import rejections and refusals: every code has a Swedish and an English text, and they are
// not the same text (a forgotten translation would be), and no text repeats an identifier it was given.
import { describe, expect, it } from "vitest";
import {
  bilingual,
  IMPORT_TEXTS,
  type ImportTextCode,
  locationText,
  rejectionJson,
} from "../../src/ingest/import-texts.ts";
import { pnr } from "./helpers.ts";

const SAMPLE = {
  field: "start",
  value: '"x"',
  kind: "hemsjukvard",
  start: "2026-03-01",
  end: "2026-02-01",
  status: '"draft"',
  max: 120,
  expected: 7,
  found: 5,
  parserCode: "CSV_X",
  recordSource: '"a"',
  importSource: "b",
  type: '"Observation"',
  fields: "subject",
  columns: "personnummer",
  maxMb: 256,
  source: '"chat"',
  maxBytes: 1024,
};

describe("import texts", () => {
  const codes = Object.keys(IMPORT_TEXTS) as ImportTextCode[];

  it("has a non-empty Swedish and English text for every code, and they differ", () => {
    // 26 rejections, 7 unreadable contents, 2 failed imports, 4 HTTP refusals.
    expect(codes).toHaveLength(39);
    for (const code of codes) {
      const { sv, en } = bilingual(code, SAMPLE);
      expect(sv.trim(), code).not.toBe("");
      expect(en.trim(), code).not.toBe("");
      expect(sv, code).not.toBe(en);
      // Every parameter a text uses is filled in: "?" marks a missing one.
      expect(`${sv} ${en}`, code).not.toMatch(/(^|\s)\?(\s|$)|\(\?\)/);
    }
  });

  it("words the same code the same way with no parameters, without failing", () => {
    for (const code of codes) expect(() => bilingual(code)).not.toThrow();
  });

  it("locates lines and resources in both languages", () => {
    expect(locationText({ line: 5 }, "sv")).toBe("rad 5");
    expect(locationText({ line: 5 }, "en")).toBe("line 5");
    const at = { resource: 3, ref: "CarePlan/cp-1", activity: 0 };
    expect(locationText(at, "sv")).toBe("resurs 3 (CarePlan/cp-1), aktivitet 0");
    expect(locationText(at, "en")).toBe("resource 3 (CarePlan/cp-1), activity 0");
  });

  it("answers a rejection with its place, code and both texts, never the identifier", () => {
    const json = rejectionJson({ at: { line: 2 }, code: "invalidIdentifier" });
    expect(json).toEqual({
      line: 2,
      code: "invalidIdentifier",
      message: {
        sv: "personidentiteten är inte ett giltigt personnummer eller samordningsnummer",
        en: "the person identifier is not a valid personnummer or samordningsnummer",
      },
    });
    expect(JSON.stringify(json)).not.toContain(pnr(1));
  });
});
