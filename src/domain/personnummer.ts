import { stockholmDate } from "./local-date.ts";

// Staff sometimes paste a personnummer or samordningsnummer into chat. We must recognise one to warn, to
// keep it out of storage and model calls, and to turn it into a keyed hash (see person-ref.ts). The text is
// scanned by hand, one pass, instead of by a regular expression: the input is untrusted and may be large,
// and a scanner makes the linear running time obvious rather than a property of the regex engine.

export type SwedishIdKind = "personnummer" | "samordningsnummer";

export interface SwedishId {
  kind: SwedishIdKind;
  /** 12 digits YYYYMMDDNNNC, no separator */
  normalized: string;
}

export interface SwedishIdMatch extends SwedishId {
  start: number;
  end: number;
}

const DEFAULT_REPLACEMENT = "[personnummer]";

// Samordningsnummer add 60 to the day of birth.
const COORDINATION_DAY_OFFSET = 60;

// Nobody alive was born before this; a 12-digit number claiming an earlier year is some other number.
const EARLIEST_BIRTH_YEAR = 1800;

// Text pasted from word processors and web pages carries typographic dashes and non-breaking spaces where
// the writer typed "-" or " ", so those count as the same separators.
const SAME_AS_HYPHEN = new Set([
  "-",
  " ",
  "\u00a0",
  "\u202f",
  "\u2010",
  "\u2011",
  "\u2012",
  "\u2013",
  "\u2212",
]);

/** `plus` marks a person aged 100 or more in the 10-digit form; a hyphen, a space and none mean the same. */
type Separator = "plus" | "other";

interface Candidate {
  start: number;
  end: number;
  /** 10 or 12 digits, separator removed */
  digits: string;
  separator: Separator;
}

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** Parses a whole string (trimmed) as one id; null when it is not a valid one. */
export function parseSwedishId(input: string, today: Date = new Date()): SwedishId | null {
  const text = input.trim();
  if (!isDigit(text, 0)) return null;
  const read = readCandidate(text, 0);
  if (read.candidate === null || read.candidate.end !== text.length) return null;
  return validate(read.candidate, calendarDay(today));
}

/**
 * Finds every valid id inside free text (word-boundary aware: digits glued to other digits or letters are
 * not a match, e.g. part of a longer number, a phone number or an IBAN).
 */
export function findSwedishIds(text: string, today: Date = new Date()): SwedishIdMatch[] {
  const found: SwedishIdMatch[] = [];
  scanIds(text, calendarDay(today), (match) => {
    found.push(match);
    return true;
  });
  return found;
}

export function containsSwedishId(text: string, today: Date = new Date()): boolean {
  let seen = false;
  scanIds(text, calendarDay(today), () => {
    seen = true;
    return false;
  });
  return seen;
}

/**
 * Replaces every id in the text, so it can be logged or sent on without the number. Shapes that look like
 * a regional reserve number (see looksLikeReserveNumber) are replaced too: they identify a patient just
 * as well, and a log line is no place for either.
 */
export function redactSwedishIds(text: string, replacement: string = DEFAULT_REPLACEMENT): string {
  const spans: { start: number; end: number }[] = [...findSwedishIds(text), ...findReserveNumbers(text)];
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + replacement;
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * Regions give patients without a personnummer a reserve number (reservnummer). There is no national
 * format: some are digits only (Region Stockholm's start with 99 and carry a check digit), which cannot be
 * told apart from other numbers and are not looked for here. The shape detected is the common one with
 * letters, used for instance in Region Skåne: a real calendar date YYYYMMDD (years 18xx–20xx), an optional
 * hyphen or space, then four ASCII letters or digits of which at least one is a letter and at least one a
 * digit, e.g. "19800101-P123" or "19800101AB12". Requiring both a letter and a digit, a real date and
 * word boundaries keeps ordinary text ("20240101-TEST", version tags) from matching.
 */
export function looksLikeReserveNumber(text: string): boolean {
  return findReserveNumbers(text, true).length > 0;
}

function scanIds(text: string, today: CalendarDay, onMatch: (match: SwedishIdMatch) => boolean): void {
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text, i)) {
      i++;
      continue;
    }
    if (isGlueBefore(text, i)) {
      i = skipDigits(text, i);
      continue;
    }
    const read = readCandidate(text, i);
    const id = read.candidate === null ? null : validate(read.candidate, today);
    if (read.candidate !== null && id !== null) {
      if (!onMatch({ ...id, start: read.candidate.start, end: read.candidate.end })) return;
      i = read.candidate.end;
    } else {
      // The digits after a separator may start a candidate of their own ("12-7302889931"), so resume there.
      i = read.firstRunEnd;
    }
  }
}

/**
 * Reads the id-shaped token starting at `start` (a digit not glued to what precedes it): a run of 10 or 12
 * digits, or a run of 6 or 8 digits, one separator and a run of exactly 4. Each character is looked at a
 * bounded number of times, which keeps the scan linear.
 */
