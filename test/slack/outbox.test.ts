import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackMount } from "../../adapters/slack/mount-slack.ts";
import { LogLevel } from "@slack/bolt";
import { nextGeneratedId, refIn } from "../conversation/harness.ts";
import {
  countRows,
  dmEvent,
  knownUser,
  openSlackHarness,
  sendEvent,
  type SlackHarness,
  shownTo,
} from "./slack-harness.ts";

// Outgoing posts: the outbox is delivered to DMs with the returned ts stored, so nothing is posted twice;
// 429 waits for Retry-After; a call that hangs is given up after the configured timeout; and when Slack
// cannot be reached, nothing the user did is lost and they are told plainly once Slack is back.

let h: SlackHarness;
const ANNA = "U0ANNA001";
const BO = "U0BO00001";
const ANNA_DM = `D${ANNA.slice(1)}`;
beforeAll(async () => {
  // One quick retry, as a production client's would be (only faster).
  h = await openSlackHarness({ retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 10 } });
  await knownUser(h, ANNA, "annas", "Hemtjänst Norr (demo)");
  await knownUser(h, BO, "bos", "Psykiatrisk öppenvård (demo)");
});
afterAll(async () => {
  await h?.close();
});

/** Efforts from both principals for a new person: the suggestion to Anna waits in the outbox. */
async function suggestionForAnna(): Promise<string> {
  const id = nextGeneratedId();
  h.fake.clear();
  await sendEvent(h, dmEvent(ANNA, `sip ny ${id}`));
  const ref = refIn(shownTo(h, ANNA));
  await sendEvent(h, dmEvent(BO, `sip ny ${id}`));
  await sendEvent(h, dmEvent(ANNA, `sip insats ${ref} hemtjänst`));
  await sendEvent(h, dmEvent(BO, `sip insats ${ref} psykiatrisk mottagning`));
  expect(await pending()).toBe(1);
  h.fake.clear();
  return ref;
}

async function pending(): Promise<number> {
  const rows = await h.runtime.db.runner.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM outbox_message WHERE status = 'PENDING'",
  );
  return rows[0]?.n ?? 0;
}

function postsToAnna(): number {
  return h.fake.of("chat.postMessage").filter((c) => c.params.channel === ANNA_DM).length;
}

describe("outbox delivery", () => {
  it("waits for Retry-After on 429 and then posts once, storing the ts", async () => {
    const ref = await suggestionForAnna();
    h.fake.fail("chat.postMessage", { status: 429, retryAfter: 1, times: 1 });
    expect(await h.mount.delivery.pass()).toEqual({ sent: 1, kept: 0 });
    const calls = h.fake.of("chat.postMessage");
    expect(calls).toHaveLength(2);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(JSON.stringify(calls[1]?.params.blocks)).toContain(ref);
    const rows = await h.runtime.db.runner.query<{ platform_ref: string }>(
      "SELECT platform_ref FROM outbox_message WHERE status = 'SENT' ORDER BY sent_at DESC LIMIT 1",
    );
    expect(rows[0]?.platform_ref).toMatch(/^\d+\.\d+$/);
  });

  it("keeps the row when Slack cannot be reached, and posts it exactly once when it is back", async () => {
    await suggestionForAnna();
    h.fake.down = true;
    expect(await h.mount.delivery.pass()).toEqual({ sent: 0, kept: 1 });
    expect(await pending()).toBe(1);
    h.fake.down = false;
    h.fake.clear();
    expect(await h.mount.delivery.pass()).toEqual({ sent: 1, kept: 0 });
    expect(await h.mount.delivery.pass()).toEqual({ sent: 0, kept: 0 });
    expect(postsToAnna()).toBe(1);
  });

  it("gives up a call that hangs after SLACK_API_TIMEOUT_MS and retries it", async () => {
    await suggestionForAnna();
    h.fake.fail("chat.postMessage", { hang: true, times: 2 });
    const started = Date.now();
    expect(await h.mount.delivery.pass()).toEqual({ sent: 0, kept: 1 });
    const took = Date.now() - started;
    // Two attempts of 1.5 s each, not the client's default of no timeout at all.
    expect(took).toBeGreaterThanOrEqual(2 * 1500 - 100);
    expect(took).toBeLessThan(10_000);
    expect(await pending()).toBe(1);
    expect(await h.mount.delivery.pass()).toEqual({ sent: 1, kept: 0 });
  });

  it("marks a row failed when Slack refuses it for good", async () => {
    await suggestionForAnna();
    h.fake.fail("chat.postMessage", { error: "channel_not_found", times: 1 });
    expect(await h.mount.delivery.pass()).toEqual({ sent: 0, kept: 0 });
    expect(await pending()).toBe(0);
    const failed = await h.runtime.db.runner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox_message WHERE status = 'FAILED'",
    );
    expect(failed[0]?.n).toBe(1);
  });

  it("posts once when two replicas deliver at the same moment", async () => {
    const slot = { intervalMs: 600_000, claimSlotMs: 60_000 };
    const options = { retryConfig: { retries: 0 }, delivery: slot, logLevel: LogLevel.ERROR };
    const a = await createSlackMount(h.runtime, h.config, options);
    const b = await createSlackMount(h.runtime, h.config, options);
    await suggestionForAnna();
    const results = await Promise.all([a?.delivery.pass(), b?.delivery.pass()]);
    expect(results.map((r) => r?.sent ?? 0).reduce((x, y) => x + y, 0)).toBe(1);
    expect(postsToAnna()).toBe(1);
    expect(await pending()).toBe(0);
  });
});

describe("redelivery keys", () => {
  it("are forgotten after a day, not before", async () => {
    const a = await createSlackMount(h.runtime, h.config, {
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    await h.runtime.db.runner.query(
      `INSERT INTO processed_event (source, event_id, received_at) VALUES
         ('slack', 'Ev-old', now() - interval '25 hours'), ('slack', 'Ev-recent', now() - interval '23 hours'),
         ('slack-outbox', 'old:1', now() - interval '2 days'), ('teams', 'other-old', now() - interval '30 days')`,
    );
    await a?.delivery.pass();
    const left = await h.runtime.db.runner.query<{ event_id: string }>(
      "SELECT event_id FROM processed_event WHERE event_id IN ('Ev-old', 'Ev-recent', 'old:1', 'other-old') ORDER BY event_id",
    );
    // Another source's keys are not the Slack adapter's to forget.
    expect(left.map((r) => r.event_id)).toEqual(["Ev-recent", "other-old"]);
  });
});

describe("Slack unreachable during the user's own action", () => {
  it("keeps what they did, and tells them plainly with the late answer", async () => {
    const persons = await countRows(h, "person");
    h.fake.down = true;
    await sendEvent(h, dmEvent(ANNA, "sip ny"));
    h.fake.down = false;
    // The action happened even though its answer could not be posted.
    expect(await countRows(h, "person")).toBe(persons + 1);
    h.fake.clear();
    await h.mount.delivery.pass();
    const shown = shownTo(h, ANNA);
    expect(shown).toContain("Slack gick inte att nå");
    expect(shown).toContain("Det du gjorde är sparat");
    expect(shown).toMatch(/K-[0-9A-Z]{4}/);
    // Told once: the next pass has nothing more to say.
    h.fake.clear();
    await h.mount.delivery.pass();
    expect(h.fake.of("chat.postMessage")).toEqual([]);
  });
});
