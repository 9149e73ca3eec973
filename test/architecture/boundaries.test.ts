// Imports point one way: adapters -> conversation -> app -> domain. Two independent checks:
// 1. dependency-cruiser with the rules in .dependency-cruiser.cjs (the same ones `depcruise` runs);
// 2. a plain scan of src/domain with TypeScript's own import pre-processor, against an allow-list.
// Each is also run on a fixture tree full of violations, so neither can pass by seeing nothing.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CONFIG = join(REPO, ".dependency-cruiser.cjs");
const SCANNED_ROOTS = ["src", "adapters"];

// ---------------------------------------------------------------------------------------------------
// dependency-cruiser

/** Cruises src/ and adapters/ under baseDir (whichever exist) with our rule set. */
async function cruiseTree(baseDir: string, extra: ICruiseOptions = {}): Promise<ICruiseResult> {
  const options = { ...(await extractDepcruiseOptions(CONFIG)), ...extra };
  const tsConfigFile = join(baseDir, "tsconfig.json");
  const roots = SCANNED_ROOTS.filter((d) => existsSync(join(baseDir, d)));
  const { output } = await cruise(
    roots,
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof output === "string") throw new Error("dependency-cruiser returned a report, not a result");
  return output;
}

function describeViolation(v: IViolation): string {
  const cycle = v.cycle ? `  (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(" -> ")})` : "";
  return `${v.rule.name}: ${v.from} -> ${v.to}${cycle}`;
}

