// The outer retry policy for calls to the Bot Connector: which statuses, how many times, how long.
import { describe, expect, it } from "vitest";
import {
  backoffMs,
  DEFAULT_RETRY,
  type RetryPolicy,
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
    const capped = policy();
    let again = true;
    await withRetry(() => {
      if (!again) return Promise.resolve("ok");
      again = false;
      return Promise.reject(httpError(429, "3600"));
    }, capped);
    expect(capped.waits).toEqual([DEFAULT_RETRY.maxDelayMs]);
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
