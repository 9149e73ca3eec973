// One property = one parser, a name, its run count in `npm test`, and a factory. The vitest files and
// bench/fuzz.ts run the same list, so a counterexample found by the fuzzer replays in the test suite.
import fc from "fast-check";

export interface PropertySpec {
  parser: string;
  name: string;
  /** Runs per property in `npm test`, tuned to the cost of one run (a CSV file costs more than a date). */
  ciRuns: number;
  make: () => fc.IRawProperty<never>;
}

export function spec<Ts>(
  parser: string,
  name: string,
  ciRuns: number,
  make: () => fc.IRawProperty<Ts>,
): PropertySpec {
  return { parser, name, ciRuns, make: make as () => fc.IRawProperty<never> };
}

export interface Outcome {
  runs: number;
  failed: boolean;
  /** fast-check's own report: counterexample, seed and path to replay it. */
  report: string;
  ms: number;
}

/** Fixed unless told otherwise, so CI is reproducible; SIP_PROPERTY_SEED=random draws one (and prints it). */
export const DEFAULT_SEED = 20_261_123;

export function seedFromEnv(env = process.env): number {
  const raw = env.SIP_PROPERTY_SEED;
  if (raw === undefined || raw === "") return DEFAULT_SEED;
  if (raw === "random") return Date.now() ^ (Math.random() * 0x7fffffff);
  const n = Number(raw);
  if (!Number.isSafeInteger(n))
    throw new Error(`SIP_PROPERTY_SEED must be an integer or "random", not ${raw}`);
  return n;
}

/** SIP_PROPERTY_RUNS overrides every property's own count (e.g. 100 for a quick look, 100000 overnight). */
export function runsFromEnv(specRuns: number, env = process.env): number {
  const raw = env.SIP_PROPERTY_RUNS;
  if (raw === undefined || raw === "") return specRuns;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`SIP_PROPERTY_RUNS must be a positive integer, not ${raw}`);
  return n;
}

export async function runSpec(
  s: PropertySpec,
  numRuns: number,
  seed: number,
  path?: string,
): Promise<Outcome> {
  const started = performance.now();
  const details = await fc.check(s.make(), {
    numRuns,
    seed,
    ...(path !== undefined && path !== "" && { path }),
  });
  const ms = performance.now() - started;
  return {
    runs: details.numRuns,
    failed: details.failed,
    report: details.failed
      ? `${s.parser} / ${s.name}: ${fc.defaultReportMessage(details) ?? ""}\n${errorText(details.errorInstance)}`
      : "",
    ms,
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
