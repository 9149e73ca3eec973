import { confirmDelivery, pendingDeliveries } from "../../src/app/delivery.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import type { LateReplies } from "./late-replies.ts";
import { renderReply } from "./render-blocks.ts";
import { SlackSendError, type SlackSender } from "./slack-sender.ts";
import { escapeMrkdwn } from "./slack-text.ts";
import { slackTexts } from "./slack-texts.ts";
import { PLATFORM } from "./slack-turns.ts";

// Delivers what use cases put in the outbox (suggestions, assignments ...) to the recipients' Slack DMs,
// and the answers that could not be posted while Slack was unreachable. A delivered outbox row stores the
// message ts, so it is never sent again. Several replicas may run this loop: each row is claimed for one
// time slot through the processed-event table before it is posted, so only one replica posts it.

export interface DeliveryOptions {
  /** How often the loop looks for work. */
  intervalMs: number;
  /** A claimed row that is still pending (Slack was down) is retried in the next slot. */
  claimSlotMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { intervalMs: 5_000, claimSlotMs: 60_000 };

/** Slack redelivers for about 5 minutes; the keys are kept a day, then forgotten (checked hourly). */
const KEEP_KEYS_MS = 24 * 60 * 60 * 1000;
const FORGET_EVERY_MS = 60 * 60 * 1000;
export const EVENT_SOURCES = ["slack", "slack-outbox"] as const;

export class OutboxDelivery {
  private readonly deps: AppDeps;
  private readonly sender: SlackSender;
  private readonly late: LateReplies;
  private readonly options: DeliveryOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastForget = 0;

  constructor(deps: AppDeps, sender: SlackSender, late: LateReplies, options: DeliveryOptions) {
    this.deps = deps;
    this.sender = sender;
    this.late = late;
    this.options = options;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .then(() => undefined)
        .catch((e: unknown) => {
          console.error(`slack: delivery pass failed (${e instanceof Error ? e.name : "error"})`);
        })
        .finally(() => {
          this.schedule(this.options.intervalMs);
        });
    }, ms);
  }

  /** One pass: late answers first (they are answers to the user's own actions), then the outbox. */
  async pass(): Promise<{ sent: number; kept: number }> {
    let sent = 0;
    let kept = 0;
    await this.forgetOldKeys();
    for (const user of this.late.users()) {
      if (await this.deliverLate(user)) sent += 1;
      else kept += 1;
    }
    const slot = Math.floor(this.deps.clock.now().getTime() / this.options.claimSlotMs);
    for (const d of await pendingDeliveries(this.deps, PLATFORM)) {
      if (this.stopped) break;
      if (!(await this.deps.store.markEventProcessed("slack-outbox", `${d.id}:${slot}`))) continue;
      const reply = d.notification === null ? null : renderNotification(d.notification, d.locale);
      if (reply === null) {
        await confirmDelivery(this.deps, d, null); // marks it failed: this version cannot render it
        continue;
      }
      try {
        let first: string | null = null;
        for (const m of renderReply(reply).messages) {
          const ts = await this.sender.send(d.platformUserId, { kind: "dm" }, m);
          first ??= ts;
        }
        await confirmDelivery(this.deps, d, first);
        sent += 1;
      } catch (e) {
        const failure = e instanceof SlackSendError ? e : null;
        if (failure?.failure === "refused") {
          // Slack answered no for this user (deactivated, bot blocked ...): retrying will not help.
          console.error(`slack: outbox delivery refused (${failure.slackError})`);
          await this.deps.store.markOutboxFailed(d.id);
        } else {
          kept += 1;
        }
      }
    }
    return { sent, kept };
  }

  private async forgetOldKeys(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (now - this.lastForget < FORGET_EVERY_MS) return;
    this.lastForget = now;
    for (const source of EVENT_SOURCES)
      await this.deps.store.forgetProcessedEvents(source, new Date(now - KEEP_KEYS_MS));
  }

  private async deliverLate(user: string): Promise<boolean> {
    const entry = this.late.get(user);
    if (entry === undefined) return true;
    const note = slackTexts(entry.locale).lateReply;
    try {
      await this.sender.send(
        user,
        { kind: "dm" },
        {
          text: escapeMrkdwn(note),
          blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(note) }] }],
        },
      );
      let n = 0;
      for (const m of entry.messages) {
        await this.sender.send(user, { kind: "dm" }, m);
        n += 1;
        this.late.delivered(user, 1);
      }
      return n >= 0;
    } catch (e) {
      if (e instanceof SlackSendError && e.failure === "refused")
        this.late.delivered(user, Number.MAX_SAFE_INTEGER);
      return false;
    }
  }
}
