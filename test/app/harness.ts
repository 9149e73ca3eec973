// Shared set-up for the use-case integration tests: the real PrismaStore on a fresh in-memory PGlite, the
// demo directory, a clock the test can move, and small helpers that read the database with raw SQL, so a
// test checks what was really written rather than what the store chooses to return.
import { afterAll, afterEach, expect } from "vitest";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { AppDeps, AppSettings } from "../../src/app/deps.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { createPerson } from "../../src/app/persons.ts";
import type { Clock, StaffMember } from "../../src/app/ports.ts";
import { DEFAULT_OVERLAP_OPTIONS } from "../../src/domain/overlap.ts";
import { parseSwedishId, type SwedishId } from "../../src/domain/personnummer.ts";
import type { Principal } from "../../src/domain/principal.ts";
import type { Result } from "../../src/domain/result.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { luhnCheckDigit } from "../helpers/test-personnummer.ts";

export { luhnCheckDigit };

/** Monday 23 November 2026, 10:00 in Stockholm (09:00 UTC). */
export const START = "2026-11-23T09:00:00Z";
export const TODAY = "2026-11-23";

export interface TestClock extends Clock {
  set(iso: string): void;
  advanceDays(days: number): void;
  reset(): void;
}

export function testClock(start: string = START): TestClock {
  let at = new Date(start);
  return {
    now: () => new Date(at.getTime()),
    set: (iso) => {
      at = new Date(iso);
    },
    advanceDays: (days) => {
      at = new Date(at.getTime() + days * 86_400_000);
    },
    reset: () => {
      at = new Date(start);
    },
  };
}

export function testSettings(overrides: Partial<AppSettings> = {}): AppSettings {
  return {
    idSecret: "test-secret-".padEnd(40, "x"),
    suggestionWording: "standard",
    consentDefaultMonths: 12,
    overlap: DEFAULT_OVERLAP_OPTIONS,
    ...overrides,
  };
}

export interface DemoStaff {
  anna: StaffMember; // municipality, Hemtjänst Norr
  bo: StaffMember; // region, psychiatry
  cecilia: StaffMember; // municipality, manager of Hemtjänst Norr
  david: StaffMember; // region, vårdcentral
  eva: StaffMember; // municipality, biståndsenheten
}

export interface Harness {
  db: Database;
  store: PrismaStore;
  clock: TestClock;
  deps: AppDeps;
  staff: DemoStaff;
  /** The same store and clock with other settings (another secret, the strict wording). */
  depsWith(overrides: Partial<AppSettings>): AppDeps;
  close(): Promise<void>;
}

/**
 * One harness for a whole test file: opened at import (top-level await), closed after the file, and the
 * clock put back after every test.
 */
export async function harnessForThisFile(): Promise<Harness> {
  const h = await openHarness();
  afterAll(() => h.close());
  afterEach(() => {
    h.clock.reset();
  });
  return h;
}

export async function openHarness(): Promise<Harness> {
  const db = await openDatabase({ dataDir: "memory://" });
  const store = new PrismaStore(db.prisma);
  const clock = testClock();
  const taxonomy = new EffortTaxonomy();
  const depsWith = (overrides: Partial<AppSettings>): AppDeps => ({
    store,
    clock,
    taxonomy,
    settings: testSettings(overrides),
  });
  expect(await seedDemoDirectory(store, "console", "local")).toBe(true);
  const find = async (handle: string) => {
    const s = await store.findStaffByHandle(handle);
    if (s === null) throw new Error(`demo staff ${handle} missing`);
    return s;
  };
  const staff: DemoStaff = {
    anna: await find("anna"),
    bo: await find("bo"),
    cecilia: await find("cecilia"),
    david: await find("david"),
    eva: await find("eva"),
  };
  return { db, store, clock, deps: depsWith({}), staff, depsWith, close: () => db.close() };
}

// ---------- results ----------

