// Signed Slack requests for autocannon, built fresh for every send (autocannon reuses a request's bytes
// unless it has a setupRequest): a current timestamp, so the 5-minute window never refuses one on a long
// run, and a unique event_id, so the bot's de-duplication never short-circuits an event. The payloads are
// the test suite's (test/slack/slack-harness.ts): the shapes Slack really sends.
import type autocannon from "autocannon";
import {
  commandBody,
  dmEvent,
  eventBody,
  type SlackHarness,
  signature,
} from "../../test/slack/slack-harness.ts";

/** What staff type most: help, their commitments, this week (the mix, by slash command and by DM). */
const TEXTS = ["hjälp", "mina åtaganden", "vad händer den här veckan", "help"];
const USERS = 20;

let sequence = 0;

function signed(body: string, contentType: string): Pick<autocannon.Request, "body" | "headers"> {
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature(body, ts),
    },
  };
}

/**
 * Alternates `/sip <text>` slash commands and direct messages (message.im events) from 20 users; response
 * URLs point at the fake Slack whose Web API is at `apiUrl`.
 */
export function slackRequestMix(apiUrl: string, runTag: string): autocannon.Request[] {
  // commandBody only needs the fake's response_url, not a whole harness.
  const base = apiUrl.replace(/\/api\/$/, "");
  const h = { fake: { responseUrl: (id: string) => `${base}/respond/${id}` } } as unknown as SlackHarness;
  const next = () => {
    sequence += 1;
    return {
      user: `U0BENCH${String(sequence % USERS).padStart(3, "0")}`,
      text: TEXTS[sequence % TEXTS.length] ?? "hjälp",
    };
  };
  const slash: autocannon.Request = {
    method: "POST",
    path: "/slack/events",
    setupRequest: (req) => {
      const { user, text } = next();
      return { ...req, ...signed(commandBody(h, user, text), "application/x-www-form-urlencoded") };
    },
  };
  const message: autocannon.Request = {
    method: "POST",
    path: "/slack/events",
    setupRequest: (req) => {
      const { user, text } = next();
      const body = eventBody(dmEvent(user, text), `Ev${runTag}${String(sequence).padStart(9, "0")}`);
      return { ...req, ...signed(body, "application/json") };
    },
  };
  return [slash, message];
}
