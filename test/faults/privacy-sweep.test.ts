import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "../../adapters/console/console-session.ts";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import { loadConfig } from "../../src/config.ts";
import { findSwedishIds } from "../../src/domain/personnummer.ts";
import { modelFromConfig } from "../../src/llm/from-config.ts";
import { type Runtime, startRuntime } from "../../src/main.ts";
import type { SqlRunner } from "../../src/store/migrate.ts";
import { type FakeOpenAi, startFakeOpenAi } from "../llm/fake-openai-server.ts";
import {
  dmEvent,
  eventBody,
  knownUser,
  mentionEvent,
  openSlackHarness,
  signature,
  type SlackHarness,
} from "../slack/slack-harness.ts";
import { personalMessage } from "../teams/activities.ts";
import { openTeamsHarness, type TeamsHarness } from "../teams/harness.ts";
import { corpus, type Message, numbersIn, personNames, testNumbers } from "./privacy-corpus.ts";
import { postOnce } from "../helpers/post-once.ts";
import { pool, seededRandom } from "./storm-plan.ts";

// The privacy sweep: 10,000 generated messages with personnummer in every form, names of registered
// persons and prompt-injection attempts, through the console (in-process), Slack (signed requests) and
// Teams (activities), with a model configured (a loopback fake) so free text takes the model path. No
// personnummer and no registered name may reach a model request, a log line, anything sent to a chat, or
// any text column of any table.

const SEED = 8_2026;
const SENTINEL = "privacy-sweep log capture check";
// The console is the cheapest path per message, so it carries most of the corpus within the time bound.
// PRIVACY_SCALE (0..1) runs a fraction of it, to measure or to debug.
const SCALE = Number(process.env.PRIVACY_SCALE ?? 1);
const SIZES = {
  console: Math.round(6_000 * SCALE),
  slack: Math.round(2_000 * SCALE),
  teams: Math.round(2_000 * SCALE),
};
const CONSOLE_USERS = ["anna", "bo", "cecilia", "david"];
const SLACK_USERS = ["U0PRIV001", "U0PRIV002", "U0PRIV003"];
const TEAMS_USERS = ["anna", "bo", "cecilia"];

const random = seededRandom(SEED);
const names = personNames(24, random);
const numbers = testNumbers(random, 400);
const messages = corpus(SIZES.console + SIZES.slack + SIZES.teams, SEED, names, numbers);
const share = {
  console: messages.slice(0, SIZES.console),
  slack: messages.slice(SIZES.console, SIZES.console + SIZES.slack),
  teams: messages.slice(SIZES.console + SIZES.slack),
};

let dir: string;
let fake: FakeOpenAi;
let consoleRuntime: Runtime;
let slack: SlackHarness;
let teams: TeamsHarness;
const consoleOut: string[] = [];
const teamsAnswers: string[] = [];
const logs: string[] = [];
const restoreLogs: (() => void)[] = [];

function captureLogs(): void {
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => logs.push(args.map(String).join(" "));
    restoreLogs.push(() => (console[level] = original));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = (chunk: unknown) => {
      logs.push(String(chunk));
      return true;
    };
    restoreLogs.push(() => (stream.write = original));
  }
}

function llmEnv(): Record<string, string> {
  return {
    SIP_LLM_PROVIDER: "compatible",
    SIP_LLM_MODEL: "fake-model",
    OPENAI_BASE_URL: fake.baseURL,
    SIP_LLM_TIMEOUT_MS: "30000",
    SIP_LLM_REDACT_NAMES_FILE: join(dir, "names.txt"),
  };
}

/** Every text-like column of every table, schemas of extensions and pg-boss included. */
async function storedText(runner: SqlRunner): Promise<string[]> {
  const columns = await runner.query<{ s: string; t: string; c: string }>(
    `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c
       FROM information_schema.columns c JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')`,
  );
  const out: string[] = [];
  for (const { s, t, c } of columns) {
    const rows = await runner.query<{ v: string | null }>(`SELECT "${c}"::text AS v FROM "${s}"."${t}"`);
    for (const r of rows) if (r.v !== null) out.push(r.v);
  }
  return out;
}

