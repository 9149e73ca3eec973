// The mount: POST /api/efforts exists only with tokens configured, and a bad code map stops start-up.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { mountEffortImport } from "../../src/ingest/mount.ts";
import { type Runtime, StartupError } from "../../src/main.ts";
import { BACKENDS } from "./backends.ts";

const temp = await mkdtemp(join(tmpdir(), "sip-ingest-mount-"));
const h = await (BACKENDS[0] ?? { open: () => Promise.reject(new Error("no backend")) }).open();
afterAll(async () => {
  await h.close();
  await rm(temp, { recursive: true, force: true });
});
const runtime = { deps: h.deps, db: h.db } as unknown as Runtime;
const TOKENS = `cosmic=${"c".repeat(40)}`;

describe("mountEffortImport", () => {
  it("mounts nothing without tokens, and POST /api/efforts with them", async () => {
    expect(await mountEffortImport(runtime, loadConfig({}))).toBeNull();
    const mount = await mountEffortImport(runtime, loadConfig({ SIP_IMPORT_TOKENS: TOKENS }));
    expect([...(mount?.routes.keys() ?? [])]).toEqual(["POST /api/efforts"]);
  });

  it("refuses a code map that names no effort, or is not a map of codes", async () => {
    const good = join(temp, "good.json");
    await writeFile(good, JSON.stringify({ "KVÅ:AB123": "psykiatrisk-oppenvard", "KSI:XY1": "hemtjanst" }));
    const config = (file: string) =>
      loadConfig({ SIP_IMPORT_TOKENS: TOKENS, SIP_IMPORT_CODE_MAP_FILE: file });
    expect(await mountEffortImport(runtime, config(good))).not.toBeNull();
    const unknown = join(temp, "unknown.json");
    await writeFile(unknown, JSON.stringify({ "KVÅ:AB123": "trolldom" }));
    await expect(mountEffortImport(runtime, config(unknown))).rejects.toThrow(StartupError);
    const wrongKey = join(temp, "wrong.json");
    await writeFile(wrongKey, JSON.stringify({ AB123: "hemtjanst" }));
    await expect(mountEffortImport(runtime, config(wrongKey))).rejects.toThrow(
      /SIP_IMPORT_CODE_MAP_FILE: .*wrong.json/,
    );
    await expect(mountEffortImport(runtime, config(join(temp, "missing.json")))).rejects.toThrow(
      /cannot read/,
    );
  });
});
