// Valid commands, generated once as an intent and written twice, in Swedish and in English, with the
// command that both must parse to. Date phrases come in pairs too ("15 december 2027" / "December 15 2027").
import fc from "fast-check";
import type { Command } from "../../../src/conversation/commands.ts";
import { daysOfIso, isoOfDays, weekdayOf } from "./arbitraries.ts";

export interface Written {
  sv: string[];
  en: string[];
  expected: Command;
}

const SV_MONTHS =
  "januari februari mars april maj juni juli augusti september oktober november december".split(" ");
const EN_MONTHS =
  "January February March April May June July August September October November December".split(" ");
const SV_DAYS = "måndag tisdag onsdag torsdag fredag lördag söndag".split(" ");
const EN_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(" ");

export interface DatePair {
  sv: readonly string[];
  en: readonly string[];
  date: string;
}

/** A date phrase in both languages and the day it means, relative to `today`. */
export function datePair(today: string): fc.Arbitrary<DatePair> {
  const t = daysOfIso(today);
  const absolute = fc.integer({ min: t - 400, max: t + 1500 }).map((n): DatePair => {
    const date = isoOfDays(n);
    const [y, m, d] = [date.slice(0, 4), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
    return {
      date,
      sv: [String(d), SV_MONTHS[m - 1] ?? "", y],
      en: [EN_MONTHS[m - 1] ?? "", String(d), y],
    };
  });
  const iso = fc.integer({ min: t - 400, max: t + 1500 }).map((n) => {
    const date = isoOfDays(n);
    return { date, sv: [date], en: [date] };
  });
  const relative = fc.oneof(
    fc.constant({ date: today, sv: ["i", "dag"], en: ["today"] }),
    fc.constant({ date: isoOfDays(t + 1), sv: ["i", "morgon"], en: ["tomorrow"] }),
    fc.integer({ min: 0, max: 99 }).map((k) => ({
      date: isoOfDays(t + k),
      sv: ["om", String(k), "dagar"],
      en: ["in", String(k), "days"],
    })),
    fc.integer({ min: 0, max: 30 }).map((k) => ({
      date: isoOfDays(t + 7 * k),
      sv: ["om", String(k), "veckor"],
      en: ["in", String(k), "weeks"],
    })),
    fc.integer({ min: 1, max: 7 }).map((wd) => {
      const ahead = (wd - weekdayOf(today) + 7) % 7 || 7;
      return { date: isoOfDays(t + ahead), sv: [SV_DAYS[wd - 1] ?? ""], en: [EN_DAYS[wd - 1] ?? ""] };
    }),
  );
  return fc.oneof(absolute, iso, relative);
}

const REF_CHARS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ref = fc
  .tuple(fc.string({ unit: fc.constantFrom(...REF_CHARS), minLength: 4, maxLength: 8 }), fc.boolean())
  .map(([body, lower]) => ({ typed: lower ? `k-${body.toLowerCase()}` : `K-${body}`, ref: `K-${body}` }));

// Words that no parser treats as a keyword, a principal or a date.
const plainWord = fc.constantFrom(
  "ringa",
  "FK",
  "Boka",
  "läkarbesök",
  "ansöka",
  "om",
  "stöd",
  "x-1",
  "Åre",
  "ök",
  "bo3",
);
const plainWords = fc.array(plainWord, { minLength: 1, maxLength: 5 });
const effortWords = fc.array(
  fc.constantFrom("hemtjänst", "BUP", "psykiatri", "Boendestöd", "LSS", "daglig", "verksamhet"),
  {
    minLength: 1,
    maxLength: 3,
  },
);
const number = fc.integer({ min: 1, max: 999_999_999 });
const handle = fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/);
const verb = (sv: string[], en: string[]) => fc.tuple(fc.constantFrom(...sv), fc.constantFrom(...en));

function refCommand(name: "who" | "withdraw" | "start" | "agenda", sv: string[], en: string[]) {
  return fc
    .tuple(verb(sv, en), ref)
    .map(([[s, e], r]): Written => ({ sv: [s, r.typed], en: [e, r.typed], expected: { name, ref: r.ref } }));
}

const PRINCIPALS = [
  { sv: "kommun", en: "municipality", p: "MUNICIPALITY" },
  { sv: "regionen", en: "region", p: "REGION" },
  { sv: "övriga", en: "other", p: "OTHER" },
] as const;
const ROLES = [
  { sv: ["personal"], en: ["staff"], role: "staff" },
  { sv: ["enhetschef"], en: ["managers"], role: "manager" },
  { sv: ["den", "enskilde"], en: ["the", "person"], role: "person" },
  { sv: ["närstående"], en: ["relatives"], role: "relatives" },
  { sv: ["alla"], en: ["all"], role: null },
  { sv: [], en: [], role: null },
] as const;

