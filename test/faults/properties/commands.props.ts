// Commands in both languages: the same intent written in Swedish and in English parses to the same
// command, whatever the surrounding whitespace and the case of the verb; any text gives a command or a
// known problem, never an exception.
import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_COMMAND_LENGTH, type Parsed, parseCommand } from "../../../src/conversation/commands.ts";
import { parseQuestionRole } from "../../../src/conversation/drafting-commands.ts";
import { parseParticipantList, parseTimeList } from "../../../src/conversation/scheduling-commands.ts";
import { parseDigestWeek } from "../../../src/domain/digest.ts";
import { parseOwnerToken } from "../../../src/domain/free-text.ts";
import { isLocalDate } from "../../../src/domain/local-date.ts";
import { findPersonRefs, parsePersonRef } from "../../../src/domain/person-ref.ts";
import { calendarDay, hostileOrHuge, hostileText, weekdayOf } from "./arbitraries.ts";
import { datePair, writtenCommand } from "./command-arbitraries.ts";
import { type PropertySpec, spec } from "./property-spec.ts";

const PROBLEMS = new Set([
  "notACommand",
  "tooLong",
  "missingRef",
  "badRef",
  "missingArgument",
  "badDate",
  "badNumber",
]);
const REF = /^K-[0-9A-HJKMNP-TV-Z]{4,8}$/;

/** What holds of every parse, valid input or not. */
function checkParsed(input: string, p: Parsed): void {
  if (!p.ok) {
    assert.ok(PROBLEMS.has(p.problem), `unknown problem ${p.problem}`);
    if (p.problem === "tooLong") assert.ok(input.length > MAX_COMMAND_LENGTH);
    if (p.problem === "badRef") assert.ok(p.given.length <= 20);
    if (p.problem === "badDate") assert.ok(p.given.length <= 40);
    return;
  }
  const c = p.command;
  if ("ref" in c) assert.match(c.ref, REF);
  const dates = [
    "startDate" in c ? c.startDate : undefined,
    "endDate" in c ? c.endDate : undefined,
    "validTo" in c ? c.validTo : undefined,
    c.name === "followUp" ? c.date : undefined,
    c.name === "commit" ? c.dueDate : undefined,
  ];
  for (const d of dates) if (typeof d === "string") assert.ok(isLocalDate(d), `not a date: ${d}`);
}

const GAP = fc.constantFrom(" ", "  ", "\t", "\u00a0", "\u3000", " \t ");
const PREFIX = fc.constantFrom("", "sip", "/sip", "SIP", "Sip");
const EDGE = fc.constantFrom("", " ", "\n", "\t ", "  \r\n", "\u00a0");

function write(
  tokens: readonly string[],
  prefix: string,
  gaps: readonly string[],
  lead: string,
  trail: string,
): string {
  const all = prefix === "" ? tokens : [prefix, ...tokens];
  return lead + all.map((t, i) => (i === 0 ? t : `${gaps[i % gaps.length] ?? " "}${t}`)).join("") + trail;
}

function mixCase(word: string, pattern: number): string {
  return [...word].map((ch, i) => ((pattern >> (i % 30)) & 1 ? ch.toUpperCase() : ch)).join("");
}

const svEnSame = spec("commands", "sv and en spellings of a command parse to the same command", 3000, () =>
  fc.property(
    calendarDay.chain((today) => fc.tuple(fc.constant(today), writtenCommand(today))),
    PREFIX,
    fc.array(GAP, { minLength: 1, maxLength: 12 }),
    EDGE,
    EDGE,
    fc.nat(),
    ([today, w], prefix, gaps, lead, trail, casing) => {
      for (const tokens of [w.sv, w.en]) {
        const [verb = "", ...args] = tokens;
        const text = write([mixCase(verb, casing), ...args], prefix, gaps, lead, trail);
        assert.deepStrictEqual(
          parseCommand(text, today),
          { ok: true, command: w.expected },
          JSON.stringify(text),
        );
        // Decomposed letters (as some keyboards and pastes send "å") read the same.
        assert.deepStrictEqual(parseCommand(text.normalize("NFD"), today), { ok: true, command: w.expected });
      }
    },
  ),
);

const anyText = spec("commands", "arbitrary text gives a command or a known problem", 3000, () =>
  fc.property(hostileOrHuge(400, MAX_COMMAND_LENGTH), calendarDay, (text, today) => {
    checkParsed(text, parseCommand(text, today));
    checkParsed(`sip ${text}`, parseCommand(`sip ${text}`, today));
  }),
);

