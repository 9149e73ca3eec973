// Every expected failure a use case can return has a kind sentence, in both languages, and the two
// languages have the same texts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failureReply, failureText } from "../../src/conversation/failures.ts";
import { texts } from "../../src/conversation/locale.ts";
import type { Texts } from "../../src/conversation/texts.ts";
import { en } from "../../src/conversation/texts-en.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import { fail } from "../../src/domain/result.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** Comments are stripped first: result.ts explains the convention with an example reason in one. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

function failureReasons(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const dir of ["src/app", "src/domain"]) {
    for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(".ts"))) {
      const source = withoutComments(readFileSync(join(ROOT, dir, file), "utf8"));
      for (const m of source.matchAll(/fail\("([a-zA-Z]+)"/g)) {
        const reason = m[1] ?? "";
        found.set(reason, [...(found.get(reason) ?? []), `${dir}/${file}`]);
      }
    }
  }
  return found;
}

// Reasons that are answered somewhere other than failureText:
const ELSEWHERE: Record<string, string> = {
  // failureReply words these with the person's reference (checked below).
  noActiveSip: "failureReply",
  notConsented: "failureReply",
  noSuggestion: "failureReply",
  // run-command.ts renders it as a choice of principal (buttons), see router.test.ts.
  principalUnclear: "principalChoiceReply",
  // Eight random references in a row all taken: truly unexpected, so the general sentence is right.
  refSpaceExhausted: "generic",
  // Import failures reach an operator or a source system, never a chat user: src/ingest/import-command.ts
  // words them for the terminal and src/ingest/http-endpoint.ts as JSON (both tested in test/ingest).
  badFormat: "import",
  badSource: "import",
  noRecords: "import",
};

describe("failure sentences", () => {
  const reasons = failureReasons();

  it("finds the reasons (the scan itself works)", () => {
    for (const r of [
      "personNotFound",
      "unknownOwner",
      "tooFewPrincipals",
      "illegalTransition",
      "badHandle",
    ]) {
      expect(reasons.has(r)).toBe(true);
    }
    expect(reasons.has("noConsent")).toBe(false); // only in a comment
    for (const r of Object.keys(ELSEWHERE)) expect(reasons.has(r), r).toBe(true);
  });

  for (const locale of ["sv", "en"] as const) {
    it(`every reason has its own sentence (${locale})`, () => {
      const t = texts(locale);
      const generic: string[] = [];
      for (const [reason, files] of reasons) {
        if (reason in ELSEWHERE) continue;
        const text = failureText(t, fail(reason, { ref: "K-7F3Q", kind: "hemtjanst", state: "CONSENTED" }));
        expect(text.length).toBeGreaterThan(0);
        if (text === t.unexpected) generic.push(`${reason} (${files.join(", ")})`);
      }
      expect(generic).toEqual([]);
    });

    it(`failureReply words the reasons it owns with the reference (${locale})`, () => {
      const t = texts(locale);
      for (const reason of ["noActiveSip", "notConsented", "noSuggestion"]) {
        const text = failureReply(t, fail(reason), { ref: "K-7F3Q" }).text;
        expect(text).not.toBe(t.unexpected);
        expect(text).toContain("K-7F3Q");
      }
      expect(failureReply(t, fail("refSpaceExhausted")).text).toBe(t.unexpected);
    });
  }

  it("fills in the detail it is given", () => {
    expect(failureText(sv, fail("personNotFound", { ref: "K-7F3Q" }))).toBe(sv.personNotFound("K-7F3Q"));
    expect(failureText(sv, fail("sipAlreadyActive", { state: "SCHEDULED" }))).toBe(
      sv.sipAlreadyActive(sv.sipState.SCHEDULED),
    );
    expect(failureText(en, fail("illegalTransition", { from: "CLOSED", to: "HELD" }))).toBe(
      en.illegalTransition(en.sipState.CLOSED, en.sipState.HELD),
    );
    // An unknown state is shown as it is rather than as "undefined".
    expect(failureText(sv, fail("sipAlreadyActive", { state: "NEW_STATE" }))).toBe(
      sv.sipAlreadyActive("NEW_STATE"),
    );
    expect(failureText(sv, fail("alreadyKnown"))).toBe(sv.registerProblem.alreadyRegistered);
    expect(failureText(sv, fail("somethingNew"))).toBe(sv.unexpected);
  });
});

// ---------- the two languages ----------

/** The shape of a texts object: nested keys, with "fn/<arity>" for functions and "[n]" for arrays. */
function shape(value: unknown, path = ""): string[] {
  if (typeof value === "function") return [`${path}: fn/${value.length}`];
  if (Array.isArray(value)) return [`${path}: [${value.length}]`];
  if (typeof value === "object" && value !== null) {
    return Object.keys(value)
      .sort()
      .flatMap((k) => shape((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [`${path}: ${typeof value}`];
}

/** Every string a texts object can produce, calling each function with sample arguments. */
function allStrings(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (typeof value === "function") {
    const fn = value as (...args: unknown[]) => unknown;
    const samples = [
      Array(fn.length).fill("X"),
      Array(fn.length).fill(7),
      ["X", ...Array(fn.length - 1).fill(null)],
    ];
    return samples.map((args, i) => {
      const out = fn(...args);
      return [`${path}(${i})`, typeof out === "string" ? out : `NOT A STRING: ${String(out)}`];
    });
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => allStrings(v, path ? `${path}.${k}` : k));
  }
  return [[path, `NOT TEXT: ${String(value)}`]];
}

describe("texts", () => {
  it("sv and en have the same keys, arities and list lengths", () => {
    expect(shape(en)).toEqual(shape(sv));
  });

  for (const [name, t] of [
    ["sv", sv],
    ["en", en],
  ] as [string, Texts][]) {
    it(`every ${name} text is a non-empty string, whatever the arguments`, () => {
      for (const [path, s] of allStrings(t)) {
        expect(s.trim().length, path).toBeGreaterThan(0);
        expect(s, path).not.toMatch(/NOT A STRING|NOT TEXT|undefined|\[object/);
      }
    });
  }

  it("the languages differ where they should", () => {
    expect(sv.notUnderstood).not.toBe(en.notUnderstood);
    expect(sv.helpLines.every((l, i) => l !== en.helpLines[i])).toBe(true);
    expect(texts("sv")).toBe(sv);
    expect(texts("en")).toBe(en);
  });
});
