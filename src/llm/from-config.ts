import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ModelPort } from "../app/drafting-port.ts";
import type { Config } from "../config.ts";

// Start-up wiring of the optional model: read the redaction list, load and check the prompt files, build
// the client. Any problem is a start-up error with a clear message, never a failure at a user's request.
// The client and prompt modules (openai, langchain: tens of MB resident) are imported only when a provider
// is configured; without one the bot drafts from templates and never needs them.

/** The prompts folder of the installed package (prompts/ beside src/). */
export const PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

// A redaction list is a list of names, not a register; a much longer file is a wrong file.
const MAX_NAMES = 100_000;

export class LlmStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LlmStartupError";
  }
}

async function redactionNames(file: string | undefined): Promise<string[]> {
  if (file === undefined) return [];
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new LlmStartupError(
      `SIP_LLM_REDACT_NAMES_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  const names = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"));
  if (names.length > MAX_NAMES)
    throw new LlmStartupError(`SIP_LLM_REDACT_NAMES_FILE: more than ${MAX_NAMES} names`);
  return names;
}

/** The model port the configuration asks for, or undefined when SIP_LLM_PROVIDER is none. */
export async function modelFromConfig(
  config: Config,
  promptsDir: string = PROMPTS_DIR,
): Promise<ModelPort | undefined> {
  if (config.SIP_LLM_PROVIDER === "none") return undefined;
  const extraNames = await redactionNames(config.SIP_LLM_REDACT_NAMES_FILE);
  const [{ PromptError }, { createModelPort }] = await Promise.all([
    import("./prompts.ts"),
    import("./provider.ts"),
  ]);
  try {
    return await createModelPort({
      provider: config.SIP_LLM_PROVIDER,
      model: config.SIP_LLM_MODEL,
      timeoutMs: config.SIP_LLM_TIMEOUT_MS,
      promptsDir,
      openaiApiKey: config.OPENAI_API_KEY,
      openaiBaseUrl: config.OPENAI_BASE_URL,
      azureApiKey: config.AZURE_OPENAI_API_KEY,
      azureEndpoint: config.AZURE_OPENAI_ENDPOINT,
      azureApiVersion: config.OPENAI_API_VERSION,
      extraNames,
    });
  } catch (e) {
    if (e instanceof PromptError) throw new LlmStartupError(`Prompt files: ${e.message}`);
    throw e;
  }
}
