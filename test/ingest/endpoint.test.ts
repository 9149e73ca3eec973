// POST /api/efforts on a loopback server: the real HTTP exchange, including hostile and oversized bodies
// and a client that stalls. Nothing reaches the store unless the token is right, and the server keeps
// answering afterwards.
import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EFFORTS_PATH, effortImportRoute, sourceForToken } from "../../src/ingest/http-endpoint.ts";
import { BACKENDS, type IngestHarness } from "./backends.ts";
import { csv, pnr } from "./helpers.ts";

const TOKEN = "t".repeat(20) + "0123456789abcdef0123"; // 40 visible characters
const OTHER = "u".repeat(40);
const MAX = 64 * 1024;

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

function post(port: number, body: string | Buffer, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: EFFORTS_PATH, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body: text === "" ? {} : JSON.parse(text) });
      });
    });
    // The server may answer (and close) before the whole body is sent: that is the point of some tests.
    req.on("error", (e: NodeJS.ErrnoException) =>
      e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e),
    );
    req.end(body);
  });
}

describe.each(BACKENDS)("POST /api/efforts on $name", ({ available, open }) => {
  let h: IngestHarness;
  let server: Server;
  let port = 0;
  const count = async (table: string) =>
    (await h.db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;

  beforeAll(async () => {
    if (!available) return;
    h = await open();
    const route = effortImportRoute({
      deps: h.deps,
      tokens: [
        { source: "cosmic", token: TOKEN },
        { source: "treserva", token: OTHER },
      ],
      maxBytes: MAX,
      bodyTimeoutMs: 400,
      codes: new Map(),
    });
    server = createServer((req, res) => {
      route(req, res).catch(() => {
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    if (!available) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  const good = () => csv(`cosmic;${pnr(500)};vårdcentral;region;;2026-05-01;`);

  it.skipIf(!available)("refuses a missing or wrong token with 401 and changes nothing", async () => {
    const before = await count("import_run");
    const none = await post(port, good(), { "content-type": "text/csv" });
    const wrong = await post(port, good(), { "content-type": "text/csv", authorization: `Bearer ${TOKEN}x` });
    const basic = await post(port, good(), { "content-type": "text/csv", authorization: `Basic ${TOKEN}` });
    for (const r of [none, wrong, basic]) {
      expect(r).toEqual({
        status: 401,
        body: {
          code: "unauthorized",
          message: {
            sv: "ingen eller fel token (Authorization: Bearer <token>)",
            en: "no or a wrong token (Authorization: Bearer <token>)",
          },
        },
      });
    }
    expect(await count("import_run")).toBe(before);
    expect(await count("effort")).toBe(0);
  });

  it.skipIf(!available)("imports CSV with the token's source and answers with the summary", async () => {
    const r = await post(port, good(), {
      "content-type": "text/csv; charset=utf-8",
      authorization: `Bearer ${TOKEN}`,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ source: "cosmic", added: 1, rejected: 0, suggested: 0, rejections: [] });
    // Rows claiming another source are not taken on this token's word.
    const spoof = await post(port, csv(`treserva;${pnr(501)};hemtjänst;kommun;;2026-05-01;`), {
      "content-type": "text/csv",
      authorization: `Bearer ${TOKEN}`,
    });
    expect(spoof.body).toMatchObject({
      added: 0,
      rejected: 1,
      rejections: [
        {
          line: 2,
          code: "otherSource",
          params: { recordSource: '"treserva"', importSource: "cosmic" },
          message: {
            sv: 'raden kommer från källsystemet "treserva", importen gäller "cosmic"',
            en: 'the record is from source "treserva", this import is "cosmic"',
          },
        },
      ],
    });
  });

  it.skipIf(!available)("answers malformed content with 400 and the reasons", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const json = await post(port, "{ not json", { ...auth, "content-type": "application/fhir+json" });
    expect(json.status).toBe(400);
    expect(json.body).toEqual({
      code: "notJson",
      message: { sv: "innehållet är inte JSON", en: "the body is not JSON" },
    });
    const patient = await post(port, '{"resourceType":"Patient"}', {
      ...auth,
      "content-type": "application/fhir+json",
    });
    expect(patient.body).toMatchObject({
      code: "wrongResourceType",
      message: {
        sv: 'en FHIR Bundle väntades, fick resourceType "Patient"',
        en: 'expected a FHIR Bundle, got resourceType "Patient"',
      },
    });
    const header = await post(port, "a;b;c\n1;2;3\n", { ...auth, "content-type": "text/csv" });
    expect(header.status).toBe(400);
    expect(header.body).toMatchObject({
      code: "missingColumns",
      message: {
        sv: expect.stringMatching(/^rubrikraden saknar kolumnerna personnummer, insats, start/),
        en: expect.stringMatching(/lacks the column\(s\) personnummer, insats, start/),
      },
    });
    const type = await post(port, good(), { ...auth, "content-type": "application/xml" });
    expect(type.status).toBe(415);
    expect(type.body).toMatchObject({
      code: "unsupportedContentType",
      message: {
        sv: expect.stringMatching(/^innehållstypen stöds inte/),
        en: expect.stringMatching(/^unsupported/),
      },
    });
  });

  it.skipIf(!available)("survives hostile JSON: deep nesting and thousands of junk entries", async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/fhir+json" };
    const depth = 30_000;
    const nested = `{"resourceType":"Bundle","entry":[{"resource":${"[".repeat(depth)}${"]".repeat(depth)}}]}`;
    const deep = await post(port, nested, auth);
    expect(deep).toMatchObject({ status: 200, body: { rejected: 1, added: 0 } });
    const junk = JSON.stringify({
      resourceType: "Bundle",
      entry: Array.from({ length: 1000 }, (_, i) => ({
        resource: { resourceType: "Observation", id: `o${i}` },
      })),
    });
    const many = await post(port, junk, auth);
    expect(many.body).toMatchObject({ rejected: 1000, added: 0 });
    expect((many.body.rejections as unknown[]).length).toBe(100);
    expect((many.body.rejections as unknown[])[0]).toEqual({
      resource: 0,
      ref: "Observation/o0",
      code: "unsupportedResourceType",
      params: { type: '"Observation"' },
      message: {
        sv: 'resourceType "Observation" importeras inte (ServiceRequest, CarePlan, EpisodeOfCare)',
        en: 'resourceType "Observation" is not imported (ServiceRequest, CarePlan, EpisodeOfCare)',
      },
    });
  });

  it.skipIf(!available)(
    "refuses a body over the limit with 413, by its declared length or while reading",
    async () => {
      const big = Buffer.alloc(MAX + 1, 0x61);
      const declared = await post(port, big, {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "text/csv",
      });
      expect(declared).toEqual({
        status: 413,
        body: {
          code: "tooLarge",
          maxBytes: MAX,
          message: { sv: `innehållet är större än ${MAX} byte`, en: `the body is larger than ${MAX} bytes` },
        },
      });
      const chunked = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: EFFORTS_PATH,
            headers: {
              authorization: `Bearer ${TOKEN}`,
              "content-type": "text/csv",
              "transfer-encoding": "chunked",
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", (e: NodeJS.ErrnoException) =>
          e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e),
        );
        for (let i = 0; i < 8; i++) req.write(Buffer.alloc(16 * 1024, 0x62));
        req.end();
      });
      expect(chunked).toBe(413);
    },
  );

  it.skipIf(!available)(
    "gives up on a client that stalls mid-body with 408, and keeps serving others",
    async () => {
      const before = await count("import_run");
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.write(
            `POST ${EFFORTS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n` +
              "Content-Type: text/csv\r\nContent-Length: 1000\r\n\r\nkällsystem;personnummer",
          );
        });
        let text = "";
        socket.on("data", (d) => (text += d.toString("utf8")));
        socket.on("close", () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      // The body may come chunked; the JSON object is what lies between the first { and the last }.
      const body = JSON.parse(answer.slice(answer.indexOf("{"), answer.lastIndexOf("}") + 1)) as unknown;
      expect(body).toEqual({
        code: "bodyTimeout",
        message: { sv: "innehållet kom inte fram i tid", en: "the body did not arrive in time" },
      });
      expect(await count("import_run")).toBe(before);
      const after = await post(port, good(), {
        "content-type": "text/csv",
        authorization: `Bearer ${TOKEN}`,
      });
      expect(after.status).toBe(200);
    },
  );
});

describe("token check", () => {
  it("finds the source of a token and nothing for near misses", () => {
    const tokens = [
      { source: "a", token: TOKEN },
      { source: "b", token: OTHER },
    ];
    expect(sourceForToken(`Bearer ${OTHER}`, tokens)).toBe("b");
    expect(sourceForToken(`bearer  ${TOKEN} `, tokens)).toBe("a");
    expect(sourceForToken(`Bearer ${TOKEN.slice(0, -1)}`, tokens)).toBeNull();
    expect(sourceForToken(TOKEN, tokens)).toBeNull();
    expect(sourceForToken(undefined, tokens)).toBeNull();
    expect(sourceForToken("Bearer ", [{ source: "empty", token: "" }])).toBeNull();
  });
});
