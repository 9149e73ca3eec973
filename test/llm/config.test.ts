// Configuration of the optional model: each provider's required variables, the short default timeout,
// and start-up that stops with a clear message on broken prompt files or an unreadable names file.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { LlmStartupError, modelFromConfig } from "../../src/llm/from-config.ts";
import { StartupError, startRuntime } from "../../src/main.ts";

const problems = (env: Record<string, string | undefined>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe("SIP_LLM_* settings", () => {
  it("defaults to no model and a timeout of a few seconds", () => {
    const c = loadConfig({});
    expect(c.SIP_LLM_PROVIDER).toBe("none");
    expect(c.SIP_LLM_TIMEOUT_MS).toBe(5000);
  });

  it.each([
    [{ SIP_LLM_PROVIDER: "openai" }, ["SIP_LLM_MODEL", "OPENAI_API_KEY"]],
    [{ SIP_LLM_PROVIDER: "compatible", SIP_LLM_MODEL: "llama" }, ["OPENAI_BASE_URL"]],
    [
      { SIP_LLM_PROVIDER: "azure", SIP_LLM_MODEL: "sip-gpt" },
      ["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "OPENAI_API_VERSION"],
    ],
  ])("names what %o lacks", (env, names) => {
    const found = problems(env).join("\n");
    for (const n of names) expect(found).toContain(n);
  });

  it.each([
    { SIP_LLM_PROVIDER: "gemini" },
    { SIP_LLM_TIMEOUT_MS: "100" },
    { SIP_LLM_TIMEOUT_MS: "600000" },
    { OPENAI_BASE_URL: "ftp://example" },
    { AZURE_OPENAI_ENDPOINT: "http://not-tls.example" },
  ])("refuses %o", (env) => {
    expect(problems(env).length).toBeGreaterThan(0);
  });

  it("accepts each provider with what it needs", () => {
    expect(
      problems({ SIP_LLM_PROVIDER: "openai", SIP_LLM_MODEL: "gpt-4.1-mini", OPENAI_API_KEY: "sk-x" }),
    ).toEqual([]);
    expect(
      problems({
        SIP_LLM_PROVIDER: "compatible",
        SIP_LLM_MODEL: "llama",
        OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      }),
    ).toEqual([]);
    expect(
      problems({
        SIP_LLM_PROVIDER: "azure",
        SIP_LLM_MODEL: "sip-gpt",
        AZURE_OPENAI_ENDPOINT: "https://sip-sweden.openai.azure.com/",
        AZURE_OPENAI_API_KEY: "k",
        OPENAI_API_VERSION: "2024-10-21",
      }),
    ).toEqual([]);
  });
});

describe("start-up of the model", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sip-llm-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const compatible = () =>
    loadConfig({
      SIP_LLM_PROVIDER: "compatible",
      SIP_LLM_MODEL: "m",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
    });

  it("gives no model for provider none, and a model with the shipped prompts", async () => {
    expect(await modelFromConfig(loadConfig({}))).toBeUndefined();
    expect((await modelFromConfig(compatible()))?.provider).toBe("compatible");
  });

  it("stops with a message naming the prompt problem", async () => {
    await expect(modelFromConfig(compatible(), dir)).rejects.toThrow(LlmStartupError);
    await expect(modelFromConfig(compatible(), dir)).rejects.toThrow(/Prompt files: missing prompt files/);
  });

  it("stops when the names file cannot be read, and reads it when it can", async () => {
    const missing = loadConfig({
      SIP_LLM_PROVIDER: "compatible",
      SIP_LLM_MODEL: "m",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      SIP_LLM_REDACT_NAMES_FILE: join(dir, "nope.txt"),
    });
    await expect(modelFromConfig(missing)).rejects.toThrow(/SIP_LLM_REDACT_NAMES_FILE: cannot read/);
    const file = join(dir, "names.txt");
    await writeFile(file, "# namn som inte får nå en modell\nGreta Gustafsson\n\n");
    expect(await modelFromConfig({ ...missing, SIP_LLM_REDACT_NAMES_FILE: file })).toBeDefined();
  });
});

describe("startRuntime", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sip-llm-runtime-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("wires the configured model into the use-case dependencies, and none by default", async () => {
    const plain = await startRuntime(loadConfig({ SIP_DATA_DIR: join(dir, "plain") }));
    expect(plain.deps.model).toBeUndefined();
    await plain.close();
    const withModel = await startRuntime(
      loadConfig({
        SIP_DATA_DIR: join(dir, "model"),
        SIP_LLM_PROVIDER: "compatible",
        SIP_LLM_MODEL: "m",
        OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      }),
    );
    expect(withModel.deps.model?.provider).toBe("compatible");
    await withModel.close();
    // Two embedded databases are created and migrated here, which takes a while on a busy machine.
  }, 120_000);

  it("stops with a StartupError before opening the store when the model cannot be set up", async () => {
    const config = loadConfig({
      SIP_DATA_DIR: join(dir, "broken"),
      SIP_LLM_PROVIDER: "compatible",
      SIP_LLM_MODEL: "m",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      SIP_LLM_REDACT_NAMES_FILE: join(dir, "missing.txt"),
    });
    await expect(startRuntime(config)).rejects.toThrow(StartupError);
    await expect(startRuntime(config)).rejects.toThrow(/SIP_LLM_REDACT_NAMES_FILE/);
  });
});
