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
  // ---- follow-through: job worker, reminders, weekly digest (src/jobs, src/app/reminders*, digest*) ----
  // "on": `sip serve` runs the scheduled work (reminders, digests) on a pg-boss queue; "off": another
  // process does (every replica may run it: each reminder and digest is still sent once).
  SIP_JOBS: z.enum(["on", "off"]).default("on"),
  // When the weekly digest goes to managers, as cron in Europe/Stockholm; default Monday 07:00.
  SIP_DIGEST_CRON: z
    .string()
    .max(100)
    .regex(/^\S+( \S+){4,5}$/, "must be a cron expression with 5 (or 6) fields, e.g. 0 7 * * 1")
    .default("0 7 * * 1"),
  // How often reminders are looked for, as cron in Europe/Stockholm; each is sent once whatever the rate.
  SIP_REMINDER_CRON: z
    .string()
    .max(100)
    .regex(/^\S+( \S+){4,5}$/, "must be a cron expression with 5 (or 6) fields, e.g. */15 * * * *")
    .default("*/15 * * * *"),
  // Days before the due date that a commitment's owner is first reminded (0: only on the day).
  SIP_REMINDER_LEAD_DAYS: z.coerce.number().int().min(0).max(30).default(2),
  // Local hour (Stockholm) at which reminders go out.
  SIP_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  // Days before a SIP's follow-up date that the overall-responsible side is reminded.
  SIP_FOLLOW_UP_LEAD_DAYS: positiveInt(7, 60),
  // A TrueType font for the digest chart (resvg has no system fonts); Debian's fonts-dejavu-core by default.
  SIP_CHART_FONT: z.string().min(1).default("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
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
  // Slack's Web API base; another value only for a proxy or a test's fake Slack. Must end in "/api/".
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://slack.com/api/" })
    .regex(/\/api\/$/, "must end in /api/ (e.g. https://slack.com/api/)")
    .default("https://slack.com/api/"),
  // A Web API call that has not answered by then is given up (and retried); Slack itself answers in ~1 s.
  SLACK_API_TIMEOUT_MS: positiveInt(10_000, 120_000),
  MicrosoftAppId: z.string().uuid("must be the bot's Entra app id (a GUID)").optional(),
  TEAMS_LOCAL_DEV: flag.default(false),
  // ---- Teams (adapters/teams) ----
  // Single-tenant only: Azure no longer creates multi-tenant bots, and one tenant is the boundary we audit.
  MicrosoftAppType: z.enum(["SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
  MicrosoftAppTenantId: z.string().uuid("must be your Entra tenant id (a GUID)").optional(),
  // The client secret of the bot's app registration (SingleTenant without a certificate).
  MicrosoftAppPassword: z.string().min(1).optional(),
  // A certificate instead of a secret: its SHA-1 thumbprint and a PEM file with its private key.
  TEAMS_CERT_THUMBPRINT: z
    .string()
    .regex(/^[0-9A-Fa-f]{40}$/, "must be the certificate's SHA-1 thumbprint (40 hex digits)")
    .optional(),
  TEAMS_CERT_KEY_FILE: z.string().min(1).optional(),
  // Tenants whose users may talk to the bot (comma-separated GUIDs); default: MicrosoftAppTenantId.
  TEAMS_ALLOWED_TENANTS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ""),
    )
    .pipe(z.array(z.string().uuid("each tenant must be a GUID")).min(1))
    .optional(),
  // The public messaging endpoint (https://<host>/api/messages); `sip teams-package` puts its host in validDomains.
  TEAMS_BOT_ENDPOINT: z
    .url({ protocol: /^https$/, error: "must be the https:// URL Azure Bot calls, ending in /api/messages" })
    .optional(),
  // The Teams app's own id in the package; default: MicrosoftAppId (the usual choice for a bot-only app).
  TEAMS_APP_ID: z.string().uuid("must be a GUID").optional(),
  // How often waiting proactive messages (suggestions, assignments) are sent, in seconds; a minute at most
  // between a change and its notice.
  TEAMS_DELIVERY_INTERVAL_SECONDS: positiveInt(10, 60),
  // ---- ingest (src/ingest) ----
  // Source systems allowed to POST /api/efforts: "source=token,source2=token2". 32+ characters per token:
  // a bearer token is the whole of the endpoint's authentication.
  SIP_IMPORT_TOKENS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((pair) => pair.trim())
        .filter((pair) => pair !== ""),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}=[\x21-\x7e]{32,}$/,
              "each entry must be source=token, the token 32+ visible characters (openssl rand -hex 32)",
            )
            .transform((pair) => {
              const at = pair.indexOf("=");
              return { source: pair.slice(0, at), token: pair.slice(at + 1) };
            }),
        )
        .min(1),
    )
    .optional(),
  // Largest body POST /api/efforts accepts (bytes); 10 MB holds some 100,000 CSV rows. Larger files: sip import.
  SIP_IMPORT_MAX_BYTES: positiveInt(10 * 1024 * 1024, 1024 * 1024 * 1024),
  // JSON object mapping KVÅ/KSI codes to effort codes, e.g. { "KVÅ:AB123": "psykiatrisk-oppenvard" }.
  SIP_IMPORT_CODE_MAP_FILE: z.string().min(1).optional(),
  // ---- scheduling (availability polls, booking) ----
  // The region's time limit: the first SIP meeting within this many days of consent (3 weeks is common).
  SIP_MEETING_DEADLINE_DAYS: positiveInt(21, 365),
  // At discharge from inpatient care the shorter limit: within this many days of utskrivningsklar.
  SIP_DISCHARGE_DEADLINE_DAYS: positiveInt(3, 365),
  // Meetings start and end within these hours, Stockholm time ("08:00-16:30").
  SIP_WORKING_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM-HH:MM, e.g. 08:00-16:30")
    .refine((v) => v.slice(0, 5) < v.slice(6), "the end must come after the start")
    .default("08:00-16:30"),
  // The default meeting length in minutes (the poll form offers others).
  SIP_MEETING_MINUTES: z.coerce.number().int().min(15).max(480).default(60),
  // Start times the bot proposes, tried in turn so the times spread over the day.
  SIP_SLOT_START_TIMES: z
    .string()
    .regex(
      /^([01]\d|2[0-3]):[0-5]\d(,([01]\d|2[0-3]):[0-5]\d){0,11}$/,
      "must be HH:MM times, comma-separated",
    )
    .default("09:00,13:00,10:30,14:30"),
  // How many times a poll proposes (at most 12, each a row of buttons).
  SIP_POLL_CANDIDATES: positiveInt(6, 12),
  // Days to answer by default.
  SIP_POLL_ANSWER_DAYS: positiveInt(3, 30),
  // Reminders to those who have not answered, this many hours before the answer deadline.
  SIP_POLL_REMINDER_HOURS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3}){0,4}$/, "must be whole hours, comma-separated, e.g. 48,4")
    .default("48,4"),
  // ---- language model (optional; src/llm) ----
  // Which model drafts agendas and reads free text: none (templates and rules only), openai, azure, compatible.
  SIP_LLM_PROVIDER: z.enum(["none", "openai", "azure", "compatible"]).default("none"),
  // The model name; for Azure OpenAI, the deployment name.
  SIP_LLM_MODEL: z.string().min(1).max(200).optional(),
  // Whole budget for one model answer, retry included; a user is waiting, so seconds, not minutes.
  SIP_LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  // A file of names (one per line) to replace by placeholders before any model call, besides staff names.
  SIP_LLM_REDACT_NAMES_FILE: z.string().min(1).optional(),
  // The openai client's own variables (provider openai or compatible).
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Azure OpenAI, as the openai client's AzureOpenAI reads them (use an EU region's resource).
  AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
  AZURE_OPENAI_ENDPOINT: z.url({ protocol: /^https$/ }).optional(),
  OPENAI_API_VERSION: z.string().min(1).max(40).optional(),
});

