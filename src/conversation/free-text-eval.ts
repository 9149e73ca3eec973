import { z } from "zod";
import { type FreeTextUnderstanding, ownerToken } from "../domain/free-text.ts";
import { PRINCIPALS } from "../domain/principal.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import { parseFreeText } from "./free-text.ts";

// Precision and recall of the rule-based reader on a corpus of staff sentences with the extractions a
// careful reader expects. An item is one effort (code and principal), one commitment (owner and due date;
// the wording of the task is not scored) or the fact that a responsibility question was asked.

export const corpusSchema = z.strictObject({
  description: z.string(),
  today: z.iso.date(),
  actor: z.strictObject({ handle: z.string(), unitName: z.string().nullable() }),
  directory: z.array(z.strictObject({ handle: z.string(), displayName: z.string() })),
  cases: z.array(
    z.strictObject({
      text: z.string().min(1).max(2000),
      efforts: z.array(z.strictObject({ code: z.string(), principal: z.enum(PRINCIPALS).nullable() })),
      commitments: z.array(z.strictObject({ owner: z.string(), due: z.iso.date().nullable() })),
      question: z.boolean(),
    }),
  ),
});

export type Corpus = z.infer<typeof corpusSchema>;

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  cases: number;
  overall: Score;
  byKind: Record<"effort" | "commitment" | "question", Score>;
  /** Cases where the reader and the corpus disagree, for whoever improves the rules. */
  misses: { text: string; missing: string[]; extra: string[] }[];
}

function itemsOf(u: Pick<FreeTextUnderstanding, "efforts" | "commitments" | "question">): string[] {
  return [
    ...u.efforts.map((e) => `effort:${e.code}:${e.principal ?? "?"}`),
    ...u.commitments.map((c) => `commitment:${ownerToken(c.owner)}|${c.dueDate ?? "-"}`),
    ...(u.question === null ? [] : ["question"]),
  ];
}

function expectedItems(c: Corpus["cases"][number]): string[] {
  return [
    ...c.efforts.map((e) => `effort:${e.code}:${e.principal ?? "?"}`),
    ...c.commitments.map((x) => `commitment:${x.owner}|${x.due ?? "-"}`),
    ...(c.question ? ["question"] : []),
  ];
}

function score(tp: number, fp: number, fn: number): Score {
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

export function evaluateCorpus(corpus: Corpus, taxonomy: EffortTaxonomy): Evaluation {
  const counts = { effort: [0, 0, 0], commitment: [0, 0, 0], question: [0, 0, 0] };
  const misses: Evaluation["misses"] = [];
  for (const c of corpus.cases) {
    const got = itemsOf(
      parseFreeText(c.text, {
        taxonomy,
        today: corpus.today,
        directory: corpus.directory,
        actor: corpus.actor,
      }),
    );
    const want = expectedItems(c);
    const remaining = [...want];
    const extra: string[] = [];
    for (const item of got) {
      const i = remaining.indexOf(item);
      const kind = item.split(":")[0] as keyof typeof counts;
      if (i >= 0) {
        remaining.splice(i, 1);
        counts[kind][0] = (counts[kind][0] ?? 0) + 1;
      } else {
        extra.push(item);
        counts[kind][1] = (counts[kind][1] ?? 0) + 1;
      }
    }
    for (const item of remaining) {
      const kind = item.split(":")[0] as keyof typeof counts;
      counts[kind][2] = (counts[kind][2] ?? 0) + 1;
    }
    if (remaining.length > 0 || extra.length > 0) misses.push({ text: c.text, missing: remaining, extra });
  }
  const of = (k: keyof typeof counts) => score(counts[k][0] ?? 0, counts[k][1] ?? 0, counts[k][2] ?? 0);
  const total = (i: number) =>
    (counts.effort[i] ?? 0) + (counts.commitment[i] ?? 0) + (counts.question[i] ?? 0);
  return {
    cases: corpus.cases.length,
    overall: score(total(0), total(1), total(2)),
    byKind: { effort: of("effort"), commitment: of("commitment"), question: of("question") },
    misses,
  };
}