interface Hits {
  numbers: string[];
  projectDetector: number;
  names: string[];
}

function scan(texts: readonly string[], forbiddenNames: readonly string[]): Hits {
  const hits: Hits = { numbers: [], projectDetector: 0, names: [] };
  const lowered = forbiddenNames.map((n) => n.toLowerCase());
  for (const text of texts) {
    hits.numbers.push(...numbersIn(text));
    hits.projectDetector += findSwedishIds(text).length;
    const lower = text.toLowerCase();
    for (const n of lowered) if (lower.includes(n)) hits.names.push(n);
  }
  return hits;
}

async function runConsole(part: Message[]): Promise<void> {
  const sessions = CONSOLE_USERS.map(
    (user) =>
      new ConsoleSession({ deps: consoleRuntime.deps, user, tty: false, print: (l) => consoleOut.push(l) }),
  );
  await Promise.all(
    sessions.map(async (s, i) => {
      for (let m = i; m < part.length; m += sessions.length) await s.line((part[m] as Message).text);
    }),
  );
}

async function runSlack(part: Message[]): Promise<void> {
  await pool(
    part.map((m, i) => ({ m, i })),
    16,
    async ({ m, i }) => {
      const user = SLACK_USERS[i % SLACK_USERS.length] as string;
      // Every tenth in a channel, as a mention: the answer there is ephemeral and the rules stricter.
      const event = i % 10 === 0 ? mentionEvent(user, m.text) : dmEvent(user, m.text);
      const body = eventBody(event, `Ev0PRIV${String(i).padStart(5, "0")}`);
      const ts = Math.floor(Date.now() / 1000);
      const { status } = await postOnce(
        slack.url,
        {
          "content-type": "application/json",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signature(body, ts),
        },
        body,
      );
      if (status !== 200) throw new Error(`Slack answered ${status}`);
    },
  );
  await slack.settle();
}

async function runTeams(part: Message[]): Promise<void> {
  await pool(
    part.map((m, i) => ({ m, i })),
    8,
    async ({ m, i }) => {
      const user = teams.user(TEAMS_USERS[i % TEAMS_USERS.length] as string);
      const r = await teams.post(personalMessage(user, m.text, { serviceUrl: teams.connector.baseUrl }));
      if (r.status >= 300) throw new Error(`Teams answered ${r.status}`);
      teamsAnswers.push(JSON.stringify(r.body));
    },
  );
  await teams.deliverNow();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sip-privacy-"));
  writeFileSync(join(dir, "names.txt"), `# registered persons (invented)\n${names.join("\n")}\n`);
  fake = await startFakeOpenAi();
  // A well-formed answer, so free text goes the whole way through the model path to a proposal.
  fake.script({
    kind: "json",
    value: { efforts: [{ effort: "hemtjänst", principal: null }], commitments: [], question: null },
  });
  consoleRuntime = await startRuntime(
    loadConfig({ SIP_DATA_DIR: "memory://", SIP_ID_SECRET: "p".repeat(40), ...llmEnv() }),
  );
  await seedDemoDirectory(consoleRuntime.deps.store, "console", "local");
  slack = await openSlackHarness({}, { ...llmEnv(), SLACK_API_TIMEOUT_MS: "30000" });
  for (const [i, user] of SLACK_USERS.entries())
    await knownUser(
      slack,
      user,
      `priv${i}`,
      i % 2 === 0 ? "Hemtjänst Norr (demo)" : "Psykiatrisk öppenvård (demo)",
    );
  teams = await openTeamsHarness({ env: llmEnv() });
  const model = await modelFromConfig(loadConfig(llmEnv()));
  if (model === undefined) throw new Error("no model configured");
  teams.deps.model = model;
}, 120_000);

