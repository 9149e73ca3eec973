// parseCommand: the command surface every adapter shares. Pure: text in, a typed command or a typed
// problem out, in Swedish and English, with or without "sip" / "/sip" in front.
import { describe, expect, it } from "vitest";
import {
  type Command,
  MAX_COMMAND_LENGTH,
  type Parsed,
  parseCommand,
} from "../../src/conversation/commands.ts";

const TODAY = "2026-11-23"; // a Monday
const FRIDAY = "2026-11-27";

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

const PREFIXES = ["", "sip ", "/sip ", "SIP ", "  sip   "];

describe("verbs", () => {
  const cases: [string[], Command][] = [
    [["hjälp", "hjalp", "help", "?", "HJÄLP"], { name: "help" }],
    [["mina", "mine"], { name: "mine" }],
    [["ny", "new"], { name: "new", identifier: null }],
    [["vem K-7F3Q", "who k-7f3q"], { name: "who", ref: "K-7F3Q" }],
    [["återkalla K-7F3Q", "aterkalla K-7F3Q", "withdraw K-7F3Q"], { name: "withdraw", ref: "K-7F3Q" }],
    [["starta K-7F3Q", "start K-7F3Q"], { name: "start", ref: "K-7F3Q" }],
    [
      [
        "avböj K-7F3Q vill inte",
        "avboj K-7F3Q vill inte",
        "avfärda K-7F3Q vill inte",
        "dismiss K-7F3Q vill inte",
      ],
      { name: "dismiss", ref: "K-7F3Q", reason: "vill inte" },
    ],
    [["klar 12", "done 12", "klar #12", "done #12"], { name: "done", number: 12 }],
    [
      ["huvudansvar K-7F3Q kommun", "lead K-7F3Q municipality"],
      { name: "lead", ref: "K-7F3Q", principal: "MUNICIPALITY" },
    ],
    [
      ["huvudansvar K-7F3Q regionen", "lead K-7F3Q Region"],
      { name: "lead", ref: "K-7F3Q", principal: "REGION" },
    ],
    [
      [
        "uppföljning K-7F3Q 2027-02-15",
        "uppfoljning K-7F3Q 15 februari",
        "follow-up K-7F3Q February 15",
        "followup K-7F3Q 15/2",
      ],
      { name: "followUp", ref: "K-7F3Q", date: "2027-02-15" },
    ],
    [
      ["insats K-7F3Q hemtjänst", "effort K-7F3Q hemtjänst"],
      { name: "effort", ref: "K-7F3Q", effort: "hemtjänst" },
    ],
    [
      ["avsluta-insats K-7F3Q hemtjänst", "end-effort K-7F3Q hemtjänst"],
      { name: "endEffort", ref: "K-7F3Q", effort: "hemtjänst" },
    ],
    [
      ["samtycke K-7F3Q", "consent K-7F3Q"],
      { name: "consent", ref: "K-7F3Q", principals: null, givenBy: "PERSON" },
    ],
    [
      ["åtagande K-7F3Q @bo Ringa", "atagande K-7F3Q @bo Ringa", "commit K-7F3Q @bo Ringa"],
      { name: "commit", ref: "K-7F3Q", owner: { kind: "staff", handle: "bo" }, what: "Ringa", dueDate: null },
    ],
  ];
  for (const [texts, expected] of cases) {
    for (const text of texts) {
      it.each(PREFIXES)(`"%s${text}"`, (prefix) => {
        expect(ok(prefix + text)).toEqual(expected);
      });
    }
  }

  it("keeps what follows `sip ny` as the identifier (the router decides what to do with it)", () => {
    expect(ok("sip ny 19121212-1212")).toEqual({ name: "new", identifier: "19121212-1212" });
    expect(ok("new a b")).toEqual({ name: "new", identifier: "a b" });
  });

  it("normalises references to upper case and refuses look-alikes", () => {
    expect(ok("sip vem k-7f3q")).toMatchObject({ ref: "K-7F3Q" });
    expect(ok("sip vem K-7F3QABCD")).toMatchObject({ ref: "K-7F3QABCD" });
    // Crockford's alphabet has no I, L, O or U; three or nine characters are not references either.
    for (const bad of ["K-7F3I", "K-7FOQ", "K-7F3", "K-7F3QABCDE", "7F3Q", "K7F3Q", "X-7F3Q"]) {
      expect(problem(`sip vem ${bad}`)).toEqual({ ok: false, problem: "badRef", command: "vem", given: bad });
    }
  });

  it("is not a command without a known verb", () => {
    for (const text of [
      "",
      "   ",
      "sip",
      "/sip",
      "hej",
      "sip hej K-7F3Q",
      "sipvem K-7F3Q",
      "hej vem är K-7F3Q?",
    ]) {
      expect(problem(text)).toEqual({ ok: false, problem: "notACommand" });
    }
  });
});

