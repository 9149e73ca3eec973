import type { webApi } from "@slack/bolt";

// The language a Slack user has chosen, from users.info (include_locale). Asked once an hour per user:
// it changes rarely, and the answer only picks Swedish or English.
const TTL_MS = 60 * 60 * 1000;
// After a failed lookup, ask again soon, but not on every message.
const FAILED_TTL_MS = 60 * 1000;
const MAX_ENTRIES = 10_000;
const LOOKUP_WAIT_MS = 2_000;

export class UserLocales {
  private readonly client: webApi.WebClient;
  private readonly cache = new Map<string, { locale: string | undefined; until: number }>();

  constructor(client: webApi.WebClient) {
    this.client = client;
  }

  /** The cached answer only, without asking Slack (for the few places that must not wait). */
  peek(user: string): string | undefined {
    return this.cache.get(user)?.locale;
  }

  async get(user: string): Promise<string | undefined> {
    const now = Date.now();
    const hit = this.cache.get(user);
    if (hit !== undefined && hit.until > now) return hit.locale;
    let locale: string | undefined;
    let ttl = TTL_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      // The language only picks the wording: a turn waits for it briefly, never for the client's retries.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), LOOKUP_WAIT_MS);
      });
      const r = await Promise.race([this.client.users.info({ user, include_locale: true }), late]);
      locale = typeof r.user?.locale === "string" ? r.user.locale : undefined;
    } catch {
      ttl = FAILED_TTL_MS;
    } finally {
      clearTimeout(timer);
    }
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(user, { locale, until: now + ttl });
    return locale;
  }
}
