import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppDeps } from "../app/deps.ts";
import { importEfforts, type ImportSummary } from "../app/import.ts";
import type { CodeMap } from "./effort-mapping.ts";
import { bilingual, failureCode, type HttpErrorCode, rejectionJson } from "./import-texts.ts";
import { bodyContent, formatFromContentType, mappingContext } from "./sources.ts";

// POST /api/efforts: a source system sends a CSV file (text/csv) or a FHIR Bundle (application/fhir+json)
// with its bearer token. Everything that can go wrong before the import starts is answered at once and
// changes nothing: no or a wrong token 401, too large 413 (from Content-Length or while reading), a body
// that does not arrive in time 408, an unknown content type 415, content that cannot be read 400 with the
// reasons. Every refusal and rejection carries a stable code and its wording in Swedish and English
// ({ code, message: { sv, en } }). TLS is the reverse proxy's job (README, "Importing efforts").

export interface EndpointOptions {
  deps: AppDeps;
  /** Source name -> its token (config SIP_IMPORT_TOKENS). */
  tokens: readonly { source: string; token: string }[];
  maxBytes: number;
  /** A body that has not fully arrived after this long is refused (slow or stalled clients). */
  bodyTimeoutMs: number;
  codes: CodeMap;
}

export const EFFORTS_PATH = "/api/efforts";
// Long enough for 10 MB over a slow office line, short enough that stalled clients do not pile up.
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

/**
 * The source whose token the request carries, or null. Every configured token is compared, in constant
 * time over equal-length digests, so neither the timing nor an early exit tells a caller how close it came.
 */
export function sourceForToken(header: string | undefined, tokens: EndpointOptions["tokens"]): string | null {
  const m = /^Bearer +(\S+)\s*$/i.exec(header ?? "");
  const given = digest(m?.[1] ?? "");
  let found: string | null = null;
  for (const t of tokens) {
    if (timingSafeEqual(given, digest(t.token)) && m !== null) found = t.source;
  }
  return found;
}

type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 408 | 413 };

/** Reads the body up to maxBytes within timeoutMs; on failure the connection is closed after the answer. */
function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.removeAllListeners("data");
      if (!r.ok) req.pause(); // stop reading; the answer closes the connection
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, status: 408 }), timeoutMs);
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish({ ok: false, status: 413 });
      else chunks.push(chunk);
    });
    req.on("end", () => finish({ ok: true, body: Buffer.concat(chunks) }));
    req.on("error", () => finish({ ok: false, status: 408 }));
    req.on("aborted", () => finish({ ok: false, status: 408 }));
  });
}

function summaryJson(s: ImportSummary) {
  return {
    importRun: s.runId,
    source: s.source,
    added: s.added,
    updated: s.updated,
    ended: s.ended,
    unchanged: s.unchanged,
    rejected: s.rejected,
    suggested: s.suggested,
    rejections: s.rejections.map(rejectionJson),
  };
}

function errorBody(code: HttpErrorCode, params: Record<string, string | number> = {}) {
  return { code, message: bilingual(code, params), ...params };
}

export function effortImportRoute(
  o: EndpointOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const source = sourceForToken(req.headers.authorization, o.tokens);
    if (source === null) {
      // Nothing of the body is read; closing keeps an unauthenticated client from streaming on.
      sendJson(res, 401, errorBody("unauthorized"), {
        "www-authenticate": 'Bearer realm="sip-import"',
        connection: "close",
      });
      return;
    }
    const format = formatFromContentType(req.headers["content-type"]);
    if (format === null) {
      sendJson(
        res,
        415,
        { ...errorBody("unsupportedContentType"), expected: ["text/csv", "application/fhir+json"] },
        { connection: "close" },
      );
      return;
    }
    const declared = Number(req.headers["content-length"] ?? "0");
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      sendJson(res, 413, errorBody("tooLarge", { maxBytes: o.maxBytes }), { connection: "close" });
      return;
    }
    const read = await readBody(req, o.maxBytes, o.bodyTimeoutMs);
    if (!read.ok) {
      const body =
        read.status === 413 ? errorBody("tooLarge", { maxBytes: o.maxBytes }) : errorBody("bodyTimeout");
      sendJson(res, read.status, body, { connection: "close" });
      return;
    }
    const { content, contentHash } = bodyContent(
      read.body,
      format,
      mappingContext(o.deps.taxonomy, o.codes, o.deps.clock.now()),
    );
    const result = await importEfforts(o.deps, {
      source,
      format,
      contentHash,
      actor: { kind: "source", name: source },
      content,
    });
    if (!result.ok) {
      const detail = result.detail ?? {};
      const code = failureCode(result.reason, detail);
      const { code: _omit, ...params } = detail;
      sendJson(res, 400, {
        code,
        message: bilingual(code, detail),
        ...(Object.keys(params).length > 0 && { params }),
      });
      return;
    }
    sendJson(res, 200, summaryJson(result.value));
  };
}