function readCandidate(text: string, start: number): { candidate: Candidate | null; firstRunEnd: number } {
  const firstRunEnd = skipDigits(text, start);
  const length = firstRunEnd - start;
  if (length === 10 || length === 12) {
    const candidate = isGlueAt(text, firstRunEnd)
      ? null
      : { start, end: firstRunEnd, digits: text.slice(start, firstRunEnd), separator: "other" as const };
    return { candidate, firstRunEnd };
  }
  if ((length === 6 || length === 8) && firstRunEnd < text.length) {
    const sep = text[firstRunEnd] ?? "";
    const separator: Separator | null = sep === "+" ? "plus" : SAME_AS_HYPHEN.has(sep) ? "other" : null;
    const tailStart = firstRunEnd + 1;
    if (separator !== null && isDigit(text, tailStart)) {
      const tailEnd = skipDigits(text, tailStart);
      if (tailEnd - tailStart === 4 && !isGlueAt(text, tailEnd)) {
        const digits = text.slice(start, firstRunEnd) + text.slice(tailStart, tailEnd);
        return { candidate: { start, end: tailEnd, digits, separator }, firstRunEnd };
      }
    }
  }
  return { candidate: null, firstRunEnd };
}

function validate(candidate: Candidate, today: CalendarDay): SwedishId | null {
  const { digits } = candidate;
  const lastTen = digits.slice(-10);
  // Skatteverket never issues birth number 000, so it can only be a typo or some other number.
  if (!luhnValid(lastTen) || lastTen.slice(6, 9) === "000") return null;
  const month = Number(lastTen.slice(2, 4));
  const rawDay = Number(lastTen.slice(4, 6));
  const kind: SwedishIdKind = rawDay > COORDINATION_DAY_OFFSET ? "samordningsnummer" : "personnummer";
  const day = kind === "samordningsnummer" ? rawDay - COORDINATION_DAY_OFFSET : rawDay;

  let year: number;
  if (digits.length === 12) {
    year = Number(digits.slice(0, 4));
    // The century is written out, so the separator carries no meaning; only the date must be plausible.
    if (year < EARLIEST_BIRTH_YEAR || compareDays({ year, month, day }, today) > 0) return null;
  } else {
    year = inferYear(Number(lastTen.slice(0, 2)), month, day, candidate.separator, today);
  }
  if (!isRealDate(year, month, day)) return null;
  const normalized = digits.length === 12 ? digits : String(year).padStart(4, "0").slice(0, 2) + digits;
  return { kind, normalized };
}

/**
 * The 10-digit form drops the century: the birth year is the latest one ending in `yy` whose birthday has
 * passed, and with "+" the latest one at least 100 years back. A date that does not exist in that year
 * (29 February 1900) is not searched for in earlier centuries: nobody alive was born then.
 */
function inferYear(yy: number, month: number, day: number, separator: Separator, today: CalendarDay): number {
  const limit = separator === "plus" ? { ...today, year: today.year - 100 } : today;
  let year = limit.year - ((((limit.year - yy) % 100) + 100) % 100);
  if (compareDays({ year, month, day }, limit) > 0) year -= 100;
  return year;
}

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    const weighted = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

function findReserveNumbers(text: string, firstOnly = false): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text, i)) {
      i++;
      continue;
    }
    const runEnd = skipDigits(text, i);
    if (runEnd - i === 8 && !isGlueBefore(text, i) && isRealDate8(text.slice(i, runEnd))) {
      const sep = text[runEnd] ?? "";
      const serialStart = sep === "-" || sep === " " ? runEnd + 1 : runEnd;
      const serialEnd = serialStart + 4;
      if (isReserveSerial(text.slice(serialStart, serialEnd)) && !isGlueAt(text, serialEnd)) {
        found.push({ start: i, end: serialEnd });
        if (firstOnly) return found;
        i = serialEnd;
        continue;
      }
    }
    i = runEnd;
  }
  return found;
}

function isReserveSerial(serial: string): boolean {
  return (
    serial.length === 4 && /^[A-Za-z0-9]{4}$/.test(serial) && /[A-Za-z]/.test(serial) && /\d/.test(serial)
  );
}

function isRealDate8(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  return (
    year >= EARLIEST_BIRTH_YEAR &&
    year < 2100 &&
    isRealDate(year, Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8)))
  );
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a.year * 10_000 + a.month * 100 + a.day - (b.year * 10_000 + b.month * 100 + b.day);
}

/** Ages are counted on the Stockholm calendar, whatever zone the server runs in. */
function calendarDay(at: Date): CalendarDay {
  if (Number.isNaN(at.getTime()))
    throw new RangeError("personnummer: the reference date is not a valid Date");
  const [year, month, day] = stockholmDate(at).split("-").map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function skipDigits(text: string, i: number): number {
  let j = i;
  while (isDigit(text, j)) j++;
  return j;
}

// Letters, digits (of any script) and combining marks glue a number into a longer word.
const GLUE = /[\p{L}\p{N}\p{M}]/u;

function isGlueAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const cp = text.codePointAt(i);
  return cp !== undefined && GLUE.test(String.fromCodePoint(cp));
}

function isGlueBefore(text: string, i: number): boolean {
  if (i === 0) return false;
  const low = text.charCodeAt(i - 1);
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
  return isGlueAt(text, isLowSurrogate && i >= 2 ? i - 2 : i - 1);
}
