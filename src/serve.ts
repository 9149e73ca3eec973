import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Config } from "./config.ts";
import { type Runtime, startRuntime } from "./main.ts";

// `sip serve`: the HTTP side. Today it answers health checks; the Slack and Teams adapters mount their
// endpoints here on the same PORT when they are configured.
export type Route = (req: IncomingMessage, res: ServerResponse, runtime: Runtime) => Promise<void>;

export const routes = new Map<string, Route>([
  [
    "GET /healthz",
    async (_req, res, runtime) => {
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

export async function runServe(config: Config): Promise<number> {
  const runtime = await startRuntime(config);
  const server = createServer((req, res) => {
    const route = routes.get(`${req.method} ${(req.url ?? "/").split("?")[0]}`);
    if (route === undefined) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    route(req, res, runtime).catch((e: unknown) => {
      console.error(`request failed: ${(e as Error).name}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    });
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  console.log(`SIP-assistenten lyssnar på port ${config.PORT} (lagring: ${runtime.db.kind}).`);
  for (const p of config.platformsConfigured) {
    console.warn(`${p} är konfigurerat, men ${p}-adaptern ingår inte i den här versionen ännu.`);
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
  await runtime.close();
  return 0;
}
