// A loopback fake of the Slack Web API (and of response_url and the file upload URL): it speaks the real
// wire format (form-encoded or JSON requests, {ok, ...} answers), records every call, and can be told to
// fail a method (429 with Retry-After, 500, a Slack error, no answer at all) to test the adapter's ways.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "node:querystring";
import { FakeSocketMode } from "./fake-socket.ts";

export interface Call {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

export interface Failure {
  status?: number;
  retryAfter?: number;
  error?: string;
  /** Never answers (the client's timeout must fire). */
  hang?: boolean;
  /** How many calls fail; then the method works again. */
  times: number;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export const BOT_USER = "UBOT0001";
export const BOT_ID = "BBOT0001";
export const TEAM = "T0TEAM01";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function decode(contentType: string, body: string): Record<string, unknown> {
  if (contentType.startsWith("application/json"))
    return body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parse(body))) {
    const s = Array.isArray(v) ? v[0] : v;
    if (s === undefined) continue;
    // The Web API client JSON-encodes objects and arrays (blocks, view) inside form fields.
    try {
      out[k] = /^[[{]/.test(s) ? JSON.parse(s) : s;
    } catch {
      out[k] = s;
    }
  }
  return out;
}

export class FakeSlack {
  readonly calls: Call[] = [];
  /** Every call since start; clear() does not touch it. */
  readonly log: Call[] = [];
  readonly locales = new Map<string, string>();
  private readonly failures = new Map<string, Failure>();
  private server: Server | undefined;
  private ts = 1_700_000_000;
  /** Slack's Socket Mode endpoint on the same port (apps.connections.open points here). */
  readonly socketMode = new FakeSocketMode();
  /** When true, every connection is dropped at once: Slack is unreachable. */
  down = false;

  get url(): string {
    const addr = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${addr.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  fail(method: string, f: Failure): void {
    this.failures.set(method, f);
  }

  of(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Everything the bot showed to people: posted, ephemeral and response_url messages, in order. */
  shown(): { method: string; channel: string; user: string; text: string; blocks: unknown[] }[] {
    return this.calls
      .filter((c) => ["chat.postMessage", "chat.postEphemeral", "respond", "chat.update"].includes(c.method))
      .map((c) => ({
        method: c.method,
        channel: str(c.params.channel),
        user: str(c.params.user),
        text: str(c.params.text),
        blocks: (c.params.blocks as unknown[] | undefined) ?? [],
      }));
  }

  clear(): void {
    this.calls.length = 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (this.down) {
        req.socket.destroy();
        return;
      }
      void readBody(req).then((body) => {
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        const params = decode(String(req.headers["content-type"] ?? ""), body);
        const method = path.startsWith("/api/")
          ? path.slice(5)
          : path.startsWith("/respond/")
            ? "respond"
            : path.startsWith("/upload/")
              ? "upload"
              : path;
        if (method === "upload") params.raw = body;
        if (method === "respond") params.response_url = path;
        const call = { method, params, at: Date.now() };
        this.calls.push(call);
        this.log.push(call);
        const f = this.failures.get(method);
        if (f !== undefined && f.times > 0) {
          f.times -= 1;
          if (f.hang === true) return; // no answer, ever
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (f.retryAfter !== undefined) headers["retry-after"] = String(f.retryAfter);
          res.writeHead(f.status ?? 200, headers);
          res.end(JSON.stringify({ ok: false, error: f.error ?? "fatal_error" }));
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(this.answer(method, params)));
      });
    });
    this.socketMode.attach(this.server);
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  private answer(method: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${this.url.replace("http:", "ws:")}/link/?ticket=test` };
      case "auth.test":
        return { ok: true, user_id: BOT_USER, bot_id: BOT_ID, team_id: TEAM, user: "sip", team: "Test" };
      case "chat.postMessage":
        return { ok: true, channel: p.channel, ts: `${this.ts++}.000100` };
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${this.ts++}.000200` };
      case "chat.update":
        return { ok: true, channel: p.channel, ts: p.ts };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(p.users).slice(1)}` } };
      case "views.open":
      case "views.publish":
        return { ok: true, view: { id: `V${this.ts++}` } };
      case "users.info": {
        const user = String(p.user);
        return { ok: true, user: { id: user, locale: this.locales.get(user) ?? "sv-SE" } };
      }
      case "files.getUploadURLExternal":
        return { ok: true, upload_url: `${this.url}/upload/F${this.ts}`, file_id: `F${this.ts++}` };
      case "files.completeUploadExternal":
        return { ok: true, files: [{ id: "F1", title: "file" }] };
      case "upload":
      case "respond":
        return { ok: true };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  async stop(): Promise<void> {
    this.socketMode.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
