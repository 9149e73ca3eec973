import type { z } from "zod";
import type { Result } from "../domain/result.ts";
import type { Locale } from "./ports.ts";

// The port through which use cases may ask a language model for a draft. src/llm implements it (OpenAI,
// Azure OpenAI, any OpenAI-compatible server); with no model configured the use cases never call it and
// use the deterministic templates. A model only ever proposes structured data: the use case decides what
// is read before the call, re-checks what comes back, and a person confirms before anything counts.

export const DRAFT_TASKS = ["agenda", "questions", "extract", "summary"] as const;
export type DraftTask = (typeof DRAFT_TASKS)[number];

/**
 * unavailable: no answer (network, HTTP error, no credentials); timeout: no answer in time;
 * invalidOutput: answers that failed the schema twice; blocked: the request still held an identifier
 * after redaction and was not sent.
 */
export type ModelFailure = "unavailable" | "timeout" | "invalidOutput" | "blocked";

export interface ModelRequest<T> {
  task: DraftTask;
  locale: Locale;
  /** The prompt's named variables; plain text holding only what the task needs. */
  variables: Readonly<Record<string, string>>;
  /** What the answer must be; checked by the model port and again by the use case. */
  schema: z.ZodType<T>;
  /** Names to replace with placeholders before anything is sent (staff directory, names the caller knows). */
  names: readonly string[];
}

export interface ModelPort {
  /** For the audit trail: "openai", "azure", "compatible". */
  readonly provider: string;
  propose<T>(request: ModelRequest<T>): Promise<Result<T, ModelFailure>>;
}

/** Where a draft came from, so the reader knows whether a model wrote it and why not. */
export type DraftSource =
  { kind: "template"; fallback: ModelFailure | null } | { kind: "model"; provider: string };