/** Asserts success and returns the value, so a failure shows its reason instead of a type error later. */
export function expectOk<T, R extends string>(result: Result<T, R>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.reason} ${JSON.stringify(result.detail ?? {})}`);
  return result.value;
}

export function expectFail<T, R extends string>(result: Result<T, R>, reason: R): void {
  expect(result.ok ? "ok" : result.reason).toBe(reason);
}

// ---------- test identities ----------

/** A generated (never a real person's) personnummer for someone born in 1912, as 12 digits. */
export function generatedPersonnummer(monthDay: string, serial: string): string {
  const date = `1912${monthDay}`;
  return date + serial + luhnCheckDigit(date.slice(2) + serial);
}

let generated = 0;

/**
 * A generated personnummer that no earlier call in this test file returned (born in 1921: 999 serials a
 * day from 1 January, so it never meets the 1912 numbers the tests spell out).
 */
export function nextTestId(): SwedishId {
  const n = generated++;
  const day = String(1 + Math.floor(n / 999)).padStart(2, "0");
  const serial = String(1 + (n % 999)).padStart(3, "0");
  const date = `192101${day}`;
  const id = parseSwedishId(date + serial + luhnCheckDigit(date.slice(2) + serial), new Date(START));
  if (id === null) throw new Error(`generated number ${date}${serial} does not parse`);
  return id;
}

// ---------- common scenarios ----------

/** A new reference created without an identifier: only its creator (and later registrars) know it. */
export async function newPerson(h: Harness, actor: StaffMember = h.staff.anna): Promise<string> {
  return expectOk(await createPerson(h.deps, actor, null)).ref;
}

// The identifier each reference made by identifiedPerson was created with, so that a colleague can meet it.
const identifiers = new Map<string, SwedishId>();

/** A new reference created with a fresh generated personnummer, which others can meet it by. */
export async function identifiedPerson(h: Harness, actor: StaffMember = h.staff.anna): Promise<string> {
  const id = nextTestId();
  const created = expectOk(await createPerson(h.deps, actor, id));
  expect(created.matched).toBe(false);
  identifiers.set(created.ref, id);
  return created.ref;
}

/**
 * The actor establishes their link with the person the legitimate way: `sip ny` with the same
 * personnummer, which meets the existing reference.
 */
export async function meetPerson(h: Harness, actor: StaffMember, ref: string): Promise<void> {
  const id = identifiers.get(ref);
  if (id === undefined) throw new Error(`${ref} was not made by identifiedPerson`);
  expect(expectOk(await createPerson(h.deps, actor, id))).toEqual({ ref, matched: true });
}

/**
 * anna creates a reference with a personnummer and registers hemtjänst; bo meets the reference with the
 * same number and registers psykiatrisk öppenvård, which makes the bot suggest a SIP. Returns the
 * reference.
 */
export async function personWithBothPrincipals(h: Harness): Promise<string> {
  const ref = await identifiedPerson(h);
  expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
  await meetPerson(h, h.staff.bo, ref);
  const second = expectOk(await registerEffort(h.deps, h.staff.bo, { ref, effort: "psykiatrisk öppenvård" }));
  expect(second.suggestion?.sip.state).toBe("SUGGESTED");
  return ref;
}

// ---------- raw reads ----------

export interface SipRow {
  id: string;
  state: string;
  initiator_id: string | null;
  chair_id: string | null;
  overall_principal: Principal | null;
  follow_up_date: string | null;
}

export async function sipsOf(h: Harness, ref: string): Promise<SipRow[]> {
  return h.db.runner.query<SipRow>(
    `SELECT s.id, s.state::text AS state, s.initiator_id, s.chair_id,
            s.overall_principal::text AS overall_principal, s.follow_up_date::text AS follow_up_date
       FROM sip s JOIN person p ON p.id = s.person_id
      WHERE p.ref = $1 ORDER BY s.created_at, s.id`,
    [ref],
  );
}

export interface OutboxRow {
  dedupe_key: string;
  recipient_id: string;
  status: string;
  payload: Record<string, unknown>;
}

/** Outbox rows about one person (matched on the payload's personRef). */
export async function outboxAbout(h: Harness, ref: string): Promise<OutboxRow[]> {
  return h.db.runner.query<OutboxRow>(
    `SELECT dedupe_key, recipient_id, status, payload FROM outbox_message
      WHERE payload->>'personRef' = $1 ORDER BY created_at, dedupe_key`,
    [ref],
  );
}

export interface AuditRow {
  actor_id: string | null;
  action: string;
  person_ref: string | null;
  unit_id: string | null;
  basis: string;
  detail: Record<string, unknown> | null;
}

export async function auditOf(h: Harness, ref: string): Promise<AuditRow[]> {
  return h.db.runner.query<AuditRow>(
    "SELECT actor_id, action, person_ref, unit_id, basis, detail FROM audit_event WHERE person_ref = $1 ORDER BY id",
    [ref],
  );
}

/** Who is linked to the person, and how: staff id to kind (links made in one millisecond have no order). */
export async function linksOf(h: Harness, ref: string): Promise<Record<string, string>> {
  const rows = await h.db.runner.query<{ staff_id: string; kind: string }>(
    "SELECT l.staff_id, l.kind FROM person_link l JOIN person p ON p.id = l.person_id WHERE p.ref = $1",
    [ref],
  );
  return Object.fromEntries(rows.map((r) => [r.staff_id, r.kind]));
}
