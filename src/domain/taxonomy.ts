import { z } from "zod";
import { PRINCIPALS, type Principal } from "./principal.ts";

// Efforts (insatser) and their usual principal (huvudman), as data: regions split the work differently,
// so each region can override a principal or its local words from a file instead of from code. Staff name
// efforts in many ways ("psyk", "VC", "hemtjänsten"), so each kind carries the words that point to it.

export interface EffortKind {
  code: string;
  sv: string;
  en: string;
  synonyms: readonly string[];
  principal: Principal;
  /** The principal differs between regions; ask unless the region's overrides settle it. */
  varies: boolean;
}

function kind(
  code: string,
  sv: string,
  en: string,
  principal: Principal,
  synonyms: readonly string[],
  varies = false,
): EffortKind {
  return Object.freeze({ code, sv, en, principal, synonyms: Object.freeze([...synonyms]), varies });
}

export const DEFAULT_EFFORT_KINDS: readonly EffortKind[] = Object.freeze([
  kind("hemtjanst", "Hemtjänst", "Home care services", "MUNICIPALITY", [
    "hemtjänsten",
    "hemhjälp",
    "home care",
    "home help",
    "home help services",
  ]),
  kind("boendestod", "Boendestöd", "Housing support", "MUNICIPALITY", [
    "boendestödet",
    "bostödet",
    "housing support services",
    "supported living",
  ]),
  kind("sarskilt-boende", "Särskilt boende", "Residential care home", "MUNICIPALITY", [
    "SÄBO",
    "äldreboende",
    "vård- och omsorgsboende",
    "vobo",
    "särskilt boende för äldre",
    "nursing home",
    "care home",
    "residential care",
  ]),
  kind("lss-daglig-verksamhet", "Daglig verksamhet (LSS)", "Daily activities (LSS)", "MUNICIPALITY", [
    "daglig verksamhet",
    "daglig verksamhet enligt LSS",
    "daily activities",
    "daily activity",
  ]),
  kind("lss-gruppbostad", "Gruppbostad (LSS)", "Group home (LSS)", "MUNICIPALITY", [
    "gruppbostad",
    "gruppboende",
    "bostad med särskild service",
    "group home",
    "group housing",
  ]),
  kind(
    "lss-personlig-assistans",
    "Personlig assistans",
    "Personal assistance",
    // The municipality decides under LSS, but most hours are paid as assistansersättning by
    // Försäkringskassan; which one a plan names depends on the case.
    "MUNICIPALITY",
    ["personlig assistent", "personliga assistenter", "assistansersättning", "personal assistant"],
    true,
  ),
  kind("lss-ledsagarservice", "Ledsagarservice", "Companion service", "MUNICIPALITY", [
    "ledsagare",
    "ledsagning",
    "escort service",
  ]),
  kind("lss-kontaktperson", "Kontaktperson (LSS)", "Contact person (LSS)", "MUNICIPALITY", [
    "kontaktperson",
    "contact person",
  ]),
  kind("forsorjningsstod", "Försörjningsstöd", "Income support", "MUNICIPALITY", [
    "ekonomiskt bistånd",
    "socialbidrag",
    "social assistance",
    "financial assistance",
  ]),
  kind(
    "missbruksvard-socialtjanst",
    "Missbruks- och beroendevård (socialtjänst)",
    "Substance-use care (social services)",
    "MUNICIPALITY",
    [
      "missbruksvård",
      "missbruk",
      "missbruks- och beroendevård",
      "öppenvård IFO",
      "IFO öppenvård",
      "IFO:s öppenvård",
      "missbruksvård socialtjänst",
      "substance use care social services",
      "addiction services social services",
    ],
  ),
  kind(
    "hemsjukvard",
    "Hemsjukvård",
    "Home health care",
    // Most regions have handed home health care to the municipalities; a few still run it themselves.
    "MUNICIPALITY",
    ["hemsjukvården", "home healthcare", "home nursing"],
    true,
  ),
  kind("korttidsboende", "Korttidsboende", "Short-term stay", "MUNICIPALITY", [
    "korttids",
    "korttidsplats",
    "korttidsvistelse",
    "korttidsboendet",
    "short-term care",
    "respite care",
  ]),
  kind("dagverksamhet", "Dagverksamhet", "Day activities", "MUNICIPALITY", [
    "dagverksamheten",
    "day centre",
    "day center",
    "day care for older people",
  ]),
  kind("primarvard", "Primärvård", "Primary care", "REGION", [
    "vårdcentral",
    "vårdcentralen",
    "VC",
    "hälsocentral",
    "husläkare",
    "husläkarmottagning",
    "primary care centre",
    "health centre",
    "health center",
    "GP",
    "general practitioner",
  ]),
  kind("psykiatrisk-oppenvard", "Psykiatrisk öppenvård", "Outpatient psychiatry", "REGION", [
    "psyk",
    "psykiatri",
    "psykiatrin",
    "psykiatrisk mottagning",
    "psykiatriska mottagningen",
    "psykiatriska öppenvården",
    "vuxenpsykiatri",
    "vuxenpsykiatrin",
    "allmänpsykiatrisk mottagning",
    "psychiatry",
    "psychiatric clinic",
    "psychiatric outpatient care",
  ]),
  kind("psykiatrisk-slutenvard", "Psykiatrisk slutenvård", "Inpatient psychiatry", "REGION", [
    "psykiatrisk heldygnsvård",
    "psykiatrisk avdelning",
    "psykiatriska avdelningen",
    "slutenpsykiatri",
    "slutenpsykiatrin",
    "psychiatric ward",
    "psychiatric inpatient care",
  ]),
  kind("bup", "Barn- och ungdomspsykiatri (BUP)", "Child and adolescent psychiatry", "REGION", [
    "BUP",
    "barn- och ungdomspsykiatri",
    "barn- och ungdomspsykiatrin",
    "barnpsyk",
    "barnpsykiatrin",
    "CAMHS",
    "child psychiatry",
  ]),
  kind("beroendevard-medicinsk", "Beroendevård (medicinsk)", "Substance-use care (medical)", "REGION", [
    "beroendevård",
    "beroendevården",
    "beroendemottagning",
    "beroendemottagningen",
    "beroendecentrum",
    "beroendepsykiatri",
    "addiction medicine",
    "addiction psychiatry",
  ]),
  kind("habilitering", "Habilitering", "Habilitation", "REGION", [
    "habiliteringen",
    "habben",
    "barnhabiliteringen",
    "vuxenhabiliteringen",
    "habilitation services",
  ]),
  kind("specialistrehabilitering", "Specialistrehabilitering", "Specialist rehabilitation", "REGION", [
    "specialiserad rehabilitering",
    "rehabiliteringsmedicin",
    "rehabmedicin",
    "rehabilitation medicine",
  ]),
  kind("somatisk-specialistvard", "Somatisk specialistvård", "Specialist somatic care", "REGION", [
    "specialistvård",
    "specialistmottagning",
    "specialist care",
    "specialist outpatient care",
  ]),
  kind("somatisk-slutenvard", "Somatisk slutenvård", "Inpatient care", "REGION", [
    "slutenvård",
    "slutenvården",
    "sjukhusvård",
    "vårdavdelning",
    "inpatient care",
    "hospital care",
  ]),
]);

