// The import settings in src/config.ts: tokens per source with a minimum length, and the body cap.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const token = "a".repeat(32);

describe("import configuration", () => {
  it("reads source=token pairs and the defaults", () => {
    const c = loadConfig({ SIP_IMPORT_TOKENS: ` cosmic=${token} , treserva=${"b".repeat(40)}` });
    expect(c.SIP_IMPORT_TOKENS).toEqual([
      { source: "cosmic", token },
      { source: "treserva", token: "b".repeat(40) },
    ]);
    expect(c.SIP_IMPORT_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(loadConfig({}).SIP_IMPORT_TOKENS).toBeUndefined();
  });

  it("refuses short tokens, pairs without a source, and a zero cap, naming the variable", () => {
    for (const bad of [`cosmic=${"a".repeat(31)}`, token, `=${token}`, `co smic=${token}`]) {
      expect(() => loadConfig({ SIP_IMPORT_TOKENS: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ SIP_IMPORT_TOKENS: "cosmic=short" })).toThrow(/SIP_IMPORT_TOKENS/);
    expect(() => loadConfig({ SIP_IMPORT_MAX_BYTES: "0" })).toThrow(/SIP_IMPORT_MAX_BYTES/);
  });
});
