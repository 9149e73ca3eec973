import type { CommitmentOwner } from "../app/commitments.ts";
import type { LocalDate } from "../domain/local-date.ts";
import { parsePersonRef } from "../domain/person-ref.ts";
import type { Principal, SipPrincipal } from "../domain/principal.ts";
import type { QuestionRole } from "../app/drafting-types.ts";
import { parseDatePhrase } from "./dates.ts";
import { type FollowThroughCommand, parseFollowThrough } from "./follow-through-commands.ts";
import { parseSchedulingCommand, SCHEDULING_VERBS, type SchedulingCommand } from "./scheduling-commands.ts";
import { parseQuestionRole } from "./drafting-commands.ts";

// The command surface every adapter shares: Swedish verbs with English aliases, with or without a leading
// "sip" (the console and mentions) or "/sip" (Slack's slash command). Parsing is pure: text in, a typed
// command or a typed problem out.
export type Command =
  | { name: "help" }
  | { name: "new"; identifier: string | null }
  | { name: "effort"; ref: string; effort: string; principal?: Principal; startDate?: LocalDate }
  | { name: "endEffort"; ref: string; effort: string; endDate?: LocalDate }
  | {
      name: "consent";
      ref: string;
      principals: Principal[] | null;
      validTo?: LocalDate;
      parties?: string;
      exclusions?: string;
      givenBy: "PERSON" | "GUARDIAN" | "LEGAL_REPRESENTATIVE";
    }
  | { name: "withdraw"; ref: string }
  | { name: "start"; ref: string }
  | { name: "dismiss"; ref: string; reason: string }
  | { name: "commit"; ref: string; owner: CommitmentOwner; what: string; dueDate: LocalDate | null }
  | { name: "done"; number: number }
  | { name: "who"; ref: string }
  | { name: "mine" }
  | { name: "lead"; ref: string; principal: SipPrincipal }
  | { name: "followUp"; ref: string; date: LocalDate }
  // scheduling: tider, boka, avboka (scheduling-commands.ts)
  | SchedulingCommand
  // drafting (agenda and reflection questions)
  | { name: "agenda"; ref: string }
  | { name: "questions"; ref: string; role: QuestionRole | null }
  // follow-through: sammanfattning, plan, snooza, överlåt, flytta (follow-through-commands.ts)
  | { name: "followThrough"; command: FollowThroughCommand };

export type ParseProblem =
  | { problem: "notACommand" }
  | { problem: "tooLong"; max: number }
  | { problem: "missingRef"; command: string }
  | { problem: "badRef"; command: string; given: string }
  | { problem: "missingArgument"; command: string }
  | { problem: "badDate"; command: string; given: string }
  | { problem: "badNumber"; command: string };

export type Parsed = { ok: true; command: Command } | ({ ok: false } & ParseProblem);

// A chat command is one line of intent; anything longer is not typed by hand and is refused, not truncated.
export const MAX_COMMAND_LENGTH = 2000;

const VERB_TABLE: Record<string, Command["name"]> = {
  ...SCHEDULING_VERBS,
  hjälp: "help",
  hjalp: "help",
  help: "help",
  "?": "help",
  ny: "new",
  new: "new",
  insats: "effort",
  effort: "effort",
  "avsluta-insats": "endEffort",
  "end-effort": "endEffort",
  samtycke: "consent",
  consent: "consent",
  återkalla: "withdraw",
  aterkalla: "withdraw",
  withdraw: "withdraw",
  starta: "start",
  start: "start",
  avböj: "dismiss",
  avboj: "dismiss",
  avfärda: "dismiss",
  dismiss: "dismiss",
  åtagande: "commit",
  atagande: "commit",
  commit: "commit",
  klar: "done",
  done: "done",
  vem: "who",
  who: "who",
  mina: "mine",
  mine: "mine",
  huvudansvar: "lead",
  lead: "lead",
  uppföljning: "followUp",
  uppfoljning: "followUp",
  "follow-up": "followUp",
  followup: "followUp",
  // drafting
  agenda: "agenda",
  dagordning: "agenda",
  frågor: "questions",
  fragor: "questions",
  questions: "questions",
};

const PRINCIPAL_TABLE: Record<string, Principal> = {
  region: "REGION",
  regionen: "REGION",
  kommun: "MUNICIPALITY",
  kommunen: "MUNICIPALITY",
  municipality: "MUNICIPALITY",
  övriga: "OTHER",
  ovriga: "OTHER",
  övrig: "OTHER",
  annan: "OTHER",
  others: "OTHER",
  other: "OTHER",
};

// Maps, not object look-ups: a typed word such as "constructor" must not find Object.prototype.
const VERBS = new Map(Object.entries(VERB_TABLE));
const PRINCIPAL_WORDS = new Map(Object.entries(PRINCIPAL_TABLE));

