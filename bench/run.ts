// `npm run bench`: every benchmark, one after the other (never in parallel: they would measure each other),
// then one summary table from the JSON files they wrote. Not part of `npm test`.
//
//   npm run bench                       all, at the scale (1,000,000 efforts and commitments; ~30 min)
//   npm run bench -- --quick            all, at a small scale (a few minutes; for checking the harness)
//   npm run bench -- --only slack,teams  a subset: slack, teams, memory, ingest, digest
//   npm run bench -- --fuzz             the property-based fuzzing instead: a million runs per parser
import { spawn } from "node:child_process";
import { readFile, readdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type BenchCase, printTable, writeResult } from "./lib/report.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    fuzz: { type: "boolean", default: false },
    only: { type: "string" },
    runs: { type: "string" },
  },
});

interface Step {
  group: string;
  script: string;
  args: string[];
}

function steps(quick: boolean): Step[] {
  const rows = quick ? "20000" : "1000000";
  const digest = quick ? ["--units", "50", "--commitments", "50000", "--runs", "3"] : [];
  const duration = quick ? ["--duration", "3"] : [];
  return [
    { group: "slack", script: "slack-ack.bench.ts", args: duration },
    { group: "teams", script: "teams-turn.bench.ts", args: duration },
    { group: "memory", script: "memory.bench.ts", args: [] },
    { group: "ingest", script: "ingest.bench.ts", args: ["--backend", "postgres", "--rows", rows] },
    { group: "ingest", script: "ingest.bench.ts", args: ["--backend", "pglite", "--rows", rows] },
    { group: "digest", script: "digest.bench.ts", args: ["--backend", "postgres", ...digest] },
    // At 1,000,000 commitments the one-statement build of the test data stalls PGlite 0.4.3 (its WAL grows
    // past ~530 MB with no checkpointer), so the embedded store is measured at a fifth of the scale.
    {
      group: "digest",
      script: "digest.bench.ts",
      args: ["--backend", "pglite", ...(quick ? digest : ["--units", "200", "--commitments", "200000"])],
    },
  ];
}

function run(script: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], {
      stdio: "inherit",
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

const resultsDir = new URL("./results/", import.meta.url);

/** The cases of every result file written since `since`: older files are from other runs, not this one. */
async function summary(since: Date): Promise<void> {
  const cases: BenchCase[] = [];
  for (const file of (await readdir(resultsDir)).filter((f) => f.endsWith(".json")).sort()) {
    if (file === "summary.json" || file === "fuzz.json") continue;
    const body = JSON.parse(await readFile(new URL(file, resultsDir), "utf8")) as {
      at?: string;
      cases?: BenchCase[];
    };
    if (body.at === undefined || new Date(body.at) < since) continue;
    cases.push(...(body.cases ?? []));
  }
  printTable("All benchmarks of this run", cases);
  await writeResult("summary", cases);
}

const started = performance.now();
if (values.fuzz) {
  const code = await run("fuzz.ts", values.runs === undefined ? [] : ["--runs", values.runs]);
  process.exit(code);
}
const wanted = values.only?.split(",").map((s) => s.trim());
const chosen = steps(values.quick).filter((s) => wanted === undefined || wanted.includes(s.group));
if (chosen.length === 0) throw new Error(`--only names no benchmark: ${values.only ?? ""}`);
const since = new Date();
const failed: string[] = [];
for (const step of chosen) {
  console.log(`\n=== ${step.script} ${step.args.join(" ")} ===`);
  const code = await run(step.script, step.args);
  if (code !== 0) failed.push(`${step.script} ${step.args.join(" ")} (exit ${code})`);
}
await summary(since);
console.log(`\nAll benchmarks took ${((performance.now() - started) / 60_000).toFixed(1)} min.`);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join("; ")}`);
  process.exit(1);
}
