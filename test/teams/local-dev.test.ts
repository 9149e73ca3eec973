// Without MicrosoftAppId the endpoint exists only in the explicit local-development mode: it says so
// loudly, accepts the unauthenticated activities of the Bot Framework Emulator / Agents Playground on
// loopback service URLs, and still refuses every other service URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamsMount } from "../../adapters/teams/mount.ts";
import { loadConfig } from "../../src/config.ts";
import { cardOf, visibleText } from "./card-check.ts";
import { openTeamsHarness, type TeamsHarness } from "./harness.ts";

describe("without an app id", () => {
  it("does not mount at all unless TEAMS_LOCAL_DEV=true", () => {
    const logs: string[] = [];
    const deps = {} as Parameters<typeof createTeamsMount>[0]["deps"];
    expect(createTeamsMount({ deps }, loadConfig({}), { log: (l) => logs.push(l) })).toBeNull();
    expect(logs).toEqual([]);
  });
});

describe("with an app id", () => {
  const deps = {} as Parameters<typeof createTeamsMount>[0]["deps"];
  const base = {
    MicrosoftAppId: "5d8a3b2e-6f0c-4c1a-9e7b-2a4f6c8d0e1f",
    MicrosoftAppTenantId: "9b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
  };

  it("mounts POST /api/messages with the credentials from configuration, without a warning", () => {
    const logs: string[] = [];
    const mount = createTeamsMount({ deps }, loadConfig({ ...base, MicrosoftAppPassword: "s" }), {
      log: (l) => logs.push(l),
    });
    expect(mount?.name).toBe("Teams (/api/messages)");
    expect([...(mount?.routes.keys() ?? [])]).toEqual(["POST /api/messages"]);
    expect(logs).toEqual([]);
    const msi = createTeamsMount({ deps }, loadConfig({ ...base, MicrosoftAppType: "UserAssignedMSI" }));
    expect(msi).not.toBeNull();
  });

  it("stops start-up with a clear message when the certificate's key file cannot be read", () => {
    const config = loadConfig({
      ...base,
      TEAMS_CERT_THUMBPRINT: "0123456789ABCDEF0123456789ABCDEF01234567",
      TEAMS_CERT_KEY_FILE: "/nonexistent/bot-key.pem",
    });
    expect(() => createTeamsMount({ deps }, config)).toThrow(
      "TEAMS_CERT_KEY_FILE: cannot read /nonexistent/bot-key.pem (ENOENT)",
    );
  });
});

describe("local-development mode", () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await openTeamsHarness({ withAppId: false });
  });
  afterAll(() => h.close());

  it("warns loudly that there is no authentication", () => {
    expect(h.logs.join("\n")).toMatch(/!!! TEAMS_LOCAL_DEV=true: Teams-slutpunkten körs UTAN autentisering/);
  });

  it("answers an Emulator activity without a token, to a loopback service URL", async () => {
    // The Emulator's shape: channel "emulator", no tenant, no Entra object id.
    const activity = {
      type: "message",
      id: "emu-1",
      channelId: "emulator",
      serviceUrl: h.connector.serviceUrl,
      from: { id: "emulator-user-1", name: "User", role: "user" },
      recipient: { id: "bot-1", name: "Bot", role: "bot" },
      conversation: { id: "emu-conversation-1" },
      text: "hej",
      locale: "sv-SE",
    };
    const r = await h.post(activity, null);
    expect(r.status).toBe(200);
    const [sent] = h.connector.messagesTo("emu-conversation-1");
    expect(sent?.textFormat ?? "card").toBe("card");
    expect(visibleText(cardOf(sent as Record<string, unknown>))).toContain("Jag känner inte igen dig");
    expect(h.connector.calls[0]?.authorization).toBeUndefined();
  });

  it("still refuses a service URL that is neither Teams nor loopback", async () => {
    const r = await h.post(
      {
        type: "message",
        channelId: "emulator",
        serviceUrl: "https://attacker.example/",
        from: { id: "u" },
        recipient: { id: "b" },
        conversation: { id: "c" },
        text: "hej",
      },
      null,
    );
    expect(r.status).toBe(403);
  });
});