// Owners outside the two principals, as staff name them (DOMAIN.md, "Who takes part").
const OTHER_OWNERS = [
  "den enskilde",
  "brukaren",
  "patienten",
  "personen",
  "the person",
  "närstående",
  "anhörig",
  "anhöriga",
  "relatives",
  "relative",
  "försäkringskassan",
  "fk",
  "arbetsförmedlingen",
  "af",
  "skolan",
  "school",
  "god man",
  "förvaltare",
  "personligt ombud",
];

/** Splits on spaces, keeping "quoted phrases" together. */
function tokenize(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
}

export function parseCommand(raw: string, today: LocalDate): Parsed {
  if (raw.length > MAX_COMMAND_LENGTH) return { ok: false, problem: "tooLong", max: MAX_COMMAND_LENGTH };
  let tokens = tokenize(raw.normalize("NFC").trim());
  if (tokens[0]?.toLowerCase() === "sip" || tokens[0]?.toLowerCase() === "/sip") tokens = tokens.slice(1);
  const verb = tokens[0]?.toLowerCase();
  const followThrough = verb === undefined ? null : parseFollowThrough(verb, tokens.slice(1), today);
  if (followThrough !== null)
    return followThrough.ok
      ? { ok: true, command: { name: "followThrough", command: followThrough.command } }
      : followThrough;
  const name = verb === undefined ? undefined : VERBS.get(verb);
  if (name === undefined || verb === undefined) return { ok: false, problem: "notACommand" };
  const args = tokens.slice(1);
  const simple = (command: Command): Parsed => ({ ok: true, command });

  if (name === "help") return simple({ name });
  if (name === "mine") return simple({ name });
  if (name === "new") return simple({ name, identifier: args.length > 0 ? args.join(" ") : null });
  if (name === "done") {
    const given = args[0] ?? "";
    const n = /^#?\d{1,12}$/.test(given) ? Number(given.replace(/^#/, "")) : Number.NaN;
    return Number.isSafeInteger(n) && n > 0
      ? simple({ name, number: n })
      : { ok: false, problem: "badNumber", command: verb };
  }

  const given = args[0];
  if (given === undefined) return { ok: false, problem: "missingRef", command: verb };
  const ref = parsePersonRef(given);
  if (ref === null) return { ok: false, problem: "badRef", command: verb, given: given.slice(0, 20) };
  const rest = args.slice(1);

  switch (name) {
    case "who":
    case "withdraw":
    case "start":
      return simple({ name, ref });
    case "agenda":
      return simple({ name, ref });
    case "questions": {
      const role = parseQuestionRole(rest.join(" "));
      return role === undefined
        ? { ok: false, problem: "missingArgument", command: verb }
        : simple({ name, ref, role });
    }
    case "dismiss":
      return rest.length === 0
        ? { ok: false, problem: "missingArgument", command: verb }
        : simple({ name, ref, reason: rest.join(" ") });
    case "lead": {
      const p = PRINCIPAL_WORDS.get((rest[0] ?? "").toLowerCase());
      return p === "REGION" || p === "MUNICIPALITY"
        ? simple({ name, ref, principal: p })
        : { ok: false, problem: "missingArgument", command: verb };
    }
    case "followUp": {
      if (rest.length === 0) return { ok: false, problem: "missingArgument", command: verb };
      const date = parseDatePhrase(rest.join(" "), today);
      return date === null
        ? { ok: false, problem: "badDate", command: verb, given: rest.join(" ").slice(0, 40) }
        : simple({ name, ref, date });
    }
    case "effort":
    case "endEffort":
      return parseEffort(name, verb, ref, rest, today);
    case "consent":
      return parseConsent(verb, ref, rest, today);
    case "commit":
      return parseCommit(verb, ref, rest, today);
    case "times":
    case "book":
    case "cancelMeeting":
      return parseSchedulingCommand(name, verb, ref, rest);
    case "followThrough": // parsed above, before the verb table; no verb maps here
      return { ok: false, problem: "notACommand" };
  }
}

/** Splits "<words> <keyword> <date words>" at the last date keyword. */
function splitAtKeyword(words: string[], keywords: string[]): [string[], string[] | null] {
  const i = words.findLastIndex((w) => keywords.includes(w.toLowerCase()));
  return i < 0 ? [words, null] : [words.slice(0, i), words.slice(i + 1)];
}

