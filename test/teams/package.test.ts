// `sip teams-package`: manifest.json filled from configuration and zipped with its icons and English
// strings; the zip's manifest is checked against Microsoft's 1.29 schema, as the repository's is.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  buildPackage,
  fillManifest,
  runTeamsPackage,
  settingsFrom,
} from "../../adapters/teams/package-command.ts";
import { loadConfig } from "../../src/config.ts";
import { APP_ID, TENANT } from "./activities.ts";

const schemaUrl = new URL("../../../shared/schemas/teams-manifest-1.29.schema.json", import.meta.url);
const config = loadConfig({
  MicrosoftAppId: APP_ID,
  MicrosoftAppTenantId: TENANT,
  MicrosoftAppPassword: "x",
  TEAMS_BOT_ENDPOINT: "https://sip.kommun.example.se/api/messages",
});

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sip-teams-package-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("settings from configuration", () => {
  it("uses the bot's app id for the app and the bot, and the endpoint's host as the valid domain", () => {
    expect(settingsFrom(config)).toEqual({ appId: APP_ID, botId: APP_ID, domain: "sip.kommun.example.se" });
    const own = loadConfig({
      ...Object.fromEntries(Object.entries(config).filter(([, v]) => typeof v === "string")),
      TEAMS_APP_ID: TENANT,
    });
    expect(settingsFrom(own)).toMatchObject({ appId: TENANT, botId: APP_ID });
  });

  it("refuses without an app id, and a version that is not x.y.z", () => {
    expect(settingsFrom(loadConfig({}))).toMatch(/MicrosoftAppId saknas/);
    expect(settingsFrom(config, "1.0")).toMatch(/--version/);
    expect(settingsFrom(config, "1.0.0; rm -rf /")).toMatch(/--version/);
    expect(settingsFrom(config, "1.2.3")).toMatchObject({ version: "1.2.3" });
  });

  it("fills every bot's id and replaces the domains", () => {
    const filled = fillManifest(
      { icons: { color: "c.png", outline: "o.png" }, bots: [{ botId: "0" }], validDomains: ["old.example"] },
      { appId: "a", botId: "b", domain: null },
    );
    expect(filled).toMatchObject({ id: "a", bots: [{ botId: "b" }], validDomains: [] });
  });
});

describe("the package", () => {
  it("holds the filled manifest, both icons and the English strings, and the manifest validates", async () => {
    const { zip } = await buildPackage({
      appId: APP_ID,
      botId: APP_ID,
      domain: "sip.kommun.example.se",
      version: "1.0.1",
    });
    const files = await JSZip.loadAsync(zip);
    expect(Object.keys(files.files).sort()).toEqual(
      ["color.png", "locales/", "locales/en-US.json", "manifest.json", "outline.png"].sort(),
    );
    const manifest = JSON.parse((await files.file("manifest.json")?.async("string")) ?? "{}") as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      id: APP_ID,
      version: "1.0.1",
      validDomains: ["sip.kommun.example.se"],
      bots: [{ botId: APP_ID, scopes: ["personal", "team", "groupChat"] }],
    });
    const icon = await files.file("color.png")?.async("nodebuffer");
    expect(icon?.subarray(1, 4).toString()).toBe("PNG");
    if (!existsSync(schemaUrl)) return;
    const ajv = new AjvDraft04.default({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
    });
    ajv.addFormat("uri", { type: "string", validate: (s: string) => URL.canParse(s) });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaUrl, "utf8")) as object);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it("is written by the command, which names what it filled in", async () => {
    const out = join(dir, "app.zip");
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(await runTeamsPackage(config, ["--out", out, "--version", "0.2.0"])).toBe(0);
    const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
    log.mockRestore();
    expect(printed).toContain(`app-id ${APP_ID}`);
    expect(printed).toContain("validDomains: sip.kommun.example.se");
    const files = await JSZip.loadAsync(await readFile(out));
    expect(files.file("manifest.json")).not.toBeNull();
  });

  it("fails with a clear message and no file when the app id is missing", async () => {
    const out = join(dir, "none.zip");
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await runTeamsPackage(loadConfig({}), ["--out", out])).toBe(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/MicrosoftAppId/);
    error.mockRestore();
    expect(existsSync(out)).toBe(false);
  });
});