describe("efforts", () => {
  it("takes principal words out of the effort name, in any position", () => {
    expect(ok("sip insats K-7F3Q personlig assistans kommun")).toEqual({
      name: "effort",
      ref: "K-7F3Q",
      effort: "personlig assistans",
      principal: "MUNICIPALITY",
    });
    expect(ok("sip effort K-7F3Q region personal assistance")).toMatchObject({
      effort: "personal assistance",
      principal: "REGION",
    });
    expect(ok("sip insats K-7F3Q skola övriga")).toMatchObject({ effort: "skola", principal: "OTHER" });
  });

  it("reads a start date after `från` / `from`", () => {
    expect(ok("sip insats K-7F3Q hemtjänst från 1 december")).toEqual({
      name: "effort",
      ref: "K-7F3Q",
      effort: "hemtjänst",
      startDate: "2026-12-01",
    });
    expect(ok("sip effort K-7F3Q home care municipality from 2026-12-01")).toMatchObject({
      effort: "home care",
      principal: "MUNICIPALITY",
      startDate: "2026-12-01",
    });
    expect(ok("sip insats K-7F3Q hemtjänst fran fredag")).toMatchObject({ startDate: FRIDAY });
  });

  it("reads an end date after `den` / `per` / `on`, and never a principal", () => {
    expect(ok("sip avsluta-insats K-7F3Q hemtjänst den 30 november")).toEqual({
      name: "endEffort",
      ref: "K-7F3Q",
      effort: "hemtjänst",
      endDate: "2026-11-30",
    });
    expect(ok("sip end-effort K-7F3Q home care on Friday")).toMatchObject({ endDate: FRIDAY });
    expect(ok("sip avsluta-insats K-7F3Q hemtjänst kommun")).not.toHaveProperty("principal");
  });

  it("reports a missing effort and a bad date", () => {
    expect(problem("sip insats K-7F3Q")).toMatchObject({ problem: "missingArgument", command: "insats" });
    expect(problem("sip insats K-7F3Q region")).toMatchObject({ problem: "missingArgument" });
    expect(problem("sip insats K-7F3Q från fredag")).toMatchObject({ problem: "missingArgument" });
    expect(problem("sip insats K-7F3Q hemtjänst från 31 februari")).toEqual({
      ok: false,
      problem: "badDate",
      command: "insats",
      given: "31 februari",
    });
  });
});