function parseEffort(
  name: "effort" | "endEffort",
  verb: string,
  ref: string,
  rest: string[],
  today: LocalDate,
): Parsed {
  const [words, dateWords] = splitAtKeyword(
    rest,
    name === "effort" ? ["från", "fran", "from"] : ["den", "per", "on"],
  );
  let principal: Principal | undefined;
  const effortWords = words.filter((w) => {
    const p = PRINCIPAL_WORDS.get(w.toLowerCase());
    if (p !== undefined && name === "effort") principal = p;
    return p === undefined;
  });
  if (effortWords.length === 0) return { ok: false, problem: "missingArgument", command: verb };
  let date: LocalDate | undefined;
  if (dateWords !== null) {
    const d = parseDatePhrase(dateWords.join(" "), today);
    if (d === null)
      return { ok: false, problem: "badDate", command: verb, given: dateWords.join(" ").slice(0, 40) };
    date = d;
  }
  const effort = effortWords.join(" ");
  if (name === "effort") {
    return {
      ok: true,
      command: { name, ref, effort, ...(principal && { principal }), ...(date && { startDate: date }) },
    };
  }
  return { ok: true, command: { name, ref, effort, ...(date && { endDate: date }) } };
}

function parseConsent(verb: string, ref: string, rest: string[], today: LocalDate): Parsed {
  const principals = new Set<Principal>();
  let givenBy: "PERSON" | "GUARDIAN" | "LEGAL_REPRESENTATIVE" = "PERSON";
  let validTo: LocalDate | undefined;
  let parties: string | undefined;
  let exclusions: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = (rest[i] ?? "").toLowerCase();
    const p = PRINCIPAL_WORDS.get(w);
    if (p !== undefined) principals.add(p);
    else if (w === "vårdnadshavare" || w === "vardnadshavare" || w === "guardian") givenBy = "GUARDIAN";
    else if (w === "företrädare" || w === "foretradare" || w === "representative")
      givenBy = "LEGAL_REPRESENTATIVE";
    else if (w === "till" || w === "until") {
      // The date is the longest run of the next words (at most four: "den 30 juni 2027") that reads as
      // one, so principal and giver words may follow it in any order.
      let taken = 0;
      for (let k = Math.min(4, rest.length - i - 1); k > 0 && taken === 0; k--) {
        const d = parseDatePhrase(rest.slice(i + 1, i + 1 + k).join(" "), today);
        if (d !== null) {
          validTo = d;
          taken = k;
        }
      }
      if (taken === 0) {
        const given = rest.slice(i + 1, i + 4).join(" ");
        return { ok: false, problem: "badDate", command: verb, given: given.slice(0, 40) };
      }
      i += taken;
    } else if (w === "parter" || w === "parties" || w === "utom" || w === "except") {
      const end = rest.findIndex(
        (x, j) => j > i && ["till", "until", "parter", "parties", "utom", "except"].includes(x.toLowerCase()),
      );
      const text = rest.slice(i + 1, end < 0 ? undefined : end).join(" ");
      if (w === "parter" || w === "parties") parties = text;
      else exclusions = text;
      i = (end < 0 ? rest.length : end) - 1;
    }
  }
  return {
    ok: true,
    command: {
      name: "consent",
      ref,
      principals: principals.size === 0 ? null : [...principals],
      givenBy,
      ...(validTo && { validTo }),
      ...(parties && { parties }),
      ...(exclusions && { exclusions }),
    },
  };
}

function parseCommit(verb: string, ref: string, rest: string[], today: LocalDate): Parsed {
  const first = rest[0];
  if (first === undefined) return { ok: false, problem: "missingArgument", command: verb };
  let owner: CommitmentOwner;
  let consumed = 1;
  const lowerRest = rest.map((w) => w.toLowerCase()).join(" ");
  const other = OTHER_OWNERS.find((label) => lowerRest === label || lowerRest.startsWith(`${label} `));
  if (first.startsWith("@") && first.length > 1) owner = { kind: "staff", handle: first.slice(1) };
  else if (other !== undefined) {
    owner = { kind: "other", label: rest.slice(0, other.split(" ").length).join(" ") };
    consumed = other.split(" ").length;
  } else owner = { kind: "unit", name: first }; // a quoted unit name arrives as one token
  const [whatWords, dateWords] = splitAtKeyword(rest.slice(consumed), [
    "senast",
    "by",
    "före",
    "innan",
    "before",
  ]);
  if (whatWords.length === 0) return { ok: false, problem: "missingArgument", command: verb };
  let dueDate: LocalDate | null = null;
  if (dateWords !== null) {
    dueDate = parseDatePhrase(dateWords.join(" "), today);
    if (dueDate === null)
      return { ok: false, problem: "badDate", command: verb, given: dateWords.join(" ").slice(0, 40) };
  }
  return { ok: true, command: { name: "commit", ref, owner, what: whatWords.join(" "), dueDate } };
}
