import type { ProposedOwner } from "../domain/free-text.ts";

// Who a sentence says will do something: "@bo", "Bo", "jag", "vi", "FK", "dottern", "hon själv". Only the
// start of a clause is looked at: Swedish and English both put the doer first ("Bo ringer FK").

export interface DirectoryEntry {
  handle: string;
  displayName: string;
}

export interface OwnerContext {
  directory: readonly DirectoryEntry[];
  /** The writer: "jag" is them, "vi" their unit. */
  actor: { handle: string; unitName: string | null };
}

export interface OwnerMatch {
  owner: ProposedOwner;
  /** How many words of the clause the owner took. */
  words: number;
}

// Owners outside the two principals, by the words staff use; the label is what the plan will show.
const OTHER_OWNERS: [string[], string][] = [
  [["försäkringskassan", "forsakringskassan", "fk", "fk:s", "social insurance agency"], "Försäkringskassan"],
  [["arbetsförmedlingen", "arbetsformedlingen", "af"], "Arbetsförmedlingen"],
  [["skolan", "school", "the school"], "skolan"],
  [["god man", "gode mannen", "förvaltaren", "förvaltare"], "god man / förvaltare"],
  [["personligt ombud", "po"], "personligt ombud"],
  [
    [
      "närstående",
      "anhörig",
      "anhöriga",
      "dottern",
      "sonen",
      "mamma",
      "mamman",
      "pappa",
      "pappan",
      "maken",
      "makan",
      "frun",
      "mannen",
      "systern",
      "brodern",
      "barnen",
      "relatives",
      "relative",
      "the daughter",
      "the son",
      "her daughter",
      "his daughter",
      "her son",
      "his son",
    ],
    "närstående",
  ],
  [
    [
      "den enskilde",
      "brukaren",
      "patienten",
      "personen",
      "hon själv",
      "han själv",
      "hen själv",
      "hon ska själv",
      "han ska själv",
      "the person",
      "the patient",
      "she herself",
      "he himself",
    ],
    "den enskilde",
  ],
];

function fold(s: string): string {
  return s.toLowerCase().normalize("NFC");
}

/** The first names and handles of colleagues: "Bo Berg (demo)" answers to "bo" and "bo berg". */
function staffNames(entry: DirectoryEntry): string[] {
  const name = fold(entry.displayName.replace(/\([^)]*\)/g, " "))
    .replace(/\s+/g, " ")
    .trim();
  const first = name.split(" ")[0] ?? "";
  return [...new Set([fold(entry.handle), name, first].filter((n) => n.length >= 2))];
}

/**
 * The owner named at the start of the words given (already split, fillers such as "och", "så" removed),
 * or null. Longer names win ("bo berg" over "bo"). A name shared by two colleagues is not guessed.
 */
export function ownerAtStart(ws: readonly string[], ctx: OwnerContext): OwnerMatch | null {
  const lower = ws.map((w) => fold(w).replace(/[,:]$/, ""));
  const first = lower[0];
  if (first === undefined) return null;
  if (/^@[\p{L}0-9._-]{1,32}$/u.test(first))
    return { owner: { kind: "staff", handle: first.slice(1) }, words: 1 };
  // English "I" only in capitals: Swedish "i" is "in" ("i morgon ringer Bo").
  if (first === "jag" || ws[0] === "I")
    return { owner: { kind: "staff", handle: ctx.actor.handle }, words: 1 };
  if (first === "vi" || first === "we") {
    return ctx.actor.unitName === null
      ? { owner: { kind: "staff", handle: ctx.actor.handle }, words: 1 }
      : { owner: { kind: "unit", name: ctx.actor.unitName }, words: 1 };
  }
  const startsWith = (phrase: string): number => {
    const parts = phrase.split(" ");
    return parts.every((p, i) => lower[i] === p) ? parts.length : 0;
  };
  let best: OwnerMatch | null = null;
  for (const [phrases, label] of OTHER_OWNERS) {
    for (const phrase of phrases) {
      const n = startsWith(phrase);
      if (n > (best?.words ?? 0)) best = { owner: { kind: "other", label }, words: n };
    }
  }
  const staffHits = new Map<string, number>();
  for (const entry of ctx.directory) {
    for (const name of staffNames(entry)) {
      const n = startsWith(name);
      if (n > 0) staffHits.set(entry.handle, Math.max(staffHits.get(entry.handle) ?? 0, n));
    }
  }
  const longest = Math.max(0, ...staffHits.values());
  const top = [...staffHits].filter(([, n]) => n === longest);
  if (top.length === 1 && top[0] !== undefined && longest > (best?.words ?? 0)) {
    best = { owner: { kind: "staff", handle: top[0][0] }, words: longest };
  }
  return best;
}
