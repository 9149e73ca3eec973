import { z } from "zod";

// Every setting is read here, once, and validated; a bad value stops start-up with a message that names
// the variable and says what is expected. Names and meanings are documented in .env.example.
const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().positive().max(max).default(fallback);

const schema = z.object({
  SIP_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  // Key for the keyed hash that lets both principals meet on one pseudonymous reference. At least 32
  // characters: it is the only thing between a stored hash and the personnummer behind it.
  SIP_ID_SECRET: z.string().min(32, "must be at least 32 characters (use: openssl rand -hex 32)").optional(),
  SIP_LOCALE: z.enum(["sv", "en"]).default("sv"),
  // "standard": a suggestion says that the other principal has efforts; "strict": it only suggests asking
  // the person whether a SIP would help.
  SIP_SUGGESTION_WORDING: z.enum(["standard", "strict"]).default("standard"),
  SIP_CONSENT_DEFAULT_MONTHS: positiveInt(12, 60),
  SIP_DISMISS_QUIET_DAYS: positiveInt(90, 3650),
  SIP_DISCHARGE_WINDOW_DAYS: positiveInt(30, 365),
  SIP_EFFORT_TAXONOMY_FILE: z.string().min(1).optional(),
  SIP_DEMO_DIRECTORY: z.enum(["auto", "off"]).default("auto"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, "must be a bot token starting with xoxb-")
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "must be an app-level token starting with xapp-")
    .optional(),
  MicrosoftAppId: z.string().uuid("must be the bot's Entra app id (a GUID)").optional(),
  TEAMS_LOCAL_DEV: flag.default(false),
});

export type Config = z.infer<typeof schema> & { platformsConfigured: ("slack" | "teams")[] };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in .env files mean "not set", as most tools treat them.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (
    c.SLACK_BOT_TOKEN !== undefined &&
    c.SLACK_SIGNING_SECRET === undefined &&
    c.SLACK_APP_TOKEN === undefined
  ) {
    problems.push(
      "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP) nor SLACK_APP_TOKEN (Socket Mode) is",
    );
  }
  if (c.DATABASE_URL !== undefined && c.SIP_ID_SECRET === undefined) {
    // With PostgreSQL several replicas share one store, so the key cannot be generated per machine.
    problems.push("SIP_ID_SECRET is required when DATABASE_URL is set (every replica must use the same key)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const platformsConfigured: Config["platformsConfigured"] = [];
  if (c.SLACK_BOT_TOKEN !== undefined) platformsConfigured.push("slack");
  if (c.MicrosoftAppId !== undefined || c.TEAMS_LOCAL_DEV) platformsConfigured.push("teams");
  return { ...c, platformsConfigured };
}
