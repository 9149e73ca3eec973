// Prints the precision and recall of the rule-based free-text reader on the staff-sentence corpus.
// Run: node scripts/free-text-eval.ts [--misses] [corpus.json]
import { readFileSync } from "node:fs";
import { corpusSchema, evaluateCorpus, type Score } from "../src/conversation/free-text-eval.ts";
import { EffortTaxonomy } from "../src/domain/taxonomy.ts";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--")) ?? "test/llm/corpus/free-text-sv.json";
const corpus = corpusSchema.parse(JSON.parse(readFileSync(file, "utf8")));
const result = evaluateCorpus(corpus, new EffortTaxonomy());

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const line = (name: string, s: Score) =>
  `${name.padEnd(11)} precision ${pct(s.precision).padStart(7)}  recall ${pct(s.recall).padStart(7)}  ` +
  `(tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`;

console.log(`Rule-based free-text reader on ${file}: ${result.cases} sentences`);
console.log(line("overall", result.overall));
for (const [kind, s] of Object.entries(result.byKind)) console.log(line(kind, s));
if (args.includes("--misses")) {
  for (const m of result.misses)
    console.log(
      `- ${m.text}\n    missing: ${m.missing.join(", ") || "–"}\n    extra:   ${m.extra.join(", ") || "–"}`,
    );
}
