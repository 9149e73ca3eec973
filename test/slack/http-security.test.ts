import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMIT_BYTES } from "../../adapters/slack/mount-slack.ts";
import {
  commandBody,
  dmEvent,
  eventBody,
  openSlackHarness,
  send,
  type SlackHarness,
  signature,
  slash,
} from "./slack-harness.ts";

// Every request must be Slack's own: signed with the signing secret (v0 HMAC over "v0:ts:body") within five
// minutes either way. Anything else is refused before it is parsed into a turn, and leaves no trace.

let h: SlackHarness;
beforeAll(async () => {
  h = await openSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

const FORM = "application/x-www-form-urlencoded";
const USER = "U0MALLORY";

async function state(): Promise<string> {
  const rows = await h.runtime.db.runner.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM processed_event) AS events, (SELECT count(*)::int FROM staff_identity) AS ids,
            (SELECT count(*)::int FROM audit_event) AS audit, (SELECT count(*)::int FROM person) AS persons`,
  );
  return JSON.stringify(rows[0]);
}

/** Sends, and checks that the store and the fake Slack saw nothing. */
async function refused(
  body: string,
  contentType: string,
  o: Parameters<typeof send>[3],
  status: number,
): Promise<void> {
  const before = await state();
  h.fake.clear();
  const r = await send(h, body, contentType, o);
  expect(r.status).toBe(status);
  expect(await state()).toBe(before);
  expect(h.fake.calls.map((c) => c.method)).toEqual([]);
}

describe("request verification", () => {
  it("accepts a correctly signed slash command (the baseline the refusals are measured against)", async () => {
    h.fake.clear();
    expect((await slash(h, USER, "hjälp")).status).toBe(200);
    expect(h.fake.of("respond").length).toBeGreaterThan(0);
  });

  it("refuses a forged signature, a wrong secret, and a body changed after signing", async () => {
    const body = commandBody(h, USER, "ny");
    await refused(body, FORM, { signature: `v0=${"0".repeat(64)}` }, 401);
    const ts = Math.floor(Date.now() / 1000);
    await refused(body, FORM, { signature: signature(body, ts, "another-secret") }, 401);
    await refused(body.replace("ny", "hj%C3%A4lp"), FORM, { signature: signature(body, ts) }, 401);
    await refused(body, FORM, { signature: "v1=abc" }, 401);
  });

  it("refuses an absent signature or timestamp", async () => {
    const body = eventBody(dmEvent(USER, "sip ny"));
    await refused(body, "application/json", { signature: null }, 401);
    await refused(body, "application/json", { noTimestamp: true }, 401);
  });

  it("refuses requests more than five minutes old or in the future", async () => {
    const body = eventBody(dmEvent(USER, "sip ny"));
    await refused(body, "application/json", { skew: -301 }, 401);
    await refused(body, "application/json", { skew: 301 }, 401);
    await refused(body, "application/json", { skew: 3600 * 24 }, 401);
  });

  it("answers ssl_check without a signature but runs nothing smuggled beside it", async () => {
    const smuggled = `ssl_check=1&${commandBody(h, USER, "ny")}`;
    await refused(smuggled, FORM, { signature: null }, 200);
    const payload = `ssl_check=1&payload=${encodeURIComponent(JSON.stringify({ type: "block_actions" }))}`;
    await refused(payload, FORM, { signature: null }, 200);
  });

  it("answers url_verification only when signed", async () => {
    const body = JSON.stringify({
      token: "x",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const ok = await send(h, body, "application/json");
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    await refused(body, "application/json", { signature: null }, 401);
  });
});

describe("hostile and oversized bodies", () => {
  it("refuses a body over the limit with 413, declared or streamed", async () => {
    const big = `{"type":"event_callback","pad":"${"x".repeat(BODY_LIMIT_BYTES)}"}`;
    await refused(big, "application/json", {}, 413);
    // Without a content-length (chunked), the limit is counted while reading.
    const before = await state();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
        for (let i = 0; i < 20; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const ts = Math.floor(Date.now() / 1000);
    const r = await fetch(h.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": "v0=00",
      },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(r.status).toBe(413);
    expect(await state()).toBe(before);
  });

  it("refuses signed bodies that are not what Slack sends", async () => {
    await refused("{not json", "application/json", {}, 400);
    await refused("payload=%7Bnot-json", FORM, {}, 400);
  });

  it("acknowledges but ignores signed payloads of a shape it does not act on", async () => {
    for (const body of [
      eventBody({ type: "reaction_added", user: USER }),
      `payload=${encodeURIComponent(JSON.stringify({ type: "view_submission", user: { id: USER }, team: { id: "T1" }, view: { callback_id: "sip.form", private_metadata: "{", state: { values: {} } } }))}`,
      `payload=${encodeURIComponent(JSON.stringify({ type: "view_submission", user: { id: USER }, team: { id: "T1" }, view: { callback_id: "other", private_metadata: "", state: { values: {} } } }))}`,
    ]) {
      const before = await state();
      h.fake.clear();
      const r = await send(h, body, body.startsWith("{") ? "application/json" : FORM);
      expect(r.status).toBe(200);
      expect(h.fake.calls.map((c) => c.method)).toEqual([]);
      // Only the event's id may be recorded (so a redelivery is recognised); nothing else changes.
      const after = JSON.parse(await state()) as Record<string, number>;
      const was = JSON.parse(before) as Record<string, number>;
      expect({ ...after, events: 0 }).toEqual({ ...was, events: 0 });
    }
  });

  it("serves only POST /slack/events", async () => {
    const r = await fetch(h.url, { method: "GET" });
    expect(r.status).toBe(404);
  });
});
