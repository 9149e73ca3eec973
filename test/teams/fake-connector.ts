// A stand-in for the Teams Bot Connector service on 127.0.0.1: it speaks the REST API the bot calls
// (v3 conversations: create, send, reply, update), records every call with its Authorization header,
// and can be told to fail the next calls with given statuses (429, 412, 502, 403 ...).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ConnectorCall {
  method: string;
  path: string;
  kind: "create" | "send" | "reply" | "update" | "other";
  conversationId: string | null;
  authorization: string | undefined;
  body: Record<string, unknown>;
  /** The id this fake gave the activity (or conversation), when it answered with success. */
  answeredId: string | null;
  status: number;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly failures: { status: number; headers?: Record<string, string> }[] = [];
  private readonly refused = new Map<string, number>();
  private readonly members = new Map<string, Record<string, unknown>>();
  memberLookups = 0;
  private server: Server | null = null;
  private counter = 0;
  baseUrl = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        let body: Record<string, unknown>;
        try {
          body =
            chunks.length > 0
              ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>)
              : {};
        } catch {
          body = {};
        }
        const member = /\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
        if (req.method === "GET" && member !== null) {
          // A team or chat member, as TeamsInfo.getMember reads it (only registered people exist).
          const found = this.members.get(decodeURIComponent(member[2] ?? ""));
          this.memberLookups += 1;
          res.writeHead(found === undefined ? 404 : 200, { "content-type": "application/json" });
          res.end(JSON.stringify(found ?? { error: { code: "MemberNotFoundInConversation" } }));
          return;
        }
        // Paths carry a region prefix as in Teams (https://smba.trafficmanager.net/emea/v3/...).
        const m = /\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?$/.exec(path);
        const conversationId = m?.[1] === undefined ? null : decodeURIComponent(m[1]);
        const kind: ConnectorCall["kind"] =
          m === null
            ? "other"
            : conversationId === null
              ? "create"
              : req.method === "PUT"
                ? "update"
                : m[2] === undefined
                  ? "send"
                  : "reply";
        const call: ConnectorCall = {
          method: req.method ?? "",
          path,
          kind,
          conversationId,
          authorization: req.headers.authorization,
          body,
          answeredId: null,
          status: 200,
        };
        this.calls.push(call);
        const refusedStatus = conversationId === null ? undefined : this.refused.get(conversationId);
        const queued = refusedStatus === undefined && kind !== "other" ? this.failures.shift() : undefined;
        const failure = kind === "other" ? 404 : (refusedStatus ?? queued?.status);
        if (failure !== undefined) {
          call.status = failure;
          res.writeHead(failure, { "content-type": "application/json", ...queued?.headers });
          res.end(JSON.stringify({ error: { code: "Failure", message: `fake ${failure}` } }));
          return;
        }
        this.counter += 1;
        if (kind === "create") {
          call.answeredId = `a:created-${this.counter}`;
          call.status = 201;
          res.writeHead(201, { "content-type": "application/json" });
          res.end(JSON.stringify({ id: call.answeredId }));
          return;
        }
        call.answeredId = `activity-${this.counter}`;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: call.answeredId }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  /** The serviceUrl an activity from "Teams" carries (with a regional path, as Teams sends it). */
  get serviceUrl(): string {
    return `${this.baseUrl}/emea/`;
  }

  /** Someone TeamsInfo.getMember can find (by the Teams user id), with their Entra object id. */
  addMember(m: { id: string; name: string; aadObjectId: string }): void {
    this.members.set(m.id, {
      ...m,
      userRole: "user",
      tenantId: "",
      userPrincipalName: `${m.id}@example.org`,
    });
  }

  /** The next calls fail with these statuses, one each, in order. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses.map((status) => ({ status })));
  }

  /** The next `times` calls fail with the status and these response headers (e.g. 429 with Retry-After). */
  failNextWith(times: number, status: number, headers: Record<string, string>): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, headers });
  }

  /** Every call into this conversation fails with the status (e.g. 403: the bot was removed). */
  refuse(conversationId: string, status: number): void {
    this.refused.set(conversationId, status);
  }

  /** Successful message posts (sends and replies) into one conversation. */
  messagesTo(conversationId: string): Record<string, unknown>[] {
    return this.calls
      .filter(
        (c) =>
          (c.kind === "send" || c.kind === "reply") && c.conversationId === conversationId && c.status < 300,
      )
      .map((c) => c.body);
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Drops failures queued by failNext/failNextWith that no call has used up yet. */
  clearFailures(): void {
    this.failures.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}