describe("dependency-cruiser rules (.dependency-cruiser.cjs)", () => {
  it("finds no violations in src/ and adapters/", async () => {
    const result = await cruiseTree(REPO);
    expect(result.summary.totalCruised, "cruised at least src/").toBeGreaterThan(0);
    const violations = result.summary.violations.map(describeViolation);
    expect(violations, `\n${violations.join("\n")}\n`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// A fixture tree in which every rule is broken at least once.

const FIXTURE_FILES: Record<string, string> = {
  "src/domain/x.ts": [
    'import { PrismaClient } from "@prisma/client";',
    'import OpenAI from "openai";',
    'import { initChatModel } from "langchain";',
    'import type { App } from "@slack/bolt";',
    'import { readFileSync } from "node:fs";',
    'import { z } from "zod";',
    'import { DateTime } from "luxon";',
    'import { helper } from "../app/helper.ts";',
    "export const x = [PrismaClient, OpenAI, readFileSync, z, DateTime, helper];",
    "export type X = App;",
  ].join("\n"),
  "src/domain/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b;\n',
  "src/domain/b.ts": 'import { a } from "./a.ts";\nexport const b = () => a;\n',
  "src/domain/clean.ts":
    'import { z } from "zod";\nimport { DateTime } from "luxon";\nexport const c = [z, DateTime];\n',
  "src/app/helper.ts": "export const helper = 1;\n",
  "src/app/y.ts": [
    'import { z } from "../../adapters/slack/z.ts";',
    'import { c } from "../domain/clean.ts";',
    'import { connect } from "node:net";',
    'import { Pool } from "pg";',
    "export const y = [z, c, connect, Pool];",
  ].join("\n"),
  "src/conversation/route.ts": [
    'import { s } from "../store/s.ts";',
    'import { CardFactory } from "botbuilder";',
    "export const r = [s, CardFactory];",
  ].join("\n"),
  "src/store/s.ts": 'import { G } from "./generated/client.ts";\nexport const s = G;\n',
  "src/store/generated/client.ts": "export const G = 1;\n",
  "src/main.ts": 'import { z } from "../adapters/slack/z.ts";\nexport const wired = z;\n',
  "adapters/slack/z.ts": 'import { t } from "../teams/t.ts";\nexport const z = t;\n',
  "adapters/teams/t.ts": 'import { G } from "../../src/store/generated/client.ts";\nexport const t = G;\n',
};

const FIXTURE_TSCONFIG = {
  compilerOptions: {
    module: "nodenext",
    moduleResolution: "nodenext",
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    noEmit: true,
    strict: true,
  },
  include: ["src", "adapters"],
};

function writeFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "sip-architecture-"));
  for (const [path, text] of Object.entries(FIXTURE_FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(FIXTURE_TSCONFIG));
  // Our real package.json and node_modules, so installed packages resolve as npm dependencies while
  // packages we do not have (langchain, the umbrella package) stay unresolved: the rules must catch both forms.
  writeFileSync(join(dir, "package.json"), readFileSync(join(REPO, "package.json")));
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

describe("dependency-cruiser rules catch violations (fixture)", () => {
  let fixture = "";
  let found: string[] = [];
  beforeAll(async () => {
    fixture = writeFixture();
    // The fixture's node_modules is a symlink to ours; without preserveSymlinks packages would resolve
    // to their real path outside node_modules/ and no longer look like packages.
    found = (await cruiseTree(fixture, { preserveSymlinks: true })).summary.violations.map(describeViolation);
  });
  afterAll(() => {
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  const has = (rule: string, from: string, to: RegExp) =>
    found.some(
      (v) => v.startsWith(`${rule}: ${from} -> `) && to.test(v.slice(`${rule}: ${from} -> `.length)),
    );

  it.each([
    ["domain-only-zod-luxon", "src/domain/x.ts", /@prisma\/client/],
    ["domain-only-zod-luxon", "src/domain/x.ts", /(^|node_modules\/)openai(\/|$)/],
    ["domain-only-zod-luxon", "src/domain/x.ts", /^langchain$/],
    ["domain-no-infrastructure", "src/domain/x.ts", /@prisma\/client/],
    ["domain-no-infrastructure", "src/domain/x.ts", /(^|node_modules\/)openai(\/|$)/],
    ["domain-no-infrastructure", "src/domain/x.ts", /^langchain$/],
    ["domain-no-infrastructure", "src/domain/x.ts", /@slack\/bolt/],
    ["domain-no-node-io", "src/domain/x.ts", /^(node:)?fs$/],
    ["domain-only-domain", "src/domain/x.ts", /^src\/app\/helper\.ts$/],
    ["no-circular", "src/domain/a.ts", /^src\/domain\/b\.ts {2}\(cycle: .*b\.ts -> src\/domain\/a\.ts\)$/],
    ["app-only-domain", "src/app/y.ts", /^adapters\/slack\/z\.ts$/],
    ["src-not-to-adapters", "src/app/y.ts", /^adapters\/slack\/z\.ts$/],
    ["app-no-node-io", "src/app/y.ts", /^(node:)?net$/],
    ["app-only-zod-luxon", "src/app/y.ts", /node_modules\/pg\//],
    ["app-no-infrastructure", "src/app/y.ts", /node_modules\/pg\//],
    ["conversation-not-to-store-or-adapters", "src/conversation/route.ts", /^src\/store\/s\.ts$/],
    ["conversation-no-infrastructure", "src/conversation/route.ts", /(^|node_modules\/)botbuilder(\/|$)/],
    ["adapters-not-to-each-other", "adapters/slack/z.ts", /^adapters\/teams\/t\.ts$/],
    ["adapters-not-to-prisma-client", "adapters/teams/t.ts", /^src\/store\/generated\/client\.ts$/],
  ])("%s: %s -> %s", (rule, from, to) => {
    expect(has(rule, from, to), `expected ${rule} for ${from} -> ${to}; found:\n${found.join("\n")}`).toBe(
      true,
    );
  });

  it("leaves allowed imports alone", () => {
    const allowed = [
      /: src\/domain\/x\.ts -> .*node_modules\/(zod|luxon)\//,
      /: src\/domain\/clean\.ts -> /,
      /: src\/main\.ts -> /, // the wiring may know the adapters
      /: src\/app\/y\.ts -> src\/domain\/clean\.ts/,
      /: src\/store\/s\.ts -> /,
    ];
    const wrong = found.filter((v) => allowed.some((p) => p.test(v)));
    expect(wrong, wrong.join("\n")).toEqual([]);
  });

  it("exercises every rule in the configuration", async () => {
    const options = await extractDepcruiseOptions(CONFIG);
    const names = (options.ruleSet?.forbidden ?? []).map((r) => r.name ?? "(unnamed)");
    const fired = new Set(found.map((v) => v.slice(0, v.indexOf(":"))));
    expect(names.filter((n) => !fired.has(n))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Independent check: what src/domain imports, read by TypeScript's pre-processor, against an allow-list.

// Packages the pure domain may use, and why: zod (schemas), luxon (dates in Europe/Stockholm),
// node:crypto (hashing and random pseudonyms; no I/O). Add to this list deliberately.
const DOMAIN_ALLOWED = [/^zod(\/|$)/, /^luxon(\/|$)/, /^node:crypto$/];

function tsFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
}

/** Every import, export-from, `import type`, `import()` and `require()` specifier in src/domain that
 * is neither allowed nor a relative path staying inside src/domain. */
function domainImportProblems(root: string): string[] {
  const domainDir = join(root, "src", "domain");
  const problems: string[] = [];
  for (const file of tsFilesUnder(domainDir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: spec } of importedFiles) {
      const where = `${relative(root, file)}: "${spec}"`;
      if (spec.startsWith("./") || spec.startsWith("../")) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(domainDir + sep)) problems.push(`${where} leaves src/domain`);
      } else if (!DOMAIN_ALLOWED.some((p) => p.test(spec))) {
        problems.push(`${where} is not an allowed package`);
      }
    }
  }
  return problems;
}

describe("src/domain imports (TypeScript pre-processor scan)", () => {
  it("imports only relative domain files, zod, luxon and node:crypto", () => {
    const problems = domainImportProblems(REPO);
    expect(problems, `\n${problems.join("\n")}\n`).toEqual([]);
  });

  it("catches every kind of forbidden import (fixture)", () => {
    const dir = mkdtempSync(join(tmpdir(), "sip-domain-scan-"));
    try {
      mkdirSync(join(dir, "src", "domain", "nested"), { recursive: true });
      writeFileSync(
        join(dir, "src", "domain", "x.ts"),
        [
          'import { PrismaClient } from "@prisma/client";',
          'import type OpenAI from "openai";',
          'export { App } from "@slack/bolt";',
          'const fs = await import("node:fs");',
          'const bb = require("botbuilder");',
          'import { s } from "../store/s.ts";',
          'import { z } from "zod";',
          'import { DateTime } from "luxon";',
          'import { y } from "./nested/y.ts";',
          "export const x = [PrismaClient, fs, bb, s, z, DateTime, y];",
        ].join("\n"),
      );
      writeFileSync(join(dir, "src", "domain", "nested", "y.ts"), 'export * from "../x.ts";\n');
      expect(domainImportProblems(dir).sort()).toEqual(
        [
          'src/domain/x.ts: "@prisma/client" is not an allowed package',
          'src/domain/x.ts: "openai" is not an allowed package',
          'src/domain/x.ts: "@slack/bolt" is not an allowed package',
          'src/domain/x.ts: "node:fs" is not an allowed package',
          'src/domain/x.ts: "botbuilder" is not an allowed package',
          'src/domain/x.ts: "../store/s.ts" leaves src/domain',
        ].sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
