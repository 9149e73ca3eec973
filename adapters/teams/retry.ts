// Outgoing calls to the Bot Connector service are retried when Teams asks for it: 429 (throttled), 412
// (a concurrent change to the same conversation), 502 and 504 (a gateway between us and Teams failed).
// Anything else (400, 401, 403, 404) will not get better by asking again. The Azure HTTP pipeline under
// botframework-connector already retries some 5xx itself; this wrapper is the outer, bounded policy.

export const RETRIED_STATUSES: readonly number[] = [429, 412, 502, 504];

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** Delay before the first retry; doubled for each further one, then jittered. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** 0 ≤ x < 1; injectable so tests can pin the jitter. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The HTTP status of a failed connector call (RestError and friends carry `statusCode`). */
export function statusOf(e: unknown): number | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const { statusCode, status } = e as { statusCode?: unknown; status?: unknown };
  if (typeof statusCode === "number") return statusCode;
  return typeof status === "number" ? status : undefined;
}

/** Seconds Teams asked us to wait (Retry-After), when the error carries the response headers. */
function retryAfterMs(e: unknown): number | null {
  const headers = (e as { response?: { headers?: { get?: (name: string) => string | undefined } } }).response
    ?.headers;
  const raw = typeof headers?.get === "function" ? headers.get("retry-after") : undefined;
  if (raw === undefined) return null;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** "Full jitter": a random delay up to the exponential step, so many senders do not retry in step. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (policy.random() * step) / 2);
}

export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      const status = statusOf(e);
      if (status === undefined || !RETRIED_STATUSES.includes(status) || attempt >= policy.attempts) throw e;
      const asked = retryAfterMs(e);
      const delay = Math.min(policy.maxDelayMs, asked ?? backoffMs(policy, attempt - 1));
      await policy.sleep(delay);
    }
  }
}
