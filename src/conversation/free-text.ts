import type {
  FreeTextUnderstanding,
  ProposedCommitment,
  ProposedEffort,
  ProposedOwner,
} from "../domain/free-text.ts";
import { MAX_PROPOSED_TEXT } from "../domain/free-text.ts";
import type { LocalDate } from "../domain/local-date.ts";
import { findPersonRefs } from "../domain/person-ref.ts";
import type { Principal } from "../domain/principal.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import { type DateSpan, findDueDate } from "./free-text-dates.ts";
import { type OwnerContext, ownerAtStart } from "./free-text-owners.ts";
import { correctEffortTypos } from "./free-text-typos.ts";

// The rule-based reader of plain Swedish (and English) that works with no language model: efforts from
// the taxonomy ("hon går på psyk"), commitments from a doer, a verb and a due date ("Bo ringer FK före
// fredag"), and responsibility questions ("vem ansvarar för medicinerna?"). What it finds is a proposal
// only; nothing is stored until a person confirms it.

export interface FreeTextContext extends OwnerContext {
  taxonomy: EffortTaxonomy;
  today: LocalDate;
}

/** A set of words written as one string, so that the lists stay readable. */
function wordSet(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

// The router refuses longer messages already; the parser refuses them too, so it stays linear and small.
export const MAX_FREE_TEXT = 2000;

const FILLERS = wordSet("och så sa sen sedan då men samt and then also but so");
const PRONOUNS = new Set(["hon", "han", "hen", "de", "dom", "she", "he", "they"]);
const MODALS = wordSet("ska skall kommer will should must måste tänker lovar lovade to");
const STATE_VERBS = wordSet(
  "har hade has had är var is was går gick får fick gets attends jobbar arbetar works",
);
const PROMISE = /^(lovat|lovad|tagit|promised|agreed)$/;
// Verbs of a task said in the present tense: "Bo ringer FK" is a commitment even without a date.
const TASK_VERBS = wordSet(
  (
    "ringer ringa bokar boka kontaktar kontakta skickar skicka mejlar mailar ordnar ordna " +
    "fixar fixa kollar kolla undersöker utreder ansöker ansöka skriver skriva kallar kalla " +
    "bjuder följer hämtar beställer pratar informerar hör tar stämmer planerar samordnar gör " +
    "göra ser besöker träffar lämnar calls call books book contacts contact sends send emails " +
    "checks check arranges writes follows asks visits orders sorts"
  ).normalize("NFC"),
);
// Before an effort: it is not (or no longer, or not yet) given. "behöver hemtjänst" is a need, not an effort.
const NEGATION_BEFORE = wordSet(
  "inte ej ingen inget inga aldrig slutat avslutat avslutade upphört behöver behov ansökt " +
    "ansöka söka söker sökt väntar önskar vill kanske eventuellt ev tidigare hade haft no not " +
    "never needs need applied waiting wants maybe previously used utan nej",
);
// A past contact with a service is news about the writer's day, not an effort: "jag har pratat med BUP".
const CONTACT_PAST = new Set(
  (
    "pratat pratade talat talade ringt ringde kontaktat kontaktade mejlat mailat skickat skickade träffat " +
    "träffade hört hörde frågat frågade bokat bokade called contacted talked spoke emailed met asked"
  ).split(" "),
);
const NEGATION_AFTER =
  /^(avslutad|avslutades|avslutats|avslutas|upphört|upphörde|slutade|slut|sagt|sade|ended|stopped|finished|nekad|avslagen|beviljas)$/;
const QUESTION_WORDS = /^(vem|vems|who|whose)$/;
// "Vilken huvudman ansvarar …?" asks the same thing without "vem".
const WHICH_WORDS = /^(vilken|vilket|vilka|which)$/;
const RESPONSIBILITY_WORD =
  /^(ansvarar|ansvarig|ansvaret|ansvar|huvudansvar|huvudansvaret|huvudman|responsible|responsibility|principal)$/;
const RESPONSIBILITY_TOPIC =
  /(?:ansvarar|ansvarig|ansvaret|ansvar|hand\s+om|sköter|skoter|koll\s+på|responsible|in\s+charge|takes\s+care|handles)\s+(?:för|for|of|om|över|på)?\s*(.+)$/iu;

interface Clause {
  text: string;
  question: boolean;
  /** The whole sentence, for what a neighbouring clause says ("Hemsjukvård finns, regionen ansvarar"). */
  sentence: string;
}

/** "v. 49" → "v49", "15.12" → "15/12", "t.ex." → "t ex": full stops that do not end a sentence. */
function prepare(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2010-\u2013\u2212]/g, "-")
    .replace(/\bv\.\s*(\d)/giu, "v$1")
    .replace(/(\d)\.(\d)/g, "$1/$2")
    .replace(/\b(t\.ex|bl\.a|kl|ca|tel|ev|ang|resp|m\.m|osv|dvs|pga|p\.g\.a)\./giu, (m) =>
      m.replace(/\./g, " "),
    );
}

