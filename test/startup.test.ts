import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { StartupError, startRuntime } from "../src/main.ts";

// Start-up wiring: a region's effort overrides are loaded and checked, and the embedded store's hash key is
// generated once and kept.
const dir = await mkdtemp(join(tmpdir(), "sip-startup-"));

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configWith(overrides: unknown, name: string) {
  const file = join(dir, `${name}.json`);
  await writeFile(file, typeof overrides === "string" ? overrides : JSON.stringify(overrides));
  return loadConfig({ SIP_DATA_DIR: join(dir, `data-${name}`), SIP_EFFORT_TAXONOMY_FILE: file });
}

describe("start-up", () => {
  it("applies a region's override of the effort taxonomy", async () => {
    const runtime = await startRuntime(
      await configWith(
        [{ code: "hemsjukvard", principal: "REGION", varies: false }],
        "region-runs-home-care",
      ),
    );
    try {
      expect(runtime.deps.taxonomy.find("hemsjukvård")).toMatchObject({ principal: "REGION", varies: false });
    } finally {
      await runtime.close();
    }
  });

  it.each([
    ["not JSON", "{ nope", /cannot read .* as JSON/],
    ["a wrong shape", { code: "x" }, /not a valid override list/],
    ["an unknown principal", [{ code: "hemtjanst", principal: "LANDSTING" }], /not a valid override list/],
    ["a new kind without its names", [{ code: "ny-insats" }], /ny-insats/],
  ])("refuses an override file with %s, naming the setting", async (_label, content, message) => {
    const config = await configWith(content, `bad-${Math.random().toString(36).slice(2)}`);
    const failure = startRuntime(config);
    await expect(failure).rejects.toBeInstanceOf(StartupError);
    await expect(failure).rejects.toThrow(/SIP_EFFORT_TAXONOMY_FILE/);
    await expect(failure).rejects.toThrow(message);
  });

  it("generates the hash key once, readable only by its owner, and keeps it", async () => {
    const config = loadConfig({ SIP_DATA_DIR: join(dir, "keyed") });
    const first = await startRuntime(config);
    const key = first.deps.settings.idSecret;
    await first.close();
    const file = join(dir, "keyed", "id-secret");
    expect((await readFile(file, "utf8")).trim()).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(file)).mode & 0o077).toBe(0);
    const second = await startRuntime(config);
    expect(second.deps.settings.idSecret).toBe(key);
    await second.close();
  });
});
