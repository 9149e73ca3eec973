// Set-up for the Slack tests: a fake Slack (loopback), the real runtime on an in-memory PGlite, the Slack
// mount served the way `sip serve` serves it, and builders for signed requests in Slack's real formats.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LogLevel } from "@slack/bolt";
import {
  createSlackMount,
  EVENTS_PATH,
  type SlackMount,
  type SlackMountOptions,
} from "../../adapters/slack/mount-slack.ts";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { type Runtime, startRuntime } from "../../src/main.ts";
import { postOnce } from "../helpers/post-once.ts";
import { BOT_USER, FakeSlack, TEAM } from "./fake-slack.ts";

export const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

export interface SlackHarness {
  fake: FakeSlack;
  config: Config;
  runtime: Runtime;
  mount: SlackMount;
  url: string;
  /** Waits until every turn started so far (and any it caused) has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export function slackEnv(fake: FakeSlack, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SIP_DATA_DIR: "memory://",
    SIP_ID_SECRET: "s".repeat(40),
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_API_TIMEOUT_MS: "1500",
    ...extra,
  };
}

export async function openSlackHarness(
  options: SlackMountOptions = {},
  env: Record<string, string> = {},
): Promise<SlackHarness> {
  const fake = new FakeSlack();
  await fake.start();
  const config = loadConfig(slackEnv(fake, env));
  const runtime = await startRuntime(config);
  // Units (and the console's demo staff, who never appear in Slack) for first-contact registration.
  await seedDemoDirectory(runtime.deps.store, "console", "local");
  const mount = await createSlackMount(runtime, config, {
    retryConfig: { retries: 0 },
    // Delivery passes run when a test calls pass(); a claim lasts 1 ms, so a kept row is retried at once.
    delivery: { intervalMs: 600_000, claimSlotMs: 1 },
    logLevel: LogLevel.ERROR,
    ...options,
  });
  if (mount === null) throw new Error("Slack did not mount");
  const server: Server = createServer((req, res) => {
    const route = mount.routes.get(`${req.method} ${(req.url ?? "/").split("?")[0]}`);
    if (route === undefined) {
      res.writeHead(404).end();
      return;
    }
    void route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await mount.start();
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 15));
      await mount.settled();
    }
  };
  return {
    fake,
    config,
    runtime,
    mount,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${EVENTS_PATH}`,
    settle,
    async close() {
      await mount.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await runtime.close();
      await fake.stop();
    },
  };
}

// ---------- signing and sending ----------

export function signature(body: string, ts: number, secret = SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
}

export interface SendOptions {
  /** Seconds added to now for the timestamp (negative: in the past). */
  skew?: number;
  /** Replaces the computed signature; null leaves the header out. */
  signature?: string | null;
  /** Leaves the timestamp header out. */
  noTimestamp?: boolean;
  headers?: Record<string, string>;
  /** Returns as soon as the HTTP answer is in, without waiting for the turn to finish. */
  noSettle?: boolean;
}

export interface Sent {
  status: number;
  body: string;
}

export async function send(
  h: SlackHarness,
  body: string,
  contentType: string,
  o: SendOptions = {},
): Promise<Sent> {
  const ts = Math.floor(Date.now() / 1000) + (o.skew ?? 0);
  const headers: Record<string, string> = { "content-type": contentType, ...o.headers };
  if (o.noTimestamp !== true) headers["x-slack-request-timestamp"] = String(ts);
  const sig = o.signature === undefined ? signature(body, ts) : o.signature;
  if (sig !== null) headers["x-slack-signature"] = sig;
  const res = await postOnce(h.url, headers, body);
  if (o.noSettle !== true) await h.settle();
  return res;
}

// ---------- Slack's payload formats ----------

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

export function commandBody(
  h: SlackHarness,
  user: string,
  text: string,
  channel = `D${user.slice(1)}`,
): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: TEAM,
    team_domain: "kommunen",
    channel_id: channel,
    channel_name: channel.startsWith("D") ? "directmessage" : "samverkan",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/sip",
    text,
    api_app_id: "A0SIP0001",
    is_enterprise_install: "false",
    response_url: h.fake.responseUrl(`cmd-${user}`),
    trigger_id: `trig-${user}-${Date.now()}`,
  }).toString();
}

export function slash(
  h: SlackHarness,
  user: string,
  text: string,
  channel?: string,
  o?: SendOptions,
): Promise<Sent> {
  return send(h, commandBody(h, user, text, channel), FORM, o);
}

let eventCounter = 0;
export function nextEventId(): string {
  eventCounter += 1;
  return `Ev0TEST${String(eventCounter).padStart(5, "0")}`;
}

export function eventBody(event: Record<string, unknown>, eventId = nextEventId()): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: TEAM,
    api_app_id: "A0SIP0001",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}

export function sendEvent(
  h: SlackHarness,
  event: Record<string, unknown>,
  eventId?: string,
  o?: SendOptions,
): Promise<Sent> {
  return send(h, eventBody(event, eventId), JSON_TYPE, o);
}

export function dmEvent(user: string, text: string): Record<string, unknown> {
  return {
    type: "message",
    channel: `D${user.slice(1)}`,
    user,
    text,
    ts: `${Date.now() / 1000}`,
    event_ts: `${Date.now() / 1000}`,
    channel_type: "im",
  };
}

export function mentionEvent(user: string, text: string, channel = "C0SAMVERK"): Record<string, unknown> {
  return {
    type: "app_mention",
    user,
    text: `<@${BOT_USER}> ${text}`,
    ts: `${Date.now() / 1000}`,
    channel,
    event_ts: `${Date.now() / 1000}`,
  };
}

