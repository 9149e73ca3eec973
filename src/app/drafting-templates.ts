import type { CaseFacts } from "./drafting-facts.ts";
import { draftingTextsEn } from "./drafting-texts-en.ts";
import { draftingTextsSv } from "./drafting-texts-sv.ts";
import {
  AGENDA_KEYS,
  type Agenda,
  type AgendaKey,
  type DraftingTexts,
  type QuestionRole,
  type RoleQuestions,
} from "./drafting-types.ts";
import type { Locale } from "./ports.ts";

// The deterministic drafts: an agenda and reflection questions built from the case's facts with no
// language model. They are complete on their own (the bot must be fully usable without a model) and are
// also the fallback whenever a model fails, times out or answers out of bounds.

export function draftingTexts(locale: Locale): DraftingTexts {
  return locale === "en" ? draftingTextsEn : draftingTextsSv;
}

export function templateAgenda(f: CaseFacts, locale: Locale): Agenda {
  const t = draftingTexts(locale);
  const effortList = f.efforts.map((e) => `${e.name} (${t.principal[e.principal]})`).join(", ");
  const commitmentLines = f.openCommitments.map((c) =>
    t.commitment(c, c.due === null ? null : t.date(c.due)),
  );
  const points: Record<AgendaKey, string[]> = {
    personsQuestions: t.agenda.personsQuestions(f),
    introduction: t.agenda.introduction(f),
    situation: t.agenda.situation(f, effortList),
    needsAndGoals: t.agenda.needsAndGoals(f),
    efforts: t.agenda.efforts(
      f,
      f.efforts.map((e) => `${e.name} (${t.principal[e.principal]})`),
    ),
    responsibility: t.agenda.responsibility(
      f,
      f.overallResponsibility === null ? null : t.principal[f.overallResponsibility],
    ),
    carriedForward: t.agenda.carriedForward(f, commitmentLines),
    followUp: t.agenda.followUp(f, f.followUpDate === null ? null : t.date(f.followUpDate)),
  };
  return {
    ref: f.ref,
    sections: AGENDA_KEYS.map((key) => ({ key, title: t.titles[key], points: points[key] })),
  };
}

export function templateQuestions(
  f: CaseFacts,
  locale: Locale,
  roles: readonly QuestionRole[],
): RoleQuestions[] {
  const t = draftingTexts(locale);
  return roles.map((role) => ({ role, questions: t.questions[role](f) }));
}
