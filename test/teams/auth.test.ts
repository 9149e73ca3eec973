// With MicrosoftAppId configured, /api/messages accepts only activities that carry a valid Bot Connector
// token (signed by a key from the OpenID metadata, issuer api.botframework.com, audience = the app id,
// serviceurl claim = the activity's serviceUrl, not expired), come from an allowed tenant, and name a
// serviceUrl on a Bot Framework host. Each refusal is checked to reach nothing: no reply, no stored row.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APP_ID, OTHER_TENANT, personalMessage } from "./activities.ts";
import { OUTGOING_TOKEN, openTeamsHarness, type TeamsHarness } from "./harness.ts";

let h: TeamsHarness;
beforeAll(async () => {
  h = await openTeamsHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.connector.clear();
});

const processedEvents = () => h.db.prisma.processedEvent.count();

describe("incoming authentication", () => {
  const message = () => personalMessage(h.user("anna"), "hjälp", { serviceUrl: h.connector.serviceUrl });

  it("accepts a valid token and answers through the connector with the bot's own token", async () => {
    const r = await h.post(message());
    expect(r.status).toBe(200);
    const [call] = h.connector.calls;
    expect(call?.kind).toBe("reply");
    expect(call?.authorization).toBe(`Bearer ${OUTGOING_TOKEN}`);
  });

  const refused: [string, () => Promise<string | null>][] = [
    ["no token", () => Promise.resolve(null)],
    [
      "an expired token",
      () => h.tokens.sign({ audience: APP_ID, serviceUrl: h.connector.serviceUrl, expiresIn: -3600 }),
    ],
    [
      "a token for another bot (wrong audience)",
      () =>
        h.tokens.sign({
          audience: "0badc0de-0000-4000-8000-000000000000",
          serviceUrl: h.connector.serviceUrl,
        }),
    ],
    [
      "a token from another issuer",
      () =>
        h.tokens.sign({
          audience: APP_ID,
          issuer: "https://sts.windows.net/evil/",
          serviceUrl: h.connector.serviceUrl,
        }),
    ],
    [
      "a token signed with an unpublished key",
      () => h.tokens.sign({ audience: APP_ID, serviceUrl: h.connector.serviceUrl, foreignKey: true }),
    ],
    [
      "a token whose serviceurl claim names another service",
      () => h.tokens.sign({ audience: APP_ID, serviceUrl: "https://smba.trafficmanager.net/emea/" }),
    ],
    ["a token that is not a JWT", () => Promise.resolve("not-a-jwt")],
  ];

  it.each(refused)("refuses %s with 401 and does nothing", async (_name, token) => {
    const before = await processedEvents();
    const r = await h.post(message(), await token());
    expect(r.status).toBe(401);
    expect(h.connector.calls).toEqual([]);
    expect(await processedEvents()).toBe(before);
  });

  it("refuses a Basic or malformed Authorization header", async () => {
    const body = JSON.stringify(message());
    expect((await h.postRaw(body, { authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l" })).status).toBe(401);
    expect((await h.postRaw(body, { authorization: "Bearer" })).status).toBe(401);
    expect(h.connector.calls).toEqual([]);
  });
});

describe("tenant and serviceUrl allow-lists", () => {
  it("refuses a foreign tenant with 403, even with a valid token", async () => {
    const activity = personalMessage(h.user("anna"), "hjälp", {
      serviceUrl: h.connector.serviceUrl,
      tenant: OTHER_TENANT,
    });
    const r = await h.post(activity);
    expect(r).toEqual({ status: 403, body: { error: "foreignTenant" } });
    expect(h.connector.calls).toEqual([]);
  });

  it("refuses an activity without any tenant", async () => {
    const activity = personalMessage(h.user("anna"), "hjälp", { serviceUrl: h.connector.serviceUrl });
    delete (activity.channelData as Record<string, unknown>).tenant;
    delete (activity.conversation as Record<string, unknown>).tenantId;
    expect((await h.post(activity)).status).toBe(403);
  });

  it.each([
    "https://evil.example.org/emea/",
    "https://smba.trafficmanager.net.evil.example/emea/",
    "http://smba.trafficmanager.net/emea/",
    "https://smba.trafficmanager.net:8443/emea/",
    "https://user:pw@smba.trafficmanager.net/emea/",
    "http://10.0.0.5/emea/",
    "not a url",
  ])("refuses the serviceUrl %s with 403, even with a token whose claim matches it", async (serviceUrl) => {
    const activity = personalMessage(h.user("anna"), "hjälp", { serviceUrl });
    const r = await h.post(activity, await h.tokens.sign({ audience: APP_ID, serviceUrl }));
    expect(r).toEqual({ status: 403, body: { error: "foreignServiceUrl" } });
    expect(h.connector.calls).toEqual([]);
  });

  it("refuses a channel other than Teams (the Emulator's, say) when an app id is configured", async () => {
    const activity = {
      ...personalMessage(h.user("anna"), "hjälp", { serviceUrl: h.connector.serviceUrl }),
      channelId: "emulator",
    };
    expect((await h.post(activity)).status).toBe(403);
  });
});
