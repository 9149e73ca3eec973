// Dates as staff type them and as the bot writes them: every accepted spelling of a day reads back as that
// day in Europe/Stockholm, across the DST changes (2026-03-29, 2026-10-25); days that do not exist are
// rejected, not moved to a neighbour.
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseDatePhrase } from "../../../src/conversation/dates.ts";
import { findDueDate } from "../../../src/conversation/free-text-dates.ts";
import { addDays, formatLocalDate, isLocalDate, stockholmDate } from "../../../src/domain/local-date.ts";
import { fhirDate } from "../../../src/ingest/fhir-source.ts";
import {
  calendarDay,
  daysInMonth,
  daysOfIso,
  hostileText,
  isoOfDays,
  stockholmDayOf,
  TRICKY_DAYS,
} from "./arbitraries.ts";
import { datePair } from "./command-arbitraries.ts";
import { type PropertySpec, spec } from "./property-spec.ts";

const SV_LONG = "januari februari mars april maj juni juli augusti september oktober november december".split(
  " ",
);
const SV_SHORT = "jan feb mars apr maj juni juli aug sep okt nov dec".split(" ");
const EN_LONG = "January February March April May June July August September October November December".split(
  " ",
);
const EN_SHORT = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
const ORDINAL = (d: number) =>
  d % 10 === 1 && d !== 11 ? "st" : d % 10 === 2 && d !== 12 ? "nd" : d % 10 === 3 && d !== 13 ? "rd" : "th";

/** Every spelling of a day with its year that the parser documents, one picked by `which`. */
function spellings(date: string): string[] {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const i = m - 1;
  return [
    date,
    `den ${date}`,
    `${d} ${SV_LONG[i]} ${y}`,
    `den ${d} ${SV_LONG[i]} ${y}`,
    `${d} ${SV_SHORT[i]}. ${y}`,
    `${d}:e ${SV_LONG[i]} ${y}`,
    `${d} ${EN_LONG[i]} ${y}`,
    `${d}${ORDINAL(d)} ${EN_SHORT[i]} ${y}`,
    `${EN_LONG[i]} ${d}, ${y}`,
    `on ${EN_SHORT[i]} ${d}${ORDINAL(d)} ${y}`,
    `${d}/${m}/${y}`,
    formatLocalDate(date, "sv"),
    formatLocalDate(date, "en"),
  ];
}

const dayAround = (today: string) =>
  fc.integer({ min: daysOfIso(today) - 800, max: daysOfIso(today) + 800 }).map(isoOfDays);
const caseOf = fc.constantFrom(
  (s: string) => s,
  (s: string) => s.toUpperCase(),
  (s: string) => s.toLowerCase(),
);

const withYear = spec(
  "dates",
  "a day written with its year in any accepted spelling reads back as that day",
  4000,
  () =>
    fc.property(
      calendarDay.chain((today) => fc.tuple(fc.constant(today), dayAround(today))),
      fc.nat(),
      caseOf,
      fc.constantFrom("", " ", "  ", "\t"),
      ([today, date], which, recase, pad) => {
        const all = spellings(date);
        const text = recase(all[which % all.length] ?? date);
        assert.equal(parseDatePhrase(`${pad}${text}${pad}`, today), date, text);
      },
    ),
);

const withoutYear = spec(
  "dates",
  "a day within the coming year written without a year reads as that day",
  3000,
  () =>
    fc.property(
      calendarDay.chain((today) =>
        fc.tuple(
          fc.constant(today),
          fc.integer({ min: 0, max: 364 }).map((k) => isoOfDays(daysOfIso(today) + k)),
        ),
      ),
      fc.constantFrom(0, 1, 2, 3),
      ([today, date], form) => {
        const [m, d] = [Number(date.slice(5, 7)), Number(date.slice(8, 10))];
        // Without a year, "29 februari" in a year that has none is refused, not moved to the next leap year.
        fc.pre(!(m === 2 && d === 29 && daysInMonth(Number(today.slice(0, 4)), 2) === 28));
        const text =
          [`${d} ${SV_LONG[m - 1]}`, `${EN_LONG[m - 1]} ${d}`, `${d}/${m}`, `den ${d}:e ${SV_SHORT[m - 1]}`][
            form
          ] ?? "";
        assert.equal(parseDatePhrase(text, today), date, text);
      },
    ),
);

const relative = spec(
  "dates",
  "relative days (i morgon, om 2 veckor, fredag) agree in sv and en, across DST",
  4000,
  () =>
    fc.property(
      calendarDay.chain((today) => fc.tuple(fc.constant(today), datePair(today))),
      ([today, pair]) => {
        assert.equal(parseDatePhrase(pair.sv.join(" "), today), pair.date, pair.sv.join(" "));
        assert.equal(parseDatePhrase(pair.en.join(" "), today), pair.date, pair.en.join(" "));
      },
    ),
);

