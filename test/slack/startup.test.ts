import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackMount } from "../../adapters/slack/mount-slack.ts";
import { loadConfig } from "../../src/config.ts";
import { type Runtime, StartupError, startRuntime } from "../../src/main.ts";
import { mountAll } from "../../src/serve.ts";
import { FakeSlack } from "./fake-slack.ts";
import { slackEnv } from "./slack-harness.ts";

// `sip serve` starts Slack when its credentials are set, and says clearly what is wrong when they are not.

let fake: FakeSlack;
let runtime: Runtime;
beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
  runtime = await startRuntime(loadConfig(slackEnv(fake)));
});
afterAll(async () => {
  await runtime?.close();
  await fake?.stop();
});

describe("Slack in sip serve", () => {
  it("is mounted on POST /slack/events when a bot token and signing secret are set", async () => {
    const { routes, mounts } = await mountAll(runtime, loadConfig(slackEnv(fake)));
    expect(mounts.map((m) => m.name)).toContain("Slack (HTTP, /slack/events)");
    expect(routes.has("POST /slack/events")).toBe(true);
    for (const m of mounts) await m.stop?.();
  });

  it("is not mounted without a bot token", async () => {
    const env = slackEnv(fake);
    delete (env as Partial<typeof env>).SLACK_BOT_TOKEN;
    delete (env as Partial<typeof env>).SLACK_SIGNING_SECRET;
    expect(await createSlackMount(runtime, loadConfig(env))).toBeNull();
  });

  it("uses Socket Mode, with no HTTP route, when SLACK_APP_TOKEN is set", async () => {
    const mount = await createSlackMount(
      runtime,
      loadConfig(slackEnv(fake, { SLACK_APP_TOKEN: "xapp-1-test" })),
    );
    expect(mount?.name).toBe("Slack (Socket Mode)");
    expect(mount?.routes.size).toBe(0);
  });

  it("refuses to start with a token Slack does not accept, and says which setting to check", async () => {
    fake.fail("auth.test", { error: "invalid_auth", times: 1 });
    const err = await createSlackMount(runtime, loadConfig(slackEnv(fake))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/invalid_auth.*SLACK_BOT_TOKEN/);
    expect((err as Error).message).not.toContain("xoxb-test-token");
  });

  it("says so when Slack's Web API cannot be reached at start-up", async () => {
    const env = slackEnv(fake, { SLACK_API_URL: "http://127.0.0.1:9/api/", SLACK_API_TIMEOUT_MS: "500" });
    const err = await createSlackMount(runtime, loadConfig(env), { retryConfig: { retries: 0 } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toContain("could not be reached");
  });
});
