import { DateTime, Info } from "luxon";
import { type LocalDate, ZONE } from "../domain/local-date.ts";
import { parseDatePhrase } from "./dates.ts";

// Due dates inside a sentence, as staff write them: "före fredag", "senast 15 december", "imorgon",
// "v. 49", "nästa vecka", "by Friday". parseDatePhrase reads a phrase that is only a date; this finds
// where in a longer clause one sits, so the rest of the clause can become the commitment's text.

export interface DateSpan {
  date: LocalDate;
  /** Character positions in the clause, the cue word ("senast", "före") included. */
  start: number;
  end: number;
}

// Words that introduce a due date. "till"/"tills" and "on"/"på" are weaker, but staff use them too.
const CUES = new Set([
  "senast",
  "före",
  "fore",
  "innan",
  "till",
  "tills",
  "på",
  "pa",
  "den",
  "by",
  "before",
  "on",
  "until",
]);

// Words a date phrase can start with; any other word is skipped without asking the date parser, which
// keeps a long message (or a hostile one) cheap to scan.
const DATE_START = new Set<string>([
  "idag",
  "i",
  "imorgon",
  "om",
  "in",
  "today",
  "tomorrow",
  "på",
  "on",
  "nästa",
  "next",
  "den",
  "the",
]);
for (const locale of ["sv", "en"]) {
  for (const name of [...Info.weekdays("long", { locale }), ...Info.months("long", { locale })])
    DATE_START.add(name.toLowerCase());
  for (const name of Info.months("short", { locale })) DATE_START.add(name.toLowerCase().replace(/\.$/, ""));
}

function mayStartDate(word: string): boolean {
  return /^\d/.test(word) || DATE_START.has(word.toLowerCase());
}

interface Word {
  text: string;
  start: number;
  end: number;
}

function words(clause: string): Word[] {
  return [...clause.matchAll(/[^\s,;]+/g)].map((m) => ({
    text: m[0].replace(/[.!?:]+$/, ""),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Friday of a week: a commitment "by week 49" is due on its last working day. */
function fridayOf(week: DateTime): LocalDate {
  return week.set({ weekday: 5 }).toISODate() ?? "";
}

function weekDate(text: string, today: LocalDate): DateSpan | null {
  // Most clauses name no week at all; only then is it worth building a date.
  if (!/\b[vw]\.?\s?\d|\b(vecka|week|nästa|nasta|next|i|denna|den|this|till|by)\b/iu.test(text)) return null;
  const base = DateTime.fromISO(today, { zone: ZONE });
  const m =
    /(?:^|[\s(])((?:senast|före|innan|by|before|till)\s+)?(?:v\.?|vecka|vecka\s+nr|week|w\.?)\s?(\d{1,2})\b/iu.exec(
      text,
    );
  if (m !== null) {
    const n = Number(m[2]);
    if (n >= 1 && n <= 53) {
      let year = base.weekYear;
      let week = DateTime.fromObject({ weekYear: year, weekNumber: n, weekday: 5 }, { zone: ZONE });
      if (!week.isValid || (week.toISODate() ?? "") < today) {
        year += 1;
        week = DateTime.fromObject({ weekYear: year, weekNumber: n, weekday: 5 }, { zone: ZONE });
      }
      if (week.isValid) {
        const start = m.index + (m[0].length - m[0].trimStart().length);
        return { date: fridayOf(week), start, end: m.index + m[0].length };
      }
    }
  }
  const relative: [RegExp, () => LocalDate][] = [
    [
      /\b(?:senast\s+|före\s+|innan\s+)?(?:nästa|nasta)\s+vecka\b|\bnext\s+week\b/iu,
      () => fridayOf(base.plus({ weeks: 1 })),
    ],
    [
      /\b(?:senast\s+|före\s+)?(?:i\s+veckan|denna\s+vecka|den\s+här\s+veckan|this\s+week)\b/iu,
      () => (base.weekday <= 5 ? fridayOf(base) : today),
    ],
    [
      /\b(?:senast\s+|före\s+)?(?:i\s+slutet\s+av\s+månaden|till\s+månadsskiftet|by\s+the\s+end\s+of\s+the\s+month)\b/iu,
      () => base.endOf("month").toISODate() ?? today,
    ],
  ];
  for (const [re, date] of relative) {
    const r = re.exec(text);
    if (r !== null) return { date: date(), start: r.index, end: r.index + r[0].length };
  }
  return null;
}

/**
 * The first due date in the clause: a date after a cue word wins, then a week phrase, then any words that
 * read as a date on their own ("imorgon", "fredag", "15/12"). Null when there is none.
 */
export function findDueDate(clause: string, today: LocalDate): DateSpan | null {
  const ws = words(clause);
  const tryAt = (from: number): { date: LocalDate; last: number } | null => {
    if (!mayStartDate(ws[from]?.text ?? "")) return null;
    for (let k = Math.min(4, ws.length - from); k > 0; k--) {
      const phrase = ws
        .slice(from, from + k)
        .map((w) => w.text)
        .join(" ");
      const date = parseDatePhrase(phrase, today);
      if (date !== null) return { date, last: from + k - 1 };
    }
    return null;
  };
  for (let i = 0; i < ws.length - 1; i++) {
    const w = ws[i];
    if (w === undefined || !CUES.has(w.text.toLowerCase())) continue;
    // "senast den 15 december", "före nästa fredag": the date may follow a second cue word.
    // "varje lördag", "every Friday": a habit, not a due date.
    if (/^(varje|varannan|every)$/i.test(ws[i + 1]?.text ?? "")) continue;
    const found = tryAt(i + 1);
    if (found !== null) return { date: found.date, start: w.start, end: ws[found.last]?.end ?? w.end };
  }
  const week = weekDate(clause, today);
  if (week !== null) return week;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    if (w === undefined || /^(varje|varannan|every)$/i.test(ws[i - 1]?.text ?? "")) continue;
    const found = tryAt(i);
    if (found !== null) return { date: found.date, start: w.start, end: ws[found.last]?.end ?? w.end };
  }
  return null;
}
