import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import JSZip from "jszip";
import type { Config } from "../../src/config.ts";

// `sip teams-package`: the zip a Teams admin uploads (Teams admin center → Manage apps → Upload). It is
// manifest.json from the repository root with the ids and domain of this deployment filled in, plus the
// icons and the English strings from assets/teams/ (see that folder's README).

const MANIFEST = new URL("../../manifest.json", import.meta.url);
const ASSETS = new URL("../../assets/teams/", import.meta.url);
const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
const SEMVER = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/;

export interface PackageSettings {
  appId: string;
  botId: string;
  /** The host of the public messaging endpoint; Teams only opens links and tabs on listed domains. */
  domain: string | null;
  version?: string;
}

type Manifest = Record<string, unknown> & {
  bots?: Record<string, unknown>[];
  icons: { color: string; outline: string };
  localizationInfo?: { additionalLanguages?: { file: string }[] };
};

export function fillManifest(base: Manifest, s: PackageSettings): Manifest {
  return {
    ...base,
    id: s.appId,
    ...(s.version !== undefined && { version: s.version }),
    bots: (base.bots ?? []).map((b) => ({ ...b, botId: s.botId })),
    validDomains: s.domain === null ? [] : [s.domain],
  };
}

export function settingsFrom(config: Config, version?: string): PackageSettings | string {
  if (config.MicrosoftAppId === undefined)
    return "MicrosoftAppId saknas: paketet behöver botens Entra-app-id (se README, avsnittet Microsoft Teams).";
  if (version !== undefined && !SEMVER.test(version))
    return `--version ska se ut som 1.0.3 (fick "${version.slice(0, 40)}")`;
  return {
    appId: config.TEAMS_APP_ID ?? config.MicrosoftAppId,
    botId: config.MicrosoftAppId,
    domain: config.TEAMS_BOT_ENDPOINT === undefined ? null : new URL(config.TEAMS_BOT_ENDPOINT).hostname,
    ...(version !== undefined && { version }),
  };
}

/** The package's files: manifest.json at the root, and every file it names from assets/teams/. */
export async function buildPackage(s: PackageSettings): Promise<{ zip: Buffer; manifest: Manifest }> {
  const base = JSON.parse(await readFile(MANIFEST, "utf8")) as Manifest;
  const manifest = fillManifest(base, s);
  const zip = new JSZip();
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  const files = [
    manifest.icons.color,
    manifest.icons.outline,
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
  ];
  for (const file of files) zip.file(file, await readFile(new URL(file, ASSETS)));
  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  return { zip: bytes, manifest };
}

export async function runTeamsPackage(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: "string" }, version: { type: "string" } },
    strict: true,
  });
  const settings = settingsFrom(config, values.version);
  if (typeof settings === "string") {
    console.error(settings);
    return 1;
  }
  const { zip, manifest } = await buildPackage(settings);
  const out = resolve(values.out ?? "sip-assistenten-teams.zip");
  await writeFile(out, zip);
  console.log(`Teams-paketet är skrivet: ${out}`);
  console.log(`  app-id ${settings.appId}, bot-id ${settings.botId}, version ${String(manifest.version)}`);
  if (settings.domain === null)
    console.log("  validDomains är tom (sätt TEAMS_BOT_ENDPOINT för att lägga till tjänstens domän).");
  else console.log(`  validDomains: ${settings.domain}`);
  if (settings.appId === PLACEHOLDER_ID) console.log("  Varning: app-id är bara nollor.");
  if (JSON.stringify(manifest).includes("example.org"))
    console.log(
      "  Påminnelse: developer-uppgifterna och webbadresserna i manifest.json är platshållare (example.org); byt dem före publicering.",
    );
  return 0;
}
