import OpenAI, { AzureOpenAI } from "openai";
import type { ModelPort } from "../app/drafting-port.ts";
import { OpenAiModel } from "./openai-model.ts";
import { loadPrompts } from "./prompts.ts";

// Chooses the model client from configuration. The variables are the ones the openai client itself
// reads (OPENAI_API_KEY, OPENAI_BASE_URL; AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT,
// OPENAI_API_VERSION), passed on explicitly so that config.ts has checked them first.

export interface LlmSettings {
  provider: "none" | "openai" | "azure" | "compatible";
  /** Model name; for Azure, the deployment name. */
  model?: string | undefined;
  timeoutMs: number;
  promptsDir: string;
  openaiApiKey?: string | undefined;
  openaiBaseUrl?: string | undefined;
  azureApiKey?: string | undefined;
  azureEndpoint?: string | undefined;
  azureApiVersion?: string | undefined;
  extraNames?: readonly string[];
}

/** The model port, or undefined for "none". Prompt files are loaded and checked here, at start-up. */
export async function createModelPort(s: LlmSettings): Promise<ModelPort | undefined> {
  if (s.provider === "none") return undefined;
  const prompts = await loadPrompts(s.promptsDir);
  const model = s.model ?? "";
  // The SDK's own retries and ten-minute timeout would hold a user's reply hostage; the port decides.
  const common = { timeout: s.timeoutMs, maxRetries: 0 };
  let client: OpenAI;
  switch (s.provider) {
    case "openai":
      client = new OpenAI({
        ...common,
        apiKey: s.openaiApiKey ?? null,
        ...(s.openaiBaseUrl && { baseURL: s.openaiBaseUrl }),
      });
      break;
    case "compatible":
      // Local servers often want no key; the client insists on one, so a placeholder stands in.
      client = new OpenAI({
        ...common,
        apiKey: s.openaiApiKey ?? "not-needed",
        baseURL: s.openaiBaseUrl ?? null,
      });
      break;
    case "azure":
      client = new AzureOpenAI({
        ...common,
        apiKey: s.azureApiKey,
        endpoint: s.azureEndpoint,
        apiVersion: s.azureApiVersion,
        deployment: model,
      });
      break;
  }
  return new OpenAiModel({
    client,
    provider: s.provider,
    model,
    prompts,
    timeoutMs: s.timeoutMs,
    ...(s.extraNames && { extraNames: s.extraNames }),
  });
}
