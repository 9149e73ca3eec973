import type { SlackMessage } from "./block-limits.ts";

// Answers that could not be posted because Slack was unreachable. They are kept (in this process) and
// posted again by the delivery loop, after a plain note that the answer is late and the action was saved.
// The action itself is already in the store; only the answer waits here.
const MAX_PER_USER = 20;
const MAX_USERS = 1000;

export interface LateReply {
  locale: "sv" | "en";
  messages: SlackMessage[];
}

export class LateReplies {
  private readonly byUser = new Map<string, LateReply>();

  keep(user: string, locale: "sv" | "en", m: SlackMessage): void {
    const entry = this.byUser.get(user) ?? { locale, messages: [] };
    if (!this.byUser.has(user) && this.byUser.size >= MAX_USERS) return;
    if (entry.messages.length < MAX_PER_USER) entry.messages.push(m);
    this.byUser.set(user, entry);
  }

  users(): string[] {
    return [...this.byUser.keys()];
  }

  get(user: string): LateReply | undefined {
    return this.byUser.get(user);
  }

  /** Drops the first n messages (those delivered). */
  delivered(user: string, n: number): void {
    const entry = this.byUser.get(user);
    if (entry === undefined) return;
    entry.messages.splice(0, n);
    if (entry.messages.length === 0) this.byUser.delete(user);
  }

  get size(): number {
    return this.byUser.size;
  }
}
