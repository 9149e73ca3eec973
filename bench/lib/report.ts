// Shared by every benchmark: percentiles, the printed table and the JSON result file, so each bench reports a
// figure the same way (value, the baseline measured in the same run, and their ratio).
import { cpus, totalmem } from "node:os";
import { mkdir, writeFile } from "node:fs/promises";

export interface BenchCase {
  /** What was measured, e.g. "slash command, 50 connections, p99". */
  case: string;
  unit: string;
  value: number;
  baseline: number;
  /** What the baseline is, e.g. "bare Bolt app". */
  baselineName: string;
  /** Upper bound on value / baseline from the product goals, when there is one. */
  target?: number;
}

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(sample: readonly number[]): number {
  return percentile(sample, 50);
}

export function ratio(c: BenchCase): number {
  return c.baseline === 0 ? Number.NaN : c.value / c.baseline;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** Prints a Markdown table (pasteable into the README) with a verdict for cases that have a target. */
export function printTable(title: string, cases: readonly BenchCase[]): void {
  console.log(`\n### ${title}\n`);
  console.log("| Case | Value | Baseline | Ratio | Target |");
  console.log("|---|---|---|---|---|");
  for (const c of cases) {
    const r = ratio(c);
    const verdict = c.target === undefined ? "" : `≤ ${c.target}× ${r <= c.target ? "met" : "MISSED"}`;
    console.log(
      `| ${c.case} | ${fmt(c.value)} ${c.unit} | ${c.baselineName}: ${fmt(c.baseline)} ${c.unit} | ${fmt(r)}× | ${verdict} |`,
    );
  }
}

/** Writes bench/results/<name>.json with the machine it ran on, so figures can be compared later. */
export async function writeResult(
  name: string,
  cases: readonly BenchCase[],
  extra: object = {},
): Promise<string> {
  const dir = new URL("../results/", import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  const body = {
    name,
    at: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryBytes: totalmem() },
    cases: cases.map((c) => ({ ...c, ratio: ratio(c) })),
    ...extra,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  return file.pathname;
}