describe("consent", () => {
  const base = { name: "consent", ref: "K-7F3Q", givenBy: "PERSON" };

  it("reads principals, period, parties and exclusions in any order", () => {
    const full = { ...base, principals: ["REGION", "MUNICIPALITY"], validTo: "2027-06-30" };
    expect(ok("sip samtycke K-7F3Q region kommun till 2027-06-30")).toEqual(full);
    expect(ok("sip samtycke K-7F3Q kommunen regionen till 30 juni 2027")).toEqual({
      ...full,
      principals: ["MUNICIPALITY", "REGION"],
    });
    expect(
      ok("sip samtycke K-7F3Q region kommun till 2027-06-30 parter FK och skolan utom missbruk och ekonomi"),
    ).toEqual({ ...full, parties: "FK och skolan", exclusions: "missbruk och ekonomi" });
    expect(ok("sip samtycke K-7F3Q kommun region utom missbruk parter FK till 2027-06-30")).toEqual({
      ...full,
      principals: ["MUNICIPALITY", "REGION"],
      parties: "FK",
      exclusions: "missbruk",
    });
    expect(
      ok("sip consent K-7F3Q region municipality until 2027-06-30 except addiction parties school"),
    ).toEqual({
      ...full,
      exclusions: "addiction",
      parties: "school",
    });
    expect(ok("sip samtycke K-7F3Q region kommun övriga")).toEqual({
      ...base,
      principals: ["REGION", "MUNICIPALITY", "OTHER"],
    });
  });

  // BUG (src/conversation/commands.ts, parseConsent, the `till` branch): the date phrase runs to the next
  // `parter`/`utom` keyword only, so principal and giver words after the date are swallowed into it and
  // the whole command fails as badDate. `parter` and `utom` may come before or after `till`; principals
  // cannot.
  it("reads principals and the giver after the date too", () => {
    expect(ok("sip samtycke K-7F3Q till 30 juni 2027 kommunen regionen")).toMatchObject({
      principals: ["MUNICIPALITY", "REGION"],
      validTo: "2027-06-30",
    });
  });
  it("reads the giver after the date", () => {
    expect(ok("sip consent K-7F3Q region municipality until 2027-06-30 guardian")).toMatchObject({
      givenBy: "GUARDIAN",
      validTo: "2027-06-30",
    });
  });

  it("records who gave it: vårdnadshavare or företrädare, wherever the word stands", () => {
    expect(ok("sip samtycke K-7F3Q vårdnadshavare region kommun")).toMatchObject({ givenBy: "GUARDIAN" });
    expect(ok("sip samtycke K-7F3Q region kommun vardnadshavare")).toMatchObject({ givenBy: "GUARDIAN" });
    expect(ok("sip consent K-7F3Q region guardian municipality")).toMatchObject({ givenBy: "GUARDIAN" });
    expect(ok("sip samtycke K-7F3Q företrädare region kommun")).toMatchObject({
      givenBy: "LEGAL_REPRESENTATIVE",
    });
    expect(ok("sip consent K-7F3Q region municipality representative")).toMatchObject({
      givenBy: "LEGAL_REPRESENTATIVE",
    });
  });

  it("without options leaves everything open, so the router shows a form", () => {
    expect(ok("sip samtycke K-7F3Q")).toEqual({ ...base, principals: null });
  });

  it("refuses a period it cannot read", () => {
    expect(problem("sip samtycke K-7F3Q region kommun till sommaren")).toEqual({
      ok: false,
      problem: "badDate",
      command: "samtycke",
      given: "sommaren",
    });
    expect(problem("sip samtycke K-7F3Q region kommun till")).toMatchObject({
      problem: "badDate",
      given: "",
    });
    expect(problem("sip samtycke K-7F3Q till parter FK")).toMatchObject({ problem: "badDate" });
  });
});

describe("commitments", () => {
  const base = { name: "commit", ref: "K-7F3Q" };

  it("to a colleague by @handle", () => {
    expect(ok("sip åtagande K-7F3Q @bo Ringa Försäkringskassan senast fredag")).toEqual({
      ...base,
      owner: { kind: "staff", handle: "bo" },
      what: "Ringa Försäkringskassan",
      dueDate: FRIDAY,
    });
    expect(ok("sip commit K-7F3Q @eva Book a meeting by 2026-12-04")).toEqual({
      ...base,
      owner: { kind: "staff", handle: "eva" },
      what: "Book a meeting",
      dueDate: "2026-12-04",
    });
  });

  it("to a unit by its quoted name", () => {
    expect(ok('sip åtagande K-7F3Q "Hemtjänst Norr (demo)" Utöka insatsen senast 15 december')).toEqual({
      ...base,
      owner: { kind: "unit", name: "Hemtjänst Norr (demo)" },
      what: "Utöka insatsen",
      dueDate: "2026-12-15",
    });
  });

  it("to someone outside the two principals", () => {
    expect(ok("sip åtagande K-7F3Q den enskilde Ta med intyg senast fredag")).toEqual({
      ...base,
      owner: { kind: "other", label: "den enskilde" },
      what: "Ta med intyg",
      dueDate: FRIDAY,
    });
    expect(ok("sip åtagande K-7F3Q Försäkringskassan Utreda sjukpenning")).toEqual({
      ...base,
      owner: { kind: "other", label: "Försäkringskassan" },
      what: "Utreda sjukpenning",
      dueDate: null,
    });
    expect(ok("sip commit K-7F3Q god man Apply for housing by Friday")).toMatchObject({
      owner: { kind: "other", label: "god man" },
      what: "Apply for housing",
      dueDate: FRIDAY,
    });
  });

  it("needs an owner and a task, and a readable date", () => {
    expect(problem("sip åtagande K-7F3Q")).toMatchObject({ problem: "missingArgument", command: "åtagande" });
    expect(problem("sip åtagande K-7F3Q @bo")).toMatchObject({ problem: "missingArgument" });
    expect(problem("sip åtagande K-7F3Q den enskilde senast fredag")).toMatchObject({
      problem: "missingArgument",
    });
    expect(problem("sip åtagande K-7F3Q @bo Ringa senast snart")).toEqual({
      ok: false,
      problem: "badDate",
      command: "åtagande",
      given: "snart",
    });
  });
});