function splitClauses(text: string, ctx: FreeTextContext): Clause[] {
  const clauses: Clause[] = [];
  for (const m of text.matchAll(/([^.!?;\n]+)([.!?;\n]*)/g)) {
    const question = (m[2] ?? "").includes("?");
    const pieces = (m[1] ?? "").split(/,|\s+men\s+|\s+but\s+/iu);
    for (const piece of pieces) {
      // "och" joins clauses only when a new doer follows ("… och hon går på psyk", "… och Bo ringer FK");
      // otherwise it joins the objects of one clause ("ringer FK och bokar tid").
      const parts = piece.split(/\s+(?:och|samt|and)\s+/iu);
      let current = parts[0] ?? "";
      for (const part of parts.slice(1)) {
        const ws = part.trim().split(/\s+/);
        const startsNew =
          PRONOUNS.has((ws[0] ?? "").toLowerCase()) ||
          findPersonRefs(ws[0] ?? "").length > 0 ||
          ownerAtStart(ws, ctx) !== null ||
          ctx.taxonomy.mentions(ws.slice(0, 3).join(" ")).length > 0;
        if (startsNew) {
          clauses.push({ text: current, question, sentence: m[1] ?? "" });
          current = part;
        } else current = `${current} och ${part}`;
      }
      clauses.push({ text: current, question, sentence: m[1] ?? "" });
    }
  }
  return clauses.filter((c) => c.text.trim().length > 0);
}

