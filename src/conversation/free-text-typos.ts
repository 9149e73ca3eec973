import type { EffortTaxonomy } from "../domain/taxonomy.ts";

// Staff type fast: "hemtjänts", "boendstöd", "psykiatrsik". The taxonomy matches names exactly (case and
// diacritics aside), so before looking for efforts, a long word that is one or two keystrokes away from a
// single-word effort name is read as that name. Short words are left alone: "psyk" and "VC" are too close
// to ordinary words to guess.
const MIN_LENGTH = 6;
// Words of nine letters or more tolerate two slips; shorter ones only one.
const LONG_WORD = 9;

function fold(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Optimal string alignment distance (a swap of two neighbours counts as one), stopping above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

interface Vocabulary {
  /** Folded single-word effort names (and their definite forms) mapped to the word to write instead. */
  words: Map<string, string>;
  /**
   * Words of multi-word names ("psykiatrisk" in "psykiatrisk slutenvård"). A near miss of one is corrected
   * only when the corrected word then forms a name with its neighbour: "medicinen" must not become
   * "medicine" just because "addiction medicine" is a name.
   */
  parts: Map<string, string>;
}

const cache = new WeakMap<EffortTaxonomy, Vocabulary>();

function vocabulary(taxonomy: EffortTaxonomy): Vocabulary {
  const known = cache.get(taxonomy);
  if (known !== undefined) return known;
  const words = new Map<string, string>();
  const parts = new Map<string, string>();
  for (const kind of taxonomy.all()) {
    for (const term of [kind.sv, kind.en, ...kind.synonyms]) {
      if (/\s|\(/.test(term.trim())) {
        for (const w of term.match(/\p{L}+/gu) ?? []) parts.set(fold(w), w);
        continue;
      }
      const base = fold(term.trim());
      if (base.length < MIN_LENGTH || !/^[a-z]+$/.test(base)) continue;
      words.set(base, term);
      const endings = /[aeiouy]$/.test(base) ? ["n"] : ["en", "et"];
      for (const e of endings) words.set(base + e, term + e);
    }
  }
  const vocab = { words, parts };
  cache.set(taxonomy, vocab);
  return vocab;
}

/** The closest candidate within `max` edits, or null when there is none or two are equally close. */
function nearest(folded: string, candidates: ReadonlyMap<string, string>, max: number): string | null {
  let best: string | null = null;
  let bestDistance = max + 1;
  let tie = false;
  for (const [candidate, replacement] of candidates) {
    if (candidate.length < MIN_LENGTH) continue;
    const d = editDistance(folded, candidate, max);
    if (d < bestDistance) {
      best = replacement;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && best !== replacement) tie = true;
  }
  // Two effort names equally close is a guess; leave the word as written.
  return tie ? null : best;
}

/** The text with near-miss effort words replaced by the effort's name; everything else untouched. */
export function correctEffortTypos(text: string, taxonomy: EffortTaxonomy): string {
  const { words: vocab, parts } = vocabulary(taxonomy);
  return text.replace(/\p{L}+/gu, (word: string, offset: number) => {
    const folded = fold(word);
    if (
      folded.length < MIN_LENGTH ||
      vocab.has(folded) ||
      parts.has(folded) ||
      taxonomy.find(word) !== undefined
    )
      return word;
    const max = folded.length >= LONG_WORD ? 2 : 1;
    const whole = nearest(folded, vocab, max);
    if (whole !== null) return whole;
    const part = nearest(folded, parts, max);
    if (part === null) return word;
    const before = /(\p{L}+)\P{L}*$/u.exec(text.slice(Math.max(0, offset - 40), offset))?.[1] ?? "";
    const after =
      /^\P{L}*(\p{L}+)/u.exec(text.slice(offset + word.length, offset + word.length + 40))?.[1] ?? "";
    const formsName =
      taxonomy.find(`${before} ${part}`) !== undefined || taxonomy.find(`${part} ${after}`) !== undefined;
    return formsName ? part : word;
  });
}
