import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config.ts";
import { parsePersonRef } from "./domain/person-ref.ts";
import { StartupError } from "./main.ts";
import { DatabaseOpenError } from "./store/database.ts";
import { MigrationError } from "./store/migrate.ts";

// `sip <command>`: chat, serve, migrate, start. Later capabilities (import, digest, teams-package ...) add
// their subcommands to COMMANDS.
const USAGE = `Användning / usage: sip <kommando> [flaggor]

  sip chat [--as <användare>] [--lang sv|en]   chatta i terminalen (demo: anna, bo, cecilia, david, eva)
  sip serve                                    starta HTTP-tjänsten (hälsokontroll; Slack/Teams när de är konfigurerade)
  sip migrate                                  kör databasmigreringar och avsluta
  sip start                                    serve om Slack/Teams är konfigurerat, annars chat
  sip units list | add "<namn>" <region|kommun|övrig>   enhetskatalogen som ny personal väljer ur
  sip staff list | approve <kortnamn>          godkänn personal som registrerat sig i chatten
  sip audit [--ref K-XXXX]                     exportera granskningsloggen som JSON-rader
  sip digest [--json] [--unit <enhet>] [--week <vecka>]   veckosammanfattningen (alla enheter, senaste hela veckan)
  sip plan K-XXXX --as <kortnamn> (--html|--pdf) --out <fil>   personens plan som fil (loggas)
  sip teams-package [--out <fil>] [--version x.y.z]   skriv Teams-appens paket (zip) från konfigurationen
  sip import <fil> [--source <källsystem>] [--format csv|fhir] [--lang sv|en]   importera insatser (CSV eller FHIR R4)
  sip help                                     den här texten`;

type Runner = (args: string[]) => Promise<number>;

// Each command's module is imported when that command runs: `sip serve` stays resident for weeks, and the
// PDF, chart, ZIP, CSV and terminal-chat code of the other commands would only take its memory.

const COMMANDS: Record<string, Runner> = {
  chat: async (args) => {
    const { values } = parseArgs({
      args,
      options: { as: { type: "string" }, lang: { type: "string" } },
      strict: true,
    });
    const { runChat } = await import("../adapters/console/chat-command.ts");
    return runChat(loadConfig(), {
      user: values.as ?? "anna",
      ...(values.lang !== undefined && { locale: values.lang }),
    });
  },
  serve: async () => (await import("./serve.ts")).runServe(loadConfig()),
  migrate: async () => (await import("./migrate-command.ts")).runMigrate(loadConfig()),
  start: async (args) => {
    const config = loadConfig();
    if (config.platformsConfigured.length > 0) return (await import("./serve.ts")).runServe(config);
    console.error("Ingen Slack- eller Teams-konfiguration hittades; startar terminalchatten (sip chat).");
    return COMMANDS.chat?.(args) ?? 1;
  },
  units: async (args) => (await import("./admin-commands.ts")).runUnits(loadConfig(), args),
  staff: async (args) => (await import("./admin-commands.ts")).runStaff(loadConfig(), args),
  digest: async (args) => (await import("./report/report-commands.ts")).runDigestCommand(loadConfig(), args),
  plan: async (args) => (await import("./report/report-commands.ts")).runPlanCommand(loadConfig(), args),
  audit: async (args) => {
    const { values } = parseArgs({ args, options: { ref: { type: "string" } }, strict: true });
    const ref = values.ref === undefined ? undefined : parsePersonRef(values.ref);
    if (ref === null) {
      console.error("--ref ska vara en personreferens, till exempel K-7F3Q.");
      return 2;
    }
    return (await import("./admin-commands.ts")).runAuditExport(loadConfig(), ref);
  },
  "teams-package": async (args) =>
    (await import("../adapters/teams/package-command.ts")).runTeamsPackage(loadConfig(), args),
  import: async (args) => (await import("./ingest/import-command.ts")).runImportCommand(loadConfig(), args),
  help: () => {
    console.log(USAGE);
    return Promise.resolve(0);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name = "help", ...rest] = argv;
  const command = COMMANDS[name === "--help" || name === "-h" ? "help" : name];
  if (command === undefined) {
    console.error(`Okänt kommando "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    // Expected start-up problems get their own message and no stack trace.
    if (
      e instanceof ConfigError ||
      e instanceof StartupError ||
      e instanceof DatabaseOpenError ||
      e instanceof MigrationError
    ) {
      console.error(e.message);
      return 1;
    }
    if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
