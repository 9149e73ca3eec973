// A loopback stand-in for an OpenAI-compatible server: POST /v1/chat/completions with the real request and
// response JSON shapes. It records every request body, so tests can assert what a model would have been
// sent, and answers with whatever the test scripts: valid JSON, malformed or truncated bodies, extra
// fields, HTTP errors, or a response that arrives too late.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  raw: string;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    [k: string]: unknown;
  };
}

/** What the server does with the next request. */
export type Behaviour =
  | { kind: "content"; content: string }
  | { kind: "json"; value: unknown }
  | { kind: "rawBody"; body: string; status?: number }
  | { kind: "status"; status: number }
  | { kind: "slow"; ms: number; value: unknown };

export interface FakeOpenAi {
  baseURL: string;
  requests: RecordedRequest[];
  /** Behaviours used in order; the last one repeats. */
  script(...b: Behaviour[]): void;
  close(): Promise<void>;
}

function completion(model: string, content: string): string {
  return JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_764_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  });
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  let behaviours: Behaviour[] = [{ kind: "status", status: 500 }];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      raw += c;
    });
    req.on("end", () => {
      let body: RecordedRequest["body"];
      try {
        body = JSON.parse(raw) as RecordedRequest["body"];
      } catch {
        body = {};
      }
      requests.push({ path: req.url ?? "", headers: req.headers, raw, body });
      const path = (req.url ?? "").split("?")[0] ?? "";
      if (req.method !== "POST" || !path.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
        return;
      }
      const b = behaviours.length > 1 ? (behaviours.shift() as Behaviour) : (behaviours[0] as Behaviour);
      const model = body.model ?? "fake";
      const send = (status: number, text: string) =>
        res.writeHead(status, { "content-type": "application/json" }).end(text);
      switch (b.kind) {
        case "content":
          send(200, completion(model, b.content));
          return;
        case "json":
          send(200, completion(model, JSON.stringify(b.value)));
          return;
        case "rawBody":
          send(b.status ?? 200, b.body);
          return;
        case "status":
          send(b.status, JSON.stringify({ error: { message: "scripted failure", type: "server_error" } }));
          return;
        case "slow": {
          const t = setTimeout(() => {
            timers.delete(t);
            if (!res.destroyed) send(200, completion(model, JSON.stringify(b.value)));
          }, b.ms);
          timers.add(t);
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(...b) {
      behaviours = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
