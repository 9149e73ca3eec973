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

describe("Slack configuration", () => {
  it("defaults to Slack's own Web API with a 10-second timeout", () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(c.SLACK_API_URL).toBe("https://slack.com/api/");
    expect(c.SLACK_API_TIMEOUT_MS).toBe(10_000);
    expect(loadConfig({ SLACK_API_URL: "http://127.0.0.1:4000/api/" }).SLACK_API_URL).toBe(
      "http://127.0.0.1:4000/api/",
    );
  });

  it("refuses a Web API URL that is not http(s) or does not end in /api/, and an absurd timeout", () => {
    for (const url of [
      "ftp://slack.example/api/",
      "https://slack.com/",
      "slack.com/api/",
      "javascript:alert(1)//api/",
    ])
      expect(problems({ SLACK_API_URL: url })[0], url).toMatch(/^SLACK_API_URL: /);
    expect(problems({ SLACK_API_TIMEOUT_MS: "0" })[0]).toMatch(/^SLACK_API_TIMEOUT_MS: /);
    expect(problems({ SLACK_API_TIMEOUT_MS: "600000" })[0]).toMatch(/^SLACK_API_TIMEOUT_MS: /);
  });

  it("refuses Slack secrets without the bot token they belong to, and tokens of the wrong kind", () => {
    expect(problems({ SLACK_SIGNING_SECRET: "s" })[0]).toMatch(/SLACK_BOT_TOKEN/);
    expect(problems({ SLACK_APP_TOKEN: "xapp-1" })[0]).toMatch(/SLACK_BOT_TOKEN/);
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-2" })[0]).toMatch(
      /^SLACK_APP_TOKEN: /,
    );
    expect(
      loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).platformsConfigured,
    ).toContain("slack");
  });
});

describe("Teams configuration", () => {
  const APP = "11111111-2222-4333-8444-555555555555";
  const TENANT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  const THUMB = "0123456789ABCDEF0123456789ABCDEF01234567";

  it("accepts a single-tenant bot with a secret, and allows its own tenant by default", () => {
    const c = loadConfig({
      MicrosoftAppId: APP,
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: "s3cret",
    });
    expect(c.platformsConfigured).toEqual(["teams"]);
    expect(c.MicrosoftAppType).toBe("SingleTenant");
    expect(c.TEAMS_ALLOWED_TENANTS).toBeUndefined();
    expect(c.TEAMS_DELIVERY_INTERVAL_SECONDS).toBe(10);
  });

  it("accepts a certificate or a managed identity instead of a secret", () => {
    const cert = { TEAMS_CERT_THUMBPRINT: THUMB, TEAMS_CERT_KEY_FILE: "/etc/sip/bot.pem" };
    expect(problems({ MicrosoftAppId: APP, MicrosoftAppTenantId: TENANT, ...cert })).toEqual([]);
    expect(
      problems({ MicrosoftAppId: APP, MicrosoftAppTenantId: TENANT, MicrosoftAppType: "UserAssignedMSI" }),
    ).toEqual([]);
  });

  it("refuses an app id without tenant or credential, and credentials that contradict each other", () => {
    expect(problems({ MicrosoftAppId: APP })).toEqual([
      "MicrosoftAppTenantId is required with MicrosoftAppId (the bot is single-tenant)",
      "MicrosoftAppId needs MicrosoftAppPassword or a certificate (TEAMS_CERT_THUMBPRINT + TEAMS_CERT_KEY_FILE)",
    ]);
    const base = { MicrosoftAppId: APP, MicrosoftAppTenantId: TENANT };
    expect(problems({ ...base, MicrosoftAppPassword: "s", TEAMS_CERT_THUMBPRINT: THUMB })).toEqual([
      "TEAMS_CERT_THUMBPRINT and TEAMS_CERT_KEY_FILE go together",
      "set MicrosoftAppPassword or a certificate (TEAMS_CERT_*), not both",
    ]);
    expect(problems({ ...base, MicrosoftAppType: "UserAssignedMSI", MicrosoftAppPassword: "s" })[0]).toMatch(
      /UserAssignedMSI/,
    );
    expect(problems({ ...base, MicrosoftAppType: "MultiTenant", MicrosoftAppPassword: "s" })[0]).toMatch(
      /^MicrosoftAppType:/,
    );
  });

  it("refuses Teams settings without an app id unless in local-development mode, and never both", () => {
    expect(problems({ MicrosoftAppPassword: "s" })[0]).toMatch(/MicrosoftAppId is not .*TEAMS_LOCAL_DEV/);
    expect(problems({ MicrosoftAppPassword: "s", TEAMS_LOCAL_DEV: "true" })).toEqual([]);
    expect(
      problems({
        MicrosoftAppId: APP,
        MicrosoftAppTenantId: TENANT,
        MicrosoftAppPassword: "s",
        TEAMS_LOCAL_DEV: "true",
      }),
    ).toEqual(["TEAMS_LOCAL_DEV=true turns authentication off: unset it when MicrosoftAppId is set"]);
  });

  it("parses the tenant allow-list and checks each entry, the endpoint and the thumbprint", () => {
    const c = loadConfig({ TEAMS_LOCAL_DEV: "true", TEAMS_ALLOWED_TENANTS: ` ${TENANT.toUpperCase()} ,, ` });
    expect(c.TEAMS_ALLOWED_TENANTS).toEqual([TENANT]);
    const found = problems({
      TEAMS_LOCAL_DEV: "true",
      TEAMS_ALLOWED_TENANTS: `${TENANT},contoso.onmicrosoft.com`,
      TEAMS_BOT_ENDPOINT: "http://sip.example.org/api/messages",
      TEAMS_CERT_THUMBPRINT: "xyz",
      TEAMS_DELIVERY_INTERVAL_SECONDS: "0",
    });
    for (const name of [
      "TEAMS_ALLOWED_TENANTS",
      "TEAMS_BOT_ENDPOINT",
      "TEAMS_CERT_THUMBPRINT",
      "TEAMS_DELIVERY_INTERVAL_SECONDS",
    ])
      expect(
        found.some((p) => p.startsWith(`${name}`)),
        name,
      ).toBe(true);
  });

  it("never repeats the client secret", () => {
    const secret = "Abc8Q~very-secret-value";
    expect(problems({ MicrosoftAppId: APP, MicrosoftAppPassword: secret }).join("\n")).not.toContain(secret);
  });
});
