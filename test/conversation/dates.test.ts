import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDatePhrase } from "../../src/conversation/dates.ts";

const today = "2026-11-23"; // a Monday

describe("date phrases", () => {
  it.each([
    ["2026-12-15", "2026-12-15"],
    ["15/12", "2026-12-15"],
    ["15/12/2027", "2027-12-15"],
    ["15 december", "2026-12-15"],
    ["15 dec 2027", "2027-12-15"],
    ["December 15", "2026-12-15"],
    ["1 mars", "2027-03-01"],
    ["idag", "2026-11-23"],
    ["imorgon", "2026-11-24"],
    ["tomorrow", "2026-11-24"],
    ["fredag", "2026-11-27"],
    ["på fredag", "2026-11-27"],
    ["on Friday", "2026-11-27"],
    ["måndag", "2026-11-30"],
    ["om 2 veckor", "2026-12-07"],
    ["in 3 days", "2026-11-26"],
  ])("%s -> %s", (input, expected) => {
    expect(parseDatePhrase(input, today)).toBe(expected);
  });

  it.each([
    "",
    "31 februari",
    "2026-02-30",
    "13/13",
    "blurp",
    "15 decembr",
    "2026-1-1",
    "om 99999 dagar",
    "x".repeat(1000),
  ])("rejects %s", (input) => {
    expect(parseDatePhrase(input, today)).toBeNull();
  });

  it("handles the daylight-saving change in October", () => {
    expect(parseDatePhrase("imorgon", "2026-10-24")).toBe("2026-10-25");
    expect(parseDatePhrase("måndag", "2026-10-24")).toBe("2026-10-26");
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parseDatePhrase(s, today);
        expect(r === null || /^\d{4}-\d{2}-\d{2}$/.test(r)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
