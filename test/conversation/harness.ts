// Shared set-up for the conversation and console tests: the real PrismaStore on a fresh in-memory PGlite,
// the demo directory (anna, bo, cecilia, david, eva on the console platform), a pinned clock, and helpers
// that read the database with raw SQL, so a test checks what was really written.
import { expect, vi } from "vitest";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { AppDeps, AppSettings } from "../../src/app/deps.ts";
import type { Clock } from "../../src/app/ports.ts";
import type { Incoming, Reply } from "../../src/conversation/message.ts";
import { DEFAULT_OVERLAP_OPTIONS } from "../../src/domain/overlap.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { luhnCheckDigit } from "../helpers/test-personnummer.ts";

export { luhnCheckDigit };

/** Monday 23 November 2026, 10:00 in Stockholm (09:00 UTC). */
export const NOW = "2026-11-23T09:00:00Z";
export const TODAY = "2026-11-23";

export const SETTINGS: AppSettings = {
  idSecret: "x".repeat(40),
  suggestionWording: "standard",
  consentDefaultMonths: 12,
  overlap: DEFAULT_OVERLAP_OPTIONS,
};

export const pinnedClock: Clock = { now: () => new Date(NOW) };

export interface Harness {
  db: Database;
  store: PrismaStore;
  deps: AppDeps;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const db = await openDatabase({ dataDir: "memory://" });
  const store = new PrismaStore(db.prisma);
  const deps: AppDeps = { store, clock: pinnedClock, taxonomy: new EffortTaxonomy(), settings: SETTINGS };
  expect(await seedDemoDirectory(store, "console", "local")).toBe(true);
  return { db, store, deps, close: () => db.close() };
}

/** A console user in a one-to-one chat with the bot (or a channel, with `conversation: "group"`). */
export function as(
  userId: string,
  extra: { conversation?: Incoming["conversation"]; locale?: string } = {},
): Incoming {
  return {
    user: { platform: "console", tenant: "local", userId },
    conversation: extra.conversation ?? "direct",
    ...(extra.locale !== undefined && { locale: extra.locale }),
  };
}

/** All replies' plain text, joined; what a reader sees. */
export function textOf(replies: Reply[]): string {
  return replies.map((r) => r.text).join("\n");
}

/** The first person reference (K-XXXX) in a text, or a test failure. */
export function refIn(text: string): string {
  const m = /K-[0-9A-HJKMNP-TV-Z]{4,8}/.exec(text);
  if (m === null) expect.fail(`no person reference in: ${text}`);
  return m[0];
}

// ---------- test identities ----------

/** A generated number for a birth date in 1900–1930 (never a living person's), as "YYYYMMDD-NNNC". */
export function generatedId(yyyymmdd: string, serial: string): string {
  const year = Number(yyyymmdd.slice(0, 4));
  if (year < 1900 || year > 1930) throw new Error("generated test numbers stay in 1900–1930");
  return `${yyyymmdd}-${serial}${luhnCheckDigit(yyyymmdd.slice(2) + serial)}`;
}

let generated = 0;

/**
 * A generated number that no earlier call in this test file returned, for one person per test (born in
 * 1926: 999 serials a day from 1 January).
 */
export function nextGeneratedId(): string {
  const n = generated++;
  const day = String(1 + Math.floor(n / 999)).padStart(2, "0");
  return generatedId(`192601${day}`, String(1 + (n % 999)).padStart(3, "0"));
}

/** Skatteverket's well-known test number. */
export const TEST_PNR = "19121212-1212";

/** Every way the digits of an id could show up if it leaked: 12 digits, 10 digits, and with a separator. */
export function leakForms(id: string): string[] {
  const digits = id.replace(/\D/g, "");
  const ten = digits.slice(-10);
  return [
    digits,
    ten,
    `${ten.slice(0, 6)}-${ten.slice(6)}`,
    `${ten.slice(0, 6)}+${ten.slice(6)}`,
    `${digits.slice(0, 8)}-${digits.slice(8)}`,
  ];
}

// ---------- raw reads ----------

/** The tables a person's data can end up in. */
export const PERSON_TABLES = [
  "person",
  "audit_event",
  "outbox_message",
  "effort",
  "commitment",
  "consent",
  "sip",
  "sip_transition",
  "staff_profile",
] as const;

/** Every row of the tables above as JSON text, one string per row. */
export async function dumpRows(h: Harness): Promise<string[]> {
  const out: string[] = [];
  for (const table of PERSON_TABLES) {
    const rows = await h.db.runner.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${table}" t`);
    out.push(...rows.map((r) => `${table}: ${r.j}`));
  }
  return out;
}

/** Row counts of every table a use case may write to, to prove that something changed nothing. */
export async function rowCounts(h: Harness): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...PERSON_TABLES, "participant", "commitment_history", "staff_identity", "unit"]) {
    const [row] = await h.db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = row?.n ?? -1;
  }
  return counts;
}

export async function outboxRows(
  h: Harness,
): Promise<{ recipient: string; status: string; kind: string; person_ref: string | null }[]> {
  return h.db.runner.query(
    `SELECT s.handle AS recipient, o.status, o.payload->>'kind' AS kind, o.payload->>'personRef' AS person_ref
       FROM outbox_message o JOIN staff_profile s ON s.id = o.recipient_id ORDER BY o.created_at, o.id`,
  );
}

// ---------- console output ----------

const CONSOLE_METHODS = ["log", "warn", "error", "info", "debug"] as const;

/** Captures everything written through console.* while the test runs (still printed nowhere). */
export function captureConsole(): { text(): string; restore(): void } {
  const seen: string[] = [];
  const spies = CONSOLE_METHODS.map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      seen.push(args.map((a) => (typeof a === "string" ? a : safeJson(a))).join(" "));
    }),
  );
  return {
    text: () => seen.join("\n"),
    restore: () => {
      for (const s of spies) s.mockRestore();
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