/** What each model provider needs before the bot may start with it. */
function llmProblems(c: z.infer<typeof schema>): string[] {
  const need = (ok: boolean, message: string) => (ok ? [] : [message]);
  const model = need(
    c.SIP_LLM_MODEL !== undefined,
    `SIP_LLM_MODEL is required with SIP_LLM_PROVIDER=${c.SIP_LLM_PROVIDER}`,
  );
  switch (c.SIP_LLM_PROVIDER) {
    case "none":
      return [];
    case "openai":
      return [
        ...model,
        ...need(c.OPENAI_API_KEY !== undefined, "OPENAI_API_KEY is required with SIP_LLM_PROVIDER=openai"),
      ];
    case "compatible":
      return [
        ...model,
        ...need(
          c.OPENAI_BASE_URL !== undefined,
          "OPENAI_BASE_URL is required with SIP_LLM_PROVIDER=compatible",
        ),
      ];
    case "azure":
      return [
        ...model,
        ...need(
          c.AZURE_OPENAI_ENDPOINT !== undefined,
          "AZURE_OPENAI_ENDPOINT is required with SIP_LLM_PROVIDER=azure",
        ),
        ...need(
          c.AZURE_OPENAI_API_KEY !== undefined,
          "AZURE_OPENAI_API_KEY is required with SIP_LLM_PROVIDER=azure",
        ),
        ...need(
          c.OPENAI_API_VERSION !== undefined,
          "OPENAI_API_VERSION is required with SIP_LLM_PROVIDER=azure",
        ),
      ];
  }
}

