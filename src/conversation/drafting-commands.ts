import { QUESTION_ROLES, type QuestionRole } from "../app/drafting-types.ts";

// The role words of `sip frågor <ref> [roll]`, as staff write them in Swedish or English.
const ROLE_WORDS: ReadonlyMap<string, QuestionRole> = new Map<string, QuestionRole>([
  ["personal", "staff"],
  ["personalen", "staff"],
  ["medarbetare", "staff"],
  ["staff", "staff"],
  ["chef", "manager"],
  ["chefer", "manager"],
  ["enhetschef", "manager"],
  ["manager", "manager"],
  ["managers", "manager"],
  ["personen", "person"],
  ["enskilde", "person"],
  ["den enskilde", "person"],
  ["brukare", "person"],
  ["brukaren", "person"],
  ["patient", "person"],
  ["patienten", "person"],
  ["person", "person"],
  ["the person", "person"],
  ["närstående", "relatives"],
  ["narstaende", "relatives"],
  ["anhörig", "relatives"],
  ["anhöriga", "relatives"],
  ["anhoriga", "relatives"],
  ["relative", "relatives"],
  ["relatives", "relatives"],
  ...QUESTION_ROLES.map((r): [string, QuestionRole] => [r, r]),
]);

/** null: no role given (all roles); undefined: a word that names no role. */
export function parseQuestionRole(words: string): QuestionRole | null | undefined {
  const w = words.trim().toLowerCase().normalize("NFC");
  if (w === "" || w === "alla" || w === "all") return null;
  return ROLE_WORDS.get(w);
}
