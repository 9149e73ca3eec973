import { LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackMount, type SlackMount } from "../../adapters/slack/mount-slack.ts";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import { loadConfig } from "../../src/config.ts";
import { type Runtime, startRuntime } from "../../src/main.ts";
import { FakeSlack, TEAM } from "./fake-slack.ts";
import { dmEvent, eventBody, nextEventId, slackEnv } from "./slack-harness.ts";

// Socket Mode (SLACK_APP_TOKEN): no public URL; the bot opens a WebSocket to Slack (here the fake's) and
// acknowledges each envelope over it. The same turns, the same deduplication of redelivered events.

let fake: FakeSlack;
let runtime: Runtime;
let mount: SlackMount;
const ANNA = "U0ANNA001";

beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
  const env = slackEnv(fake, { SLACK_APP_TOKEN: "xapp-1-test" });
  delete (env as Partial<typeof env>).SLACK_SIGNING_SECRET;
  const config = loadConfig(env);
  runtime = await startRuntime(config);
  await seedDemoDirectory(runtime.deps.store, "console", "local");
  const unit = await runtime.deps.store.findUnitByName("Hemtjänst Norr (demo)");
  const staff = await runtime.deps.store.createStaff({
    handle: "annas",
    displayName: "Anna (test)",
    principal: "MUNICIPALITY",
    role: "STAFF",
    unitId: unit?.id ?? null,
    locale: "sv",
  });
  await runtime.deps.store.linkIdentity(staff.id, "slack", TEAM, ANNA);
  const m = await createSlackMount(runtime, config, {
    retryConfig: { retries: 0 },
    delivery: { intervalMs: 600_000, claimSlotMs: 1 },
    logLevel: LogLevel.ERROR,
  });
  if (m === null) throw new Error("no mount");
  mount = m;
  await mount.start();
});
afterAll(async () => {
  await mount?.stop();
  await runtime?.close();
  await fake?.stop();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 20));
    await mount.settled();
  }
}

describe("Socket Mode", () => {
  it("connects with the app-level token and serves no HTTP route", () => {
    expect(fake.of("apps.connections.open")).toHaveLength(1);
    expect(fake.socketMode.connected).toBe(true);
    expect(mount.routes.size).toBe(0);
  });

  it("acknowledges a slash command over the socket and answers through the response URL", async () => {
    fake.clear();
    fake.socketMode.send({
      envelope_id: "env-cmd-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        token: "x",
        team_id: TEAM,
        channel_id: "D0ANNA001",
        channel_name: "directmessage",
        user_id: ANNA,
        command: "/sip",
        text: "hjälp",
        response_url: fake.responseUrl(`cmd-${ANNA}`),
        trigger_id: "trig-1",
      },
    });
    expect(await fake.socketMode.acked("env-cmd-1")).toEqual({ envelope_id: "env-cmd-1", payload: {} });
    await settle();
    expect(fake.of("respond").length).toBeGreaterThan(0);
  });

  it("acts once on an event Slack sends again over the socket", async () => {
    const before = await runtime.db.runner.query<{ n: number }>("SELECT count(*)::int AS n FROM person");
    const id = nextEventId();
    fake.clear();
    const payload = JSON.parse(eventBody(dmEvent(ANNA, "sip ny"), id)) as Record<string, unknown>;
    fake.socketMode.send({
      envelope_id: "env-ev-1",
      type: "events_api",
      payload,
      retry_attempt: 0,
      retry_reason: "",
    });
    await fake.socketMode.acked("env-ev-1");
    await settle();
    fake.socketMode.send({
      envelope_id: "env-ev-2",
      type: "events_api",
      payload,
      retry_attempt: 1,
      retry_reason: "timeout",
    });
    await fake.socketMode.acked("env-ev-2");
    await settle();
    const after = await runtime.db.runner.query<{ n: number }>("SELECT count(*)::int AS n FROM person");
    expect(after[0]?.n).toBe((before[0]?.n ?? 0) + 1);
    expect(fake.of("chat.postMessage")).toHaveLength(1);
  });
});