// Codes are stored on efforts and in overrides files, so they stay plain lower-case ASCII words.
const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Names and synonyms are short labels; 100 characters is far beyond any real one and stops a runaway file.
const label = z.string().trim().min(1).max(100);

export const effortOverridesSchema = z
  .array(
    z.strictObject({
      // 60 characters: the longest default code is about half that.
      code: z.string().max(60).regex(CODE, "must be lower-case ASCII words joined by hyphens"),
      principal: z.enum(PRINCIPALS).optional(),
      sv: label.optional(),
      en: label.optional(),
      /** Replaces the kind's synonyms (so a region can also remove one). */
      // 200 synonyms for one effort would already be a mistake, not a vocabulary.
      synonyms: z.array(label).max(200).optional(),
      varies: z.boolean().optional(),
    }),
  )
  // A region has at most a few dozen kinds; a much longer file is a wrong file.
  .max(500)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.code)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "code"],
          message: `code "${entry.code}" appears twice`,
        });
      }
      seen.add(entry.code);
    });
  });

export type EffortOverrides = z.infer<typeof effortOverridesSchema>;

export type EffortTaxonomyErrorCode = "INCOMPLETE_NEW_KIND" | "DUPLICATE_CODE" | "AMBIGUOUS_PHRASE";

/** A taxonomy that cannot be built: a configuration mistake, raised once at start-up. */
export class EffortTaxonomyError extends Error {
  readonly code: EffortTaxonomyErrorCode;
  constructor(code: EffortTaxonomyErrorCode, message: string) {
    super(message);
    this.name = "EffortTaxonomyError";
    this.code = code;
  }
}

