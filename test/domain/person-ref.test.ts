import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findPersonRefs, identifierHash, newPersonRef, parsePersonRef } from "../../src/domain/person-ref.ts";

describe("person references", () => {
  it("generates references that parse back, without look-alike letters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 8 }), (len) => {
        const ref = newPersonRef(len);
        expect(parsePersonRef(ref)).toBe(ref);
        expect(ref.slice(2)).not.toMatch(/[ILOU]/);
      }),
    );
  });

  it("normalises case and rejects anything else", () => {
    expect(parsePersonRef(" k-7f3q ")).toBe("K-7F3Q");
    for (const bad of [
      "",
      "K-",
      "K-7F3",
      "K-7F3QABCDE",
      "X-7F3Q",
      "K-7F3O",
      "K-7F3Q; drop table",
      "k_7f3q",
    ]) {
      expect(parsePersonRef(bad), bad).toBeNull();
    }
  });

  it("finds references in free text", () => {
    expect(findPersonRefs("Vi har hemtjänst hos K-7F3Q och k-7f3q igen, inte K-7F3QQQQQQQ")).toEqual([
      "K-7F3Q",
    ]);
  });

  it("hashes an identifier with a key, so the same number meets the same person and the key matters", () => {
    const a = identifierHash("191212121212", "secret-one");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(identifierHash("191212121212", "secret-one")).toBe(a);
    expect(identifierHash("191212121212", "secret-two")).not.toBe(a);
    expect(a).not.toContain("191212121212");
  });
});
