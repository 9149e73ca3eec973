import { z } from "zod";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import { formatLocalDate, type LocalDate } from "../domain/local-date.ts";
import { ok, type Result } from "../domain/result.ts";
import { type AppDeps, today } from "./deps.ts";
import { acceptableLine, directoryNames } from "./drafting.ts";
import { caseFacts, factsForModel } from "./drafting-facts.ts";
import type { DraftSource } from "./drafting-port.ts";
import { draftingTexts } from "./drafting-templates.ts";
import type { Locale, StaffMember } from "./ports.ts";
import { type ResponsibilityView, whoIsResponsible } from "./responsibility.ts";

// The plan told to the person it belongs to, in plain words: what they receive, what will be done and by
// whom, who holds the plan together, when it is reviewed, and that the plan is theirs. The printable plan
// calls planSummaryForPerson with the same view `sip vem` shows; draftPlanSummary lets a model reword it.

export interface PlanSummary {
  ref: string;
  paragraphs: string[];
  source: DraftSource;
}

/**
 * Plain-language summary of the plan for the person, from a ResponsibilityView (already filtered by what
 * the reader may see). Deterministic; Swedish unless English is asked for.
 */
export function planSummaryForPerson(
  view: ResponsibilityView,
  taxonomy: EffortTaxonomy,
  day: LocalDate,
  locale: Locale = "sv",
): string[] {
  const t = draftingTexts(locale);
  const f = caseFacts(view, taxonomy, locale, day);
  const date = (d: LocalDate) => formatLocalDate(d, locale);
  const paragraphs = [t.summary.intro(f.ref)];
  paragraphs.push(
    f.efforts.length === 0
      ? t.summary.noEfforts
      : t.summary.efforts(
          f.efforts.map((e) => `${e.name.toLowerCase()} (${t.principal[e.principal]})`).join(", "),
        ),
  );
  if (f.openCommitments.length > 0) {
    paragraphs.push(
      [
        t.summary.commitments,
        ...f.openCommitments.map(
          (c) =>
            `• ${t.summary.commitmentLine(c.what.replace(/[.\s]+$/u, ""), c.owner, c.due === null ? null : date(c.due))}`,
        ),
      ].join("\n"),
    );
  }
  paragraphs.push(
    t.summary.responsibility(f.overallResponsibility === null ? null : t.principal[f.overallResponsibility]),
    t.summary.followUp(f.followUpDate === null ? null : date(f.followUpDate)),
    t.summary.rights,
  );
  return paragraphs;
}

export const summaryOutputSchema = z.strictObject({
  // A handful of short paragraphs is what a person reads on one printed page.
  paragraphs: z.array(z.string().min(1).max(600)).min(1).max(8),
});

/** The summary for `ref`, reworded by a model when one is configured and answers within bounds. */
export async function draftPlanSummary(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  locale: Locale = "sv",
): Promise<Result<PlanSummary, "personNotFound">> {
  const view = await whoIsResponsible(deps, actor, ref);
  if (!view.ok) return view;
  const day = today(deps);
  const paragraphs = planSummaryForPerson(view.value, deps.taxonomy, day, locale);
  const model = deps.model;
  if (model === undefined) return ok({ ref, paragraphs, source: { kind: "template", fallback: null } });
  await deps.store.audit({
    actorId: actor.id,
    action: "DRAFT_MODEL_REQUEST",
    personRef: ref,
    unitId: actor.unitId,
    basis: "SYSTEM",
    detail: { task: "summary", provider: model.provider },
  });
  const answer = await model.propose({
    task: "summary",
    locale,
    variables: {
      case_json: JSON.stringify(factsForModel(caseFacts(view.value, deps.taxonomy, locale, day))),
      template: paragraphs.join("\n\n"),
    },
    schema: summaryOutputSchema,
    names: await directoryNames(deps),
  });
  const parsed = summaryOutputSchema.safeParse(answer.ok ? answer.value : null);
  const now = deps.clock.now();
  if (!parsed.success || !parsed.data.paragraphs.every((p) => acceptableLine(p, ref, now))) {
    const fallback = answer.ok ? "invalidOutput" : answer.reason;
    return ok({ ref, paragraphs, source: { kind: "template", fallback } });
  }
  // The person's rights are stated in our words, whatever the model wrote.
  const rights = draftingTexts(locale).summary.rights;
  return ok({
    ref,
    paragraphs: [...parsed.data.paragraphs, rights],
    source: { kind: "model", provider: model.provider },
  });
}
