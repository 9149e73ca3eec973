import { spawn } from "node:child_process";
import { access, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseOpenError, openDatabase } from "../../src/store/database.ts";

// A first start killed inside PGlite's initdb leaves a half-made cluster that PGlite cannot open (the
// kill -9 fault test met it). The next start must set it aside and begin afresh, and must never do that to a
// folder that was once opened successfully.
const dirs: string[] = [];
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sip-first-start-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A cluster PGlite refuses: PG_VERSION without the rest, as initdb leaves it when killed early. */
async function halfMade(dir: string): Promise<void> {
  await writeFile(join(dir, "PG_VERSION"), "17\n");
  await writeFile(join(dir, "postgresql.conf"), "# half written\n");
}

describe("a data folder whose first start was interrupted", () => {
  it("is set aside, kept, and the store starts afresh", async () => {
    const dir = await folder();
    await halfMade(dir);
    await writeFile(join(dir, "id-secret"), "x".repeat(64));
    const db = await openDatabase({ dataDir: dir });
    try {
      const [row] = await db.runner.query<{ n: number }>("SELECT count(*)::int AS n FROM person");
      expect(row?.n).toBe(0);
    } finally {
      await db.close();
    }
    const entries = await readdir(dir);
    const aside = entries.filter((e) => e.startsWith("interrupted-first-start-"));
    expect(aside).toHaveLength(1);
    expect(await readdir(join(dir, aside[0] ?? ""))).toEqual(
      expect.arrayContaining(["PG_VERSION", "postgresql.conf"]),
    );
    expect(entries).toContain("id-secret"); // ours stays where it was
    expect(entries).toContain("sip-store-started");
  }, 60_000);

  it("is never set aside once the folder has been opened: the error is reported instead", async () => {
    const dir = await folder();
    await (await openDatabase({ dataDir: dir })).close();
    // Now break it the same way: the marker says it was opened, so nothing may be moved.
    for (const e of await readdir(dir)) {
      if (!["sip-store-started", "sip.lock", "id-secret"].includes(e))
        await rm(join(dir, e), { recursive: true });
    }
    await halfMade(dir);
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseOpenError);
    expect((await readdir(dir)).filter((e) => e.startsWith("interrupted-"))).toEqual([]);
  }, 60_000);

  it("opens after a first start that was really killed with SIGKILL during initdb", async () => {
    const dir = await folder();
    // A bare PGlite creating the cluster, killed a moment in (initdb takes seconds here).
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { PGlite } from "@electric-sql/pglite"; await new PGlite(${JSON.stringify(dir)}).waitReady; setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: "ignore" },
    );
    for (let i = 0; i < 200; i++) {
      const started = await access(join(dir, "PG_VERSION")).then(
        () => true,
        () => false,
      );
      if (started) break;
      await sleep(10);
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const db = await openDatabase({ dataDir: dir });
    try {
      const [row] = await db.runner.query<{ n: number }>("SELECT count(*)::int AS n FROM staff_profile");
      expect(row?.n).toBe(0);
    } finally {
      await db.close();
    }
  }, 90_000);
});