export function payloadBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Pressing a button the bot rendered (found by its neutral action id in the calls the fake recorded). */
export function blockActionBody(
  h: SlackHarness,
  user: string,
  button: { action_id: string; value: string },
  where: { channel?: string; inHome?: boolean } = {},
): string {
  const channel = where.channel ?? `D${user.slice(1)}`;
  const common = {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: "A0SIP0001",
    token: "legacy-verification-token",
    trigger_id: `trig-${user}-${Date.now()}`,
    team: { id: TEAM, domain: "kommunen" },
    enterprise: null,
    is_enterprise_install: false,
    actions: [
      {
        action_id: button.action_id,
        block_id: "b1",
        text: { type: "plain_text", text: "knapp", emoji: true },
        value: button.value,
        type: "button",
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  if (where.inHome === true)
    return payloadBody({
      ...common,
      container: { type: "view", view_id: "V1" },
      view: { id: "V1", type: "home" },
    });
  return payloadBody({
    ...common,
    container: { type: "message", message_ts: "1700000000.000100", channel_id: channel, is_ephemeral: true },
    channel: { id: channel, name: "x" },
    response_url: h.fake.responseUrl(`act-${user}`),
  });
}

export function press(
  h: SlackHarness,
  user: string,
  button: { action_id: string; value: string },
  where?: { channel?: string; inHome?: boolean },
): Promise<Sent> {
  return send(h, blockActionBody(h, user, button, where), FORM);
}

/** Submits a modal the bot opened, with the given values by field id (strings, arrays for multi-selects, dates). */
export function submitBody(
  user: string,
  view: Record<string, unknown>,
  values: Record<string, string | string[]>,
): string {
  const blocks = (view.blocks as { type: string; block_id?: string; element?: { type: string } }[]) ?? [];
  const state: Record<string, Record<string, unknown>> = {};
  for (const b of blocks) {
    if (b.type !== "input" || b.block_id === undefined) continue;
    const v = values[b.block_id];
    const type = b.element?.type ?? "plain_text_input";
    let entry: Record<string, unknown>;
    if (type === "multi_static_select")
      entry = {
        type,
        selected_options: (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((value) => ({ value })),
      };
    else if (type === "static_select")
      entry = { type, selected_option: v === undefined ? null : { value: v } };
    else if (type === "datepicker") entry = { type, selected_date: v ?? null };
    else if (type === "users_select") entry = { type, selected_user: v ?? null };
    else entry = { type, value: v ?? null };
    state[b.block_id] = { [b.block_id]: entry };
  }
  return payloadBody({
    type: "view_submission",
    team: { id: TEAM, domain: "kommunen" },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: "A0SIP0001",
    token: "legacy-verification-token",
    trigger_id: `trig-${user}-${Date.now()}`,
    view: { id: "V0MODAL", team_id: TEAM, hash: "1.abc", ...view, state: { values: state } },
    response_urls: [],
    is_enterprise_install: false,
  });
}

export function submit(
  h: SlackHarness,
  user: string,
  view: Record<string, unknown>,
  values: Record<string, string | string[]>,
): Promise<Sent> {
  return send(h, submitBody(user, view, values), FORM);
}

/** The last modal views.open was asked to show. */
export function lastModal(h: SlackHarness): Record<string, unknown> {
  const call = h.fake.of("views.open").at(-1);
  if (call === undefined) throw new Error("no modal was opened");
  return call.params.view as Record<string, unknown>;
}

/** Every button in what the bot showed, newest last. */
export function buttons(h: SlackHarness): { action_id: string; value: string; text: string }[] {
  const out: { action_id: string; value: string; text: string }[] = [];
  for (const m of h.fake.shown())
    for (const b of m.blocks as {
      type: string;
      elements?: { type: string; action_id: string; value: string; text: { text: string } }[];
    }[])
      if (b.type === "actions")
        for (const e of b.elements ?? [])
          out.push({ action_id: e.action_id, value: e.value, text: e.text.text });
  return out;
}

/** Text of everything shown to one user (by DM channel, ephemeral user or response_url). */
export function shownTo(h: SlackHarness, user: string): string {
  return h.fake.calls
    .filter(
      (c) =>
        (c.method === "chat.postMessage" && c.params.channel === `D${user.slice(1)}`) ||
        (c.method === "chat.postEphemeral" && c.params.user === user) ||
        (c.method === "respond" && String(c.params.response_url).endsWith(`-${user}`)),
    )
    .map(
      (c) =>
        blocksText(c.params.blocks as unknown[] | undefined) ||
        (typeof c.params.text === "string" ? c.params.text : ""),
    )
    .join("\n");
}

export function blocksText(blocks: unknown[] | undefined): string {
  if (blocks === undefined) return "";
  return (
    JSON.stringify(blocks)
      .match(/"text":"((?:[^"\\]|\\.)*)"/g)
      ?.map((m) => JSON.parse(m.slice(7)) as string)
      .join("\n") ?? ""
  );
}

/** A Slack user an operator has already added (approved), in the named demo unit. */
export async function knownUser(
  h: SlackHarness,
  user: string,
  handle: string,
  unitName: string,
): Promise<void> {
  const store = h.runtime.deps.store;
  const unit = await store.findUnitByName(unitName);
  if (unit === null) throw new Error(`no unit ${unitName}`);
  const staff = await store.createStaff({
    handle,
    displayName: `${handle} (test)`,
    principal: unit.principal,
    role: "STAFF",
    unitId: unit.id,
    locale: "sv",
  });
  await store.linkIdentity(staff.id, "slack", TEAM, user);
}

export async function countRows(h: SlackHarness, table: string): Promise<number> {
  const rows = await h.runtime.db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? 0;
}
