// A running Teams endpoint for tests: the real mount (CloudAdapter, guard, shim, proactive sender) on the
// real store (PGlite in memory) behind a node:http server on 127.0.0.1, a loopback fake Bot Connector for
// everything the bot sends, a loopback OpenID/JWKS server for the tokens it receives, and a fake token
// provider for the tokens it sends.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { loadConfig } from "../../src/config.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import type { RoundResult } from "../../adapters/teams/proactive.ts";
import {
  type CredentialsFactory,
  createTeamsMount,
  type TeamsMountOptions,
} from "../../adapters/teams/mount.ts";
import { pinnedClock, SETTINGS } from "../conversation/harness.ts";
import { APP_ID, TENANT, type TeamsUser, teamsUser } from "./activities.ts";
import { FakeConnector } from "./fake-connector.ts";
import { TokenServer } from "./token-server.ts";

export const OUTGOING_TOKEN = "fake-outgoing-token-for-the-connector";

/** Outgoing credentials without Entra: every call to the connector carries a fixed bearer token. */
export function fakeCredentials(appId: string | null): CredentialsFactory {
  return {
    isValidAppId: (id: string) => Promise.resolve(appId !== null && id === appId),
    isAuthenticationDisabled: () => Promise.resolve(appId === null),
    createCredentials: () =>
      Promise.resolve({
        signRequest: (request: { headers: { set(name: string, value: string): void } }) => {
          if (appId !== null) request.headers.set("authorization", `Bearer ${OUTGOING_TOKEN}`);
          return Promise.resolve(request);
        },
      }),
  } as unknown as CredentialsFactory;
}

// Entra object ids of the demo directory's people in Teams (GUIDs, as Entra gives them).
export const AAD: Record<string, string> = {
  anna: "a1111111-1111-4111-8111-111111111111",
  bo: "b2222222-2222-4222-8222-222222222222",
  cecilia: "c3333333-3333-4333-8333-333333333333",
  david: "d4444444-4444-4444-8444-444444444444",
  eva: "e5555555-5555-4555-8555-555555555555",
};

export interface TeamsHarness {
  db: Database;
  deps: AppDeps;
  connector: FakeConnector;
  tokens: TokenServer;
  url: string;
  logs: string[];
  user(handle: string): TeamsUser;
  /** POSTs an activity to /api/messages; a token for the app unless `token` says otherwise (null: none). */
  post(activity: unknown, token?: string | null): Promise<{ status: number; body: unknown }>;
  postRaw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  deliverNow(): Promise<RoundResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** false: local-development mode (no app id, no tokens). */
  withAppId?: boolean;
  env?: Record<string, string>;
  mount?: TeamsMountOptions;
  /** Link the demo directory's people to Teams identities (default true). */
  linkDirectory?: boolean;
}

export async function openTeamsHarness(o: HarnessOptions = {}): Promise<TeamsHarness> {
  const withAppId = o.withAppId ?? true;
  const db = await openDatabase({ dataDir: "memory://" });
  const store = new PrismaStore(db.prisma);
  const deps: AppDeps = { store, clock: pinnedClock, taxonomy: new EffortTaxonomy(), settings: SETTINGS };
  await seedDemoDirectory(store, "console", "local");
  if (o.linkDirectory ?? true) {
    for (const [handle, aad] of Object.entries(AAD)) {
      const staff = await store.findStaffByHandle(handle);
      if (staff !== null) await store.linkIdentity(staff.id, "teams", TENANT, aad);
    }
  }
  const connector = new FakeConnector();
  await connector.start();
  const tokens = new TokenServer();
  await tokens.start();
  const config = loadConfig(
    withAppId
      ? { MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: "not-used", ...o.env }
      : { TEAMS_LOCAL_DEV: "true", ...o.env },
  );
  const logs: string[] = [];
  const mount = createTeamsMount({ deps }, config, {
    credentialsFactory: fakeCredentials(withAppId ? APP_ID : null),
    openIdMetadataUrl: tokens.metadataUrl,
    allowLoopbackServiceUrl: true,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5, sleep: () => Promise.resolve() },
    // The tests deliver explicitly (deliverNow); the timer only has to stay out of the way.
    deliveryIntervalMs: 3_600_000,
    log: (line) => logs.push(line),
    ...o.mount,
  });
  if (mount === null) throw new Error("Teams did not mount");
  const server: Server = createServer((req, res) => {
    const route = mount.routes.get(`${req.method} ${(req.url ?? "/").split("?")[0]}`);
    if (route === undefined) {
      res.writeHead(404).end();
      return;
    }
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  await mount.start();

  const postRaw = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  };

  return {
    db,
    deps,
    connector,
    tokens,
    url,
    logs,
    user: (handle) =>
      teamsUser(handle, AAD[handle] ?? `f0000000-0000-4000-8000-${handle.padStart(12, "0").slice(-12)}`),
    post: async (activity, token) => {
      const a = activity as { serviceUrl?: string };
      const bearer =
        token === null
          ? undefined
          : (token ??
            (withAppId ? await tokens.sign({ audience: APP_ID, serviceUrl: a.serviceUrl }) : undefined));
      return postRaw(
        JSON.stringify(activity),
        bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
      );
    },
    postRaw,
    deliverNow: () => mount.deliverNow(),
    close: async () => {
      await mount.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connector.stop();
      await tokens.stop();
      await db.close();
    },
  };
}
