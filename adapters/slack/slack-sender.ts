import type { webApi } from "@slack/bolt";
import type { SlackMessage } from "./block-limits.ts";
import type { Upload } from "./render-blocks.ts";

// Everything the adapter posts goes through here: one place that knows Slack's ways of answering (a DM,
// an ephemeral message in a channel, a slash command's response_url) and maps Slack's errors onto two
// outcomes the rest of the adapter cares about.

/** Where an answer goes. Nothing about a person is ever posted visibly to a channel. */
export type Destination =
  /** The response_url of a slash command or a button press: ephemeral, works in any conversation. */
  | { kind: "respond"; url: string }
  /** A one-to-one conversation with the bot. */
  | { kind: "post"; channel: string }
  /** Only the user sees it, in a channel the bot is in. */
  | { kind: "ephemeral"; channel: string; threadTs?: string }
  /** The user's direct messages with the bot (opened when needed). */
  | { kind: "dm" };

/**
 * "unreachable": Slack did not answer (network, timeout, 5xx, rate limit after the client's retries); worth
 * retrying. "refused": Slack answered with an error (channel_not_found, user_not_found ...); retrying the
 * same call will not help.
 */
export type SendFailure = "unreachable" | "refused";

export class SlackSendError extends Error {
  readonly failure: SendFailure;
  readonly slackError: string;
  constructor(failure: SendFailure, slackError: string) {
    super(`slack ${failure}: ${slackError}`);
    this.name = "SlackSendError";
    this.failure = failure;
    this.slackError = slackError;
  }
}

/** Maps any error of the Web API client (or of our own response_url call) onto SlackSendError. */
export function classify(e: unknown): SlackSendError {
  if (e instanceof SlackSendError) return e;
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  if (code === "slack_webapi_platform_error") {
    const data = (e as { data?: { error?: unknown } }).data;
    return new SlackSendError("refused", typeof data?.error === "string" ? data.error.slice(0, 60) : "error");
  }
  return new SlackSendError("unreachable", code === "" ? (e instanceof Error ? e.name : "error") : code);
}

export interface SenderOptions {
  timeoutMs: number;
  /** Hosts a response_url may point to: Slack's own, plus the configured API host (proxies, tests). */
  responseHosts: Set<string>;
}

export class SlackSender {
  private readonly client: webApi.WebClient;
  private readonly options: SenderOptions;
  private readonly dmChannels = new Map<string, string>();

  constructor(client: webApi.WebClient, options: SenderOptions) {
    this.client = client;
    this.options = options;
  }

  /** The DM channel of a user with the bot; cached, since it never changes. */
  async dmChannel(user: string): Promise<string> {
    const known = this.dmChannels.get(user);
    if (known !== undefined) return known;
    try {
      const r = await this.client.conversations.open({ users: user });
      const id = r.channel?.id;
      if (typeof id !== "string") throw new SlackSendError("refused", "no_channel");
      if (this.dmChannels.size > 10_000) this.dmChannels.clear();
      this.dmChannels.set(user, id);
      return id;
    } catch (e) {
      throw classify(e);
    }
  }

  /** Posts one message; returns the message ts when Slack gives one (response_url answers give none). */
  async send(user: string, dest: Destination, m: SlackMessage): Promise<string | null> {
    try {
      switch (dest.kind) {
        case "respond":
          await this.respond(dest.url, m);
          return null;
        case "post": {
          const r = await this.client.chat.postMessage({
            channel: dest.channel,
            text: m.text,
            blocks: m.blocks,
          });
          return r.ts ?? null;
        }
        case "ephemeral": {
          await this.client.chat.postEphemeral({
            channel: dest.channel,
            user,
            text: m.text,
            blocks: m.blocks,
            ...(dest.threadTs !== undefined && { thread_ts: dest.threadTs }),
          });
          return null;
        }
        case "dm": {
          const channel = await this.dmChannel(user);
          const r = await this.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks });
          return r.ts ?? null;
        }
      }
    } catch (e) {
      throw classify(e);
    }
  }

  /** Files go to the user's DM (or the DM they are in): an upload cannot be ephemeral. */
  async upload(user: string, dest: Destination, u: Upload): Promise<void> {
    const channel = dest.kind === "post" ? dest.channel : await this.dmChannel(user);
    try {
      await this.client.filesUploadV2({
        channel_id: channel,
        file: u.data,
        filename: u.filename,
        title: u.title,
        ...(u.altText !== undefined && { alt_text: u.altText.slice(0, 1000) }),
      });
    } catch (e) {
      throw classify(e);
    }
  }

  async openModal(triggerId: string, view: object): Promise<void> {
    try {
      await this.client.views.open({ trigger_id: triggerId, view: view as never });
    } catch (e) {
      throw classify(e);
    }
  }

  async publishHome(user: string, view: object): Promise<void> {
    try {
      await this.client.views.publish({ user_id: user, view: view as never });
    } catch (e) {
      throw classify(e);
    }
  }

  /** Slack's response_url: an ephemeral answer that works even where the bot is not a member. */
  private async respond(url: string, m: SlackMessage): Promise<void> {
    let host: string;
    try {
      const parsed = new URL(url);
      host = parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.host : "";
    } catch {
      host = "";
    }
    // The URL arrives in a signed request, but a request from Slack never points anywhere but Slack.
    if (!this.options.responseHosts.has(host)) throw new SlackSendError("refused", "response_url_host");
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({
          response_type: "ephemeral",
          replace_original: false,
          text: m.text,
          blocks: m.blocks,
        }),
        redirect: "error",
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      throw new SlackSendError("unreachable", e instanceof Error ? e.name : "error");
    }
    await res.body?.cancel();
    if (res.status === 429 || res.status >= 500)
      throw new SlackSendError("unreachable", `http_${res.status}`);
    // Slack answers 404 once a response_url has expired (30 minutes) or been used five times.
    if (res.status !== 200) throw new SlackSendError("refused", `http_${res.status}`);
  }
}
