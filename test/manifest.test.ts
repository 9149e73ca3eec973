// The Teams app manifest, its icons and its English strings: checked against Microsoft's published
// schema (a copy in ../shared/schemas) and against the limits Teams applies beyond the schema.
import { existsSync, readFileSync } from "node:fs";
import AjvDraft04 from "ajv-draft-04";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

interface CommandList {
  scopes: string[];
  commands: { title: string; description?: string }[];
}
interface Manifest {
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  localizationInfo: {
    defaultLanguageTag: string;
    additionalLanguages?: { languageTag: string; file: string }[];
  };
  bots: { botId: string; scopes: string[]; commandLists?: CommandList[] }[];
  [key: string]: unknown;
}

const schemaUrl = new URL("../../shared/schemas/teams-manifest-1.29.schema.json", import.meta.url);
const manifestUrl = new URL("../manifest.json", import.meta.url);
// Packaging copies this folder to the zip root, so manifest paths are relative to it (see its README).
const packageRoot = new URL("../assets/teams/", import.meta.url);

const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, "utf8"));
const manifest = readJson(manifestUrl) as Manifest;

function compileSchema() {
  // The schema is draft-04 (hence ajv-draft-04). Microsoft's schema leaves `type` off many objects and
  // requires properties declared in sibling branches, so those two strict checks are off; the rest stays
  // strict so that a keyword we cannot read fails loudly instead of being ignored.
  const ajv = new AjvDraft04.default({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
  });
  ajv.addFormat("uri", { type: "string", validate: (s: string) => URL.canParse(s) });
  return ajv.compile(readJson(schemaUrl) as object);
}

const schemaPresent = existsSync(schemaUrl);
if (!schemaPresent) {
  console.warn(
    `manifest schema checks skipped: ${schemaUrl.pathname} is missing (shared/ not beside the repo)`,
  );
}

(schemaPresent ? describe : describe.skip)("manifest.json against the Teams 1.29 schema", () => {
  const validate = schemaPresent ? compileSchema() : undefined;
  const check = (candidate: unknown): string[] => {
    if (!validate) throw new Error("schema not compiled");
    validate(candidate);
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
  };

  it("validates", () => {
    expect(check(manifest)).toEqual([]);
  });

  it("rejects a manifest without a required field (the validator is live)", () => {
    const { developer: _dropped, ...withoutDeveloper } = manifest;
    expect(check(withoutDeveloper)).toContain("/ must have required property 'developer'");
  });

  it("rejects a manifest of another manifestVersion", () => {
    expect(check({ ...manifest, manifestVersion: "1.28" })).toContain(
      "/manifestVersion must be equal to constant",
    );
  });

  it("rejects a bad icon path type and an over-long short name", () => {
    const errors = check({
      ...manifest,
      name: { short: "x".repeat(31) },
      icons: { color: 1, outline: "o.png" },
    });
    expect(errors).toContain("/name/short must NOT have more than 30 characters");
    expect(errors).toContain("/icons/color must be string");
  });
});

function readPng(file: string): PNG {
  const url = new URL(file, packageRoot);
  expect(existsSync(url), `${url.pathname} exists`).toBe(true);
  return PNG.sync.read(readFileSync(url));
}

function pixels(png: PNG): { r: number; g: number; b: number; a: number }[] {
  const out = [];
  for (let i = 0; i < png.data.length; i += 4) {
    out.push({
      r: png.data[i] ?? 0,
      g: png.data[i + 1] ?? 0,
      b: png.data[i + 2] ?? 0,
      a: png.data[i + 3] ?? 0,
    });
  }
  return out;
}

describe("Teams icons", () => {
  it("colour icon is 192 x 192 and opaque", () => {
    const png = readPng(manifest.icons.color);
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(pixels(png).every((p) => p.a === 255)).toBe(true);
  });

  it("outline icon is 32 x 32, white on transparent only", () => {
    const png = readPng(manifest.icons.outline);
    expect([png.width, png.height]).toEqual([32, 32]);
    const px = pixels(png);
    const offending = px.filter((p) => p.a > 0 && (p.r !== 255 || p.g !== 255 || p.b !== 255));
    expect(offending).toEqual([]);
    expect(px.some((p) => p.a === 255)).toBe(true); // not blank
    expect(px.some((p) => p.a === 0)).toBe(true); // has a transparent background
  });
});

// Keys and length limits of the Teams localization file (Microsoft's localization schema reference).
const LOCALIZABLE: { pattern: RegExp; maxLength: number }[] = [
  { pattern: /^name\.short$/, maxLength: 30 },
  { pattern: /^name\.full$/, maxLength: 100 },
  { pattern: /^description\.short$/, maxLength: 80 },
  { pattern: /^description\.full$/, maxLength: 4000 },
  { pattern: /^bots\[0\]\.commandLists\[[0-2]\]\.commands\[[0-9]\]\.title$/, maxLength: 32 },
  { pattern: /^bots\[0\]\.commandLists\[[0-2]\]\.commands\[[0-9]\]\.description$/, maxLength: 128 },
];
const REQUIRED_LOCALIZED = ["name.short", "name.full", "description.short", "description.full"];

/** Follows a localization key such as `bots[0].commandLists[1].commands[2].title` into the manifest. */
function lookUp(root: unknown, key: string): unknown {
  let node: unknown = root;
  for (const part of key.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

describe("en-US localization", () => {
  const entry = manifest.localizationInfo.additionalLanguages?.find((l) => l.languageTag === "en-US");

  it("is declared, with Swedish as the default language", () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe("sv-SE");
    expect(entry?.file).toBe("locales/en-US.json");
  });

  it("parses and overrides only strings the manifest has, within Teams' limits", () => {
    const strings = readJson(new URL(entry?.file ?? "missing", packageRoot)) as Record<string, unknown>;
    for (const key of REQUIRED_LOCALIZED) expect(strings, key).toHaveProperty([key]);
    for (const [key, value] of Object.entries(strings)) {
      if (key === "$schema") continue;
      const rule = LOCALIZABLE.find((r) => r.pattern.test(key));
      expect(rule, `${key} is a localizable key`).toBeDefined();
      expect(typeof value, key).toBe("string");
      expect(String(value).length, key).toBeLessThanOrEqual(rule?.maxLength ?? 0);
      expect(typeof lookUp(manifest, key), `${key} exists in manifest.json`).toBe("string");
    }
  });
});

describe("bot commands", () => {
  const bot = manifest.bots[0];
  const lists = bot?.commandLists ?? [];

  it("has one command list for every scope the bot offers", () => {
    expect(bot).toBeDefined();
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual([...(bot?.scopes ?? [])].sort());
  });

  it("has unique titles per scope", () => {
    for (const scope of bot?.scopes ?? []) {
      const titles = lists
        .filter((l) => l.scopes.includes(scope))
        .flatMap((l) => l.commands.map((c) => c.title));
      expect(new Set(titles).size, `duplicate title in ${scope}: ${titles.join(", ")}`).toBe(titles.length);
    }
  });

  it("fits the lengths an English override could take, so no locale is cut short", () => {
    for (const c of lists.flatMap((l) => l.commands)) {
      expect(c.title.length, c.title).toBeLessThanOrEqual(32);
      expect((c.description ?? "").length, c.title).toBeLessThanOrEqual(128);
    }
  });

  it("offers the common commands everywhere", () => {
    const common = ["hjälp", "vem", "mina", "ny", "insats", "samtycke", "starta", "åtagande"];
    for (const l of lists) expect(l.commands.map((c) => c.title)).toEqual(common);
  });
});
