import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The operator commands through the real `sip` entry: the unit directory and the audit export.
const BIN = fileURLToPath(new URL("../../bin/sip.js", import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), "sip-cli-"));

function sip(args: string[], input = "") {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, SIP_DATA_DIR: dataDir },
    input,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("sip units and sip audit", () => {
  it("adds units, refuses duplicates and bad input, and then seeds no demo directory", () => {
    expect(sip(["units", "add", "Vårdcentralen Norr", "region"])).toMatchObject({ code: 0 });
    expect(sip(["units", "add", "vårdcentralen norr", "region"]).code).toBe(1);
    expect(sip(["units", "add", "X", "landsting"]).code).toBe(2);
    expect(sip(["units", "add", "x".repeat(121), "kommun"]).code).toBe(2);
    expect(sip(["units", "remove"]).code).toBe(2);
    const list = sip(["units", "list"]);
    expect(list.out).toMatch(/REGION\s+Vårdcentralen Norr/);
    // An operator who set up units runs a real directory: no fictional staff appear.
    const chat = sip(["chat", "--as", "anna"], "sip hjälp\n");
    expect(chat.out).not.toContain("Demokatalog");
    expect(chat.out).toContain("Jag känner inte igen dig");
  }, 300_000);

  it("lists staff and approves only registrations that wait", () => {
    expect(sip(["staff", "list"]).code).toBe(0);
    expect(sip(["staff", "approve", "nobody"]).code).toBe(1);
    expect(sip(["staff", "frobnicate"]).code).toBe(2);
    expect(sip(["staff", "approve"]).code).toBe(2);
  }, 300_000);

  it("exports the audit trail as JSON lines and records the export", () => {
    const first = sip(["audit"]);
    expect(first.code).toBe(0);
    const rows = first.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { action: string; at: string });
    expect(rows.map((r) => r.action)).toContain("UNIT_CREATED");
    for (const r of rows) expect(r.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const second = sip(["audit"]);
    expect(second.out).toContain("AUDIT_EXPORTED");
    expect(sip(["audit", "--ref", "not-a-ref"]).code).toBe(2);
    expect(sip(["audit", "--unknown"]).code).toBe(2);
    expect(sip(["frobnicate"]).code).toBe(2);
  }, 300_000);
});
