// Outgoing calls to the Bot Connector service are retried when Teams asks for it: 429 (throttled), 412
// (a concurrent change to the same conversation), 502 and 504 (a gateway between us and Teams failed).
// Anything else (400, 401, 403, 404) will not get better by asking again. The Azure HTTP pipeline under
// botframework-connector already retries 5xx and Retry-After-429s itself, so one attempt here can take
// seconds; this wrapper is the outer policy, bounded by attempts AND by time: a reply sent during a turn
// must be done well inside Teams' 15-second window, so every send of one turn shares one deadline
// (TURN_BUDGET_MS), and an attempt still running at the deadline is no longer waited for. Proactive sends
// (the outbox) have a longer budget; what fails there waits in the outbox for the next round.

export const RETRIED_STATUSES: readonly number[] = [429, 412, 502, 504];

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** Delay before the first retry; doubled for each further one, then jittered. */
  baseDelayMs: number;
  /** The longest wait; a Retry-After asking for more makes the send give up instead of retrying early. */
  maxDelayMs: number;
  /** 0 ≤ x < 1; injectable so tests can pin the jitter. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Time one send may take in all, attempts and waits together. Unset: bounded by attempts only. */
  budgetMs?: number;
  /**
   * An absolute end (by `now`) shared by the sends of one turn (see forTurn); wins over budgetMs. Unlike
   * budgetMs it also cuts short an attempt still running at the end.
   */
  deadline?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Replies during a turn: Teams waits 15 s for the turn, and the turn has work of its own to do. */
export const TURN_BUDGET_MS = 8_000;
/** Proactive sends run outside any turn; what does not get through waits in the outbox. */
export const PROACTIVE_BUDGET_MS = 60_000;

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  budgetMs: PROACTIVE_BUDGET_MS,
  now: Date.now,
};

/** Given up because the time budget ran out (no HTTP status: the outcome of the last attempt is unknown). */
export class RetryBudgetExceeded extends Error {
  override name = "RetryBudgetExceeded";
}

/** The policy for one turn: every send in it shares one deadline, `budgetMs` from now. */
export function forTurn(policy: RetryPolicy, budgetMs: number = TURN_BUDGET_MS): RetryPolicy {
  const now = policy.now ?? Date.now;
  return { ...policy, deadline: Math.min(now() + budgetMs, policy.deadline ?? Number.POSITIVE_INFINITY) };
}

/** The HTTP status of a failed connector call (RestError and friends carry `statusCode`). */
export function statusOf(e: unknown): number | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const { statusCode, status } = e as { statusCode?: unknown; status?: unknown };
  if (typeof statusCode === "number") return statusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * How long Teams asked us to wait (Retry-After: seconds, or an HTTP date), when the error carries the
 * response headers; null when it does not, or the value is not one of those two forms.
 */
export function retryAfterMs(e: unknown, nowMs: number = Date.now()): number | null {
  if (typeof e !== "object" || e === null) return null;
  const headers = (e as { response?: { headers?: { get?: (name: string) => string | null | undefined } } })
    .response?.headers;
  const raw = typeof headers?.get === "function" ? headers.get("retry-after") : undefined;
  if (typeof raw !== "string" || raw.length > 64) return null;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  // Only a real HTTP date (it names a weekday and GMT), not any string Date.parse happens to accept.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text) || Number.isNaN(at))
    return null;
  return Math.max(0, at - nowMs);
}

/** "Full jitter": a random delay up to the exponential step, so many senders do not retry in step. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (policy.random() * step) / 2);
}

/** Runs one attempt, but waits for it only until the deadline; a late outcome is dropped, never thrown. */
async function attemptUntil<T>(op: () => Promise<T>, leftMs: number): Promise<T> {
  if (leftMs === Number.POSITIVE_INFINITY) return op();
  if (leftMs <= 0) throw new RetryBudgetExceeded("no time left for this send");
  const attempt = op();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RetryBudgetExceeded("the send outlasted its time budget")), leftMs);
  });
  try {
    return await Promise.race([attempt, expired]);
  } finally {
    clearTimeout(timer);
    attempt.catch(() => undefined);
  }
}

export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const now = policy.now ?? Date.now;
  const deadline =
    policy.deadline ?? (policy.budgetMs === undefined ? Number.POSITIVE_INFINITY : now() + policy.budgetMs);
  for (let attempt = 1; ; attempt++) {
    try {
      // Only a turn's deadline cuts an attempt short: a proactive send abandoned mid-flight could still
      // land, and the outbox would then post it a second time.
      return await attemptUntil(
        op,
        policy.deadline === undefined ? Number.POSITIVE_INFINITY : deadline - now(),
      );
    } catch (e) {
      const status = statusOf(e);
      if (status === undefined || !RETRIED_STATUSES.includes(status) || attempt >= policy.attempts) throw e;
      const asked = retryAfterMs(e, now());
      // Asking again sooner than Teams said only earns another 429: give up instead (the outbox, or the
      // user, tries later).
      if (asked !== null && asked > policy.maxDelayMs) throw e;
      const delay = asked ?? backoffMs(policy, attempt - 1);
      if (now() + delay >= deadline) throw e;
      await policy.sleep(delay);
    }
  }
}
