// The storm's delivery plan: which event goes out how many times and when, in simulated time. Slack
// redelivers an unacknowledged event at about 0 s, 1 min and 5 min (X-Slack-Retry-Num 1..3), so an event
// here is delivered 1–4 times at those offsets. Seeded, so a failing run can be repeated exactly.

/** Offsets (simulated seconds after the first delivery) of Slack's retries 1, 2 and 3. */
export const RETRY_OFFSETS_S = [0, 60, 300] as const;
const RETRY_REASONS = ["http_timeout", "http_error", "too_many_conns"] as const;

export interface Delivery {
  event: number;
  /** 0 for the first delivery, 1..3 for Slack's retries. */
  retryNum: number;
  /** Which of RETRY_OFFSETS' waves it belongs to (0 covers the first delivery and retry 1). */
  wave: number;
  reason: string;
}

// The same seeded generator the effort generator uses: one implementation, and a failing run repeats exactly.
export { seededRandom } from "../../scripts/generate-efforts.ts";

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Deliveries for `events` events, each 1–4 times, grouped into waves and shuffled within each wave. */
export function deliveryPlan(events: number, random: () => number): Delivery[][] {
  const waves: Delivery[][] = [[], [], []];
  for (let event = 0; event < events; event++) {
    const times = 1 + Math.floor(random() * 4);
    for (let retryNum = 0; retryNum < times; retryNum++) {
      const wave = retryNum <= 1 ? 0 : retryNum - 1;
      const reason = RETRY_REASONS[Math.floor(random() * RETRY_REASONS.length)] ?? "http_timeout";
      waves[wave]?.push({ event, retryNum, wave, reason });
    }
  }
  return waves.map((w) => shuffle(w, random));
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}

/**
 * POSTs on a new connection each time. fetch's pooled keep-alive sockets race the server's idle timeout
 * when the event loop lags under load (ECONNRESET on a reused socket), which would be a test artefact.
 */
