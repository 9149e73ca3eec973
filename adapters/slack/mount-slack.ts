import type { IncomingMessage, ServerResponse } from "node:http";
import {
  App,
  HTTPReceiver,
  type Logger,
  LogLevel,
  type Receiver,
  SocketModeReceiver,
  type webApi,
} from "@slack/bolt";
import type { Config } from "../../src/config.ts";
import { type Runtime, StartupError } from "../../src/main.ts";
import { ackFirstDeps } from "./ack-first.ts";
import { LateReplies } from "./late-replies.ts";
import { DEFAULT_DELIVERY, type DeliveryOptions, OutboxDelivery } from "./outbox-delivery.ts";
import { registerListeners } from "./slack-listeners.ts";
import { SlackSender } from "./slack-sender.ts";
import { SlackTurns } from "./slack-turns.ts";
import { UserLocales } from "./user-locale.ts";

// `sip serve` with Slack: HTTP mode on the shared PORT at /slack/events (Bolt's HTTPReceiver verifies and
// acknowledges, our server only routes), or Socket Mode when SLACK_APP_TOKEN is set. Beside it runs the
// outbox delivery loop. The shape matches src/http-mounts.ts's HttpMount (kept structural, so this folder
// does not import the list that imports it).

export const EVENTS_PATH = "/slack/events";
/** Slack's requests are small (a slash command, a button, a modal); anything near this is not from Slack. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Turns under way (acknowledged, not yet answered) before new requests wait; see roomForTurns. */
export const MAX_TURNS_IN_FLIGHT = 200;
/** Bolt checks that a request is not older than 5 minutes; a timestamp this far ahead is refused too. */
const MAX_FUTURE_SKEW_SECONDS = 5 * 60;

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface SlackMount {
  name: string;
  routes: Map<string, Route>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every turn started so far has finished (tests and shutdown). */
  settled(): Promise<void>;
  delivery: OutboxDelivery;
}

export interface SlackMountOptions {
  /** The Web API client's retry policy; 429s always wait for Retry-After before a retry. */
  retryConfig?: webApi.RetryOptions;
  delivery?: Partial<DeliveryOptions>;
  logLevel?: LogLevel;
}

const DEFAULT_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 1_000, maxTimeout: 5_000 };

/** Bolt's log lines, without request bodies: only the first argument, bounded. */
function boltLogger(level: LogLevel): Logger {
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  let current = level;
  const at = (l: LogLevel) => order.indexOf(l) >= order.indexOf(current);
  const line = (msg: unknown[]) => `slack(bolt): ${String(msg[0]).slice(0, 200)}`;
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => {
      if (at(LogLevel.INFO)) console.log(line(msg));
    },
    warn: (...msg: unknown[]) => {
      if (at(LogLevel.WARN)) console.warn(line(msg));
    },
    error: (...msg: unknown[]) => {
      if (at(LogLevel.ERROR)) console.error(line(msg));
    },
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}

function responseHosts(apiUrl: string): Set<string> {
  const hosts = new Set(["hooks.slack.com", "hooks.slack-gov.com"]);
  hosts.add(new URL(apiUrl).host);
  return hosts;
}

/** Refuses a timestamp from the future before Bolt reads the body (Bolt itself checks only the past). */
function fromTheFuture(req: IncomingMessage): boolean {
  const raw = req.headers["x-slack-request-timestamp"];
  if (typeof raw !== "string") return false;
  const ts = Number(raw);
  return Number.isFinite(ts) && ts > Date.now() / 1000 + MAX_FUTURE_SKEW_SECONDS;
}

export async function createSlackMount(
  runtime: Runtime,
  config: Config,
  options: SlackMountOptions = {},
): Promise<SlackMount | null> {
  const token = config.SLACK_BOT_TOKEN;
  if (token === undefined) return null;
  const socketMode = config.SLACK_APP_TOKEN !== undefined;
  const logger = boltLogger(options.logLevel ?? LogLevel.WARN);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    timeout: config.SLACK_API_TIMEOUT_MS,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    // Method names are ours; an absolute URL as a method would be a bug, never a feature.
    allowAbsoluteUrls: false,
    logger,
  };

  let receiver: Receiver;
  let http: HTTPReceiver | null = null;
  if (config.SLACK_APP_TOKEN !== undefined) {
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN,
      logger,
      installerOptions: { clientOptions },
    });
  } else {
    if (config.SLACK_SIGNING_SECRET === undefined)
      throw new StartupError(
        "Slack: SLACK_SIGNING_SECRET is required for HTTP mode (or set SLACK_APP_TOKEN)",
      );
    http = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      endpoints: [EVENTS_PATH],
      logger,
      bodyLimit: BODY_LIMIT_BYTES,
      processBeforeResponse: false,
    });
    receiver = http;
  }
  const app = new App({ token, receiver, logger, clientOptions, deferInitialization: true });
  try {
    await app.init();
  } catch (e) {
    const code =
      typeof e === "object" && e !== null && "data" in e
        ? String((e as { data?: { error?: unknown } }).data?.error)
        : "";
    throw new StartupError(
      code !== "" && code !== "undefined"
        ? `Slack: the bot token was refused (auth.test: ${code}); check SLACK_BOT_TOKEN`
        : `Slack: the Web API at ${config.SLACK_API_URL} could not be reached to check the bot token`,
    );
  }

  const sender = new SlackSender(app.client, {
    timeoutMs: config.SLACK_API_TIMEOUT_MS,
    responseHosts: responseHosts(config.SLACK_API_URL),
  });
  const late = new LateReplies();
  const deps = ackFirstDeps(runtime.deps);
  const turns = new SlackTurns(deps, sender, new UserLocales(app.client), late);
  const inflight = new Set<Promise<void>>();
  registerListeners(app, deps, turns, (work) => {
    const p = work
      .then(() => undefined)
      .catch((e: unknown) => {
        console.error(`slack: a turn failed (${e instanceof Error ? e.name : "error"})`);
      });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  });
  const delivery = new OutboxDelivery(deps, sender, late, {
    ...DEFAULT_DELIVERY,
    ...options.delivery,
  });

  const routes = new Map<string, Route>();
  if (http !== null) {
    const listener = http.requestListener;
    routes.set(
      `POST ${EVENTS_PATH}`,
      (req, res) =>
        new Promise<void>((resolve) => {
          res.once("close", () => resolve());
          // A refused body (413, or a reply before it was read) leaves bytes on the socket that would be
          // read as the next request: such a connection is closed, not reused.
          res.once("finish", () => {
            if (!req.complete) req.socket.destroy();
          });
          if (fromTheFuture(req)) {
            req.resume();
            res.writeHead(401).end();
            return;
          }
          void roomForTurns().then(() => listener(req, res));
        }),
    );
  }

  // Acknowledgements go before turn work (ack-first.ts), so under a flood the bot could acknowledge far
  // faster than it answers; past this many turns under way a request waits, unacknowledged, for room.
  const roomForTurns = async () => {
    while (inflight.size >= MAX_TURNS_IN_FLIGHT) await Promise.race(inflight);
  };
  const settled = async () => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };
  return {
    name: socketMode ? "Slack (Socket Mode)" : `Slack (HTTP, ${EVENTS_PATH})`,
    routes,
    delivery,
    settled,
    async start() {
      if (socketMode) await app.start();
      delivery.start();
    },
    async stop() {
      await delivery.stop();
      if (socketMode) await app.stop();
      await settled();
    },
  };
}

export function mountSlack(runtime: Runtime, config: Config): Promise<SlackMount | null> {
  return createSlackMount(runtime, config);
}
