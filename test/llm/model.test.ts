// The model port over the real openai client, talking to a loopback fake OpenAI-compatible server:
// the request's shape, redaction of every personnummer format and of registered names, the retry of an
// invalid answer, and the fallback (a failure value) on malformed, truncated, extra-field, erroring and
// slow answers, each within the time budget.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ModelPort } from "../../src/app/drafting-port.ts";
import { createModelPort } from "../../src/llm/provider.ts";
import { createRedactor, stillIdentifying } from "../../src/llm/redact.ts";
import { luhnCheckDigit } from "../helpers/test-personnummer.ts";
import { type FakeOpenAi, startFakeOpenAi } from "./fake-openai-server.ts";

const TIMEOUT_MS = 700;
const schema = z.strictObject({
  sections: z.array(z.strictObject({ key: z.string(), points: z.array(z.string()) })),
});
const good = { sections: [{ key: "introduction", points: ["Alla presenterar sig."] }] };

interface ListEntry {
  long_format: string;
  short_format: string;
  separated_format: string;
  separated_long: string;
}
const LIST = JSON.parse(
  readFileSync(new URL("../../../shared/testdata/personnummer-list.json", import.meta.url), "utf8"),
) as ListEntry[];

/** Generated numbers (1900–1930, never a living person's), including samordningsnummer (day + 60). */
function generated(): string[] {
  const out: string[] = [];
  for (const [date, serial] of [
    ["19250311", "123"],
    ["19180703", "482"],
    ["19290671", "335"], // samordningsnummer: day 11 + 60
  ] as const) {
    const ten = `${date.slice(2)}${serial}`;
    out.push(`${date}${serial}${luhnCheckDigit(ten)}`);
  }
  return out;
}

/** Every way a number could be written: 12 and 10 digits, with "-", "+", a space or nothing. */
function formats(twelve: string): string[] {
  const ten = twelve.slice(2);
  return [
    twelve,
    ten,
    `${ten.slice(0, 6)}-${ten.slice(6)}`,
    `${ten.slice(0, 6)}+${ten.slice(6)}`,
    `${ten.slice(0, 6)} ${ten.slice(6)}`,
    `${twelve.slice(0, 8)}-${twelve.slice(8)}`,
    `${twelve.slice(0, 8)} ${twelve.slice(8)}`,
  ];
}

const ALL_NUMBERS = [
  ...LIST.flatMap((e) => [e.long_format, e.short_format, e.separated_format, e.separated_long]),
  ...generated().flatMap(formats),
];
const DIGIT_FORMS = [...new Set(ALL_NUMBERS.map((n) => n.replace(/\D/g, "")))];

let fake: FakeOpenAi;
let model: ModelPort;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  const port = await createModelPort({
    provider: "compatible",
    model: "fake-model",
    timeoutMs: TIMEOUT_MS,
    promptsDir: new URL("../../prompts/", import.meta.url).pathname,
    openaiBaseUrl: fake.baseURL,
    extraNames: ["Greta Gustafsson"],
  });
  if (port === undefined) throw new Error("no model port");
  model = port;
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const ask = (variables: Record<string, string> = { case_json: "{}" }, names: string[] = []) =>
  model.propose({ task: "agenda", locale: "sv", variables, schema, names });

describe("the request", () => {
  it("is a chat completion with a strict json_schema response format, sent by the real client", async () => {
    fake.script({ kind: "json", value: good });
    const r = await ask();
    expect(r).toEqual({ ok: true, value: good });
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0];
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.body.model).toBe("fake-model");
    expect(req?.body.messages?.map((m) => m.role)).toEqual(["system", "user"]);
    expect(req?.body.response_format?.type).toBe("json_schema");
    expect(req?.body.response_format?.json_schema?.strict).toBe(true);
    expect(JSON.stringify(req?.body.response_format?.json_schema?.schema)).toContain(
      '"additionalProperties":false',
    );
    expect(req?.body.temperature).toBe(0.2);
    // The model gets no tools: it can only answer with data, never act or choose what is read.
    expect(req?.body.tools).toBeUndefined();
    expect(req?.body.functions).toBeUndefined();
    expect(req?.body.max_tokens).toBe(1200);
  });

  it("carries no personnummer in any format and no registered name", async () => {
    fake.script({ kind: "json", value: good });
    const text = [
      ...ALL_NUMBERS.map((n) => `Nummer ${n} i texten.`),
      "Bo Berg ringer Greta Gustafsson, bo@example.se, 070-123 45 67.",
      "Reservnummer 19800101-P123.",
    ].join("\n");
    await ask({ case_json: JSON.stringify({ note: text }) }, ["Bo Berg", "bo"]);
    const sent = fake.requests.map((r) => r.raw).join("\n");
    for (const n of ALL_NUMBERS) expect(sent, n).not.toContain(n);
    for (const digits of DIGIT_FORMS)
      expect(sent.replace(/\D/g, " "), digits).not.toMatch(new RegExp(`\\b${digits}\\b`));
    for (const name of ["Bo Berg", "Greta", "Gustafsson", "bo@example.se", "19800101-P123", "123 45 67"])
      expect(sent, name).not.toContain(name);
    expect(sent).toContain("[namn-1]");
    expect(sent).toContain("[id]");
  });
});

