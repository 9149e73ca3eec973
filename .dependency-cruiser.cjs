// Imports point one way: adapters -> conversation -> app -> domain (../shared/DESIGN.md, "Shape").
// Run: `depcruise src adapters --config .dependency-cruiser.cjs`; test/architecture/boundaries.test.ts runs
// the same rules and proves each one fires on a fixture tree.
//
// Paths are regular expressions over paths relative to the base directory. A package shows up either
// resolved (`node_modules/<name>/...`) or, when it is not installed, as the bare name it was imported
// by; `pkg()` matches both, so a rule holds before the package is added to package.json.

/** Regex for an npm package (or a scope, e.g. "@slack/[^/]+"), resolved or not. */
const pkg = (name) => `(^|/)node_modules/${name}(/|$)|^${name}(/|$)`;

// Platform SDKs: the chat platforms belong in adapters/ only.
const PLATFORM_SDKS = [
  pkg("@slack/[^/]+"), // @slack/bolt, @slack/web-api, @slack/socket-mode, ...
  pkg("botbuilder[^/]*"), // botbuilder, botbuilder-core, botbuilder-dialogs, ...
  pkg("botframework-[^/]+"), // botframework-connector, botframework-schema
  pkg("@microsoft/[^/]+"), // @microsoft/teams-ai, @microsoft/agents-*, ...
];
// Prisma: only src/store talks to the database. `src/store/generated` is the generated client.
const PRISMA = [pkg("@prisma/[^/]+"), pkg("prisma"), "^src/store/generated/"];
// Model clients: only src/llm talks to a language model.
const MODEL_CLIENTS = [pkg("openai"), pkg("@langchain/[^/]+"), pkg("langchain")];
// Database drivers: only src/store (and the wiring) opens a connection.
const DB_DRIVERS = [pkg("pg"), pkg("@electric-sql/[^/]+"), pkg("pglite-prisma-adapter"), pkg("pg-boss")];
const INFRASTRUCTURE = [...PLATFORM_SDKS, ...PRISMA, ...MODEL_CLIENTS, ...DB_DRIVERS];

// The only packages pure rules and use cases may use: validation and time.
const ALLOWED_PURE_PACKAGES = [pkg("zod"), pkg("luxon")];

// Node built-ins that do I/O. Pure code takes such capabilities as ports instead.
const NODE_IO = [
  "^(node:)?(fs|fs/promises|net|http|http2|https|child_process|worker_threads|dgram|tls|readline|readline/promises|cluster|dns|dns/promises)$",
];