const keywordSoup = spec(
  "commands",
  "verbs followed by arbitrary arguments give a command or a known problem",
  3000,
  () =>
    fc.property(
      fc.constantFrom(
        "insats",
        "effort",
        "samtycke",
        "åtagande",
        "commit",
        "avsluta-insats",
        "uppföljning",
        "snooza",
        "flytta",
        "överlåt",
        "sammanfattning",
        "boka",
        "klar",
        "frågor",
        "mål",
        "huvudansvar",
      ),
      fc.constantFrom("K-7F3Q", "k-abcd", "K-", ""),
      hostileText(200),
      calendarDay,
      (verb, ref, rest, today) => {
        const text = `sip ${verb} ${ref} ${rest}`;
        checkParsed(text, parseCommand(text, today));
      },
    ),
);

const normalForms = spec("commands", "NFC and NFD spellings of any text parse alike", 2000, () =>
  fc.property(hostileText(300), calendarDay, (text, today) => {
    const nfd = text.normalize("NFD");
    fc.pre(nfd.length <= MAX_COMMAND_LENGTH);
    assert.deepStrictEqual(parseCommand(nfd, today), parseCommand(text.normalize("NFC"), today));
  }),
);

const timeLists = spec(
  "commands",
  "a poll's list of times reads back day by day, and any text never throws",
  2000,
  () =>
    fc.property(
      calendarDay.chain((today) =>
        fc.tuple(
          fc.constant(today),
          fc.array(
            fc.tuple(
              datePair(today),
              fc.integer({ min: 0, max: 23 }),
              fc.integer({ min: 0, max: 59 }),
              fc.constantFrom("sv", "en"),
              fc.constantFrom(":", "."),
            ),
            { minLength: 1, maxLength: 6 },
          ),
        ),
      ),
      fc.constantFrom(", ", "; ", "\n", " , "),
      hostileText(200),
      ([today, items], sep, noise) => {
        const written = items.map(([d, h, m, lang, colon]) => {
          const time = `${h}${colon}${String(m).padStart(2, "0")}`;
          const day = (lang === "sv" ? d.sv : d.en).join(" ");
          return { text: lang === "sv" ? `${day} kl ${time}` : `${day} at ${time}`, date: d.date, time };
        });
        const parsed = parseTimeList(written.map((x) => x.text).join(sep), today);
        assert.deepStrictEqual(parsed, {
          ok: true,
          times: written.map(({ date, time }) => ({ date, time })),
        });
        const any = parseTimeList(noise, today);
        if (any.ok) for (const t of any.times) assert.ok(isLocalDate(t.date));
        else assert.ok(any.given.length <= 40);
      },
    ),
);

const participants = spec(
  "commands",
  "a participant list keeps every handle, in order, and never throws",
  2000,
  () =>
    fc.property(
      fc.array(
        fc
          .tuple(
            fc.constantFrom("bo", "åsa", "ö", "and", "x1"),
            fc.array(fc.constantFrom("och", "and", "-", ".", "_", "å", "9", "ers"), { maxLength: 4 }),
          )
          .map(([head, tail]) => head + tail.join("")),
        { minLength: 1, maxLength: 8 },
      ),
      fc.constantFrom(", ", "; ", " och ", " and ", " "),
      fc.boolean(),
      hostileText(300),
      (handles, sep, required, noise) => {
        const out = parseParticipantList(handles.map((h) => `@${h}`).join(sep), required);
        assert.deepStrictEqual(
          out,
          handles.map((h) => ({ handle: `@${h}`, required })),
        );
        const any = parseParticipantList(noise, required);
        assert.ok(any.length <= 41);
      },
    ),
);

const smallParsers = spec(
  "commands",
  "role words, digest weeks, references and owner tokens never throw",
  3000,
  () =>
    fc.property(hostileText(120), calendarDay, (text, today) => {
      const role = parseQuestionRole(text);
      assert.ok(
        role === null || role === undefined || ["staff", "manager", "person", "relatives"].includes(role),
      );
      const week = parseDigestWeek(text, today);
      if (week !== null) assert.equal(weekdayOf(week.start), 1);
      const ref = parsePersonRef(text);
      if (ref !== null) assert.match(ref, REF);
      for (const r of findPersonRefs(text)) assert.match(r, REF);
      const owner = parseOwnerToken(text);
      if (owner !== null) assert.ok(["staff", "unit", "other"].includes(owner.kind));
    }),
);

const digestWeeks = spec("commands", "a week written as v47 and as 2026-W47 is the same Monday", 2000, () =>
  fc.property(calendarDay, fc.integer({ min: 1, max: 53 }), (today, n) => {
    const short = parseDigestWeek(`v${n}`, today);
    const year = parseDigestWeek(`${Number(today.slice(0, 4))}-W${n}`, today);
    if (short === null) return;
    assert.equal(weekdayOf(short.start), 1);
    assert.equal(short.isoWeek, n);
    if (year !== null) assert.equal(year.isoWeek, n);
  }),
);

export const commandProperties: PropertySpec[] = [
  svEnSame,
  anyText,
  keywordSoup,
  normalForms,
  timeLists,
  participants,
  smallParsers,
  digestWeeks,
];
