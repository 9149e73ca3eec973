// The Teams baseline: a bare botbuilder echo bot (CloudAdapter, one turn handler that echoes the text)
// on node:http at /api/messages. Without MicrosoftAppId botbuilder neither checks incoming tokens nor
// signs outgoing calls, the same as the bot in TEAMS_LOCAL_DEV mode, so both do the same auth work (none).
//
//   PORT=3002 npx node bench/bare/echo-bot.ts
import { createServer } from "node:http";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";

const port = Number(process.env.PORT ?? 3978);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (_context, error) => {
  console.error(`echo bot: turn failed (${error.name})`);
  await Promise.resolve();
};

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/api/messages") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    // What express.json() and a response wrapper would give botbuilder, in a few lines.
    let status = 200;
    let answer: unknown;
    const reply = {
      socket: res.socket,
      status: (code: number) => {
        status = code;
        return reply;
      },
      header: (name: string, value: unknown) => {
        res.setHeader(name, String(value));
        return reply;
      },
      send: (body: unknown) => {
        answer = body;
        return reply;
      },
      end: () => {
        res.statusCode = status;
        res.end(answer === undefined ? undefined : JSON.stringify(answer));
        return reply;
      },
    };
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    adapter
      .process({ method: "POST", headers: req.headers, body }, reply, async (context) => {
        if (context.activity.type === "message")
          await context.sendActivity(`Du skrev: ${context.activity.text}`);
      })
      .catch((e: unknown) => {
        console.error(`echo bot: request failed (${e instanceof Error ? e.name : "error"})`);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
});
server.listen(port, () => console.log(`bare echo bot listening on ${port}`));
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