const impossible = spec(
  "dates",
  "days that do not exist (2026-02-30, 31/4) are rejected, not shifted",
  4000,
  () =>
    fc.property(
      fc.integer({ min: 1900, max: 2099 }),
      fc.integer({ min: 0, max: 14 }),
      fc.integer({ min: 0, max: 35 }),
      fc.nat(),
      calendarDay,
      (y, m, d, which, today) => {
        fc.pre(m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m));
        const iso = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        const month = m >= 1 && m <= 12;
        const texts = [
          iso,
          `${d}/${m}/${y}`,
          ...(month ? [`${d} ${SV_LONG[m - 1]} ${y}`, `${EN_LONG[m - 1]} ${d} ${y}`] : []),
        ];
        const text = texts[which % texts.length] ?? iso;
        assert.equal(parseDatePhrase(text, today), null, text);
        assert.equal(isLocalDate(iso), false, iso);
        assert.equal(fhirDate(iso), null);
        assert.equal(fhirDate(`${iso}T12:00:00+01:00`), null);
      },
    ),
);

const isoShape = spec("dates", "isLocalDate accepts exactly the real days of the calendar", 4000, () =>
  fc.property(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    (y, m, d) => {
      const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      const real = m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
      assert.equal(isLocalDate(iso), real, iso);
    },
  ),
);

// Every minute of the days around the DST changes, in UTC terms.
const instant = fc.oneof(
  fc
    .constantFrom(...TRICKY_DAYS)
    .chain((day) =>
      fc
        .integer({ min: -3 * 60, max: 27 * 60 })
        .map((min) => new Date(Date.parse(`${day}T00:00:00Z`) + min * 60_000)),
    ),
  fc.date({
    min: new Date("1950-01-01T00:00:00Z"),
    max: new Date("2090-12-31T23:59:59Z"),
    noInvalidDate: true,
  }),
);

const instants = spec(
  "dates",
  "the Stockholm day of an instant agrees with Intl, also in FHIR dateTimes",
  3000,
  () =>
    fc.property(instant, fc.constantFrom("Z", "+01:00", "+02:00", "-05:00", "+14:00"), (at, offset) => {
      const day = stockholmDayOf(at);
      assert.equal(stockholmDate(at), day);
      const hours = offset === "Z" ? 0 : Number(offset.slice(0, 3));
      const local = new Date(at.getTime() + hours * 3_600_000).toISOString().slice(0, 19);
      assert.equal(fhirDate(`${local}${offset}`), day, `${local}${offset}`);
    }),
);

const dayArithmetic = spec("dates", "adding days moves the calendar by whole days, across DST", 4000, () =>
  fc.property(calendarDay, fc.integer({ min: -800, max: 800 }), (day, n) => {
    const later = addDays(day, n);
    assert.equal(later, isoOfDays(daysOfIso(day) + n));
    assert.equal(addDays(later, -n), day);
  }),
);

const anyText = spec("dates", "arbitrary text gives a day or nothing, never an exception", 4000, () =>
  fc.property(hostileText(80), calendarDay, (text, today) => {
    const d = parseDatePhrase(text, today);
    if (d !== null) assert.ok(isLocalDate(d), d);
    const f = fhirDate(text);
    if (f !== null) assert.ok(isLocalDate(f));
  }),
);

const dueDates = spec("dates", "a due date inside a sentence is found, and any sentence is safe", 3000, () =>
  fc.property(
    calendarDay.chain((today) => fc.tuple(fc.constant(today), datePair(today))),
    fc.constantFrom(["senast", "by"], ["före", "before"], ["till", "until"]),
    fc.boolean(),
    hostileText(300),
    ([today, pair], [svCue, enCue], sv, noise) => {
      const words = sv ? pair.sv : pair.en;
      const clause = sv
        ? `Bo ringer FK ${svCue} ${words.join(" ")}`
        : `Bo calls the clinic ${enCue} ${words.join(" ")}`;
      const span = findDueDate(clause, today);
      assert.ok(span !== null, clause);
      assert.equal(span.date, pair.date, clause);
      assert.equal(clause.slice(span.start).startsWith(sv ? svCue : enCue), true);
      assert.equal(span.end, clause.length);
      const any = findDueDate(noise, today);
      if (any !== null) {
        assert.ok(isLocalDate(any.date));
        assert.ok(any.start >= 0 && any.start <= any.end && any.end <= noise.length);
      }
    },
  ),
);

export const dateProperties: PropertySpec[] = [
  withYear,
  withoutYear,
  relative,
  impossible,
  isoShape,
  instants,
  dayArithmetic,
  anyText,
  dueDates,
];
