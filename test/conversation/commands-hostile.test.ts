// parseCommand on hostile input: whatever is typed or pasted, it returns a command or a known problem,
// never throws, and never lets a prototype key pass for a verb or a principal.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Command,
  MAX_COMMAND_LENGTH,
  type Parsed,
  parseCommand,
} from "../../src/conversation/commands.ts";
import { isLocalDate } from "../../src/domain/local-date.ts";

const TODAY = "2026-11-23";

function ok(text: string): Command {
  const p = parseCommand(text, TODAY);
  if (!p.ok) expect.fail(`"${text}" did not parse: ${JSON.stringify(p)}`);
  return p.command;
}

function problem(text: string): Exclude<Parsed, { ok: true }> {
  const p = parseCommand(text, TODAY);
  if (p.ok) expect.fail(`"${text}" parsed as ${JSON.stringify(p.command)}`);
  return p;
}

const KNOWN_PROBLEMS = [
  "notACommand",
  "tooLong",
  "missingRef",
  "badRef",
  "missingArgument",
  "badDate",
  "badNumber",
];

/** What must hold of every parse, whatever went in. */
function checkInvariants(input: string, p: Parsed): void {
  if (!p.ok) {
    expect(KNOWN_PROBLEMS).toContain(p.problem);
    if (p.problem === "badRef") expect(p.given.length).toBeLessThanOrEqual(20);
    if (p.problem === "badDate") expect(p.given.length).toBeLessThanOrEqual(40);
    if (p.problem === "tooLong") expect(input.length).toBeGreaterThan(MAX_COMMAND_LENGTH);
    return;
  }
  const c = p.command;
  if ("ref" in c) expect(c.ref).toMatch(/^K-[0-9A-HJKMNP-TV-Z]{4,8}$/);
  if (c.name === "done") expect(Number.isSafeInteger(c.number) && c.number > 0).toBe(true);
  for (const d of [
    "startDate" in c ? c.startDate : undefined,
    "endDate" in c ? c.endDate : undefined,
    "validTo" in c ? c.validTo : undefined,
    c.name === "followUp" ? c.date : undefined,
    c.name === "commit" ? c.dueDate : undefined,
  ]) {
    if (d !== undefined && d !== null) expect(isLocalDate(d)).toBe(true);
  }
}

const WORDS = [
  "sip",
  "/sip",
  "hjälp",
  "ny",
  "insats",
  "avsluta-insats",
  "samtycke",
  "återkalla",
  "starta",
  "avböj",
  "åtagande",
  "klar",
  "vem",
  "mina",
  "huvudansvar",
  "uppföljning",
  "region",
  "kommun",
  "övriga",
  "vårdnadshavare",
  "företrädare",
  "till",
  "parter",
  "utom",
  "från",
  "den",
  "senast",
  "by",
  "@bo",
  "@",
  '"',
  '""',
  '"Hemtjänst Norr (demo)"',
  "den enskilde",
  "K-7F3Q",
  "k-zzzz",
  "K-",
  "#12",
  "#",
  "0",
  "-1",
  "1e99",
  "fredag",
  "2027-06-30",
  "31 februari",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
];

describe("hostile input", () => {
  it("arbitrary unicode never throws and always gives a command or a known problem", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        checkInvariants(s, parseCommand(s, TODAY));
      }),
      { numRuns: 2000 },
    );
  });

  it("command words mixed with random tokens never throw", () => {
    const token = fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: "grapheme", maxLength: 12 }));
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 14 }),
        fc.constantFrom(" ", "  ", "\t", "\n"),
        (tokens, sep) => {
          const s = tokens.join(sep);
          checkInvariants(s, parseCommand(s, TODAY));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("prototype keys in mixed case are neither verbs nor principals", () => {
    for (const w of ["toString", "hasOwnProperty", "valueOf"]) {
      expect(problem(`sip ${w} K-7F3Q`)).toEqual({ ok: false, problem: "notACommand" });
      expect(problem(`sip huvudansvar K-7F3Q ${w}`)).toMatchObject({ problem: "missingArgument" });
      expect(ok(`sip samtycke K-7F3Q ${w}`)).toMatchObject({ principals: null });
    }
  });

  // Regression (fixed in 46cd536): VERBS and PRINCIPAL_WORDS were plain objects, so "constructor" and
  // "__proto__" found Object.prototype members; parseCommand returned undefined and the router threw.
  for (const w of ["constructor", "__proto__"]) {
    it(`"sip ${w} K-7F3Q" is not a command`, () => {
      expect(parseCommand(`sip ${w} K-7F3Q`, TODAY)).toEqual({ ok: false, problem: "notACommand" });
    });
    it(`"${w}" is not a principal word in an effort, a consent or a lead`, () => {
      expect(ok(`sip insats K-7F3Q hemtjänst ${w}`)).toEqual({
        name: "effort",
        ref: "K-7F3Q",
        effort: `hemtjänst ${w}`,
      });
      expect(ok(`sip samtycke K-7F3Q region kommun ${w}`)).toMatchObject({
        principals: ["REGION", "MUNICIPALITY"],
      });
      expect(problem(`sip huvudansvar K-7F3Q ${w}`)).toMatchObject({ problem: "missingArgument" });
    });
  }
});
