import type { IncomingMessage, ServerResponse } from "node:http";
import { fail, ok, type Result } from "../../src/domain/result.ts";

// botbuilder's CloudAdapter.process expects an Express-like request (with the body already parsed) and
// response (status/header/send/end). `sip serve` is plain node:http, so this file is that small bridge,
// with the limits a public endpoint needs: a size cap before anything is parsed, and JSON only.

/** Bot Framework activities are small (Teams caps a message at about 28 KB); 256 KB leaves room for cards. */
export const MAX_BODY_BYTES = 256 * 1024;

export type BodyProblem = "tooLarge" | "notJson" | "notAnObject" | "wrongContentType";

export function readJsonBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Result<Record<string, unknown>, BodyProblem>> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    req.resume();
    return Promise.resolve(fail("wrongContentType"));
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(fail("tooLarge"));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        // Stop buffering but keep draining, so the 413 can still be written on this connection.
        done = true;
        resolve(fail("tooLarge"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", (e) => {
      if (!done) reject(e);
      done = true;
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        resolve(fail("notJson"));
        return;
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        resolve(fail("notAnObject"));
        return;
      }
      resolve(ok(parsed as Record<string, unknown>));
    });
  });
}

const STATUS_FOR: Record<BodyProblem, number> = {
  tooLarge: 413,
  notJson: 400,
  notAnObject: 400,
  wrongContentType: 415,
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function refuseBody(res: ServerResponse, problem: BodyProblem): void {
  sendJson(res, STATUS_FOR[problem], { error: problem });
}

/** The request half of the bridge: the shape botbuilder reads (method, headers, parsed body). */
export function botRequest(req: IncomingMessage, body: Record<string, unknown>) {
  return { method: req.method ?? "POST", headers: req.headers, body };
}

/** The response half: records what botbuilder says and writes it once, as JSON. */
export function botResponse(res: ServerResponse, finalStatus: (status: number) => number = (s) => s) {
  let status = 200;
  const headers: Record<string, string> = {};
  let payload: unknown;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return this;
    },
    send(body: unknown) {
      payload = body;
      return this;
    },
    end() {
      if (res.headersSent) return;
      status = finalStatus(status);
      if (payload === undefined) {
        res.writeHead(status, headers).end();
        return;
      }
      // botbuilder answers failures with the error's message; past a 401 that may say too much.
      const text =
        status >= 500
          ? JSON.stringify({ error: "internal error" })
          : JSON.stringify(typeof payload === "string" ? { error: payload } : payload);
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
    },
  };
}