function words(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

function dropFillers(ws: string[]): string[] {
  let i = 0;
  while (i < ws.length - 1 && FILLERS.has((ws[i] ?? "").toLowerCase())) i++;
  return ws.slice(i);
}

function questionTopic(clause: string): string {
  const cleaned = clause.replace(/\bK-[0-9A-Z]{4,8}\b/giu, " ").replace(/\s+(för|hos|åt|for)\s*$/iu, "");
  const m = RESPONSIBILITY_TOPIC.exec(cleaned);
  const topic = m?.[1] ?? words(cleaned).slice(1).join(" ");
  return topic
    .replace(/\s+(för|hos|åt|for)\s*$/iu, "")
    .replace(/[?.!\s]+$/u, "")
    .trim()
    .slice(0, 100);
}

function parseQuestion(clause: Clause): { topic: string } | null {
  const ws = dropFillers(words(clause.text)).map((w) => w.toLowerCase().replace(/[?,.]/g, ""));
  const asks =
    ws.some((w) => QUESTION_WORDS.test(w)) ||
    (WHICH_WORDS.test(ws[0] ?? "") && ws.some((w) => RESPONSIBILITY_WORD.test(w)));
  if (!asks || !(clause.question || QUESTION_WORDS.test(ws[0] ?? ""))) return null;
  return { topic: questionTopic(clause.text) };
}

function withoutSpan(text: string, span: DateSpan | null): string {
  return span === null ? text : `${text.slice(0, span.start)} ${text.slice(span.end)}`;
}

// Irregular present tenses; the rest follow "-ar"/"-er" → "-a" ("ringer" → "ringa", "bokar" → "boka").
const INFINITIVE: Record<string, string> = { ser: "se", gör: "göra", tar: "ta", hör: "höra" };

/**
 * A task reads like a typed command, in the infinitive ("Ringa FK", as `sip åtagande` is written), when
 * the clause starts with a Swedish task verb in the present tense; anything else is kept as written.
 */
function asTask(ws: string[]): string[] {
  const [first, ...rest] = ws;
  const verb = (first ?? "").toLowerCase();
  if (first === undefined || !TASK_VERBS.has(verb) || !/(ar|er|ör)$/.test(verb)) return ws;
  const infinitive = INFINITIVE[verb] ?? (/(ar|er)$/.test(verb) ? `${verb.slice(0, -2)}a` : verb);
  return [infinitive, ...rest];
}

function cleanWhat(ws: string[]): string {
  const text = asTask(ws)
    .join(" ")
    .replace(/\s*\b(för|hos|åt|for|at)\s+K-[0-9A-Z]{4,8}\b/giu, "")
    .replace(/\bK-[0-9A-Z]{4,8}\b/giu, "")
    .replace(/\s+/g, " ")
    .replace(/[\s,.;:!]+$/u, "")
    .trim();
  const capped = text.slice(0, MAX_PROPOSED_TEXT);
  return capped.charAt(0).toUpperCase() + capped.slice(1);
}

function parseCommitment(
  clause: Clause,
  ctx: FreeTextContext,
  carried: ProposedOwner | null,
): ProposedCommitment | null {
  if (clause.question) return null;
  const span = findDueDate(clause.text, ctx.today);
  let ws = dropFillers(words(withoutSpan(clause.text, span)));
  let match = ownerAtStart(ws, ctx);
  let verbFirst: string | null = null;
  const first = ws[0] ?? "";
  if (
    match === null &&
    findPersonRefs(first).length > 0 &&
    ws.slice(1, 4).some((w) => /^(själv|herself|himself)$/i.test(w))
  ) {
    match = { owner: { kind: "other", label: "den enskilde" }, words: 1 };
    ws = ws.filter((w) => !/^(själv|herself|himself)$/i.test(w));
  }
  // Swedish puts the verb second after a leading time: "(Imorgon) ringer Bo FK".
  if (match === null && span !== null && ws.length > 2) {
    const inverted = ownerAtStart(ws.slice(1), ctx);
    if (inverted !== null) {
      match = inverted;
      verbFirst = ws[0] ?? null;
      ws = ws.slice(1);
    }
  }
  let owner = match?.owner ?? null;
  let rest = match === null ? ws : ws.slice(match.words);
  if (owner === null) {
    // "… och bokar tid före fredag": the doer of the clause before carries over to a bare verb.
    if (carried === null || !TASK_VERBS.has((ws[0] ?? "").toLowerCase())) return null;
    owner = carried;
  }
  if (verbFirst !== null) rest = [verbFirst, ...rest];
  // "Anna på hemtjänsten ringer …": the doer's workplace is not part of the task.
  const at = (rest[0] ?? "").toLowerCase();
  if (["på", "från", "at", "from", "i"].includes(at) && rest.length > 2) rest = rest.slice(2);
  let modal = false;
  while (MODALS.has((rest[0] ?? "").toLowerCase()) || (rest[0] ?? "").toLowerCase() === "att") {
    modal = true;
    rest = rest.slice(1);
  }
  const verb = (rest[0] ?? "").toLowerCase();
  if (STATE_VERBS.has(verb)) {
    // "Bo har ringt" is done, "hon har hemtjänst" is a fact; "Bo har lovat att ringa" is a commitment.
    if (!PROMISE.test((rest[1] ?? "").toLowerCase())) return null;
    rest = rest.slice(2).filter((w, i) => !(i < 3 && /^(på|sig|mig|att|to)$/i.test(w)));
    modal = true;
  }
  if (rest.length === 0) return null;
  if (span === null && !modal && !TASK_VERBS.has((rest[0] ?? "").toLowerCase())) return null;
  const what = cleanWhat(rest);
  if (what.length === 0) return null;
  return { owner, what, dueDate: span?.date ?? null };
}

function principalWord(clause: string): Principal | null {
  if (/\b(kommunens|kommunal|kommunala|kommunen|municipal|municipality)\b/iu.test(clause))
    return "MUNICIPALITY";
  if (/\b(regionens|regionen|regional|regionala|landstinget|region)\b/iu.test(clause)) return "REGION";
  return null;
}

function parseEfforts(clause: Clause, ctx: FreeTextContext): ProposedEffort[] {
  const out: ProposedEffort[] = [];
  for (const m of ctx.taxonomy.mentions(clause.text)) {
    const before = words(clause.text.slice(0, m.start))
      .slice(-4)
      .map((w) => w.toLowerCase().replace(/[,.]/g, ""));
    const after = words(clause.text.slice(m.end))
      .slice(0, 3)
      .map((w) => w.toLowerCase().replace(/[,.]/g, ""));
    if (before.some((w) => NEGATION_BEFORE.has(w) || CONTACT_PAST.has(w))) continue;
    if (after.some((w) => NEGATION_AFTER.test(w) || w === "inte" || w === "not")) continue;
    const said = principalWord(clause.text) ?? principalWord(clause.sentence);
    out.push({ code: m.kind.code, principal: m.kind.varies ? said : m.kind.principal });
  }
  return out;
}

/** Reads one message. Pure: the same text, day and directory always give the same proposals. */
export function parseFreeText(input: string, ctx: FreeTextContext): FreeTextUnderstanding {
  const empty: FreeTextUnderstanding = { refs: [], efforts: [], commitments: [], question: null };
  if (input.length > MAX_FREE_TEXT) return empty;
  const refs = findPersonRefs(input);
  const text = correctEffortTypos(prepare(input), ctx.taxonomy);
  const efforts = new Map<string, ProposedEffort>();
  const commitments: ProposedCommitment[] = [];
  let question: { topic: string } | null = null;
  let carried: ProposedOwner | null = null;
  for (const clause of splitClauses(text, ctx)) {
    const q = parseQuestion(clause);
    if (q !== null) {
      question ??= q;
      carried = null;
      continue;
    }
    const c = parseCommitment(clause, ctx, carried);
    if (c !== null) {
      commitments.push(c);
      carried = c.owner;
      continue;
    }
    const found = parseEfforts(clause, ctx);
    // "Bo ringer FK, senast fredag": a clause that only adds a date completes the commitment before it.
    const last = commitments.at(-1);
    if (carried !== null && found.length === 0 && last !== undefined && last.dueDate === null) {
      const span = findDueDate(clause.text, ctx.today);
      if (span !== null) {
        commitments[commitments.length - 1] = { ...last, dueDate: span.date };
        continue;
      }
    }
    carried = null;
    for (const e of found) if (!efforts.has(e.code)) efforts.set(e.code, e);
  }
  return { refs, efforts: [...efforts.values()], commitments, question };
}
