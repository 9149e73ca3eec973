// Hostile, malformed and oversized requests to /api/messages are refused before botbuilder or the core
// sees them, with a status that says why; none of them reaches the connector or the store.
import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkActivity, serviceUrlAllowed } from "../../adapters/teams/activity-guard.ts";
import { MAX_BODY_BYTES } from "../../adapters/teams/http-shim.ts";
import { APP_ID, personalMessage, TENANT } from "./activities.ts";
import { openTeamsHarness, type TeamsHarness } from "./harness.ts";

let h: TeamsHarness;
beforeAll(async () => {
  h = await openTeamsHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.connector.clear();
});

/** A chunked upload without Content-Length, so only the running count can stop it. */
function streamed(bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(h.url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

describe("the request body", () => {
  it("refuses a body over the cap with 413, by Content-Length and while streaming", async () => {
    const big = JSON.stringify({ type: "message", text: "x".repeat(MAX_BODY_BYTES) });
    expect((await h.postRaw(big)).status).toBe(413);
    expect(await streamed(MAX_BODY_BYTES * 4)).toBe(413);
    expect(h.connector.calls).toEqual([]);
  });

  it.each([
    ["broken JSON", '{"type": "message",', 400],
    ["an array", "[1,2,3]", 400],
    ["null", "null", 400],
    ["a string", '"message"', 400],
    ["deep nesting", `${"[".repeat(50_000)}${"]".repeat(50_000)}`, 400],
  ])("refuses %s with %i", async (_name, body, status) => {
    expect((await h.postRaw(body)).status).toBe(status);
  });

  it("refuses anything but JSON with 415", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hjälp",
    });
    expect(res.status).toBe(415);
  });

  it("refuses activities that lack what a Teams activity always has, or carry absurd sizes", async () => {
    const good = personalMessage(h.user("anna"), "hjälp", { serviceUrl: h.connector.serviceUrl });
    const variants = [
      { ...good, type: 5 },
      { ...good, conversation: undefined },
      { ...good, from: { id: "" } },
      { ...good, recipient: null },
      { ...good, id: "x".repeat(100_000) },
      { ...good, serviceUrl: undefined },
    ];
    for (const v of variants) {
      const token = await h.tokens.sign({ audience: APP_ID, serviceUrl: h.connector.serviceUrl });
      expect((await h.post(v, token)).status).toBe(400);
    }
    expect(h.connector.calls).toEqual([]);
    expect(await h.db.prisma.processedEvent.count()).toBe(0);
  });

  it("ignores a __proto__ key instead of being polluted by it", async () => {
    const body = JSON.stringify(
      personalMessage(h.user("anna"), "hjälp", { serviceUrl: h.connector.serviceUrl }),
    ).replace(/^\{/, '{"__proto__":{"polluted":true},');
    const token = await h.tokens.sign({ audience: APP_ID, serviceUrl: h.connector.serviceUrl });
    expect((await h.postRaw(body, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the guard on its own", () => {
  const options = { allowedTenants: [TENANT], allowLoopbackServiceUrl: false, channels: ["msteams"] };
  const activity = (serviceUrl: string, tenant = TENANT) =>
    personalMessage({ id: "29:x", name: "X", aadObjectId: "a", chatId: "a:1" }, "hi", { serviceUrl, tenant });

  it("accepts the Teams service in its regions, and nothing that only looks like it", () => {
    for (const ok of [
      "https://smba.trafficmanager.net/emea/",
      "https://smba.trafficmanager.net/amer/",
      "https://SMBA.trafficmanager.net/teams/",
    ])
      expect(serviceUrlAllowed(ok, false), ok).toBe(true);
    for (const bad of [
      "https://smba.trafficmanager.net.evil.example/",
      "https://evilsmba.trafficmanager.net/",
      "https://127.0.0.1/",
      "http://localhost:3978/",
      "file:///etc/passwd",
      "javascript:alert(1)",
    ])
      expect(serviceUrlAllowed(bad, false), bad).toBe(false);
    expect(serviceUrlAllowed("http://localhost:3978/", true)).toBe(true);
  });

  it("compares tenants without regard to case, and refuses others", () => {
    expect(
      checkActivity(activity("https://smba.trafficmanager.net/emea/", TENANT.toUpperCase()), options).ok,
    ).toBe(true);
    expect(checkActivity(activity("https://smba.trafficmanager.net/emea/", "other"), options)).toEqual({
      ok: false,
      reason: "foreignTenant",
    });
  });
});