export interface EffortMention {
  kind: EffortKind;
  start: number;
  end: number;
}

interface TrieNode {
  kind?: EffortKind;
  next: Map<string, TrieNode>;
}

export class EffortTaxonomy {
  readonly #kinds: readonly EffortKind[];
  readonly #byCode: ReadonlyMap<string, EffortKind>;
  readonly #byPhrase: ReadonlyMap<string, EffortKind>;
  readonly #trie: TrieNode;

  /** Merges a region's overrides onto the defaults; throws when a new code lacks any field. */
  static withOverrides(overrides: EffortOverrides): EffortTaxonomy {
    const kinds = [...DEFAULT_EFFORT_KINDS];
    for (const entry of overrides) {
      const index = kinds.findIndex((k) => k.code === entry.code);
      const base = index >= 0 ? kinds[index] : undefined;
      if (base !== undefined) {
        kinds[index] = kind(
          base.code,
          entry.sv ?? base.sv,
          entry.en ?? base.en,
          entry.principal ?? base.principal,
          entry.synonyms ?? base.synonyms,
          entry.varies ?? base.varies,
        );
        continue;
      }
      const { code, sv, en, principal, synonyms, varies } = entry;
      if (
        sv === undefined ||
        en === undefined ||
        principal === undefined ||
        synonyms === undefined ||
        varies === undefined
      ) {
        const missing = (["sv", "en", "principal", "synonyms", "varies"] as const).filter(
          (f) => entry[f] === undefined,
        );
        throw new EffortTaxonomyError(
          "INCOMPLETE_NEW_KIND",
          `Effort override "${code}" is not a known effort code, and a new effort needs every field; missing: ${missing.join(", ")}`,
        );
      }
      kinds.push(kind(code, sv, en, principal, synonyms, varies));
    }
    return new EffortTaxonomy(kinds);
  }

  constructor(kinds: readonly EffortKind[] = DEFAULT_EFFORT_KINDS) {
    const byCode = new Map<string, EffortKind>();
    for (const k of kinds) {
      if (byCode.has(k.code))
        throw new EffortTaxonomyError("DUPLICATE_CODE", `Effort code "${k.code}" appears twice`);
      byCode.set(k.code, k);
    }
    this.#kinds = Object.freeze([...kinds]);
    this.#byCode = byCode;
    this.#byPhrase = buildPhraseIndex(kinds);
    this.#trie = buildTrie(this.#byPhrase);
  }

  byCode(code: string): EffortKind | undefined {
    return this.#byCode.get(code);
  }

  /**
   * Exact match of a whole phrase against names and synonyms, case-, whitespace- and diacritic-insensitive
   * ("hemtjanst" == "Hemtjänst"), Swedish definite forms tolerated ("hemtjänsten", "psykiatrin").
   */
  find(phrase: string): EffortKind | undefined {
    // "BUP:en", "VC:n": Swedish writes endings after a colon on abbreviations.
    const words = tokenize(phrase.trim().replace(/:\p{L}{1,3}$/u, "")).map((t) => t.word);
    return this.#byPhrase.get(words.join(" "));
  }

  /** Mentions inside free text, longest match first, non-overlapping, with positions. */
  mentions(text: string): EffortMention[] {
    const tokens = tokenize(text);
    const candidates: { mention: EffortMention; first: number; last: number }[] = [];
    for (let i = 0; i < tokens.length; i++) {
      let node: TrieNode | undefined = this.#trie;
      let last = -1;
      let found: EffortKind | undefined;
      for (let j = i; j < tokens.length && node !== undefined; j++) {
        node = node.next.get(tokens[j]?.word ?? "");
        if (node?.kind !== undefined) {
          found = node.kind;
          last = j;
        }
      }
      if (found !== undefined) {
        const mention = { kind: found, start: tokens[i]?.start ?? 0, end: tokens[last]?.end ?? 0 };
        candidates.push({ mention, first: i, last });
      }
    }
    // Longer mentions win ("psykiatrisk slutenvård" over "slutenvård" inside it); ties go leftmost.
    const length = (c: (typeof candidates)[number]) => c.mention.end - c.mention.start;
    candidates.sort((a, b) => length(b) - length(a) || a.first - b.first);
    const taken = new Uint8Array(tokens.length);
    const chosen: EffortMention[] = [];
    for (const c of candidates) {
      if (taken.subarray(c.first, c.last + 1).some((t) => t === 1)) continue;
      taken.fill(1, c.first, c.last + 1);
      chosen.push(c.mention);
    }
    return chosen.sort((a, b) => a.start - b.start);
  }

