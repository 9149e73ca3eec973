import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("configuration", () => {
  it("starts with zero settings on the embedded store", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      SIP_DATA_DIR: "./data",
      SIP_LOCALE: "sv",
      PORT: 3000,
      SIP_SUGGESTION_WORDING: "standard",
    });
    expect(c.platformsConfigured).toEqual([]);
  });

  it("treats empty values as unset, as .env files mean them", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: " ", SIP_ID_SECRET: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names each bad value and says what is expected", () => {
    const found = problems({
      PORT: "70000",
      DATABASE_URL: "mysql://x",
      SIP_ID_SECRET: "short",
      SIP_LOCALE: "de",
      SLACK_BOT_TOKEN: "xoxp-user-token",
      MicrosoftAppId: "not-a-guid",
      TEAMS_LOCAL_DEV: "maybe",
      SIP_CONSENT_DEFAULT_MONTHS: "-1",
    });
    for (const name of [
      "PORT",
      "DATABASE_URL",
      "SIP_ID_SECRET",
      "SIP_LOCALE",
      "SLACK_BOT_TOKEN",
      "MicrosoftAppId",
      "TEAMS_LOCAL_DEV",
      "SIP_CONSENT_DEFAULT_MONTHS",
    ]) {
      expect(
        found.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
    }
  });

  it("never repeats a secret in its messages", () => {
    const secret = "xoxb-this-is-secret";
    const found = problems({ SLACK_BOT_TOKEN: secret, SIP_ID_SECRET: "tiny-secret-value" });
    expect(found.join("\n")).not.toContain(secret);
    expect(found.join("\n")).not.toContain("tiny-secret-value");
  });

  it("requires a shared hash key with PostgreSQL, and a way to reach Slack with a bot token", () => {
    expect(problems({ DATABASE_URL: "postgresql://127.0.0.1/sip" })).toEqual([
      "SIP_ID_SECRET is required when DATABASE_URL is set (every replica must use the same key)",
    ]);
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1" })[0]).toMatch(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).platformsConfigured).toEqual([
      "slack",
    ]);
    expect(loadConfig({ TEAMS_LOCAL_DEV: "true" }).platformsConfigured).toEqual(["teams"]);
  });

  it("copes with hostile and oversized values", () => {
    expect(problems({ PORT: "1e400" }).length).toBe(1);
    expect(problems({ SIP_LOCALE: "x".repeat(1_000_000) }).length).toBe(1);
    expect(loadConfig({ SIP_DATA_DIR: "../../weird dir/ö" }).SIP_DATA_DIR).toBe("../../weird dir/ö");
  });
});
