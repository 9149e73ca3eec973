import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  containsSwedishId,
  findSwedishIds,
  looksLikeReserveNumber,
  parseSwedishId,
  redactSwedishIds,
} from "../../src/domain/personnummer.ts";
import { luhnCheckDigit } from "../helpers/test-personnummer.ts";

// Only test numbers appear here: the shared vectors (personnummer/meta) and numbers generated below with
// birth years around 1912, computed rather than written out.

/** A 12-digit number with a correct check digit; `dayField` already includes +60 for samordningsnummer. */
function withCheckDigit(year: number, month: number, dayField: number, serial: number): string {
  const body = `${year}`.padStart(4, "0") + pad2(month) + pad2(dayField) + `${serial}`.padStart(3, "0");
  return body + luhnCheckDigit(body.slice(2));
}

function pad2(n: number): string {
  return `${n}`.padStart(2, "0");
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "YYYYMMDD-NNNC" and "YYMMDD?NNNC" shapes of a 12-digit number. */
function longWithSep(id: string, sep: string): string {
  return `${id.slice(0, 8)}${sep}${id.slice(8)}`;
}
function shortWithSep(id: string, sep: string): string {
  return `${id.slice(2, 8)}${sep}${id.slice(8)}`;
}

const ID_A = withCheckDigit(1912, 3, 14, 123); // personnummer, born 1912
const ID_B = withCheckDigit(1913, 11, 2 + 60, 456); // samordningsnummer, born 1913
const ID_C = withCheckDigit(1924, 7, 9, 789); // personnummer, under 100 on the pinned date

// A fixed reference day: the century of 10-digit numbers depends on it.
const TODAY = new Date("2020-06-15T10:00:00Z");

describe("parseSwedishId", () => {
  it("accepts the 12- and 10-digit forms with every separator", () => {
    for (const input of [ID_A, longWithSep(ID_A, "-"), longWithSep(ID_A, "+"), longWithSep(ID_A, " ")]) {
      expect(parseSwedishId(input, TODAY)).toEqual({ kind: "personnummer", normalized: ID_A });
    }
    expect(parseSwedishId(shortWithSep(ID_A, "+"), TODAY)).toEqual({
      kind: "personnummer",
      normalized: ID_A,
    });
    expect(parseSwedishId(`  ${shortWithSep(ID_C, "-")}\n`, TODAY)).toEqual({
      kind: "personnummer",
      normalized: ID_C,
    });
    expect(parseSwedishId(ID_C.slice(2), TODAY)?.normalized).toBe(ID_C);
    expect(parseSwedishId(shortWithSep(ID_C, " "), TODAY)?.normalized).toBe(ID_C);
    expect(parseSwedishId(shortWithSep(ID_C, "\u2013"), TODAY)?.normalized).toBe(ID_C);
  });

  it("recognises a samordningsnummer by day + 60", () => {
    expect(parseSwedishId(longWithSep(ID_B, "-"), TODAY)).toEqual({
      kind: "samordningsnummer",
      normalized: ID_B,
    });
    expect(parseSwedishId(shortWithSep(ID_B, "+"), TODAY)).toEqual({
      kind: "samordningsnummer",
      normalized: ID_B,
    });
  });

  it("infers the century from the separator and the reference date", () => {
    // Without "+", a 10-digit 1912 number reads as 2012: still a valid id, but a different person.
    expect(parseSwedishId(shortWithSep(ID_A, "-"), TODAY)?.normalized).toBe(`20${ID_A.slice(2)}`);
    // With "+", the person is 100 or older: 1924 reads as 1824... on 15 June 2020 that person is 196.
    expect(parseSwedishId(shortWithSep(ID_C, "+"), TODAY)?.normalized).toBe(`18${ID_C.slice(2)}`);
    // The 100th birthday is the day "+" starts to apply.
    const birthday = withCheckDigit(1920, 6, 15, 321);
    expect(parseSwedishId(shortWithSep(birthday, "+"), TODAY)?.normalized).toBe(birthday);
    expect(parseSwedishId(shortWithSep(birthday, "-"), TODAY)?.normalized).toBe(`20${birthday.slice(2)}`);
    const dayAfter = withCheckDigit(1920, 6, 16, 321);
    expect(parseSwedishId(shortWithSep(dayAfter, "-"), TODAY)?.normalized).toBe(dayAfter);
    expect(parseSwedishId(shortWithSep(dayAfter, "+"), TODAY)?.normalized).toBe(`18${dayAfter.slice(2)}`);
  });

  it("rejects malformed input", () => {
    const bad = [
      "",
      "   ",
      "abcdefghij",
      "19120314-12AB",
      `${ID_A}0`, // 13 digits
      ID_A.slice(1), // 11 digits
      ID_A.slice(0, 8), // a date alone
      `${ID_A.slice(0, 8)}--${ID_A.slice(8)}`,
      `${ID_A.slice(0, 6)}-${ID_A.slice(6)}`, // separator in the wrong place
      `pnr ${ID_A}`,
      withCheckDigit(1913, 2, 31, 123), // 31 February
      withCheckDigit(1913, 13, 1, 123), // month 13
      withCheckDigit(1913, 0, 1, 123), // month 0
      withCheckDigit(1913, 1, 0, 123), // day 0
      withCheckDigit(1913, 4, 31, 123), // 31 April
      withCheckDigit(1913, 2, 29, 123), // not a leap year
      withCheckDigit(1913, 2, 31 + 60, 123), // samordningsnummer for 31 February
      withCheckDigit(1913, 1, 60, 123), // samordningsnummer for day 0
      withCheckDigit(1913, 1, 92, 123), // samordningsnummer for day 32
      withCheckDigit(1799, 1, 1, 123), // too long ago
      withCheckDigit(2020, 6, 16, 123), // born tomorrow
      withCheckDigit(1913, 1, 1, 0), // birth number 000 is never issued
    ];
    for (const input of bad) expect(parseSwedishId(input, TODAY), input).toBeNull();
    expect(parseSwedishId(withCheckDigit(1912, 2, 29, 123), TODAY)).not.toBeNull(); // 1912 was a leap year
  });

  it("rejects 29 February 1900 rather than looking for it in another century", () => {
    const leap = withCheckDigit(2000, 2, 29, 123);
    expect(parseSwedishId(shortWithSep(leap, "-"), TODAY)?.normalized).toBe(leap);
    expect(parseSwedishId(shortWithSep(leap, "+"), TODAY)).toBeNull();
  });

  it("rejects an invalid reference date loudly", () => {
    expect(() => parseSwedishId(ID_A, new Date(Number.NaN))).toThrow(RangeError);
  });
});

const vectorSchema = z.array(
  z.object({
    long_format: z.string(),
    short_format: z.string(),
    separated_format: z.string(),
    separated_long: z.string(),
    valid: z.boolean(),
    type: z.enum(["ssn", "con"]),
  }),
);
const vectorFile = new URL("../../../shared/testdata/personnummer-list.json", import.meta.url);
const vectorsPresent = existsSync(vectorFile);
if (!vectorsPresent) console.warn(`personnummer vectors skipped: ${vectorFile.pathname} is absent`);

describe.skipIf(!vectorsPresent)("the shared test vectors (personnummer/meta)", () => {
  const vectors = vectorsPresent ? vectorSchema.parse(JSON.parse(readFileSync(vectorFile, "utf8"))) : [];
  // The vectors assume a present day: a samordningsnummer from July 2021 written "210791-9967" only reads
  // as 2021 once that day has passed, and the "+" forms of 1909 need the person to be 100 already. Any day
  // from August 2021 until 2057 (when "570428-9999" would turn into 2057) fits; pin one so the run does not
  // change with the clock.
  const vectorToday = new Date("2025-06-15T10:00:00Z");
  const cases = vectors.flatMap((v) =>
    (["long_format", "short_format", "separated_format", "separated_long"] as const).map((format) => ({
      ...v,
      format,
      input: v[format],
    })),
  );

  it("has vectors to check", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  // DESIGN.md lists a space among the separators (staff type "19090527 1474"), so a number split by a space
  // is still found and refused. The upstream list marks those inputs invalid because its library does not
  // take spaces; for them we check our documented rule instead: same answer as without the space.
  const spaced = cases.filter((c) => c.input.includes(" "));
  const plain = cases.filter((c) => !c.input.includes(" "));

  it.each(plain)("$input ($format) is valid=$valid, $type", (c) => {
    const parsed = parseSwedishId(c.input, vectorToday);
    expect(parsed !== null).toBe(c.valid);
    if (parsed === null) return;
    expect(parsed.kind).toBe(c.type === "con" ? "samordningsnummer" : "personnummer");
    if (c.format === "short_format") {
      // No separator means "under 100", so the 1909 vectors read as 2009 here: same last ten digits.
      expect(parsed.normalized.slice(2)).toBe(c.long_format.slice(2));
    } else {
      expect(parsed.normalized).toBe(c.long_format);
    }
  });

  it.each(spaced)("$input ($format) with a space reads like the same number with a hyphen", (c) => {
    const hyphenated = c.input.replace(" ", "-");
    expect(parseSwedishId(c.input, vectorToday)).toEqual(parseSwedishId(hyphenated, vectorToday));
    expect(parseSwedishId(c.input, vectorToday)).not.toBeNull();
  });
});

/** A generated test number with a birth year around 1912, and a way it is written. */
const generatedId = fc
  .record({
    year: fc.integer({ min: 1900, max: 1930 }),
    month: fc.integer({ min: 1, max: 12 }),
    dayPick: fc.integer({ min: 1, max: 31 }),
    serial: fc.integer({ min: 1, max: 999 }),
    coordination: fc.boolean(),
    long: fc.boolean(),
    sep: fc.constantFrom("", "-", " "),
  })
  .map(({ year, month, dayPick, serial, coordination, long, sep }) => {
    const day = Math.min(dayPick, daysInMonth(year, month));
    const id = withCheckDigit(year, month, day + (coordination ? 60 : 0), serial);
    const hundred = year + 100 < 2020 || (year + 100 === 2020 && month * 100 + day <= 615);
    const written = long ? longWithSep(id, sep) : shortWithSep(id, hundred ? "+" : sep);
    return { id, written, kind: coordination ? "samordningsnummer" : "personnummer" };
  });

describe("generated numbers", () => {
  it("parses every generated number back to itself", () => {
    fc.assert(
      fc.property(generatedId, ({ id, written, kind }) => {
        expect(parseSwedishId(written, TODAY)).toEqual({ kind, normalized: id });
      }),
    );
  });

  it("finds every generated number in surrounding text, at its place", () => {
    const filler = fc.string({ maxLength: 30 });
    fc.assert(
      fc.property(generatedId, filler, filler, ({ id, written }, before, after) => {
        const prefix = `${before} `;
        const text = `${prefix}${written}. ${after}`;
        const match = findSwedishIds(text, TODAY).find((m) => m.start === prefix.length);
        expect(match).toMatchObject({ normalized: id, end: prefix.length + written.length });
        expect(containsSwedishId(text, TODAY)).toBe(true);
        expect(redactSwedishIds(text)).not.toContain(written);
      }),
    );
  });

  it("rejects every change of the check digit", () => {
    fc.assert(
      fc.property(generatedId, ({ id, written }) => {
        const right = id.at(-1);
        for (let d = 0; d <= 9; d++) {
          if (String(d) === right) continue;
          expect(parseSwedishId(written.slice(0, -1) + d, TODAY)).toBeNull();
        }
      }),
    );
  });
});

describe("findSwedishIds", () => {
  it("finds several ids with their positions", () => {
    const a = longWithSep(ID_A, "-");
    const b = shortWithSep(ID_B, "+");
    const text = `Gäller ${a} och (${b}), samt ${ID_C}.`;
    const found = findSwedishIds(text, TODAY);
    expect(found.map((m) => m.normalized)).toEqual([ID_A, ID_B, ID_C]);
    expect(found.map((m) => m.kind)).toEqual(["personnummer", "samordningsnummer", "personnummer"]);
    for (const m of found) expect(text.slice(m.start, m.end)).toMatch(/^\d[\d+-]*\d$/);
    expect(text.slice(found[0]?.start, found[0]?.end)).toBe(a);
  });

  it("does not find ids glued to other digits or letters", () => {
    const glued = [
      `1${ID_A}`,
      `${ID_A}1`,
      `x${ID_A}`,
      `${ID_A}x`,
      `pnr${longWithSep(ID_A, "-")}`,
      `${longWithSep(ID_A, "-")}5`,
      `${shortWithSep(ID_C, "-")}ab`,
      `Ä${ID_C.slice(2)}`,
      `SE45${ID_A}1234`, // inside an IBAN-like string
      `${ID_A}${ID_A}`,
    ];
    for (const text of glued) expect(findSwedishIds(text, TODAY), text).toEqual([]);
  });

  it("ignores numbers that are not ids", () => {
    const text = "Ring 070-123 45 67 eller 08-123 456 78; konto SE45 5000 0000 0583 9825 7466; 2020-06-15.";
    expect(findSwedishIds(text, TODAY)).toEqual([]);
    expect(containsSwedishId(text, TODAY)).toBe(false);
  });

  it("resumes after a separator, so a number after a dash is still found", () => {
    const text = `ref 12-${ID_C.slice(2)}`;
    expect(findSwedishIds(text, TODAY).map((m) => m.normalized)).toEqual([ID_C]);
  });

  it("stays linear on a megabyte of digits and separators", () => {
    const id = longWithSep(ID_B, "-");
    const repeats = Math.ceil(1_000_000 / (id.length + 1));
    const many = `${id} `.repeat(repeats);
    expect(findSwedishIds(many, TODAY)).toHaveLength(repeats);

    expect(findSwedishIds("1234567890".repeat(100_000), TODAY)).toEqual([]);
    expect(findSwedishIds("1-".repeat(500_000), TODAY)).toEqual([]);
    expect(findSwedishIds("123456-".repeat(150_000), TODAY)).toEqual([]);
    expect(findSwedishIds("12345678+1234 ".repeat(75_000), TODAY)).toEqual([]);
    expect(redactSwedishIds(many)).toBe("[personnummer] ".repeat(repeats));
  });
});

describe("redactSwedishIds", () => {
  it("removes every id and leaves the rest", () => {
    const text = `Anna ${longWithSep(ID_A, "-")}, Bo ${shortWithSep(ID_B, "+")} och ${ID_C}.`;
    const redacted = redactSwedishIds(text);
    expect(redacted).toBe("Anna [personnummer], Bo [personnummer] och [personnummer].");
    expect(containsSwedishId(redacted)).toBe(false);
    expect(redactSwedishIds(text, "***")).toBe("Anna ***, Bo *** och ***.");
  });

  it("leaves text without ids unchanged", () => {
    const text = "K-7F3Q har SIP-möte 2020-06-15 kl 10, rum 1234.";
    expect(redactSwedishIds(text)).toBe(text);
  });

  it("removes reserve numbers too", () => {
    expect(redactSwedishIds("Reservnr 19800101-P123 i journalen")).toBe(
      "Reservnr [personnummer] i journalen",
    );
  });
});

describe("looksLikeReserveNumber", () => {
  it("sees the date-plus-letters shape", () => {
    for (const text of [
      "19800101-P123",
      "19800101P123",
      "19800101 AB12",
      "Patienten har reservnummer 20240315-1T23.",
      "(19800101-p123)",
    ]) {
      expect(looksLikeReserveNumber(text), text).toBe(true);
    }
  });

  it("stays conservative", () => {
    for (const text of [
      "",
      "19800101-1234", // digits only: a personnummer shape, not a reserve number
      "19800101-TEST", // no digit in the serial
      "20240101-ABCD",
      "19801301-P123", // month 13
      "19800230-P123", // 30 February
      "19800101-P1234", // serial too long
      "19800101-P12", // serial too short
      "800101-P123", // short date
      "x19800101-P123", // glued to a word
      "119800101-P123",
      "19800101-P123x",
      "version 1.2.3-rc4",
      "K-7F3Q",
    ]) {
      expect(looksLikeReserveNumber(text), text).toBe(false);
    }
  });

  it("returns on a megabyte of look-alikes", () => {
    expect(looksLikeReserveNumber("19800101-PPPP ".repeat(70_000))).toBe(false);
    // Only the last date is followed by a serial with a letter.
    expect(looksLikeReserveNumber(`${"19800101-".repeat(110_000)}P123`)).toBe(true);
  });
});
