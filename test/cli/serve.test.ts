import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// `sip serve` through the real entry: health check, unknown routes, hostile requests, clean shutdown.
const BIN = fileURLToPath(new URL("../../bin/sip.js", import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), "sip-serve-"));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

async function waitFor(url: string, deadlineMs: number): Promise<Response> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

let child: ChildProcess | null = null;

afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

describe("sip serve", () => {
  it("answers health checks, refuses what it does not serve, and shuts down cleanly on SIGTERM", async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, [BIN, "serve"], {
      env: { ...process.env, SIP_DATA_DIR: dataDir, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;

    const health = await waitFor(`${base}/healthz`, 90_000);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: "ok", store: "pglite" });
    expect(existsSync(join(dataDir, "sip.lock"))).toBe(true);

    expect((await fetch(`${base}/healthz?x=1`)).status).toBe(200);
    const missing = await fetch(`${base}/api/unknown`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "not found" });
    expect((await fetch(`${base}/healthz`, { method: "POST", body: "x".repeat(1_000_000) })).status).toBe(
      404,
    );
    expect((await fetch(`${base}/${"a".repeat(8000)}`)).status).toBe(404);

    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, "sip.lock"))).toBe(false);
  }, 180_000);
});
