// The comparison both latency benchmarks make: the bot and its bare-framework baseline, each a child
// process, loaded alternately (bot, baseline, bot, baseline) at each concurrency level with the same
// duration, the servers left to go idle between runs, and the bot's RSS read idle and at its peak.
import { parseArgs } from "node:util";
import type autocannon from "autocannon";
import type { Backend } from "./bot-store.ts";
import { type ChildServer, rssSampler, waitIdle } from "./child-server.ts";
import { alternate, type LoadSummary, runLoad, summarise } from "./load.ts";
import type { BenchCase } from "./report.ts";

export interface Comparison {
  bot: ChildServer;
  baseline: ChildServer;
  baselineName: string;
  /** Noun for the measured latency in case names, e.g. "ack" or "turn". */
  what: string;
  levels: number[];
  rounds: number;
  durationSeconds: number;
  /** Offered load (requests/s, open loop) instead of as-fast-as-possible; see LoadRun.rate. */
  rate: number | undefined;
  /** Fresh request definitions for one run against one server. */
  requests: (server: ChildServer, connections: number) => autocannon.Request[];
  p99Target: number;
}

export interface ComparisonResult {
  cases: BenchCase[];
  levels: { connections: number; bot: LoadSummary; baseline: LoadSummary }[];
  rssMb: { botIdle: number; baselineIdle: number; botPeak: number };
}

export async function compare(c: Comparison): Promise<ComparisonResult> {
  const { bot, baseline, baselineName, what } = c;
  const settle = async () => {
    await waitIdle(bot);
    await waitIdle(baseline);
  };
  await settle();
  const rssMb = { botIdle: bot.rssMb(), baselineIdle: baseline.rssMb(), botPeak: bot.rssMb() };

  const load = (server: ChildServer, connections: number, seconds: number) => async () => {
    const sampler = server === bot ? rssSampler(bot) : null;
    try {
      return await runLoad({
        url: `http://127.0.0.1:${server.port}`,
        connections,
        durationSeconds: seconds,
        requests: c.requests(server, connections),
        ...(c.rate !== undefined && seconds === c.durationSeconds && { rate: c.rate }),
        check: () => {
          bot.check();
          baseline.check();
        },
      });
    } finally {
      if (sampler !== null) rssMb.botPeak = Math.max(rssMb.botPeak, sampler.stop());
    }
  };

  // Warm-up, not measured: JIT, connection pools, the bot's first rows for the bench's users.
  console.log("warming up ...");
  await alternate(1, load(bot, 10, 3), load(baseline, 10, 3), settle);

  const cases: BenchCase[] = [];
  const levels: ComparisonResult["levels"] = [];
  for (const connections of c.levels) {
    console.log(
      `${connections} connection(s): ${c.rounds} × (bot, ${baselineName}) × ${c.durationSeconds} s ...`,
    );
    const runs = await alternate(
      c.rounds,
      load(bot, connections, c.durationSeconds),
      load(baseline, connections, c.durationSeconds),
      settle,
    );
    const b = summarise(runs.bot);
    const base = summarise(runs.baseline);
    levels.push({ connections, bot: b, baseline: base });
    const at = `${what} ${connections} conn${c.rate === undefined ? "" : ` @ ${c.rate} req/s`}`;
    cases.push(
      { case: `${at}, p50`, unit: "ms", value: b.p50, baseline: base.p50, baselineName },
      { case: `${at}, p95`, unit: "ms", value: b.p95, baseline: base.p95, baselineName },
      { case: `${at}, p99`, unit: "ms", value: b.p99, baseline: base.p99, baselineName, target: c.p99Target },
      { case: `${at}, throughput`, unit: "req/s", value: b.rps, baseline: base.rps, baselineName },
    );
  }
  cases.push(
    { case: "RSS idle", unit: "MB", value: rssMb.botIdle, baseline: rssMb.baselineIdle, baselineName },
    {
      case: "RSS peak under load (bot)",
      unit: "MB",
      value: rssMb.botPeak,
      baseline: rssMb.botIdle,
      baselineName: "bot idle",
    },
  );
  return { cases, levels, rssMb };
}

export interface BenchArgs {
  durationSeconds: number;
  levels: number[];
  rounds: number;
  /** Node options for the bot child (diagnostics: a CPU profile, a heap limit ...). */
  botNodeOptions: string | undefined;
  backend: Backend;
  rate: number | undefined;
}

/** --duration <s> --connections <n,...> --rounds <n> --rate <req/s> --backend pglite|postgres --bot-node-options=<o>. */
export function benchArgs(args: string[]): BenchArgs {
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "1,10,50" },
      rounds: { type: "string", default: "2" },
      "bot-node-options": { type: "string" },
      backend: { type: "string", default: "pglite" },
      rate: { type: "string" },
    },
  });
  const durationSeconds = Number(values.duration);
  const levels = values.connections.split(",").map(Number);
  const rounds = Number(values.rounds);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(rate > 0)) throw new Error("--rate is a number of requests per second > 0");
  const backend = values.backend;
  if (backend !== "pglite" && backend !== "postgres") throw new Error("--backend is pglite or postgres");
  if (
    !(durationSeconds > 0) ||
    levels.some((n) => !Number.isInteger(n) || n < 1) ||
    !Number.isInteger(rounds) ||
    rounds < 1
  )
    throw new Error("usage: --duration <seconds > 0> --connections <n,n,...> --rounds <n >= 1>");
  return { durationSeconds, levels, rounds, botNodeOptions: values["bot-node-options"], backend, rate };
}
