import type { LocalDate } from "../domain/local-date.ts";
import type { Principal } from "../domain/principal.ts";
import type { CaseFacts, FactCommitment } from "./drafting-facts.ts";

// Shapes of the drafts (agenda, reflection questions, the person's summary) and of the words they are
// written in, shared by the template drafter, the language bundles and the model's output schemas.

/** The parts of a SIP meeting, in the order DOMAIN.md gives them: the person's own questions first. */
export const AGENDA_KEYS = [
  "personsQuestions",
  "introduction",
  "situation",
  "needsAndGoals",
  "efforts",
  "responsibility",
  "carriedForward",
  "followUp",
] as const;
export type AgendaKey = (typeof AGENDA_KEYS)[number];

export const QUESTION_ROLES = ["staff", "manager", "person", "relatives"] as const;
export type QuestionRole = (typeof QUESTION_ROLES)[number];

export interface AgendaSection {
  key: AgendaKey;
  title: string;
  points: string[];
}

export interface Agenda {
  ref: string;
  sections: AgendaSection[];
}

export interface RoleQuestions {
  role: QuestionRole;
  questions: string[];
}

/** The words of the drafts in one language; the Swedish and English bundles implement it. */
export interface DraftingTexts {
  titles: Record<AgendaKey, string>;
  principal: Record<Principal, string>;
  date: (d: LocalDate) => string;
  commitment: (c: FactCommitment, due: string | null) => string;
  agenda: {
    personsQuestions: (f: CaseFacts) => string[];
    introduction: (f: CaseFacts) => string[];
    situation: (f: CaseFacts, efforts: string) => string[];
    needsAndGoals: (f: CaseFacts) => string[];
    efforts: (f: CaseFacts, lines: string[]) => string[];
    responsibility: (f: CaseFacts, holder: string | null) => string[];
    carriedForward: (f: CaseFacts, lines: string[]) => string[];
    followUp: (f: CaseFacts, date: string | null) => string[];
  };
  questions: Record<QuestionRole, (f: CaseFacts) => string[]>;
  roleTitle: Record<QuestionRole, string>;
  summary: {
    intro: (ref: string) => string;
    efforts: (list: string) => string;
    noEfforts: string;
    commitments: string;
    commitmentLine: (what: string, owner: string, due: string | null) => string;
    responsibility: (holder: string | null) => string;
    followUp: (date: string | null) => string;
    rights: string;
  };
}
