// Teams turn latency (not a test): the real bot (`sip serve` with Teams, PGlite in a temporary folder)
// against a bare botbuilder echo bot (bench/bare/echo-bot.ts), both child processes, Bot Framework message
// activities POSTed to /api/messages of each, every reply going to the loopback fake Bot Connector
// (test/teams/fake-connector.ts) within the turn, so the HTTP response time is the whole turn.
//
// Authentication: both run WITHOUT it (the bot in TEAMS_LOCAL_DEV mode, the echo bot without an app id).
// `sip serve` takes its OpenID metadata URL and its outgoing credentials from Entra, with no setting to
// point them at test/teams/token-server.ts, so real JWT checks cannot run here for the bot; the two sides
// are kept equal instead.
//
//   npx node bench/teams-turn.bench.ts [--duration 10] [--connections 1,10,50] [--rounds 2]
//
// Writes bench/results/teams-turn.json; exits non-zero when a server dies, a turn fails, or any non-2xx.
import type autocannon from "autocannon";
import { personalMessage, teamsUser } from "../test/teams/activities.ts";
import { botStore } from "./lib/bot-store.ts";
import { type ChildServer, freePort, SIP_BIN, startChild, startFakePeer } from "./lib/child-server.ts";
import { benchArgs, compare } from "./lib/compare.ts";
import { printTable, writeResult } from "./lib/report.ts";

const args = benchArgs(process.argv.slice(2));
const P99_TARGET = 1.1;
const TEXTS = ["hjälp", "mina åtaganden", "vad händer den här veckan", "help"];
const USERS = Array.from({ length: 20 }, (_, i) =>
  teamsUser(`bench${i}`, `f0000000-0000-4000-8000-${String(i).padStart(12, "0")}`),
);

const children: ChildServer[] = [];
// The fake Bot Connector runs in its own process (see bench/lib/fake-peer.ts), started first, stopped last.
const peer = await startFakePeer("teams");
children.push(peer.child);

/** Personal-chat messages from 20 users, each activity new (its own id) on every send. */
function activities(): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/messages",
      headers: { "content-type": "application/json" },
      setupRequest: (req) => {
        n += 1;
        const user = USERS[n % USERS.length] ?? USERS[0];
        if (user === undefined) throw new Error("no users");
        const text = TEXTS[n % TEXTS.length] ?? "hjälp";
        return {
          ...req,
          body: JSON.stringify(personalMessage(user, text, { serviceUrl: peer.url })),
        };
      },
    },
  ];
}

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
      TEAMS_LOCAL_DEV: "true",
      ...store.env,
      SIP_ID_SECRET: "b".repeat(40),
      ...(args.botNodeOptions !== undefined && { NODE_OPTIONS: args.botNodeOptions }),
    },
    ready: /Igång: Teams/,
    echoStderr: args.botNodeOptions !== undefined,
    failOn: /tur misslyckades|förfrågan misslyckades|request failed/,
    port: await freePort(),
  });
  children.push(bot);
  const bare = await startChild({
    name: "bare echo bot",
    script: new URL("./bare/echo-bot.ts", import.meta.url).pathname,
    env: {},
    ready: /listening/,
    failOn: /failed/,
    port: await freePort(),
  });
  children.push(bare);

  const result = await compare({
    bot,
    baseline: bare,
    baselineName: "bare echo bot",
    what: "turn",
    levels: args.levels,
    rounds: args.rounds,
    durationSeconds: args.durationSeconds,
    rate: args.rate,
    requests: activities,
    p99Target: P99_TARGET,
  });
  printTable(
    `Teams turn: bot (${args.backend}) vs bare botbuilder echo bot, no auth on either (${args.durationSeconds} s × ${args.rounds} runs per side and level)`,
    result.cases,
  );
  // One file per backend, so a PostgreSQL run does not overwrite the PGlite figures.
  const file = await writeResult(
    `teams-turn${args.backend === "pglite" ? "" : "-postgres"}${args.rate === undefined ? "" : "-rate"}`,
    result.cases,
    {
      backend: args.backend,
      durationSeconds: args.durationSeconds,
      rounds: args.rounds,
      connections: args.levels,
      offeredRate: args.rate ?? "closed loop (as fast as each server answers)",
      authentication: "none on either side (bot: TEAMS_LOCAL_DEV=true; echo bot: no MicrosoftAppId)",
      rssMb: result.rssMb,
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