export type Config = z.infer<typeof schema> & { platformsConfigured: ("slack" | "teams")[] };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Teams settings that only make sense together (README "Microsoft Teams"). */
function teamsProblems(c: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  const certificate = c.TEAMS_CERT_THUMBPRINT !== undefined || c.TEAMS_CERT_KEY_FILE !== undefined;
  const anyTeams =
    c.MicrosoftAppPassword !== undefined ||
    c.MicrosoftAppTenantId !== undefined ||
    c.TEAMS_ALLOWED_TENANTS !== undefined ||
    certificate;
  if (c.MicrosoftAppId === undefined) {
    // Without an app id botbuilder accepts unauthenticated requests; only the explicit local mode may run so.
    if (anyTeams && !c.TEAMS_LOCAL_DEV)
      problems.push(
        "Teams settings are set but MicrosoftAppId is not (or set TEAMS_LOCAL_DEV=true for local development)",
      );
    return problems;
  }
  if (c.TEAMS_LOCAL_DEV)
    problems.push("TEAMS_LOCAL_DEV=true turns authentication off: unset it when MicrosoftAppId is set");
  if (c.MicrosoftAppTenantId === undefined)
    problems.push("MicrosoftAppTenantId is required with MicrosoftAppId (the bot is single-tenant)");
  if (c.MicrosoftAppType === "UserAssignedMSI") {
    if (c.MicrosoftAppPassword !== undefined || certificate)
      problems.push(
        "MicrosoftAppType=UserAssignedMSI uses the managed identity: unset MicrosoftAppPassword and TEAMS_CERT_*",
      );
    return problems;
  }
  if ((c.TEAMS_CERT_THUMBPRINT === undefined) !== (c.TEAMS_CERT_KEY_FILE === undefined))
    problems.push("TEAMS_CERT_THUMBPRINT and TEAMS_CERT_KEY_FILE go together");
  if (c.MicrosoftAppPassword === undefined && !certificate)
    problems.push(
      "MicrosoftAppId needs MicrosoftAppPassword or a certificate (TEAMS_CERT_THUMBPRINT + TEAMS_CERT_KEY_FILE)",
    );
  if (c.MicrosoftAppPassword !== undefined && certificate)
    problems.push("set MicrosoftAppPassword or a certificate (TEAMS_CERT_*), not both");
  return problems;
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
  if (
    c.SLACK_BOT_TOKEN === undefined &&
    (c.SLACK_SIGNING_SECRET !== undefined || c.SLACK_APP_TOKEN !== undefined)
  ) {
    problems.push("SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN (xoxb-…) is not");
  }
  if (c.DATABASE_URL !== undefined && c.SIP_ID_SECRET === undefined) {
    // With PostgreSQL several replicas share one store, so the key cannot be generated per machine.
    problems.push("SIP_ID_SECRET is required when DATABASE_URL is set (every replica must use the same key)");
  }
  problems.push(...teamsProblems(c));
  problems.push(...llmProblems(c));
  if (problems.length > 0) throw new ConfigError(problems);
  const platformsConfigured: Config["platformsConfigured"] = [];
  if (c.SLACK_BOT_TOKEN !== undefined) platformsConfigured.push("slack");
  if (c.MicrosoftAppId !== undefined || c.TEAMS_LOCAL_DEV) platformsConfigured.push("teams");
  return { ...c, platformsConfigured };
}
