// `sip import` as an operator runs it: a real process, a file in a temp folder, the summary on stdout (one
// line when piped), rejections on stderr, and the exit code saying whether anything was rejected.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { progressLine } from "../../src/ingest/import-command.ts";
import { csv, pnr } from "./helpers.ts";

const run = promisify(execFile);
const SIP = fileURLToPath(new URL("../../bin/sip.js", import.meta.url));
// The project's Node 24 directly: bin/sip.js would otherwise start an older system Node only to re-run itself.
const NODE_24 = fileURLToPath(new URL("../../node_modules/node/bin/node", import.meta.url));
const NODE = existsSync(NODE_24) ? NODE_24 : process.execPath;
const temp = await mkdtemp(join(tmpdir(), "sip-import-cli-"));
afterAll(() => rm(temp, { recursive: true, force: true }));

async function sip(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SIP_LOCALE: "sv",
    ...extra,
    SIP_DATA_DIR: join(temp, "data"),
    SIP_ID_SECRET: "x".repeat(40),
  };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(NODE, [SIP, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("sip import", () => {
  it("imports a Windows-1252 file, prints one summary line, reports rejections, and is idempotent", async () => {
    const file = join(temp, "export.csv");
    const text = csv(
      `treserva;${pnr(700)};Särskilt boende;kommun;Åby (test);2026-01-10;`,
      `treserva;${pnr(701)};hemtjänst;kommun;;2026-13-01;`,
    );
    await writeFile(file, iconv.encode(text, "win1252"));
    const first = await sip(["import", file]);
    expect(first.code).toBe(3);
    expect(first.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^Import från treserva: 1 tillagda, 0 ändrade, 0 avslutade, 0 oförändrade, 1 avvisade, 0 SIP-förslag/,
      ),
    ]);
    expect(first.stderr).toContain('rad 3: startdatumet "2026-13-01" är inte ett datum (ÅÅÅÅ-MM-DD)');
    expect(`${first.stdout}${first.stderr}`).not.toContain(pnr(701));

    const again = await sip(["import", file, "--source", "treserva"]);
    expect(again.stdout).toMatch(/0 tillagda, 0 ändrade, 0 avslutade, 1 oförändrade, 1 avvisade/);

    const english = await sip(["import", file, "--lang", "en"]);
    expect(english.stdout).toMatch(
      /^Import from treserva: 0 added, 0 updated, 0 ended, 1 unchanged, 1 rejected/,
    );
    expect(english.stderr).toContain('line 3: the start date "2026-13-01" is not a date (YYYY-MM-DD)');
    const byLocale = await sip(["import", file], { SIP_LOCALE: "en" });
    expect(byLocale.stderr).toContain("line 3: the start date");
    expect(`${english.stdout}${english.stderr}${byLocale.stderr}`).not.toContain(pnr(701));
  }, 120_000);

  it("explains usage mistakes", async () => {
    const fhir = await sip(["import", join(temp, "bundle.json")]);
    expect(fhir).toMatchObject({ code: 2, stderr: expect.stringMatching(/--source/) });
    const missing = await sip(["import", join(temp, "nope.csv")]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/finns inte/) });
    const missingEn = await sip(["import", join(temp, "nope.csv"), "--lang", "en"]);
    expect(missingEn).toMatchObject({ code: 1, stderr: expect.stringMatching(/does not exist/) });
    const header = join(temp, "no-header.csv");
    await writeFile(header, "namn;adress\nx;y\n");
    const noColumns = await sip(["import", header, "--source", "treserva"]);
    expect(noColumns).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^Importen misslyckades: rubrikraden saknar kolumnerna personnummer/),
    });
  }, 60_000);

  it("shows rows per second, done/total and time left", () => {
    expect(progressLine({ done: 5000, total: 20000 }, 2000)).toBe(
      "5\u00a0000 / 20\u00a0000 rader · 2\u00a0500 rader/s · ca 6 s kvar",
    );
    expect(progressLine({ done: 10, total: null }, 0)).toBe("10 rader · 0 rader/s");
    expect(progressLine({ done: 5000, total: 20000 }, 2000, "en")).toBe(
      "5,000 / 20,000 records · 2,500 records/s · about 6 s left",
    );
  });
});
