import { z } from "zod";
import { findPersonRefs } from "../domain/person-ref.ts";
import { containsSwedishId } from "../domain/personnummer.ts";
import { ok, type Result } from "../domain/result.ts";
import { type AppDeps, today } from "./deps.ts";
import { type CaseFacts, caseFacts, factsForModel } from "./drafting-facts.ts";
import type { DraftSource, ModelPort, ModelRequest } from "./drafting-port.ts";
import { draftingTexts, templateAgenda, templateQuestions } from "./drafting-templates.ts";
import {
  AGENDA_KEYS,
  type Agenda,
  QUESTION_ROLES,
  type QuestionRole,
  type RoleQuestions,
} from "./drafting-types.ts";
import type { Locale, StaffMember } from "./ports.ts";
import { whoIsResponsible } from "./responsibility.ts";

// Use cases: a draft agenda and reflection questions for a person's SIP meeting. The case is read the one
// way every read goes (whoIsResponsible: access rules, consent, exclusions, audit), for the reference the
// user typed, before any model is asked; a model can therefore never widen what is read. Its answer is
// only words for sections and roles that we define, re-checked here, and a person accepts the draft before
// it is used. Without a model, or when the model fails, the templates give a complete draft.

// A point or question is a sentence or two; a model writing more is not following the task.
const MAX_POINT = 300;

export const agendaOutputSchema = z.strictObject({
  sections: z
    .array(
      z.strictObject({
        key: z.enum(AGENDA_KEYS),
        points: z.array(z.string().min(1).max(MAX_POINT)).max(8),
      }),
    )
    .max(AGENDA_KEYS.length),
});

export const questionsOutputSchema = z.strictObject({
  questions: z
    .array(z.strictObject({ role: z.enum(QUESTION_ROLES), text: z.string().min(1).max(MAX_POINT) }))
    .max(40),
});

export interface AgendaDraft extends Agenda {
  source: DraftSource;
}

export interface QuestionsDraft {
  ref: string;
  roles: RoleQuestions[];
  source: DraftSource;
}

/** Staff names, to be replaced by placeholders before a model sees any text. */
export async function directoryNames(deps: AppDeps): Promise<string[]> {
  const staff = await deps.store.listStaff();
  return staff.flatMap((s) => [s.displayName.replace(/\([^)]*\)/g, "").trim(), s.handle]);
}

/**
 * A line a model wrote is kept only if it names no person but the one the draft is about and holds
 * nothing shaped like a personnummer: a model cannot bring another case, or an identifier, into a draft.
 */
export function acceptableLine(line: string, ref: string, now: Date): boolean {
  const refs = findPersonRefs(line);
  return refs.every((r) => r === ref) && !containsSwedishId(line, now) && !/\d{6,8}[-+ ]?\d{4}/.test(line);
}

async function loadFacts(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  locale: Locale,
): Promise<Result<CaseFacts, "personNotFound">> {
  const view = await whoIsResponsible(deps, actor, ref);
  if (!view.ok) return view;
  return ok(caseFacts(view.value, deps.taxonomy, locale, today(deps)));
}

async function askModel<T>(
  deps: AppDeps,
  actor: StaffMember,
  model: ModelPort,
  request: Omit<ModelRequest<T>, "names">,
  ref: string,
): Promise<{ value: T | null; source: DraftSource }> {
  // Sending case facts to a model is a disclosure to a processor: it is audited like a read.
  await deps.store.audit({
    actorId: actor.id,
    action: "DRAFT_MODEL_REQUEST",
    personRef: ref,
    unitId: actor.unitId,
    basis: "SYSTEM",
    detail: { task: request.task, provider: model.provider },
  });
  const answer = await model.propose({ ...request, names: await directoryNames(deps) });
  if (!answer.ok) return { value: null, source: { kind: "template", fallback: answer.reason } };
  return { value: answer.value, source: { kind: "model", provider: model.provider } };
}

export async function draftAgenda(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  locale: Locale,
): Promise<Result<AgendaDraft, "personNotFound">> {
  const facts = await loadFacts(deps, actor, ref, locale);
  if (!facts.ok) return facts;
  const template = templateAgenda(facts.value, locale);
  if (deps.model === undefined) return ok({ ...template, source: { kind: "template", fallback: null } });
  const asked = await askModel(
    deps,
    actor,
    deps.model,
    {
      task: "agenda",
      locale,
      variables: { case_json: JSON.stringify(factsForModel(facts.value)) },
      schema: agendaOutputSchema,
    },
    ref,
  );
  // Re-checked here whatever the port claims: the schema again, then each line on its own.
  const parsed = agendaOutputSchema.safeParse(asked.value);
  if (!parsed.success)
    return ok({
      ...template,
      source: asked.source.kind === "model" ? { kind: "template", fallback: "invalidOutput" } : asked.source,
    });
  const now = deps.clock.now();
  const proposed = new Map(
    parsed.data.sections.map((s) => [s.key, s.points.filter((p) => acceptableLine(p, ref, now))]),
  );
  // Our sections, titles and order; the model only fills in points. A section it left empty keeps the
  // template's points, so every part of the meeting is always on the agenda.
  const sections = template.sections.map((s) => {
    const points = proposed.get(s.key) ?? [];
    return points.length > 0 ? { ...s, points } : s;
  });
  return ok({ ref, sections, source: asked.source });
}

export async function draftQuestions(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  locale: Locale,
  role: QuestionRole | null,
): Promise<Result<QuestionsDraft, "personNotFound">> {
  const facts = await loadFacts(deps, actor, ref, locale);
  if (!facts.ok) return facts;
  const roles = role === null ? [...QUESTION_ROLES] : [role];
  const template = templateQuestions(facts.value, locale, roles);
  if (deps.model === undefined)
    return ok({ ref, roles: template, source: { kind: "template", fallback: null } });
  const t = draftingTexts(locale);
  const asked = await askModel(
    deps,
    actor,
    deps.model,
    {
      task: "questions",
      locale,
      variables: {
        case_json: JSON.stringify(factsForModel(facts.value)),
        roles: roles.join(", "),
        role_names: roles.map((r) => `${r}: ${t.roleTitle[r]}`).join("; "),
      },
      schema: questionsOutputSchema,
    },
    ref,
  );
  const parsed = questionsOutputSchema.safeParse(asked.value);
  if (!parsed.success)
    return ok({
      ref,
      roles: template,
      source: asked.source.kind === "model" ? { kind: "template", fallback: "invalidOutput" } : asked.source,
    });
  const now = deps.clock.now();
  const out = template.map((tq) => {
    const mine = parsed.data.questions
      .filter((q) => q.role === tq.role && acceptableLine(q.text, ref, now))
      .map((q) => q.text)
      .slice(0, 8);
    return mine.length > 0 ? { role: tq.role, questions: mine } : tq;
  });
  return ok({ ref, roles: out, source: asked.source });
}
