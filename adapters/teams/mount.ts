import type { IncomingMessage, ServerResponse } from "node:http";
import { CloudAdapter } from "botbuilder";
import type { AppDeps } from "../../src/app/deps.ts";
import type { Config } from "../../src/config.ts";
import type { Runtime } from "../../src/main.ts";
import { checkActivity, GUARD_STATUS, type GuardOptions } from "./activity-guard.ts";
import {
  type CredentialsFactory,
  credentialsFrom,
  inRequest,
  PUBLIC_CLOUD,
  RefusingAuthentication,
} from "./authentication.ts";
import { teamsTurn } from "./bot.ts";
import { botRequest, botResponse, readJsonBody, refuseBody, sendJson } from "./http-shim.ts";
import { ProactiveSender, type RoundResult } from "./proactive.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";

// `sip serve` mounts Teams here: POST /api/messages through botbuilder's CloudAdapter, and the sender of
// proactive messages beside it. Without MicrosoftAppId botbuilder would accept unauthenticated requests,
// so that runs only in the explicit local-development mode, and says so loudly.

export const MESSAGES_PATH = "/api/messages";

// The shape of src/http-mounts.ts's HttpMount, restated so that this folder does not import the list that
// imports it (no cycles, type-only ones included).
type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
export interface TeamsMount {
  name: string;
  routes: Map<string, Route>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends waiting proactive messages now (also done on a timer and after each turn). */
  deliverNow(): Promise<RoundResult>;
}

/** Seams for tests and special clouds; production uses none of them. */
export type { CredentialsFactory };

export interface TeamsMountOptions {
  /** Replaces the credentials built from configuration (tests: a fake token provider on loopback). */
  credentialsFactory?: CredentialsFactory;
  /** Where the Bot Connector's signing keys are published (tests: a loopback OpenID server). */
  openIdMetadataUrl?: string;
  /** The issuer Bot Connector tokens must carry. */
  tokenIssuer?: string;
  /** Accept http://127.0.0.1 service URLs with an app id configured (tests only). */
  allowLoopbackServiceUrl?: boolean;
  /** Retries of proactive sends; in-turn replies use the same policy within the turn's budget. */
  retry?: RetryPolicy;
  /** Time all replies of one turn may take, retries included (default TURN_BUDGET_MS, 8 s). */
  turnBudgetMs?: number;
  deliveryIntervalMs?: number;
  log?: (line: string) => void;
}

function guardOptions(config: Config, options: TeamsMountOptions): GuardOptions {
  const localDev = config.MicrosoftAppId === undefined;
  const tenants =
    config.TEAMS_ALLOWED_TENANTS ??
    (config.MicrosoftAppTenantId === undefined ? null : [config.MicrosoftAppTenantId.toLowerCase()]);
  return {
    allowedTenants: tenants,
    allowLoopbackServiceUrl: localDev || options.allowLoopbackServiceUrl === true,
    channels: localDev ? ["msteams", "emulator"] : ["msteams"],
  };
}

export function createTeamsMount(
  runtime: { deps: AppDeps },
  config: Config,
  options: TeamsMountOptions = {},
): TeamsMount | null {
  const log = options.log ?? ((line: string) => console.error(line));
  const appId = config.MicrosoftAppId;
  if (appId === undefined && !config.TEAMS_LOCAL_DEV) return null;
  if (appId === undefined) {
    log(
      [
        "!!! TEAMS_LOCAL_DEV=true: Teams-slutpunkten körs UTAN autentisering (lokal utveckling med Bot Framework Emulator / Microsoft 365 Agents Playground).",
        "!!! Vem som helst som når porten kan tala med boten som vilken användare som helst. Använd aldrig detta i drift: sätt MicrosoftAppId.",
      ].join("\n"),
    );
  }
  const credentials = options.credentialsFactory ?? credentialsFrom(config);
  const auth = new RefusingAuthentication(
    {
      ...PUBLIC_CLOUD,
      ...(options.tokenIssuer !== undefined && { ToBotFromChannelTokenIssuer: options.tokenIssuer }),
      ...(options.openIdMetadataUrl !== undefined && {
        ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl,
      }),
    },
    credentials,
  );
  const adapter = new CloudAdapter(auth);
  // Without this botbuilder logs the whole error (whose message may quote what the user typed) and
  // answers 500 with that message. The turn's own sends catch and rethrow where the outcome matters.
  adapter.onTurnError = (_context, error) => {
    const code = "code" in error && typeof error.code === "string" ? ` ${error.code}` : "";
    log(`Teams: en tur misslyckades (${error.name}${code}).`);
    return Promise.resolve();
  };
  const retry = options.retry ?? DEFAULT_RETRY;
  const sender = new ProactiveSender({ deps: runtime.deps, adapter, botAppId: appId ?? "", retry, log });
  const afterTurn = () => {
    sender.deliver().catch((e: unknown) => {
      log(`Teams: utskicket misslyckades (${(e as Error).name}).`);
    });
  };
  const logic = teamsTurn({
    deps: runtime.deps,
    adapter,
    botAppId: appId ?? "",
    localDev: appId === undefined,
    retry,
    ...(options.turnBudgetMs !== undefined && { turnBudgetMs: options.turnBudgetMs }),
    log,
    afterTurn,
  });
  const guard = guardOptions(config, options);

  const route: Route = async (req, res) => {
    const body = await readJsonBody(req);
    if (!body.ok) {
      refuseBody(res, body.reason);
      return;
    }
    const checked = checkActivity(body.value, guard);
    if (!checked.ok) {
      sendJson(res, GUARD_STATUS[checked.reason], { error: checked.reason });
      return;
    }
    try {
      await inRequest((state) =>
        adapter.process(
          botRequest(req, body.value),
          // botbuilder answers 500 for a token it cannot verify (a bad signature); that is a refusal.
          botResponse(res, (status) => (state.authenticationFailed ? 401 : status)),
          logic,
        ),
      );
    } catch (e) {
      // botbuilder's own schema check (after ours) throws instead of answering; the unexpected is logged by
      // name and code only, since a message may quote the user's text.
      const name = e instanceof Error ? e.name : typeof e;
      if (name === "ZodError") {
        sendJson(res, 400, { error: "malformed" });
        return;
      }
      log(`Teams: en förfrågan misslyckades (${name}).`);
      sendJson(res, 500, { error: "internal error" });
    }
  };

  return {
    name:
      appId === undefined
        ? `Teams (LOKAL UTVECKLING utan autentisering, ${MESSAGES_PATH})`
        : `Teams (${MESSAGES_PATH})`,
    routes: new Map([[`POST ${MESSAGES_PATH}`, route]]),
    start: () => {
      sender.start(options.deliveryIntervalMs ?? config.TEAMS_DELIVERY_INTERVAL_SECONDS * 1000);
      return Promise.resolve();
    },
    stop: () => sender.stop(),
    deliverNow: () => sender.deliver(),
  };
}

export function mountTeams(runtime: Runtime, config: Config): Promise<TeamsMount | null> {
  try {
    return Promise.resolve(createTeamsMount(runtime, config));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