describe("problems", () => {
  it("missing and bad references name the verb as typed", () => {
    for (const verb of [
      "vem",
      "who",
      "starta",
      "insats",
      "samtycke",
      "åtagande",
      "huvudansvar",
      "uppföljning",
    ]) {
      expect(problem(`sip ${verb}`)).toEqual({ ok: false, problem: "missingRef", command: verb });
      expect(problem(`/sip ${verb} Kalle`)).toEqual({
        ok: false,
        problem: "badRef",
        command: verb,
        given: "Kalle",
      });
    }
  });

  it("cuts an echoed bad reference short", () => {
    expect(problem(`sip vem ${"x".repeat(500)}`)).toMatchObject({ given: "x".repeat(20) });
  });

  it("missing arguments", () => {
    expect(problem("sip avböj K-7F3Q")).toMatchObject({ problem: "missingArgument", command: "avböj" });
    expect(problem("sip huvudansvar K-7F3Q")).toMatchObject({ problem: "missingArgument" });
    // Only the two SIP principals can hold overall responsibility.
    expect(problem("sip huvudansvar K-7F3Q övriga")).toMatchObject({ problem: "missingArgument" });
    expect(problem("sip uppföljning K-7F3Q")).toMatchObject({ problem: "missingArgument" });
  });

  it("bad dates", () => {
    expect(problem("sip uppföljning K-7F3Q 2027-02-30")).toEqual({
      ok: false,
      problem: "badDate",
      command: "uppföljning",
      given: "2027-02-30",
    });
    expect(problem(`sip uppföljning K-7F3Q ${"1 ".repeat(100)}`)).toMatchObject({ problem: "badDate" });
  });

  it.each(["0", "-1", "1e99", "abc", "", "#", "1.5", "9007199254740993", "Infinity", "NaN"])(
    "bad commitment number %j",
    (n) => {
      expect(problem(`sip klar ${n}`)).toEqual({ ok: false, problem: "badNumber", command: "klar" });
    },
  );

  it("refuses over-long input as a whole instead of truncating it", () => {
    const tooLong = `sip vem K-7F3Q ${"a".repeat(MAX_COMMAND_LENGTH)}`;
    expect(problem(tooLong)).toEqual({ ok: false, problem: "tooLong", max: 2000 });
    expect(parseCommand("x".repeat(MAX_COMMAND_LENGTH), TODAY)).toEqual({
      ok: false,
      problem: "notACommand",
    });
    expect(problem("x".repeat(MAX_COMMAND_LENGTH + 1))).toMatchObject({ problem: "tooLong" });
  });

  it("returns tooLong for 1 MB at once", () => {
    const started = performance.now();
    expect(problem(`sip hjälp ${"å".repeat(1024 * 1024)}`)).toMatchObject({ problem: "tooLong" });
    expect(performance.now() - started).toBeLessThan(200);
  });
});
