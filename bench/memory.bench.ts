// Memory benchmark (not a test): resident set size of the idle bot (`sip serve` with Slack, Teams and the job
// worker mounted, as deployed) on PGlite and PostgreSQL, against two baselines measured in the same run: a bare
// node HTTP server, and a bare server that only imports the third-party packages `sip serve` loads at start.
// Every process is a child of this one; after it answers /healthz it idles for --settle seconds, then VmRSS
// and VmHWM (the peak since start, migrations included) are read from /proc/<pid>/status, once as it is and
// once more after a full GC (asked for with SIGUSR2 through a --import hook; the hook adds < 1 MB).
//
//   npx node bench/memory.bench.ts [--backend pglite|postgres|both] [--settle 10] [--runs 1]
//
// PostgreSQL: a throwaway database on BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
// dropped at the end. Slack's Web API is test/slack/fake-slack.ts on loopback; nothing leaves 127.0.0.1.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { FakeSlack } from "../test/slack/fake-slack.ts";
import { slackEnv } from "../test/slack/slack-harness.ts";
import { type ChildServer, freePort, SIP_BIN, startChild } from "./lib/child-server.ts";
import { adminSql, benchDatabaseUrl } from "./lib/bench-db.ts";
import { type BenchCase, median, printTable, writeResult } from "./lib/report.ts";

const TARGET_MB = 150;
const HEALTH_TIMEOUT_MS = 120_000;
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "both" },
    settle: { type: "string", default: "10" },
    runs: { type: "string", default: "1" },
    // Extra Node/V8 flags for every child (bot and baselines), e.g. "--liftoff-only" (V8 flags are not
    // allowed in NODE_OPTIONS, so they go on the command line, as a deployment would put them).
    "node-flags": { type: "string", default: "" },
  },
});
const backends = values.backend === "both" ? ["pglite", "postgres"] : [values.backend];
if (!backends.every((b) => b === "pglite" || b === "postgres"))
  throw new Error("--backend pglite|postgres|both");
const settleMs = Number(values.settle) * 1000;
const runs = Math.max(1, Number(values.runs));
const nodeFlags = values["node-flags"].split(" ").filter((f) => f !== "");

// What the bare-imports baseline loads: the third-party packages on `sip serve`'s start-up path. Packages
// the bot loads only when first used (chart, PDF, model client) are not on it, so they are not here either.
const SERVE_PACKAGES = [
  "@slack/bolt",
  "botbuilder",
  "pg-boss",
  "pg",
  "@prisma/adapter-pg",
  "pglite-prisma-adapter",
  "@electric-sql/pglite",
  "@prisma/client/runtime/client",
  "zod",
  "luxon",
];

// On SIGUSR2: a full GC, then one line with the V8 figures, which the bench reads from stderr.
const HEALTHY = `(q, s) => s.end('{"status":"ok"}')`;
const LISTENING = `() => console.log("listening")`;
const GC_HOOK =
  "data:text/javascript,process.on('SIGUSR2',()=>{globalThis.gc();globalThis.gc();" +
  "console.error('MEMBENCH='+JSON.stringify(process.memoryUsage()))})";

interface Measurement {
  name: string;
  idleMb: number;
  idleAfterGcMb: number;
  peakMb: number;
  v8: { heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number } | null;
}

