import OpenAI from "openai";
import { z } from "zod";
import type { ModelFailure, ModelPort, ModelRequest } from "../app/drafting-port.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { PromptSet } from "./prompts.ts";
import { createRedactor, stillIdentifying } from "./redact.ts";

// The model port over the openai client, which speaks to OpenAI, Azure OpenAI and any OpenAI-compatible
// server alike. Per request: fill the task's prompt with redacted values, refuse to send if anything
// identifying is left, ask for JSON that matches the task's schema (response_format json_schema, strict),
// check the answer with zod, ask once more if it does not match, and give up within one time budget. The
// prompt and the answer are never logged: they are health data even when pseudonymous.

export interface OpenAiModelOptions {
  client: OpenAI;
  provider: "openai" | "azure" | "compatible";
  model: string;
  prompts: PromptSet;
  /** Total time for one proposal, retry included. */
  timeoutMs: number;
  /** Names the deployment registers beyond the staff directory. */
  extraNames?: readonly string[];
  now?: () => Date;
}

// Keywords strict structured output does not take; zod still checks them on the answer.
const UNSUPPORTED = new Set(["$schema", "minLength", "maxLength", "format", "pattern"]);

function strictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const clean = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(clean);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>)
        .filter(([k]) => !UNSUPPORTED.has(k))
        .map(([k, v]) => [k, clean(v)]),
    );
  };
  return clean(z.toJSONSchema(schema, { io: "output" })) as Record<string, unknown>;
}

function isTimeout(e: unknown, signal: AbortSignal): boolean {
  return (
    signal.aborted ||
    e instanceof OpenAI.APIConnectionTimeoutError ||
    (e instanceof Error && e.name === "AbortError")
  );
}

export class OpenAiModel implements ModelPort {
  readonly provider: string;
  readonly #o: OpenAiModelOptions;

  constructor(options: OpenAiModelOptions) {
    this.#o = options;
    this.provider = options.provider;
  }

  async propose<T>(request: ModelRequest<T>): Promise<Result<T, ModelFailure>> {
    const o = this.#o;
    const now = o.now?.() ?? new Date();
    const prompt = o.prompts.get(request.task, request.locale);
    const redactor = createRedactor([...request.names, ...(o.extraNames ?? [])]);
    const values = Object.fromEntries(
      Object.entries(request.variables).map(([k, v]) => [k, redactor.redactValue(v)]),
    );
    const { system, user } = await prompt.render(values);
    // The templates are ours and the values redacted; should anything still look like an identifier,
    // the request is not sent at all.
    if (stillIdentifying(system, now) || stillIdentifying(user, now)) return fail("blocked");

    const signal = AbortSignal.timeout(o.timeoutMs);
    const limit =
      o.provider === "compatible"
        ? { max_tokens: prompt.maxTokens }
        : { max_completion_tokens: prompt.maxTokens };
    const body = {
      model: o.model,
      messages: [
        { role: "system" as const, content: system },
        { role: "user" as const, content: user },
      ],
      temperature: prompt.temperature,
      ...limit,
      response_format: {
        type: "json_schema" as const,
        json_schema: { name: `sip_${request.task}`, strict: true, schema: strictJsonSchema(request.schema) },
      },
    };
    // One retry for an answer that is not what was asked for; network errors are not retried, since the
    // user is waiting and the templates are a good answer too.
    for (let attempt = 0; attempt < 2; attempt++) {
      let content: string | null | undefined;
      try {
        const completion = await o.client.chat.completions.create(body, {
          signal,
          timeout: o.timeoutMs,
          maxRetries: 0,
        });
        content = completion.choices[0]?.message?.content;
      } catch (e) {
        return fail(isTimeout(e, signal) ? "timeout" : "unavailable");
      }
      let json: unknown;
      try {
        json = JSON.parse(content ?? "");
      } catch {
        continue;
      }
      const parsed = request.schema.safeParse(json);
      if (parsed.success) return ok(parsed.data);
    }
    return fail("invalidOutput");
  }
}