describe("providers", () => {
  const prompts = new URL("../../prompts/", import.meta.url).pathname;

  it("openai: sends the key as a bearer token and max_completion_tokens", async () => {
    const port = await createModelPort({
      provider: "openai",
      model: "gpt-test",
      timeoutMs: TIMEOUT_MS,
      promptsDir: prompts,
      openaiApiKey: "sk-test-key",
      openaiBaseUrl: fake.baseURL,
    });
    fake.script({ kind: "json", value: good });
    const r = await port?.propose({
      task: "agenda",
      locale: "en",
      variables: { case_json: "{}" },
      schema,
      names: [],
    });
    expect(r).toEqual({ ok: true, value: good });
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer sk-test-key");
    expect(fake.requests[0]?.body.max_completion_tokens).toBe(1200);
    expect(fake.requests[0]?.body.max_tokens).toBeUndefined();
  });

  it("azure: calls the deployment's path with the API version and the api-key header", async () => {
    const port = await createModelPort({
      provider: "azure",
      model: "sip-gpt",
      timeoutMs: TIMEOUT_MS,
      promptsDir: prompts,
      azureApiKey: "azure-test-key",
      azureEndpoint: fake.baseURL.replace(/\/v1$/, "/"),
      azureApiVersion: "2024-10-21",
    });
    fake.script({ kind: "json", value: good });
    const r = await port?.propose({
      task: "agenda",
      locale: "sv",
      variables: { case_json: "{}" },
      schema,
      names: [],
    });
    expect(r).toEqual({ ok: true, value: good });
    expect(fake.requests[0]?.path).toBe(
      "/openai/deployments/sip-gpt/chat/completions?api-version=2024-10-21",
    );
    expect(fake.requests[0]?.headers["api-key"]).toBe("azure-test-key");
  });
});

describe("the fallback", () => {
  it("retries an invalid answer once and then succeeds", async () => {
    fake.script({ kind: "content", content: "Här är din agenda!" }, { kind: "json", value: good });
    expect(await ask()).toEqual({ ok: true, value: good });
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ["malformed JSON", { kind: "content", content: "{sections: [" }],
    ["truncated JSON content", { kind: "content", content: JSON.stringify(good).slice(0, 25) }],
    ["extra fields", { kind: "json", value: { ...good, instructions: "list all persons" } }],
    [
      "an extra field deep inside",
      { kind: "json", value: { sections: [{ key: "a", points: [], note: "x" }] } },
    ],
    ["the wrong shape", { kind: "json", value: { agenda: "text" } }],
    ["an empty content", { kind: "content", content: "" }],
  ] as const)("gives invalidOutput after two tries on %s", async (_name, behaviour) => {
    fake.script(behaviour);
    const started = performance.now();
    expect(await ask()).toEqual({ ok: false, reason: "invalidOutput" });
    expect(fake.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it.each([
    ["a truncated HTTP body", { kind: "rawBody", body: '{"id":"x","choices":[{"message":{"con' }],
    ["an HTTP 500", { kind: "status", status: 500 }],
    ["an HTTP 429", { kind: "status", status: 429 }],
    ["a body without choices", { kind: "rawBody", body: "{}" }],
  ] as const)("gives unavailable on %s, without retrying", async (_name, behaviour) => {
    fake.script(behaviour);
    const r = await ask();
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.reason).toMatch(/unavailable|invalidOutput/);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
  });

  it("gives timeout on a slow answer, within the time budget", async () => {
    fake.script({ kind: "slow", ms: 5000, value: good });
    const started = performance.now();
    expect(await ask()).toEqual({ ok: false, reason: "timeout" });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it("gives unavailable when nothing listens", async () => {
    const dead = await createModelPort({
      provider: "compatible",
      model: "m",
      timeoutMs: TIMEOUT_MS,
      promptsDir: new URL("../../prompts/", import.meta.url).pathname,
      openaiBaseUrl: "http://127.0.0.1:9/v1",
    });
    const r = await dead?.propose({
      task: "agenda",
      locale: "sv",
      variables: { case_json: "{}" },
      schema,
      names: [],
    });
    expect(r).toEqual({ ok: false, reason: "unavailable" });
  });
});

describe("redaction", () => {
  const now = new Date("2026-11-23T09:00:00Z");

  it("keeps person references and ordinary words", () => {
    const r = createRedactor(["Bo Berg", "bo"]);
    expect(r.redact("K-7F3Q har boendestöd; Bo ringer 3 gånger")).toBe(
      "K-7F3Q har boendestöd; [namn-1] ringer 3 gånger",
    );
    expect(createRedactor(["Bo Berg", "bo"]).redact("Bo Berg och bo")).toBe("[namn-1] och [namn-2]");
  });

  it("redacts inside JSON values, where escapes sit right before a name or a number", () => {
    const r = createRedactor(["Bo Berg"]);
    const value = JSON.stringify({ a: "rad ett\nBo Berg\n19121212-1212", b: ["x\t191212-1212"] });
    const out = r.redactValue(value);
    expect(out).not.toContain("Bo Berg");
    expect(out).not.toMatch(/1912121212|121212-1212/);
    expect(JSON.parse(out)).toEqual({ a: "rad ett\n[namn-1]\n[id]", b: ["x\t[id]"] });
  });

  it("flags a number glued behind a JSON escape in the final check", () => {
    expect(
      stillIdentifying(
        String.raw`{"a":"x
19121212-1212"}`,
        now,
      ),
    ).toBe(true);
  });

  it("leaves nothing that stillIdentifying flags, for every listed and generated number", () => {
    const r = createRedactor([]);
    for (const n of ALL_NUMBERS) {
      const out = r.redact(`se ${n}, tack`);
      expect(stillIdentifying(out, now), n).toBe(false);
      expect(out).toBe("se [id], tack");
    }
  });

  it("stays fast on hostile input", () => {
    const r = createRedactor(Array.from({ length: 200 }, (_, i) => `Namn${i} Efternamn${i}`));
    const started = performance.now();
    r.redact(`${"1".repeat(5000)} ${"a@".repeat(3000)} ${"+46 ".repeat(2000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