/** One valid command in both languages, and what it must parse to. */
export function writtenCommand(today: string): fc.Arbitrary<Written> {
  const date = datePair(today);
  return fc.oneof(
    verb(["hjälp", "hjalp", "?"], ["help"]).map(([s, e]): Written => ({
      sv: [s],
      en: [e],
      expected: { name: "help" },
    })),
    verb(["mina"], ["mine"]).map(([s, e]): Written => ({ sv: [s], en: [e], expected: { name: "mine" } })),
    verb(["ny"], ["new"]).map(([s, e]): Written => ({
      sv: [s],
      en: [e],
      expected: { name: "new", identifier: null },
    })),
    fc.tuple(verb(["klar"], ["done"]), number, fc.boolean()).map(([[s, e], n, hash]): Written => {
      const arg = `${hash ? "#" : ""}${n}`;
      return { sv: [s, arg], en: [e, arg], expected: { name: "done", number: n } };
    }),
    refCommand("who", ["vem"], ["who"]),
    refCommand("withdraw", ["återkalla", "aterkalla"], ["withdraw"]),
    refCommand("start", ["starta"], ["start"]),
    refCommand("agenda", ["dagordning", "agenda"], ["agenda"]),
    fc
      .tuple(verb(["avböj", "avboj", "avfärda"], ["dismiss"]), ref, plainWords)
      .map(([[s, e], r, ws]): Written => ({
        sv: [s, r.typed, ...ws],
        en: [e, r.typed, ...ws],
        expected: { name: "dismiss", ref: r.ref, reason: ws.join(" ") },
      })),
    fc
      .tuple(verb(["huvudansvar"], ["lead"]), ref, fc.constantFrom(...PRINCIPALS.slice(0, 2)))
      .map(([[s, e], r, p]): Written => ({
        sv: [s, r.typed, p.sv],
        en: [e, r.typed, p.en],
        expected: { name: "lead", ref: r.ref, principal: p.p as "REGION" | "MUNICIPALITY" },
      })),
    fc
      .tuple(verb(["uppföljning", "uppfoljning"], ["follow-up", "followup"]), ref, date)
      .map(([[s, e], r, d]): Written => ({
        sv: [s, r.typed, ...d.sv],
        en: [e, r.typed, ...d.en],
        expected: { name: "followUp", ref: r.ref, date: d.date },
      })),
    fc
      .tuple(verb(["frågor", "fragor"], ["questions"]), ref, fc.constantFrom(...ROLES))
      .map(([[s, e], r, role]): Written => ({
        sv: [s, r.typed, ...role.sv],
        en: [e, r.typed, ...role.en],
        expected: { name: "questions", ref: r.ref, role: role.role },
      })),
    fc.tuple(verb(["tider", "tid"], ["times"]), ref).map(([[s, e], r]): Written => ({
      sv: [s, r.typed],
      en: [e, r.typed],
      expected: { name: "times", ref: r.ref },
    })),
    fc.tuple(verb(["avboka"], ["cancel-meeting"]), ref).map(([[s, e], r]): Written => ({
      sv: [s, r.typed],
      en: [e, r.typed],
      expected: { name: "cancelMeeting", ref: r.ref },
    })),
    fc
      .tuple(verb(["boka"], ["book"]), ref, fc.integer({ min: 1, max: 99 }))
      .map(([[s, e], r, n]): Written => ({
        sv: [s, r.typed, String(n)],
        en: [e, r.typed, String(n)],
        expected: { name: "book", ref: r.ref, position: n },
      })),
    fc
      .tuple(
        verb(["insats"], ["effort"]),
        ref,
        effortWords,
        fc.option(fc.constantFrom(...PRINCIPALS)),
        fc.option(date),
        fc.nat(3),
      )
      .map(([[s, e], r, ws, p, d, at]): Written => {
        const place = (words: readonly string[], word: string | undefined) =>
          word === undefined ? [...words] : [...words.slice(0, at), word, ...words.slice(at)];
        return {
          sv: [s, r.typed, ...place(ws, p?.sv), ...(d === null ? [] : ["från", ...d.sv])],
          en: [e, r.typed, ...place(ws, p?.en), ...(d === null ? [] : ["from", ...d.en])],
          expected: {
            name: "effort",
            ref: r.ref,
            effort: ws.join(" "),
            ...(p !== null && { principal: p.p }),
            ...(d !== null && { startDate: d.date }),
          },
        };
      }),
    fc
      .tuple(verb(["avsluta-insats"], ["end-effort"]), ref, effortWords, fc.option(date))
      .map(([[s, e], r, ws, d]): Written => ({
        sv: [s, r.typed, ...ws, ...(d === null ? [] : ["den", ...d.sv])],
        en: [e, r.typed, ...ws, ...(d === null ? [] : ["on", ...d.en])],
        expected: {
          name: "endEffort",
          ref: r.ref,
          effort: ws.join(" "),
          ...(d !== null && { endDate: d.date }),
        },
      })),
    fc
      .tuple(
        verb(["samtycke"], ["consent"]),
        ref,
        fc.subarray([...PRINCIPALS]),
        fc.constantFrom(0, 1, 2),
        fc.option(date),
        fc.option(plainWords),
      )
      .map(([[s, e], r, ps, giver, d, parties]): Written => {
        const giverWords =
          [[], ["vårdnadshavare", "guardian"], ["företrädare", "representative"]][giver] ?? [];
        return {
          sv: [
            s,
            r.typed,
            ...ps.map((p) => p.sv),
            ...giverWords.slice(0, 1),
            ...(d === null ? [] : ["till", ...d.sv]),
            ...(parties === null ? [] : ["parter", ...parties]),
          ],
          en: [
            e,
            r.typed,
            ...(d === null ? [] : ["until", ...d.en]),
            ...giverWords.slice(1),
            ...ps.map((p) => p.en),
            ...(parties === null ? [] : ["parties", ...parties]),
          ],
          expected: {
            name: "consent",
            ref: r.ref,
            principals: ps.length === 0 ? null : ps.map((p) => p.p),
            givenBy: (["PERSON", "GUARDIAN", "LEGAL_REPRESENTATIVE"] as const)[giver] ?? "PERSON",
            ...(d !== null && { validTo: d.date }),
            ...(parties !== null && { parties: parties.join(" ") }),
          },
        };
      }),
    fc
      .tuple(
        verb(["åtagande", "atagande"], ["commit"]),
        ref,
        fc.oneof(
          handle.map((h) => ({ h })),
          fc.constantFrom("Hemtjänst Norr", "VC Söder", "BUP").map((u) => ({ u })),
        ),
        plainWords,
        fc.option(date),
      )
      .map(([[s, e], r, owner, ws, d]): Written => {
        const ownerText = "h" in owner ? `@${owner.h}` : `"${owner.u}"`;
        return {
          sv: [s, r.typed, ownerText, ...ws, ...(d === null ? [] : ["senast", ...d.sv])],
          en: [e, r.typed, ownerText, ...ws, ...(d === null ? [] : ["by", ...d.en])],
          expected: {
            name: "commit",
            ref: r.ref,
            owner: "h" in owner ? { kind: "staff", handle: owner.h } : { kind: "unit", name: owner.u },
            what: ws.join(" "),
            dueDate: d === null ? null : d.date,
          },
        };
      }),
    ...followThrough(today),
  );
}

