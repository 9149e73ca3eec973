// The vitest side of the catalogue: one test per property, fixed seed (printed), run count from the
// property or SIP_PROPERTY_RUNS. A failure prints fast-check's counterexample, seed and path; replay it
// with SIP_PROPERTY_SEED=<seed> SIP_PROPERTY_PATH=<path> npx vitest run test/faults/properties -t "<name>".
import { describe, it } from "vitest";
import { type PropertySpec, runSpec, runsFromEnv, seedFromEnv } from "./property-spec.ts";

/** Each test file passes its own list, so a worker loads only the parsers it tests. */
export function propertySuite(parser: string, specs: readonly PropertySpec[]): void {
  const seed = seedFromEnv();
  const path = process.env.SIP_PROPERTY_PATH;
  describe(`${parser} properties (seed ${seed})`, () => {
    for (const s of specs) {
      const runs = runsFromEnv(s.ciRuns);
      it(`${s.name} [${runs} runs]`, { timeout: 120_000 }, async () => {
        const outcome = await runSpec(s, runs, seed, path);
        if (outcome.failed) throw new Error(outcome.report);
      });
    }
  });
}
