// Slack acknowledgement latency (not a test): the real bot (`sip serve`, PGlite in a temporary folder)
// against a bare Bolt app that only acknowledges (bench/bare/bolt-app.ts), both as child processes, both
// checking their token against the same loopback fake Slack, driven by autocannon with freshly signed
// slash commands and message events. Runs alternate (bot, bare, bot, bare) at each concurrency level.
//
//   npx node bench/slack-ack.bench.ts [--duration 10] [--connections 1,10,50] [--rounds 2]
//     [--bot-node-options="--cpu-prof --cpu-prof-dir=/tmp/prof"]   (diagnostics; shows the bot's stderr)
//
// Prints the table, the bot's RSS idle and at peak under load, and writes bench/results/slack-ack.json.
// Exits non-zero when a server dies, reports a failed turn, or answers anything but 2xx.
import { SECRET } from "../test/slack/slack-harness.ts";
import { botStore } from "./lib/bot-store.ts";
import { type ChildServer, freePort, SIP_BIN, startChild, startFakePeer } from "./lib/child-server.ts";
import { benchArgs, compare } from "./lib/compare.ts";
import { printTable, writeResult } from "./lib/report.ts";
import { slackRequestMix } from "./lib/slack-requests.ts";

const args = benchArgs(process.argv.slice(2));
const P99_TARGET = 1.1;
const IDLE_RSS_TARGET_MB = 150;

const children: ChildServer[] = [];
// The fake Slack runs in its own process (see bench/lib/fake-peer.ts), started first, stopped last.
const peer = await startFakePeer("slack");
children.push(peer.child);
const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-bench-token", SLACK_API_URL: peer.url };
const store = await botStore(args.backend).catch(async (e: unknown) => {
  await peer.child.stop();
  throw e;
});
let failed = false;
try {
  const bot = await startChild({
    name: "bot (sip serve)",
    script: SIP_BIN,
    args: ["serve"],
    env: {
      ...env,
      ...store.env,
      SIP_ID_SECRET: "b".repeat(40),
      ...(args.botNodeOptions !== undefined && { NODE_OPTIONS: args.botNodeOptions }),
    },
    ready: /Igång: Slack/,
    echoStderr: args.botNodeOptions !== undefined,
    failOn: /a turn failed|listener error|request failed/,
    port: await freePort(),
  });
  children.push(bot);
  const bare = await startChild({
    name: "bare Bolt app",
    script: new URL("./bare/bolt-app.ts", import.meta.url).pathname,
    env,
    ready: /listening/,
    failOn: /\[ERROR\]/,
    port: await freePort(),
  });
  children.push(bare);

  const result = await compare({
    bot,
    baseline: bare,
    baselineName: "bare Bolt",
    what: "ack",
    levels: args.levels,
    rounds: args.rounds,
    durationSeconds: args.durationSeconds,
    rate: args.rate,
    requests: (server, connections) => slackRequestMix(peer.url, `${server.pid}c${connections}`),
    p99Target: P99_TARGET,
  });
  printTable(
    `Slack acknowledgement: bot (${args.backend}) vs bare Bolt app (${args.durationSeconds} s × ${args.rounds} runs per side and level)`,
    result.cases,
  );
  const { botIdle, botPeak } = result.rssMb;
  console.log(
    `\nIdle RSS of the bot: ${botIdle.toFixed(0)} MB (target ≤ ${IDLE_RSS_TARGET_MB} MB: ${botIdle <= IDLE_RSS_TARGET_MB ? "met" : "MISSED"}); peak under load ${botPeak.toFixed(0)} MB.`,
  );
  // One file per backend, so a PostgreSQL run does not overwrite the PGlite figures.
  const file = await writeResult(
    `slack-ack${args.backend === "pglite" ? "" : "-postgres"}${args.rate === undefined ? "" : "-rate"}`,
    result.cases,
    {
      backend: args.backend,
      durationSeconds: args.durationSeconds,
      rounds: args.rounds,
      connections: args.levels,
      offeredRate: args.rate ?? "closed loop (as fast as each server answers)",
      rssMb: { ...result.rssMb, idleTarget: IDLE_RSS_TARGET_MB },
      levels: result.levels,
    },
  );
  console.log(`results: ${file}`);
} catch (e) {
  failed = true;
  console.error(e instanceof Error ? e.message : e);
} finally {
  for (const c of children.toReversed()) await c.stop();
  await store.remove();
}
process.exitCode = failed ? 1 : 0;