function procStatus(pid: number): { rssMb: number; hwmMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

async function waitHealthy(child: ChildServer): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    child.check();
    const body = await fetch(`http://127.0.0.1:${child.port}/healthz`)
      .then((r) => (r.ok ? (r.json() as Promise<{ status?: string }>) : null))
      .catch(() => null);
    if (body?.status === "ok") return;
    if (Date.now() > deadline)
      throw new Error(`${child.name}: /healthz not ok within ${HEALTH_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}

/** Starts one process, waits for /healthz, idles, samples, stops it. */
async function measure(name: string, argv: string[], env: Record<string, string>): Promise<Measurement> {
  const [script = "", ...args] = [...nodeFlags, ...argv];
  const child = await startChild({
    name,
    script,
    args,
    env: { ...env, NODE_OPTIONS: `--expose-gc --import ${GC_HOOK}` },
    ready: /lyssnar på port|listening/,
    port: await freePort(),
    timeoutMs: HEALTH_TIMEOUT_MS,
  });
  try {
    await waitHealthy(child);
    await sleep(settleMs);
    child.check();
    const idle = procStatus(child.pid);
    const gcAt = Date.now();
    process.kill(child.pid, "SIGUSR2");
    let line: string | undefined;
    while (line === undefined && Date.now() - gcAt < 10_000) {
      await sleep(200);
      line = /^MEMBENCH=(.*)$/m.exec(child.stderr())?.[1];
    }
    const afterGc = procStatus(child.pid);
    const u = line === undefined ? null : (JSON.parse(line) as Record<string, number>);
    const mb = (k: string) => Math.round(((u?.[k] ?? NaN) / MB) * 10) / 10;
    return {
      name,
      idleMb: idle.rssMb,
      idleAfterGcMb: afterGc.rssMb,
      peakMb: afterGc.hwmMb,
      v8: u && {
        heapUsedMb: mb("heapUsed"),
        heapTotalMb: mb("heapTotal"),
        externalMb: mb("external"),
        arrayBuffersMb: mb("arrayBuffers"),
      },
    };
  } finally {
    await child.stop();
  }
}

/** The median of several runs of one process kind, field by field. */
async function measureRuns(name: string, args: string[], env: () => Promise<Record<string, string>>) {
  const all: Measurement[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(name, args, await env()));
  const pick = (f: (m: Measurement) => number) => median(all.map(f));
  const m: Measurement = {
    name,
    idleMb: pick((x) => x.idleMb),
    idleAfterGcMb: pick((x) => x.idleAfterGcMb),
    peakMb: pick((x) => x.peakMb),
    v8: all[all.length - 1]?.v8 ?? null,
  };
  const v8 = m.v8 ? ` (V8 heap used ${m.v8.heapUsedMb}, external ${m.v8.externalMb})` : "";
  console.log(
    `${name}: idle ${m.idleMb.toFixed(0)} MB, after GC ${m.idleAfterGcMb.toFixed(0)} MB, peak ${m.peakMb.toFixed(0)} MB${v8}`,
  );
  return m;
}

const fake = new FakeSlack();
await fake.start();
const work = await mkdtemp(join(tmpdir(), "sip-membench-"));
const databases: string[] = [];
const measurements: Measurement[] = [];
const cases: BenchCase[] = [];

// Slack over HTTP (signing secret + bot token), Teams with a single-tenant app registration, the job worker
// on: what a deployment runs. At idle none of them calls out (the outboxes are empty).
function deploymentEnv(): Record<string, string> {
  return {
    ...slackEnv(fake),
    SIP_ID_SECRET: randomBytes(24).toString("hex"),
    MicrosoftAppId: randomUUID(),
    MicrosoftAppTenantId: randomUUID(),
    MicrosoftAppPassword: "bench-not-a-real-secret",
    SIP_JOBS: "on",
  };
}

try {
  const bare = await measureRuns(
    "bare node HTTP server",
    ["-e", `require("node:http").createServer(${HEALTHY}).listen(+process.env.PORT, ${LISTENING})`],
    () => Promise.resolve({}),
  );
  // Resolved here, so the child finds them whatever its working folder.
  const imports = SERVE_PACKAGES.map((p) => `await import(${JSON.stringify(import.meta.resolve(p))});`).join(
    "",
  );
  const bareImports = await measureRuns(
    "bare server importing serve's packages",
    [
      "--input-type=module",
      "-e",
      `${imports}(await import("node:http")).createServer(${HEALTHY}).listen(+process.env.PORT, ${LISTENING})`,
    ],
    () => Promise.resolve({}),
  );
  measurements.push(bare, bareImports);
  // PGlite's own floor: the same, plus a PGlite with its defaults opened on a fresh folder (initdb included).
  const barePglite = backends.includes("pglite")
    ? await measureRuns(
        "bare server importing serve's packages + default PGlite",
        [
          "--input-type=module",
          "-e",
          `${imports}const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});` +
            `const db = new PGlite(process.env.SIP_DATA_DIR); await db.query("SELECT 1");` +
            `(await import("node:http")).createServer(${HEALTHY}).listen(+process.env.PORT, ${LISTENING})`,
        ],
        async () => ({ SIP_DATA_DIR: await mkdtemp(join(work, "bare-")) }),
      )
    : null;
  if (barePglite !== null) measurements.push(barePglite);

  for (const backend of backends) {
    let last: Record<string, string> = {};
    const env = async (): Promise<Record<string, string>> => {
      const base = { ...deploymentEnv(), SIP_DATA_DIR: await mkdtemp(join(work, "data-")) };
      last = base;
      if (backend === "pglite") return base;
      const name = `sip_bench_${randomBytes(4).toString("hex")}`;
      await adminSql(`CREATE DATABASE ${name}`);
      databases.push(name);
      return { ...base, DATABASE_URL: benchDatabaseUrl(name) };
    };
    const bot = await measureRuns(`sip serve (${backend})`, [SIP_BIN, "serve"], env);
    measurements.push(bot);
    for (const [what, v, b, base] of [
      ["idle RSS", bot.idleMb, bareImports.idleMb, "bare server + serve's imports"],
      ["idle RSS", bot.idleMb, bare.idleMb, "bare node HTTP server"],
      ["idle RSS after GC", bot.idleAfterGcMb, bareImports.idleAfterGcMb, "bare server + serve's imports"],
      ["peak RSS (VmHWM)", bot.peakMb, bareImports.peakMb, "bare server + serve's imports"],
      ...(backend === "pglite" && barePglite !== null
        ? ([
            ["idle RSS", bot.idleMb, barePglite.idleMb, "bare server + serve's imports + default PGlite"],
            [
              "peak RSS (VmHWM)",
              bot.peakMb,
              barePglite.peakMb,
              "bare server + serve's imports + default PGlite",
            ],
          ] as const)
        : []),
    ] as const) {
      cases.push({
        case: `sip serve, ${backend}, ${what}`,
        unit: "MB",
        value: v,
        baseline: b,
        baselineName: base,
      });
    }
    // PGlite's first start also runs initdb (in its own WebAssembly instance, whose memory the process
    // keeps); a restart on the same folder does not, so both are shown.
    if (backend === "pglite") {
      const restart = await measureRuns(
        "sip serve (pglite, restarted on its folder)",
        [SIP_BIN, "serve"],
        () => Promise.resolve(last),
      );
      measurements.push(restart);
      cases.push({
        case: "sip serve, pglite restarted, idle RSS",
        unit: "MB",
        value: restart.idleMb,
        baseline: bareImports.idleMb,
        baselineName: "bare server + serve's imports",
      });
    }
  }

  printTable("Memory: idle `sip serve` (Slack + Teams + jobs)", cases);
  console.log("");
  if (nodeFlags.length > 0) console.log(`Node flags of every process: ${nodeFlags.join(" ")}`);
  for (const m of measurements.filter((x) => x.name.startsWith("sip serve"))) {
    const verdict = m.idleMb <= TARGET_MB ? "met" : "MISSED";
    console.log(`Target idle RSS ≤ ${TARGET_MB} MB, ${m.name}: ${m.idleMb.toFixed(0)} MB — ${verdict}`);
  }
  const file = await writeResult("memory", cases, {
    targetMb: TARGET_MB,
    settleMs,
    runs,
    nodeFlags,
    measurements,
  });
  console.log(`\nresults: ${file}`);
} finally {
  await fake.stop();
  for (const name of databases)
    await adminSql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
