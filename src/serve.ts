import { createServer } from "node:http";
import type { Config } from "./config.ts";
import { type HttpMount, MOUNTERS, type Route } from "./http-mounts.ts";
import { type Runtime, StartupError, startRuntime } from "./main.ts";

// `sip serve`: the HTTP side. Health checks, plus whatever the configured capabilities mount (see
// http-mounts.ts), all on one PORT.
export function healthRoutes(runtime: Runtime): Map<string, Route> {
  return new Map<string, Route>([
    [
      "GET /healthz",
      async (_req, res) => {
        let database = "ok";
        try {
          await runtime.db.runner.query("SELECT 1");
        } catch {
          database = "unavailable";
        }
        res.writeHead(database === "ok" ? 200 : 503, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ status: database === "ok" ? "ok" : "degraded", database, store: runtime.db.kind }),
        );
      },
    ],
  ]);
}

/** Builds the route table from every configured mount; a path claimed twice is a start-up error. */
export async function mountAll(
  runtime: Runtime,
  config: Config,
): Promise<{ routes: Map<string, Route>; mounts: HttpMount[] }> {
  const routes = healthRoutes(runtime);
  const mounts: HttpMount[] = [];
  for (const mounter of MOUNTERS) {
    const mount = await mounter(runtime, config);
    if (mount === null) continue;
    for (const [key, route] of mount.routes) {
      if (routes.has(key)) throw new StartupError(`${mount.name}: ${key} is already served by another part`);
      routes.set(key, route);
    }
    mounts.push(mount);
  }
  return { routes, mounts };
}

export async function runServe(config: Config): Promise<number> {
  const runtime = await startRuntime(config);
  let mounted: Awaited<ReturnType<typeof mountAll>>;
  try {
    mounted = await mountAll(runtime, config);
  } catch (e) {
    await runtime.close();
    throw e;
  }
  const { routes, mounts } = mounted;
  const server = createServer((req, res) => {
    const route = routes.get(`${req.method} ${(req.url ?? "/").split("?")[0]}`);
    if (route === undefined) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    route(req, res).catch((e: unknown) => {
      console.error(`request failed: ${(e as Error).name}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    });
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  console.log(`SIP-assistenten lyssnar på port ${config.PORT} (lagring: ${runtime.db.kind}).`);
  for (const mount of mounts) {
    await mount.start?.();
    console.log(`Igång: ${mount.name}.`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      console.log("Stänger ner ...");
      server.close(() => resolve());
      server.closeIdleConnections();
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  for (const mount of mounts.toReversed()) await mount.stop?.();
  await runtime.close();
  return 0;
}