  all(): readonly EffortKind[] {
    return this.#kinds;
  }
}

interface Token {
  /** folded: lower case, no diacritics */
  word: string;
  start: number;
  end: number;
}

// Words are runs of letters and digits; hyphens, colons and the like separate them, so "IFO-öppenvård"
// and "IFO öppenvård" read the same and "SÄBO:t" still contains "SÄBO".
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const MARKS = /\p{M}/gu;

/** Splits text into folded words with their positions in the original text. One pass, so linear. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word = "";
  let start = -1;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (WORD_CHAR.test(ch)) {
      if (start < 0) start = i;
      word += fold(ch);
    } else if (start >= 0) {
      tokens.push({ word, start, end: i });
      word = "";
      start = -1;
    }
    i += ch.length;
  }
  if (start >= 0) tokens.push({ word, start, end: text.length });
  return tokens;
}

function fold(ch: string): string {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 128) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
  return ch.normalize("NFD").replace(MARKS, "").toLowerCase();
}

/**
 * Every name and synonym, folded, plus the Swedish definite forms of single words and phrases
 * ("hemtjänsten", "psykiatrin", "vårdcentralens"). Written phrases win over derived forms; two kinds
 * claiming the same written phrase is a configuration error, and a derived form two kinds share is left
 * out, since guessing would be worse than asking.
 */
function buildPhraseIndex(kinds: readonly EffortKind[]): Map<string, EffortKind> {
  const written = new Map<string, EffortKind>();
  for (const k of kinds) {
    for (const term of [k.code, k.sv, k.en, ...k.synonyms]) {
      const phrase = foldPhrase(term);
      if (phrase === "") continue;
      const owner = written.get(phrase);
      if (owner !== undefined && owner !== k) {
        throw new EffortTaxonomyError(
          "AMBIGUOUS_PHRASE",
          `"${term}" names two efforts, "${owner.code}" and "${k.code}"; keep it on one of them`,
        );
      }
      written.set(phrase, k);
    }
  }
  const derived = new Map<string, EffortKind | null>();
  for (const k of kinds) {
    for (const term of [k.sv, ...k.synonyms]) {
      for (const form of definiteForms(term)) {
        if (written.has(form)) continue;
        const owner = derived.get(form);
        derived.set(form, owner === undefined || owner === k ? k : null);
      }
    }
  }
  const index = new Map(written);
  for (const [form, k] of derived) if (k !== null) index.set(form, k);
  return index;
}

function foldPhrase(text: string): string {
  return tokenize(text)
    .map((t) => t.word)
    .join(" ");
}

// Short words and abbreviations are not inflected: "psyk" + "et" is "psyket" (the psyche), and "VC:n"
// is written with a colon, which tokenising already handles.
const MIN_INFLECTED_LENGTH = 5;

/** Definite singular (and its genitive) of the last word: "hemtjänst" → "hemtjänsten", "hemtjänstens". */
function definiteForms(term: string): string[] {
  if (term.includes("(") || isAbbreviation(term)) return [];
  const phrase = foldPhrase(term);
  const last = phrase.slice(phrase.lastIndexOf(" ") + 1);
  if (last.length < MIN_INFLECTED_LENGTH || /[^a-z]/.test(last)) return [];
  const endsInVowel = /[aeiouy]$/.test(last);
  const suffixes = last.endsWith("e") ? ["n", "t"] : endsInVowel ? ["n"] : ["en", "et"];
  return suffixes.flatMap((s) => [phrase + s, `${phrase}${s}s`]);
}

function isAbbreviation(term: string): boolean {
  return term === term.toUpperCase();
}

function buildTrie(index: ReadonlyMap<string, EffortKind>): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const [phrase, k] of index) {
    let node = root;
    for (const word of phrase.split(" ")) {
      let child = node.next.get(word);
      if (child === undefined) {
        child = { next: new Map() };
        node.next.set(word, child);
      }
      node = child;
    }
    node.kind = k;
  }
  return root;
}
