// The time budget of replies sent during a turn, through the running endpoint and the fake Bot Connector:
// a connector that keeps answering 429 with Retry-After must not keep the turn (and Teams' 15-second
// window) waiting; a Retry-After the budget can afford is honoured, and the reply then gets through once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY } from "../../adapters/teams/retry.ts";
import { personalMessage } from "./activities.ts";
import { openTeamsHarness, type TeamsHarness } from "./harness.ts";

const BUDGET_MS = 1_500;
let h: TeamsHarness;
beforeAll(async () => {
  h = await openTeamsHarness({
    mount: {
      // Real waits (the harness default does not wait at all), so time is what is being tested.
      retry: { ...DEFAULT_RETRY, baseDelayMs: 100, random: () => 0.5 },
      turnBudgetMs: BUDGET_MS,
    },
  });
});
afterAll(() => h.close());
beforeEach(() => {
  h.connector.clear();
});

const at = () => ({ serviceUrl: h.connector.serviceUrl });
const sends = () => h.connector.calls.filter((c) => c.kind === "send" || c.kind === "reply");

describe("a turn's replies within their time budget", () => {
  it("ends the turn near its budget while the connector keeps throttling", async () => {
    // Far more 429s than any retrying could get through: without a budget this turn would take
    // (1 + 3 pipeline retries) × 1 s × 5 outer attempts ≈ 20 s.
    h.connector.failNextWith(40, 429, { "retry-after": "1" });
    const started = Date.now();
    const r = await h.post(personalMessage(h.user("anna"), "sip hjälp", at()));
    const took = Date.now() - started;
    expect(r.status).toBeLessThan(500);
    expect(took).toBeLessThan(BUDGET_MS + 1_000);
    expect(sends().every((c) => c.status === 429)).toBe(true);
    // Nothing got through, and nothing is started after the deadline.
    const atEnd = sends().length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(sends().length).toBeLessThanOrEqual(atEnd + 1);
  }, 20_000);

  it("honours a Retry-After that fits the budget and then sends the reply once", async () => {
    // Let the abandoned attempt of the previous test finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    h.connector.clear();
    h.connector.clearFailures();
    h.connector.failNextWith(1, 429, { "retry-after": "1" });
    const started = Date.now();
    const r = await h.post(personalMessage(h.user("bo"), "sip hjälp", at()));
    const took = Date.now() - started;
    expect(r.status).toBeLessThan(500);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(BUDGET_MS + 1_000);
    expect(sends().map((c) => c.status)).toEqual([429, 200]);
  }, 20_000);
});
