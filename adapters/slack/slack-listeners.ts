import type { App } from "@slack/bolt";
import type { AppDeps } from "../../src/app/deps.ts";
import { COMMIT_CALLBACK_ID } from "./commitment-modal.ts";
import type { SlackTurn, SlackTurns } from "./slack-turns.ts";

// What the bot listens to, in Bolt's terms. Every listener acknowledges first (Slack wants an answer
// within 3 seconds; Bolt acknowledges events by itself) and then does the turn.

type Track = (work: Promise<unknown>) => Promise<void>;

const CHANNEL = /^[CG][A-Z0-9]{2,20}$/;
const EVENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function registerListeners(app: App, deps: AppDeps, turns: SlackTurns, track: Track): void {
  // Slack redelivers an event when it did not see our 200 in time (at about 0 s, 1 and 5 minutes), and
  // Socket Mode may too; neither removes duplicates. The event id under a unique constraint makes the
  // first delivery the only one that acts.
  // Every turn is tracked from here on, so shutdown (and a test) can wait for turns still running.
  app.use(async ({ next }) => {
    await track(next());
  });

  app.use(async ({ body, next }) => {
    const b = asRecord(body);
    if (b.type === "event_callback") {
      const id = str(b.event_id);
      if (id === undefined || !EVENT_ID.test(id)) return;
      let first: boolean;
      try {
        first = await deps.store.markEventProcessed("slack", id);
      } catch (e) {
        // The database is unreachable: the turn cannot save anything either, and it answers that nothing
        // was saved. That beats silence; Slack only redelivers an event it got no 200 for, and it got one.
        console.error(`slack: event ${id} not recorded (${e instanceof Error ? e.name : "error"})`);
        first = true;
      }
      if (!first) return;
    }
    await next();
  });

  app.command("/sip", async ({ ack, command }) => {
    await ack();
    const turn: SlackTurn = {
      user: command.user_id,
      team: command.team_id,
      direct: command.channel_id.startsWith("D"),
      dest: { kind: "respond", url: command.response_url },
      triggerId: command.trigger_id,
      channel: CHANNEL.test(command.channel_id) ? command.channel_id : null,
    };
    const text = command.text.trim();
    await turns.text(turn, text === "" ? "sip hjälp" : `sip ${text}`);
  });

  app.event("message", async ({ event, body, context }) => {
    const e = asRecord(event);
    const user = str(e.user);
    const channel = str(e.channel);
    const text = str(e.text);
    // Only people writing to the bot directly: no edits, joins or bot posts (ours included).
    if (e.channel_type !== "im" || e.subtype !== undefined || e.bot_id !== undefined) return;
    if (user === undefined || channel === undefined || text === undefined || user === context.botUserId)
      return;
    const team = str(asRecord(body).team_id) ?? "";
    await turns.text({ user, team, direct: true, dest: { kind: "post", channel }, channel: null }, text);
  });

  app.event("app_mention", async ({ event, body, context }) => {
    const e = asRecord(event);
    const user = str(e.user);
    const channel = str(e.channel);
    const text = str(e.text);
    if (e.bot_id !== undefined || user === undefined || channel === undefined || text === undefined) return;
    if (user === context.botUserId) return;
    const team = str(asRecord(body).team_id) ?? "";
    const threadTs = str(e.thread_ts);
    // In a channel others read, every answer is ephemeral: only the one who asked sees it.
    const turn: SlackTurn = {
      user,
      team,
      direct: false,
      dest: { kind: "ephemeral", channel, ...(threadTs !== undefined && { threadTs }) },
      channel: CHANNEL.test(channel) ? channel : null,
    };
    await turns.text(turn, text, context.botUserId);
  });

  app.event("app_home_opened", async ({ event, body }) => {
    const e = asRecord(event);
    const user = str(e.user);
    if (e.tab !== "home" || user === undefined) return;
    await turns.home(user, str(asRecord(body).team_id) ?? "");
  });

  app.action(/^.{1,255}$/s, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== "block_actions" || action.type !== "button") return;
    const b = asRecord(body);
    const channel = str(asRecord(b.channel).id);
    const responseUrl = str(b.response_url);
    const inView = asRecord(b.container).type === "view";
    const turn: SlackTurn = {
      user: body.user.id,
      team: str(asRecord(b.team).id) ?? str(asRecord(b.user).team_id) ?? "",
      direct: inView || (channel?.startsWith("D") ?? false),
      dest: responseUrl !== undefined ? { kind: "respond", url: responseUrl } : { kind: "dm" },
      triggerId: body.trigger_id,
      channel: channel !== undefined && CHANNEL.test(channel) ? channel : null,
      fromHome: inView && asRecord(b.view).type === "home",
    };
    const a = asRecord(action);
    await turns.button(turn, str(a.action_id) ?? "", str(a.value) ?? "");
  });

  app.view(/.*/, async ({ ack, body, view }) => {
    const team = str(asRecord(body.team).id) ?? str(asRecord(body.user).team_id) ?? "";
    if (view.callback_id === COMMIT_CALLBACK_ID) {
      // Checked before the acknowledgement, without I/O: errors keep the modal open with the fields marked.
      const read = turns.readCommitment(body.user.id, view);
      if (read !== null && "errors" in read) {
        await ack({ response_action: "errors", errors: read.errors });
        return;
      }
      await ack();
      if (read !== null) await turns.commitment(body.user.id, team, read.answers);
      return;
    }
    await ack();
    await turns.submission(body.user.id, team, view);
  });

  app.error((e) => {
    console.error(`slack: listener error (${e.code ?? e.name})`);
    return Promise.resolve();
  });
}