// Dependency types that mean "a file of ours" (as opposed to a package or a Node built-in).
const LOCAL = [
  "local",
  "localmodule",
  "aliased",
  "aliased-subpath-import",
  "aliased-tsconfig",
  "aliased-tsconfig-paths",
  "aliased-tsconfig-base-url",
  "aliased-workspace",
];
// Everything that is not a file of ours nor a Node built-in: npm packages of any kind, and bare
// specifiers that could not be resolved (type "unknown").
const NOT_PACKAGE = [...LOCAL, "core"];
// A relative import that does not resolve (a file not written yet) is tsc's to report, not a package.
const UNRESOLVED_RELATIVE = "^\\.{1,2}/";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    // (a) Domain: pure rules. No package but zod and luxon, and no I/O.
    {
      name: "domain-only-zod-luxon",
      comment: "src/domain may use no npm package except zod and luxon.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypesNot: NOT_PACKAGE, pathNot: [...ALLOWED_PURE_PACKAGES, UNRESOLVED_RELATIVE] },
    },
    {
      name: "domain-no-infrastructure",
      comment:
        "src/domain must not import platform SDKs (@slack/*, botbuilder*, @microsoft/*), Prisma " +
        "(@prisma/*, prisma, ./generated), model clients (openai, @langchain/*, langchain) or database " +
        "drivers (pg, @electric-sql/*, pglite-prisma-adapter). Named apart from domain-only-zod-luxon so " +
        "that a violation says which kind of thing leaked in.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: INFRASTRUCTURE },
    },
    {
      name: "domain-no-node-io",
      comment:
        "src/domain does no I/O: no fs, net, http(s), child_process, worker_threads, dgram, tls, readline.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["core"], path: NODE_IO },
    },
    // (b) Domain imports only domain.
    {
      name: "domain-only-domain",
      comment: "src/domain imports no file of ours outside src/domain.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: LOCAL, pathNot: "^src/domain/" },
    },
    // (c) Use cases: domain, zod and luxon; everything else comes in as a port parameter.
    {
      name: "app-only-domain",
      comment: "src/app imports only src/domain and src/app; stores, models and platforms come in as ports.",
      severity: "error",
      from: { path: "^src/app/" },
      to: { dependencyTypes: LOCAL, pathNot: "^src/(domain|app)/" },
    },
    {
      name: "app-only-zod-luxon",
      comment: "src/app may use no npm package except zod and luxon.",
      severity: "error",
      from: { path: "^src/app/" },
      to: { dependencyTypesNot: NOT_PACKAGE, pathNot: [...ALLOWED_PURE_PACKAGES, UNRESOLVED_RELATIVE] },
    },
    {
      name: "app-no-infrastructure",
      comment: "src/app must not import platform SDKs, Prisma, model clients or database drivers.",
      severity: "error",
      from: { path: "^src/app/" },
      to: { path: INFRASTRUCTURE },
    },
    {
      name: "app-no-node-io",
      comment: "src/app does I/O only through the ports it is given.",
      severity: "error",
      from: { path: "^src/app/" },
      to: { dependencyTypes: ["core"], path: NODE_IO },
    },
    // (d) Conversation: routes to use cases and returns neutral replies; never reaches past them.
    {
      name: "conversation-not-to-store-or-adapters",
      comment: "src/conversation must not import src/store or adapters/: it talks to use cases only.",
      severity: "error",
      from: { path: "^src/conversation/" },
      to: { path: ["^src/store/", "^adapters/"] },
    },
    {
      name: "conversation-no-infrastructure",
      comment: "src/conversation must not import platform SDKs, Prisma, model clients or database drivers.",
      severity: "error",
      from: { path: "^src/conversation/" },
      to: { path: INFRASTRUCTURE },
    },
    // (e) Only the wiring knows the adapters.
    {
      name: "src-not-to-adapters",
      comment:
        "Nothing under src/ imports adapters/ except the wiring (src/main.ts, src/cli.ts, and the list of HTTP mounts in src/http-mounts.ts).",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(main|cli|http-mounts)\\.ts$" },
      to: { path: "^adapters/" },
    },
    // (f) No cycles, type-only ones included: a cycle of types still ties two modules into one.
    {
      name: "no-circular",
      comment: "No circular dependencies in src/ or adapters/.",
      severity: "error",
      from: { path: "^(src|adapters)/" },
      to: { circular: true },
    },
    // (g) Adapters are siblings that never meet, and none bypasses the store's repositories.
    {
      name: "adapters-not-to-each-other",
      comment: "An adapter (slack, teams, console) must not import another adapter.",
      severity: "error",
      from: { path: "^adapters/([^/]+)/" },
      to: { path: "^adapters/", pathNot: "^adapters/$1/" },
    },
    {
      name: "adapters-not-to-prisma-client",
      comment: "adapters/ must not import the generated Prisma client (src/store/generated).",
      severity: "error",
      from: { path: "^adapters/" },
      to: { path: "^src/store/generated/" },
    },
  ],
  options: {
    // Generated code is not ours to shape (and Prisma's client has internal cycles): it is a leaf here,
    // so imports of it are still seen and judged by the rules above.
    doNotFollow: { path: ["(^|/)node_modules/", "^src/store/generated/"] },
    // Keep `import type` edges: a type import of a platform SDK in the domain is still a leak.
    tsPreCompilationDeps: true,
    // Resolves our explicit `.ts` imports the way tsc does.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
