// Fuzzing (not a test): the property catalogue of test/faults/properties run far longer than in
// `npm test`, a million cases per parser by default, split over its properties by their cost (a property
// that runs fewer cases in CI, because one case reads a whole file, gets fewer here too).
//
//   npx node bench/fuzz.ts [--runs 1000000] [--parser csv] [--seed 123] [--max-seconds 600] [--workers 2]
//
// --runs is per parser; --max-seconds caps each property (the runs done are reported, not a failure);
// properties run side by side on --workers threads (default: one per core).
// Prints a table (parser, runs, failures, runs/s, time), writes bench/results/fuzz.json, and exits
// non-zero on any failure, after printing the counterexample with the seed and path that replay it:
//   SIP_PROPERTY_SEED=<seed> SIP_PROPERTY_PATH=<path> npx vitest run test/faults/properties -t "<name>"
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import fc from "fast-check";
import { PARSERS, PROPERTIES } from "../test/faults/properties/catalogue.ts";
import type { PropertySpec } from "../test/faults/properties/property-spec.ts";
import { writeResult } from "./lib/report.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1000000" },
    parser: { type: "string" },
    seed: { type: "string" },
    "max-seconds": { type: "string" },
    workers: { type: "string" },
  },
});
const runsPerParser = Number(values.runs);
if (!Number.isSafeInteger(runsPerParser) || runsPerParser < 1)
  throw new Error("--runs must be a positive integer");
// Workers get the main thread's seed, so every property of one run shares it.
const seed: number = isMainThread
  ? values.seed === undefined
    ? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0
    : Number(values.seed)
  : (workerData as { seed: number }).seed;
const maxMs = values["max-seconds"] === undefined ? undefined : Number(values["max-seconds"]) * 1000;
const parsers = values.parser === undefined ? PARSERS : PARSERS.filter((p) => p === values.parser);
if (parsers.length === 0) throw new Error(`--parser must be one of ${PARSERS.join(", ")}`);
const workers = Math.max(1, Number(values.workers ?? availableParallelism()));

interface Row {
  parser: string;
  property: string;
  runs: number;
  failures: number;
  seconds: number;
  runsPerSecond: number;
  interrupted: boolean;
}

/** Runs for each property of a parser: the parser's total, shared out in proportion to the CI counts. */
function share(specs: readonly PropertySpec[], total: number): number[] {
  const weight = specs.reduce((sum, s) => sum + s.ciRuns, 0);
  return specs.map((s) => Math.max(1, Math.round((total * s.ciRuns) / weight)));
}

async function fuzz(s: PropertySpec, numRuns: number): Promise<{ row: Row; report: string | null }> {
  const started = performance.now();
  const details = await fc.check(s.make(), {
    numRuns,
    seed,
    ...(maxMs !== undefined && { interruptAfterTimeLimit: maxMs, markInterruptAsFailure: false }),
  });
  const seconds = (performance.now() - started) / 1000;
  const report = details.failed
    ? `${s.parser} / ${s.name}\n${fc.defaultReportMessage(details) ?? ""}\n${String(details.errorInstance)}`
    : null;
  return {
    report,
    row: {
      parser: s.parser,
      property: s.name,
      runs: details.numRuns,
      failures: details.failed ? 1 : 0,
      seconds,
      runsPerSecond: details.numRuns / seconds,
      interrupted: details.interrupted,
    },
  };
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

interface Task {
  index: number;
  runs: number;
}
type Done = { row: Row; report: string | null; index: number };

if (!isMainThread) {
  // A worker: runs the properties it is handed, one at a time, until told there are no more.
  parentPort?.on("message", (task: Task | null) => {
    if (task === null) {
      parentPort?.close();
      return;
    }
    const s = PROPERTIES[task.index];
    if (s === undefined) throw new Error(`no property ${task.index}`);
    void fuzz(s, task.runs).then((done) => parentPort?.postMessage({ ...done, index: task.index }));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const tasks: Task[] = parsers.flatMap((parser) => {
    const specs = PROPERTIES.filter((p) => p.parser === parser);
    const runs = share(specs, runsPerParser);
    return specs.map((s, i) => ({ index: PROPERTIES.indexOf(s), runs: runs[i] ?? 1 }));
  });
  // The longest first, so no worker is left with a long one at the end. CI counts were tuned inversely to
  // the cost of one case, so runs / ciRuns is proportional to the time a property takes.
  const queue = [...tasks].sort(
    (a, b) => b.runs / (PROPERTIES[b.index]?.ciRuns ?? 1) - a.runs / (PROPERTIES[a.index]?.ciRuns ?? 1),
  );
  console.log(
    `fuzz: seed ${seed}, ${runsPerParser} runs per parser, ${workers} workers, parsers: ${parsers.join(", ")}`,
  );
  const results: Done[] = [];
  const startedAll = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { seed },
        argv: process.argv.slice(2),
      });
      const failedToStart = new Promise<never>((_, reject) => worker.once("error", reject));
      for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
        const done = new Promise<Done>((resolve) => worker.once("message", resolve));
        worker.postMessage(task);
        const result = await Promise.race([done, failedToStart]);
        results.push(result);
        const { row } = result;
        console.log(
          `  ${row.parser} / ${row.property}: ${row.runs} runs, ${fmt(row.runsPerSecond)}/s${row.interrupted ? " (time cap)" : ""}`,
        );
        if (result.report !== null) console.error(`\nFAILED ${result.report}\n`);
      }
      worker.postMessage(null);
      await new Promise((resolve) => worker.once("exit", resolve));
    }),
  );
  results.sort((a, b) => a.index - b.index);
  const rows = results.map((r) => r.row);
  const failures = results.flatMap((r) => (r.report === null ? [] : [r.report]));
  const totalSeconds = (performance.now() - startedAll) / 1000;

  const perParser = parsers.map((parser) => {
    const mine = rows.filter((r) => r.parser === parser);
    const runs = mine.reduce((n, r) => n + r.runs, 0);
    const seconds = mine.reduce((n, r) => n + r.seconds, 0);
    return {
      parser,
      properties: mine.length,
      runs,
      failures: mine.reduce((n, r) => n + r.failures, 0),
      seconds,
      runsPerSecond: runs / seconds,
    };
  });

  console.log(`\n### Fuzzing the parsers (seed ${seed})\n`);
  console.log("| Parser | Properties | Runs | Failures | Runs/s | Time (sum over its properties) |");
  console.log("|---|---|---|---|---|---|");
  for (const p of perParser)
    console.log(
      `| ${p.parser} | ${p.properties} | ${p.runs} | ${p.failures} | ${fmt(p.runsPerSecond)} | ${fmt(p.seconds)} s |`,
    );
  const totalRuns = rows.reduce((n, r) => n + r.runs, 0);
  console.log(
    `| total, ${workers} workers | ${rows.length} | ${totalRuns} | ${failures.length} | ${fmt(totalRuns / totalSeconds)} | ${fmt(totalSeconds)} s wall clock |`,
  );

  const file = await writeResult("fuzz", [], {
    seed,
    runsPerParser,
    totalRuns,
    totalSeconds,
    failures: failures.length,
    parsers: perParser,
    properties: rows,
  });
  console.log(`\nwritten: ${file}`);
  if (failures.length > 0) {
    console.error(
      `\n${failures.length} propert${failures.length === 1 ? "y" : "ies"} failed:\n\n${failures.join("\n\n")}`,
    );
    process.exitCode = 1;
  }
}
