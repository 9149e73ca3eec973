// The outer retry policy for calls to the Bot Connector: which statuses, how many times, how long.
import { describe, expect, it } from "vitest";
import {
  backoffMs,
  DEFAULT_RETRY,
  forTurn,
  RetryBudgetExceeded,
  type RetryPolicy,
  retryAfterMs,
  statusOf,
  withRetry,
} from "../../adapters/teams/retry.ts";

function policy(random = 0.5): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return {
    ...DEFAULT_RETRY,
    random: () => random,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    waits,
  };
}

const httpError = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error(`status ${statusCode}`), {
    statusCode,
    response: { headers: { get: (name: string) => (name === "retry-after" ? retryAfter : undefined) } },
  });

function failing(statuses: number[]) {
  let calls = 0;
  const op = () => {
    const status = statuses[calls++];
    return status === undefined ? Promise.resolve("ok") : Promise.reject(httpError(status));
  };
  return { op, calls: () => calls };
}

describe("withRetry", () => {
  it.each([429, 412, 502, 504])("retries %i and then succeeds", async (status) => {
    const p = policy();
    const f = failing([status, status]);
    expect(await withRetry(f.op, p)).toBe("ok");
    expect(f.calls()).toBe(3);
    expect(p.waits).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 500])("does not retry %i", async (status) => {
    const f = failing([status]);
    await expect(withRetry(f.op, policy())).rejects.toMatchObject({ statusCode: status });
    expect(f.calls()).toBe(1);
  });

  it("does not retry an error without a status (a bug, not a busy service)", async () => {
    let calls = 0;
    await expect(withRetry(() => Promise.reject(new TypeError(String(++calls))), policy())).rejects.toThrow(
      TypeError,
    );
    expect(calls).toBe(1);
  });

  it("gives up after the configured attempts and rethrows the last error", async () => {
    const p = policy();
    const f = failing([429, 429, 429, 429, 429, 429, 429]);
    await expect(withRetry(f.op, p)).rejects.toMatchObject({ statusCode: 429 });
    expect(f.calls()).toBe(DEFAULT_RETRY.attempts);
  });

  it("waits as long as Retry-After asks, within the cap", async () => {
    const p = policy();
    let first = true;
    const op = () => {
      if (!first) return Promise.resolve("ok");
      first = false;
      return Promise.reject(httpError(429, "3"));
    };
    await withRetry(op, p);
    expect(p.waits).toEqual([3000]);
    // Asked to wait longer than the policy ever waits: give up rather than ask again too early.
    const capped = policy();
    let calls = 0;
    const tooLong = () => {
      calls += 1;
      return calls === 1 ? Promise.reject(httpError(429, "3600")) : Promise.resolve("ok");
    };
    await expect(withRetry(tooLong, capped)).rejects.toMatchObject({ statusCode: 429 });
    expect(capped.waits).toEqual([]);
    expect(calls).toBe(1);
  });

  it("backs off exponentially with jitter between half and all of each step", () => {
    const low = policy(0);
    const high = policy(0.999);
    expect([0, 1, 2, 3].map((n) => backoffMs(low, n))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((n) => backoffMs(high, n))).toEqual([500, 1000, 1999, 3998]);
    expect(backoffMs(high, 20)).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
  });

  it("reads the status the way botbuilder's errors carry it", () => {
    expect(statusOf({ statusCode: 429 })).toBe(429);
    expect(statusOf({ status: 502 })).toBe(502);
    expect(statusOf("429")).toBeUndefined();
    expect(statusOf(null)).toBeUndefined();
  });
});

describe("Retry-After", () => {
  const withHeader = (v: string | undefined) => httpError(429, v);
  const NOW = Date.parse("2026-11-23T09:00:00Z");

  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs(withHeader("2"), NOW)).toBe(2000);
    expect(retryAfterMs(withHeader(" 0 "), NOW)).toBe(0);
    expect(retryAfterMs(withHeader("Mon, 23 Nov 2026 09:00:05 GMT"), NOW)).toBe(5000);
    // A date already past means "now".
    expect(retryAfterMs(withHeader("Mon, 23 Nov 2026 08:00:00 GMT"), NOW)).toBe(0);
  });

  it.each([undefined, "", "-1", "1.5", "soon", "2026-11-23", "9".repeat(100), "1e9"])(
    "ignores a missing or malformed value %s",
    (v) => {
      expect(retryAfterMs(withHeader(v), NOW)).toBeNull();
    },
  );

  it("ignores errors without headers", () => {
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs({ statusCode: 429 })).toBeNull();
    expect(retryAfterMs({ response: { headers: { get: 5 } } })).toBeNull();
  });
});

describe("the time budget", () => {
  /** A policy on a fake clock: sleeping moves the clock, nothing really waits. */
  function clocked(budgetMs: number): RetryPolicy & { clock: { t: number }; waits: number[] } {
    const clock = { t: 0 };
    const waits: number[] = [];
    return {
      ...DEFAULT_RETRY,
      random: () => 0.5,
      budgetMs,
      now: () => clock.t,
      sleep: (ms) => {
        waits.push(ms);
        clock.t += ms;
        return Promise.resolve();
      },
      clock,
      waits,
    };
  }

  it("does not begin a wait that would end past the budget", async () => {
    const p = clocked(1_000);
    const f = failing([502, 502, 502, 502]);
    // Waits of 375 and 750 ms (jitter pinned): the second would end at 1125 ms, past the budget.
    await expect(withRetry(f.op, p)).rejects.toMatchObject({ statusCode: 502 });
    expect(p.waits).toEqual([375]);
    expect(f.calls()).toBe(2);
  });

  it("does not retry sooner than Retry-After asks, and gives up when the wait does not fit", async () => {
    const p = clocked(2_500);
    let calls = 0;
    const op = () => {
      calls += 1;
      return Promise.reject(httpError(429, "2"));
    };
    await expect(withRetry(op, p)).rejects.toMatchObject({ statusCode: 429 });
    expect(p.waits).toEqual([2000]);
    expect(calls).toBe(2);
  });

  it("shares one deadline between the sends of a turn", async () => {
    const p = clocked(60_000);
    const turn = forTurn(p, 1_000);
    const first = failing([504]);
    expect(await withRetry(first.op, turn)).toBe("ok");
    p.clock.t = 1_000; // the turn's time is used up
    const second = failing([]);
    await expect(withRetry(second.op, turn)).rejects.toBeInstanceOf(RetryBudgetExceeded);
    expect(second.calls()).toBe(0);
  });

  it("stops waiting for an attempt still running at the deadline", async () => {
    const p = forTurn(DEFAULT_RETRY, 50);
    let finished = false;
    const slow = () =>
      new Promise<string>((resolve) =>
        setTimeout(() => {
          finished = true;
          resolve("late");
        }, 400),
      );
    const started = Date.now();
    await expect(withRetry(slow, p)).rejects.toBeInstanceOf(RetryBudgetExceeded);
    expect(Date.now() - started).toBeLessThan(300);
    expect(finished).toBe(false);
  });

  it("lets a proactive send's attempt finish (abandoned, it could land and be posted again)", async () => {
    const p: RetryPolicy = { ...DEFAULT_RETRY, budgetMs: 50 };
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve("landed"), 150));
    expect(await withRetry(slow, p)).toBe("landed");
  });

  it("gives proactive sends a longer budget than a turn's replies", () => {
    expect(DEFAULT_RETRY.budgetMs).toBeGreaterThan(15_000);
    const turn = forTurn({ ...DEFAULT_RETRY, now: () => 0 });
    expect(turn.deadline).toBeLessThanOrEqual(10_000);
  });
});
