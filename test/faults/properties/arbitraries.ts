// Generators shared by the property catalogue. Calendar arithmetic here is done on UTC day numbers, apart
// from luxon and src/domain/local-date.ts, so a bug there cannot hide behind the same bug in the test.
import fc from "fast-check";
import { luhnCheckDigit } from "../../helpers/test-personnummer.ts";

/** Pieces hostile to parsers: control characters, NUL, bidi marks, emoji, combining marks, odd spaces. */
const NASTY = [
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\r\n",
  "\t",
  "\u00a0",
  "\u202f",
  "\u3000",
  "\u200b",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\ufffd",
  "\ud800",
  "\udfff",
  "😀",
  "👩‍👩‍👧",
  "🇸🇪",
  "a\u030a",
  "\u0301",
  "åäö",
  "ÅÄÖ",
  "Ångström",
  "Öckerö",
  "Ärla",
  '"',
  '""',
  "'",
  "\\",
  "\\n",
  ";",
  ",",
  "<@U0ABC>",
  "<!channel>",
  "&amp;",
  "__proto__",
  "constructor",
  "{",
  "[",
  "K-7F3Q",
  "k-zzzz",
  "#12",
  "@bo",
  "sip",
  "/sip",
  "2026-02-30",
  "29 februari",
  "19121212-1212",
  "121212+1212",
  "v. 49",
  "15.12",
];

const WORDS = [
  "hjälp",
  "ny",
  "insats",
  "samtycke",
  "åtagande",
  "commit",
  "klar",
  "vem",
  "mina",
  "tider",
  "boka",
  "frågor",
  "snooza",
  "överlåt",
  "flytta",
  "till",
  "senast",
  "från",
  "den",
  "on",
  "by",
  "kommun",
  "region",
  "hemtjänst",
  "psyk",
  "BUP",
  "FK",
  "ringer",
  "fredag",
  "i morgon",
  "december",
  "om 2 veckor",
  "nästa vecka",
  "och",
  "men",
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Text a user, a platform or a file might send, valid Unicode or not. */
export function hostileText(maxLength = 300): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...NASTY),
    fc.constantFrom(...WORDS),
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.string({ unit: codeUnit, maxLength: 4 }),
    fc.integer({ min: 0, max: 99_999_999 }).map(String),
    fc.constantFrom(" ", "  ", "\n", ".", "?", "!", ":"),
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(" ").slice(0, maxLength)),
    },
    { weight: 2, arbitrary: fc.array(piece, { maxLength: 40 }).map((ps) => ps.join("").slice(0, maxLength)) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength }) },
  );
}

/** Text right around a documented length cap, built by repeating a hostile piece. */
export function textNear(cap: number): fc.Arbitrary<string> {
  return fc
    .tuple(hostileText(40), fc.integer({ min: Math.max(0, cap - 20), max: cap + 20 }))
    .map(([p, n]) => (p === "" ? "x" : p).repeat(Math.ceil(n / Math.max(1, p.length || 1)) + 1).slice(0, n));
}

export function hostileOrHuge(maxLength: number, cap: number): fc.Arbitrary<string> {
  return fc.oneof({ weight: 5, arbitrary: hostileText(maxLength) }, { weight: 1, arbitrary: textNear(cap) });
}

// ---- calendar days, independently of luxon ----

const DAY_MS = 86_400_000;

export function isoOfDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function daysOfIso(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

// By the Gregorian rule, not Date.UTC: that reads years 0–99 as 1900–1999.
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO weekday, Monday 1 … Sunday 7. */
export function weekdayOf(iso: string): number {
  return ((new Date(daysOfIso(iso) * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

/** Around the 2026 daylight-saving changes in Stockholm (29 March, 25 October) and year ends. */
export const TRICKY_DAYS = [
  "2026-03-28",
  "2026-03-29",
  "2026-03-30",
  "2026-10-24",
  "2026-10-25",
  "2026-10-26",
  "2026-12-31",
  "2027-02-28",
  "2028-02-29",
  "2027-03-28",
  "2027-10-31",
];

/** A Stockholm calendar day between 2000 and 2090, often one near a DST change. */
export const calendarDay: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY_DAYS) },
  {
    weight: 3,
    arbitrary: fc.integer({ min: daysOfIso("2000-01-01"), max: daysOfIso("2090-12-31") }).map(isoOfDays),
  },
);

/** The calendar day in Stockholm at an instant, by Intl rather than luxon. */
export function stockholmDayOf(at: Date): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(at);
}

// ---- personnummer, valid by construction ----

export interface GeneratedId {
  /** As written: 10 or 12 digits, with or without a separator. */
  text: string;
  /** 12 digits YYYYMMDDNNNC. */
  normalized: string;
  kind: "personnummer" | "samordningsnummer";
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * A valid personnummer or samordningsnummer as of `today`: a birth day before it, a serial that is not
 * 000, the Luhn digit, 10 or 12 digits, and a separator the 10-digit form allows for that age ("+" from
 * the 100th birthday on).
 */
export function swedishId(today: string): fc.Arbitrary<GeneratedId> {
  const last = daysOfIso(today) - 1;
  return fc
    .record({
      birth: fc.integer({ min: daysOfIso("1880-01-01"), max: last }).map(isoOfDays),
      serial: fc.integer({ min: 1, max: 999 }),
      coordination: fc.boolean(),
      twelve: fc.boolean(),
      separator: fc.constantFrom("-", "", " ", "+", "\u2013", "\u00a0"),
    })
    .map(({ birth, serial, coordination, twelve, separator }) => {
      const [y, m, d] = [birth.slice(0, 4), birth.slice(5, 7), Number(birth.slice(8, 10))];
      const day = pad(coordination ? d + 60 : d);
      const nine = `${y.slice(2)}${m}${day}${pad(serial, 3)}`;
      const ten = nine + luhnCheckDigit(nine);
      const normalized = y.slice(0, 2) + ten;
      const hundred = `${Number(today.slice(0, 4)) - 100}${today.slice(4)}`;
      const old = birth <= hundred;
      let text: string;
      if (twelve) {
        text = separator === "" ? normalized : `${normalized.slice(0, 8)}${separator}${normalized.slice(8)}`;
      } else {
        const sep = old ? "+" : separator === "+" ? "-" : separator;
        text = sep === "" ? ten : `${ten.slice(0, 6)}${sep}${ten.slice(6)}`;
      }
      const kind = coordination ? ("samordningsnummer" as const) : ("personnummer" as const);
      return { text, normalized, kind };
    });
}

/** The same number with a wrong check digit. */
export function withWrongCheckDigit(text: string, shift: number): string {
  const c = Number(text.at(-1));
  return text.slice(0, -1) + String((c + 1 + (shift % 9)) % 10);
}

/** A character that ends a number without gluing to it (not a letter, digit or combining mark). */
export const boundary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    " ",
    "\n",
    "\t",
    "(",
    ")",
    ":",
    ".",
    ",",
    "/",
    "\u200f",
    "\u202e",
    "\u0000",
    "😀",
    '"',
    "\u00a0",
  ),
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 1 })
    .filter((c) => !/[\p{L}\p{N}\p{M}+\-\u2010-\u2013\u2212\s]/u.test(c)),
);