afterAll(async () => {
  for (const restore of restoreLogs.splice(0)) restore();
  await consoleRuntime?.close();
  await slack?.close();
  await teams?.close();
  await fake?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("privacy sweep", () => {
  it("lets no personnummer and no registered name out, on any path", async () => {
    const started = performance.now();
    const pathSeconds: Record<string, number> = {};
    captureLogs();
    console.error(`sip: ${SENTINEL}`);
    process.stderr.write(`${SENTINEL}\n`);
    try {
      const timed = async (name: string, run: Promise<void>) => {
        await run;
        pathSeconds[name] = Math.round(performance.now() - started) / 1000;
      };
      await Promise.all([
        timed("console", runConsole(share.console)),
        timed("slack", runSlack(share.slack)),
        timed("teams", runTeams(share.teams)),
      ]);
    } finally {
      for (const restore of restoreLogs.splice(0)) restore();
    }
    const seconds = (performance.now() - started) / 1000;
    // The capture itself works: a line written the way the bot writes its logs is in it.
    expect(logs.filter((l) => l.includes(SENTINEL))).toHaveLength(2);

    const staffNames = (await consoleRuntime.deps.store.listStaff()).map((s) =>
      s.displayName.replace(/\([^)]*\)/g, "").trim(),
    );
    const modelBodies = fake.requests.map((r) => r.raw);
    const chat = [
      ...consoleOut,
      ...slack.fake.log.map((c) => JSON.stringify(c.params)),
      ...teams.connector.calls.map((c) => JSON.stringify(c.body)),
      ...teamsAnswers,
    ];
    const stored = [
      ...(await storedText(consoleRuntime.db.runner)),
      ...(await storedText(slack.runtime.db.runner)),
      ...(await storedText(teams.db.runner)),
    ];
    const found = {
      model: scan(modelBodies, [...names, ...staffNames]),
      logs: scan([...logs, ...teams.logs], names),
      chat: scan(chat, names),
      stored: scan(stored, names),
    };
    const kinds = Object.fromEntries(
      ["idInText", "newPerson", "nameInText", "injection", "injectionWithId"].map((k) => [
        k,
        messages.filter((m) => m.kind === k).length,
      ]),
    );
    console.log(
      `privacy sweep: ${messages.length} messages (console ${share.console.length}, Slack ${share.slack.length}, ` +
        `Teams ${share.teams.length}; ${JSON.stringify(kinds)}) in ${seconds.toFixed(1)} s ${JSON.stringify(pathSeconds)}; scanned ` +
        `${modelBodies.length} model requests, ${logs.length + teams.logs.length} log writes, ${chat.length} chat ` +
        `messages, ${stored.length} stored values; hits: ${JSON.stringify(
          Object.fromEntries(
            Object.entries(found).map(([k, v]) => [k, [v.numbers.length, v.projectDetector, v.names.length]]),
          ),
        )} (numbers by the test's check, by the project's detector, names)`,
    );
    // The paths were really taken: free text reached the model, and every message got an answer.
    expect(modelBodies.length).toBeGreaterThan(messages.length / 10);
    expect(slack.fake.log.filter((c) => c.method.startsWith("chat.")).length).toBeGreaterThanOrEqual(
      SIZES.slack,
    );
    expect(consoleOut.length).toBeGreaterThanOrEqual(SIZES.console);
    // The corpus really holds what the bot must keep in: the test's own check finds it there.
    expect(numbersIn(messages.map((m) => m.text).join("\n")).length).toBeGreaterThan(messages.length / 3);
    for (const [where, hits] of Object.entries(found))
      expect({
        where,
        numbers: hits.numbers.slice(0, 5),
        detector: hits.projectDetector,
        names: hits.names.slice(0, 5),
      }).toEqual({
        where,
        numbers: [],
        detector: 0,
        names: [],
      });
  }, 480_000); // ~35 messages/s measured on 2 cores at load 8–14 (5,000 in 144 s)
});
