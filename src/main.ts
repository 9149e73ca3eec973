import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { AppDeps } from "./app/deps.ts";
import { schedulingFromConfig } from "./calendar/scheduling-deps.ts";
import { systemClock } from "./app/ports.ts";
import type { Config } from "./config.ts";
import { DEFAULT_OVERLAP_OPTIONS } from "./domain/overlap.ts";
import { LlmStartupError, modelFromConfig } from "./llm/from-config.ts";
import { EffortTaxonomy, effortOverridesSchema } from "./domain/taxonomy.ts";
import { type Database, openDatabase } from "./store/database.ts";
import { PrismaStore } from "./store/prisma-store.ts";
import { DEFAULT_FOLLOW_THROUGH } from "./app/reminders-schedule.ts";
import { VegaDigestChart } from "./report/digest-chart-port.ts";

// Wiring: configuration -> store -> use-case dependencies. Adapters get a Runtime and nothing else.
export interface Runtime {
  config: Config;
  db: Database;
  deps: AppDeps;
  close(): Promise<void>;
}

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

/**
 * The key of the personnummer hash. With PostgreSQL it must be configured (config.ts insists), since every
 * replica needs the same one; on the embedded store it is generated once and kept beside the data, so the
 * zero-set-up start still matches persons across restarts.
 */
async function idSecret(config: Config): Promise<string> {
  if (config.SIP_ID_SECRET !== undefined) return config.SIP_ID_SECRET;
  const dir = resolve(config.SIP_DATA_DIR);
  const file = join(dir, "id-secret");
  try {
    const stored = (await readFile(file, "utf8")).trim();
    if (stored.length >= 32) return stored;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  await mkdir(dir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  await chmod(file, 0o600);
  return secret;
}

async function loadTaxonomy(config: Config): Promise<EffortTaxonomy> {
  const file = config.SIP_EFFORT_TAXONOMY_FILE;
  if (file === undefined) return new EffortTaxonomy();
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new StartupError(`SIP_EFFORT_TAXONOMY_FILE: cannot read ${file} as JSON (${(e as Error).message})`);
  }
  const parsed = effortOverridesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new StartupError(`SIP_EFFORT_TAXONOMY_FILE: ${file} is not a valid override list: ${problems}`);
  }
  try {
    return EffortTaxonomy.withOverrides(parsed.data);
  } catch (e) {
    throw new StartupError(`SIP_EFFORT_TAXONOMY_FILE: ${(e as Error).message}`);
  }
}

export async function startRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const taxonomy = await loadTaxonomy(config);
  // The model (if any) and its prompt files are checked before anything else opens, so a bad prompt stops start-up.
  const model = await modelFromConfig(config).catch((e: unknown) => {
    throw e instanceof LlmStartupError ? new StartupError(e.message) : e;
  });
  const secret = await idSecret(config);
  const db = await openDatabase({
    dataDir: config.SIP_DATA_DIR,
    ...(config.DATABASE_URL !== undefined && { databaseUrl: config.DATABASE_URL }),
    migrate: options.migrate ?? true,
  });
  const deps: AppDeps = {
    store: new PrismaStore(db.prisma),
    clock: systemClock,
    taxonomy,
    scheduling: schedulingFromConfig(config),
    ...(model && { model }),
    settings: {
      idSecret: secret,
      suggestionWording: config.SIP_SUGGESTION_WORDING,
      defaultLocale: config.SIP_LOCALE,
      consentDefaultMonths: config.SIP_CONSENT_DEFAULT_MONTHS,
      overlap: {
        ...DEFAULT_OVERLAP_OPTIONS,
        dischargeWindowDays: config.SIP_DISCHARGE_WINDOW_DAYS,
        dismissQuietDays: config.SIP_DISMISS_QUIET_DAYS,
      },
      followThrough: {
        reminderLeadDays: config.SIP_REMINDER_LEAD_DAYS,
        reminderHour: config.SIP_REMINDER_HOUR,
        followUpLeadDays: config.SIP_FOLLOW_UP_LEAD_DAYS,
        catchUpDays: DEFAULT_FOLLOW_THROUGH.catchUpDays,
      },
    },
    digestChart: new VegaDigestChart(config.SIP_CHART_FONT),
  };
  return { config, db, deps, close: () => db.close() };
}
