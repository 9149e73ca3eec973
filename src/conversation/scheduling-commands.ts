import type { ParticipantInput } from "../app/scheduling-polls.ts";
import type { LocalDate } from "../domain/local-date.ts";
import { parseDatePhrase } from "./dates.ts";

// The scheduling commands and the small languages of the poll form: a participant list and a list of
// times. Pure: text in, values or a problem out.
export type SchedulingCommand =
  | { name: "times"; ref: string }
  | { name: "book"; ref: string; position: number }
  | { name: "cancelMeeting"; ref: string };

export const SCHEDULING_VERBS: Record<string, SchedulingCommand["name"]> = {
  tider: "times",
  tid: "times",
  times: "times",
  boka: "book",
  book: "book",
  avboka: "cancelMeeting",
  "cancel-meeting": "cancelMeeting",
};

const SCHEDULING_NAMES = new Set<string>(Object.values(SCHEDULING_VERBS));

export function isSchedulingCommand(c: { name: string }): c is SchedulingCommand {
  return SCHEDULING_NAMES.has(c.name);
}

export type SchedulingParsed =
  { ok: true; command: SchedulingCommand } | { ok: false; problem: "badNumber"; command: string };

/** After the reference: `sip boka K-7F3Q 2` needs the time's number; the others take nothing more. */
export function parseSchedulingCommand(
  name: SchedulingCommand["name"],
  verb: string,
  ref: string,
  rest: string[],
): SchedulingParsed {
  if (name !== "book") return { ok: true, command: { name, ref } };
  const given = rest[0] ?? "";
  const n = /^#?\d{1,2}$/.test(given) ? Number(given.replace(/^#/, "")) : Number.NaN;
  return Number.isInteger(n) && n > 0
    ? { ok: true, command: { name, ref, position: n } }
    : { ok: false, problem: "badNumber", command: verb };
}

// More items than a meeting can hold are refused by the use case; this only bounds the parsing.
const MAX_ITEMS = 40;

/** "@bo, @david personen själv; närstående och Försäkringskassan" -> handles and labels. */
export function parseParticipantList(text: string, required: boolean): ParticipantInput[] {
  const out: ParticipantInput[] = [];
  // "och"/"and" join names, but not inside a handle ("@anders-och", "@åoch"): \b would see a boundary there.
  for (const part of text.split(/[,;\n]|(?<![\p{L}\d@._-])(?:och|and)(?![\p{L}\d._-])/u)) {
    let rest = part.trim();
    // Handles may stand side by side without commas; whatever is left is one role label.
    for (const m of rest.matchAll(/@[\p{L}\d._-]+/gu)) out.push({ handle: m[0], required });
    rest = rest
      .replace(/@[\p{L}\d._-]+/gu, " ")
      .replace(/\s+/g, " ")
      .trim();
    if (rest !== "") out.push({ label: rest, required });
    if (out.length > MAX_ITEMS) break;
  }
  return out.slice(0, MAX_ITEMS + 1);
}

export type TimeItem = { date: LocalDate; time: string };

/** "2026-12-01 09:00, 2 december 13.30" -> dates and clock times; the first item that does not read is returned as a problem. */
export function parseTimeList(
  text: string,
  today: LocalDate,
): { ok: true; times: TimeItem[] } | { ok: false; given: string } {
  const times: TimeItem[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const item = raw.trim();
    if (item === "") continue;
    const m = /^(.*?)\s+(?:kl\.?\s*|at\s+)?(\d{1,2}[:.]\d{2})$/i.exec(item);
    const date = m?.[1] === undefined ? null : parseDatePhrase(m[1], today);
    if (m === null || date === null || m[2] === undefined) return { ok: false, given: item.slice(0, 40) };
    times.push({ date, time: m[2] });
    if (times.length > MAX_ITEMS) break;
  }
  return { ok: true, times };
}
