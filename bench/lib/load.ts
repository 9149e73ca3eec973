// One autocannon run, with every response time kept (autocannon's own summary has no p95), and the rule
// that a benchmark of a server that answered with errors is no benchmark: any non-2xx, error or timeout
// throws. Runs of the bot and its baseline alternate (see alternate()), so machine noise hits both.
import autocannon from "autocannon";
import { percentile } from "./report.ts";

export interface LoadSample {
  latenciesMs: number[];
  requests: number;
  seconds: number;
}

export interface LoadSummary {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
}

export interface LoadRun {
  url: string;
  connections: number;
  durationSeconds: number;
  /** autocannon request definitions; give them a setupRequest to make each request fresh (signed, unique). */
  requests: autocannon.Request[];
  /** Offered load in requests/s over all connections (open loop); unset: each connection sends as soon as
   * its previous answer is in (closed loop, i.e. as fast as the server goes). */
  rate?: number;
  /** Called now and then during the run; throw to stop (e.g. the server process died). */
  check?: () => void;
}

/** The part of autocannon's instance used here (its typings do not resolve the event emitter). */
interface Instance extends PromiseLike<autocannon.Result> {
  on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  stop(): void;
}

export async function runLoad(r: LoadRun): Promise<LoadSample> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const instance = autocannon({
    url: r.url,
    connections: r.connections,
    duration: r.durationSeconds,
    requests: r.requests,
    timeout: 20,
    ...(r.rate !== undefined && { overallRate: r.rate }),
  }) as unknown as Instance;
  instance.on("response", (_client, _status, _bytes, responseTime: number) => {
    latenciesMs.push(responseTime);
  });
  const stopped: { error: Error | null } = { error: null };
  const timer = setInterval(() => {
    try {
      r.check?.();
    } catch (e) {
      stopped.error = e instanceof Error ? e : new Error("the run was stopped", { cause: e });
      instance.stop();
    }
  }, 200);
  const result = await instance;
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (stopped.error !== null) throw stopped.error;
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0)
    throw new Error(
      `${r.url} at ${r.connections} connections: ${result.non2xx} non-2xx, ${result.errors} errors, ` +
        `${result.timeouts} timeouts (status counts: ${JSON.stringify(result.statusCodeStats)})`,
    );
  if (latenciesMs.length === 0) throw new Error(`${r.url}: no response at all`);
  return { latenciesMs, requests: latenciesMs.length, seconds };
}

export function summarise(samples: readonly LoadSample[]): LoadSummary {
  const all = samples.flatMap((s) => s.latenciesMs);
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  return {
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    rps: requests / seconds,
    requests,
  };
}

/**
 * Runs `bot, baseline, bot, baseline ...` `rounds` times each, waiting between runs until `settle` says the
 * servers are idle again; returns the samples of each side.
 */
export async function alternate(
  rounds: number,
  bot: () => Promise<LoadSample>,
  baseline: () => Promise<LoadSample>,
  settle: () => Promise<void>,
): Promise<{ bot: LoadSample[]; baseline: LoadSample[] }> {
  const out = { bot: [] as LoadSample[], baseline: [] as LoadSample[] };
  for (let i = 0; i < rounds; i++) {
    out.bot.push(await bot());
    await settle();
    out.baseline.push(await baseline());
    await settle();
  }
  return out;
}