function followThrough(today: string): fc.Arbitrary<Written>[] {
  const date = datePair(today);
  const ft = (command: Extract<Command, { name: "followThrough" }>["command"]): Command => ({
    name: "followThrough",
    command,
  });
  return [
    fc
      .tuple(
        verb(["sammanfattning", "veckosammanfattning"], ["digest"]),
        fc.option(fc.constantFrom("Hemtjänst Norr", "BUP", "Vård och omsorg")),
        fc.option(fc.constantFrom("v47", "2026-W47", "W1", "12")),
      )
      .map(([[s, e], unit, week]): Written => {
        const args = [...(unit === null ? [] : unit.split(" ")), ...(week === null ? [] : [week])];
        return { sv: [s, ...args], en: [e, ...args], expected: ft({ name: "digest", unit, week }) };
      }),
    fc.tuple(verb(["plan", "planen"], ["plan"]), ref).map(([[s, e], r]): Written => ({
      sv: [s, r.typed],
      en: [e, r.typed],
      expected: ft({ name: "plan", ref: r.ref }),
    })),
    fc.tuple(verb(["mål", "mal"], ["goal"]), ref, plainWords).map(([[s, e], r, ws]): Written => ({
      sv: [s, r.typed, ...ws],
      en: [e, r.typed, ...ws],
      expected: ft({ name: "goal", ref: r.ref, text: ws.join(" ") }),
    })),
    fc
      .tuple(verb(["snooza", "påminn", "paminn"], ["snooze"]), number, fc.option(date))
      .map(([[s, e], n, d]): Written => ({
        sv: [s, String(n), ...(d === null ? [] : ["till", ...d.sv])],
        en: [e, String(n), ...(d === null ? [] : ["until", ...d.en])],
        expected: ft({ name: "snooze", number: n, until: d === null ? null : d.date }),
      })),
    fc
      .tuple(verb(["överlåt", "overlat", "lämna-över", "lamna-over"], ["reassign"]), number, handle)
      .map(([[s, e], n, h]): Written => ({
        sv: [s, String(n), "till", `@${h}`],
        en: [e, String(n), "to", `@${h}`],
        expected: ft({ name: "reassign", number: n, handle: h }),
      })),
    fc.tuple(verb(["flytta"], ["move"]), number, date).map(([[s, e], n, d]): Written => ({
      sv: [s, `#${n}`, "till", ...d.sv],
      en: [e, `#${n}`, "to", ...d.en],
      expected: ft({ name: "moveDue", number: n, date: d.date }),
    })),
  ];
}
