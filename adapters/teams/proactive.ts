import type { CloudAdapter } from "botbuilder";
import { confirmDelivery, type Delivery, pendingDeliveries } from "../../src/app/delivery.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { PLATFORM, personalReference, removeReference } from "./references.ts";
import { sendReplies } from "./replies.ts";
import { type RetryPolicy, statusOf } from "./retry.ts";

// Proactive messages: the outbox rows addressed to Teams users, sent into each user's personal chat from
// its stored conversation reference. A row is marked sent (with Teams' activity id) only after Teams
// accepted it; one sender runs at a time in a process, and across replicas each row is claimed for a
// time slot (a processed-event key) before it is posted, so a retried round cannot post twice. Without a
// reference (the app is not installed for that person) the row waits, and the admin is told once.

/** Processed-event sources of this adapter: message redeliveries, and outbox claims. */
export const EVENT_SOURCES = ["teams", "teams-outbox"] as const;
// A claimed row that is still pending (Teams refused it) is tried again in the next slot.
const CLAIM_SLOT_MS = 60_000;
// Teams redelivers within minutes; keys are kept a day, then forgotten (checked hourly).
const KEEP_KEYS_MS = 24 * 60 * 60 * 1000;
const FORGET_EVERY_MS = 60 * 60 * 1000;

export interface ProactiveOptions {
  deps: AppDeps;
  adapter: CloudAdapter;
  botAppId: string;
  retry: RetryPolicy;
  log: (line: string) => void;
}

export interface RoundResult {
  sent: number;
  waiting: number;
  failed: number;
}

// After a failed send, a row is left alone for a while, doubling up to this, so one broken chat does
// not take every round's time.
const MAX_PAUSE_MS = 10 * 60_000;

export class ProactiveSender {
  private readonly o: ProactiveOptions;
  private readonly noted = new Set<string>();
  private readonly paused = new Map<string, { until: number; pauseMs: number }>();
  private running: Promise<RoundResult> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private lastForget = 0;

  constructor(o: ProactiveOptions) {
    this.o = o;
  }

  /** Runs a round now, or once more after the one under way (never two at once). */
  deliver(): Promise<RoundResult> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<RoundResult> => {
      let result: RoundResult;
      do {
        this.again = false;
        result = await this.round();
      } while (this.again);
      return result;
    };
    this.running = run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    const tick = () => {
      this.deliver().catch((e: unknown) => {
        this.o.log(`Teams: utskicket misslyckades (${(e as Error).name}); nytt försök om en stund.`);
      });
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<RoundResult> {
    const result: RoundResult = { sent: 0, waiting: 0, failed: 0 };
    await this.forgetOldKeys();
    for (const d of await pendingDeliveries(this.o.deps, PLATFORM)) {
      const pause = this.paused.get(d.id);
      if (pause !== undefined && pause.until > Date.now()) {
        result.waiting++;
        continue;
      }
      const outcome = await this.deliverOne(d);
      result[outcome]++;
    }
    return result;
  }

  private async deliverOne(d: Delivery): Promise<keyof RoundResult> {
    const { deps } = this.o;
    const reply = d.notification === null ? null : renderNotification(d.notification, d.locale);
    if (reply === null) {
      await confirmDelivery(deps, d, null); // marks it failed: this version cannot render it
      return "failed";
    }
    const identity = (await deps.store.listIdentities(d.recipientId)).find((i) => i.platform === PLATFORM);
    const reference =
      identity === undefined ? null : await personalReference(deps.store, identity.tenant, identity.userId);
    if (reference === null) {
      await this.noteNotInstalled(d);
      return "waiting";
    }
    // Another replica may be sending this row in this slot; then it is theirs.
    const slot = Math.floor(Date.now() / CLAIM_SLOT_MS);
    if (!(await deps.store.markEventProcessed("teams-outbox", `${d.id}:${slot}`))) return "waiting";
    let activityId: string | null = null;
    try {
      const failed: { error: Error | null } = { error: null };
      await this.o.adapter.continueConversationAsync(this.o.botAppId, reference, async (ctx) => {
        try {
          activityId = await sendReplies(ctx, [reply], d.locale, this.o.retry);
        } catch (e) {
          failed.error = e instanceof Error ? e : new Error("send failed"); // the adapter's onTurnError would swallow it; the outcome decides the outbox row
        }
      });
      if (failed.error !== null) throw failed.error;
    } catch (e) {
      const status = statusOf(e);
      if (status === 403 || status === 404) {
        // The bot was removed from that chat (or the user left the tenant): forget the reference, so the
        // admin note above appears, and the row waits for a new installation.
        const conversationId = (reference.conversation as { id?: string } | undefined)?.id;
        if (conversationId !== undefined) await removeReference(deps.store, conversationId);
      }
      this.pause(d.id);
      this.o.log(
        `Teams: kunde inte skicka meddelande ${d.id} (${status ?? (e as Error).name}); det väntar kvar.`,
      );
      return "waiting";
    }
    this.paused.delete(d.id);
    this.noted.delete(d.recipientId);
    await confirmDelivery(deps, d, activityId);
    return "sent";
  }

  private async forgetOldKeys(): Promise<void> {
    if (Date.now() - this.lastForget < FORGET_EVERY_MS) return;
    this.lastForget = Date.now();
    const before = new Date(Date.now() - KEEP_KEYS_MS);
    for (const source of EVENT_SOURCES) await this.o.deps.store.forgetProcessedEvents(source, before);
  }

  private pause(id: string): void {
    const pauseMs = Math.min(MAX_PAUSE_MS, (this.paused.get(id)?.pauseMs ?? 15_000) * 2);
    this.paused.set(id, { until: Date.now() + pauseMs, pauseMs });
  }

  private async noteNotInstalled(d: Delivery): Promise<void> {
    if (this.noted.has(d.recipientId)) return;
    this.noted.add(d.recipientId);
    const staff = await this.o.deps.store.getStaff(d.recipientId);
    this.o.log(
      `Teams: ${staff?.handle ?? d.recipientId} har meddelanden som väntar men SIP-assistenten är inte installerad i personens personliga chatt. ` +
        "Be personen öppna appen i Teams (eller installera den åt dem i Teams admin center); meddelandena skickas sedan.",
    );
  }
}
