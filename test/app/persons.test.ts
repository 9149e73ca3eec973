// createPerson against the real store: pseudonymous references, meeting on the same reference from both
// principals by a keyed hash, and the personnummer kept out of every stored column.
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson } from "../../src/app/persons.ts";
import { parseSwedishId, type SwedishId } from "../../src/domain/personnummer.ts";
import {
  auditOf,
  expectOk,
  generatedPersonnummer,
  type Harness,
  luhnCheckDigit,
  openHarness,
  START,
} from "./harness.ts";

const REF = /^K-[0-9A-HJKMNP-TV-Z]{4}$/;

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

function testId(monthDay: string, serial: string): { id: SwedishId; twelve: string } {
  const twelve = generatedPersonnummer(monthDay, serial);
  const id = parseSwedishId(`${twelve.slice(0, 8)}-${twelve.slice(8)}`, new Date(START));
  if (id === null) throw new Error(`generated number ${twelve} does not parse`);
  return { id, twelve };
}

/** Every text, varchar and json column of every table, as text, on one row per value. */
async function everyStoredText(): Promise<string[]> {
  const columns = await h.db.runner.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`,
  );
  // The tables the brief names must be among them, or the scan below proves nothing.
  const scanned = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
  for (const col of ["person.ref", "person.identifier_hash", "audit_event.detail", "audit_event.action"]) {
    expect(scanned).toContain(col);
  }
  const values: string[] = [];
  for (const { table_name, column_name } of columns) {
    const rows = await h.db.runner.query<{ v: string | null }>(
      `SELECT "${column_name}"::text AS v FROM "${table_name}"`,
    );
    for (const r of rows) if (r.v !== null) values.push(`${table_name}.${column_name}=${r.v}`);
  }
  return values;
}

describe("createPerson", () => {
  it("generates the test number correctly (sanity check of the Luhn helper)", () => {
    // 811218-9876 is the textbook example of the Luhn rule for Swedish numbers.
    expect(luhnCheckDigit("811218987")).toBe("6");
    expect(testId("0314", "239").id).toEqual({
      kind: "personnummer",
      normalized: generatedPersonnummer("0314", "239"),
    });
  });

  it("returns a new pseudonymous reference each time when no identifier is given", async () => {
    const a = expectOk(await createPerson(h.deps, h.staff.anna, null));
    const b = expectOk(await createPerson(h.deps, h.staff.anna, null));
    expect(a.ref).toMatch(REF);
    expect(b.ref).toMatch(REF);
    expect(a.ref).not.toBe(b.ref);
    expect(a.matched).toBe(false);
    const created = (await auditOf(h, a.ref)).filter((r) => r.action === "PERSON_CREATED");
    expect(created).toEqual([
      expect.objectContaining({
        actor_id: h.staff.anna.id,
        basis: "OWN_PRINCIPAL",
        detail: { withIdentifier: false },
      }),
    ]);
  });

  it("meets both principals on one reference when they give the same personnummer", async () => {
    const { id } = testId("0521", "482");
    const first = expectOk(await createPerson(h.deps, h.staff.anna, id));
    expect(first).toEqual({ ref: expect.stringMatching(REF), matched: false });
    const second = expectOk(await createPerson(h.deps, h.staff.bo, id));
    expect(second).toEqual({ ref: first.ref, matched: true });
    // And the same number written the 10-digit way ("+": aged 100 or more) is the same person.
    const tenDigit = parseSwedishId(
      `${id.normalized.slice(2, 8)}+${id.normalized.slice(8)}`,
      new Date(START),
    );
    expect(tenDigit?.normalized).toBe(id.normalized);
    expect(expectOk(await createPerson(h.deps, h.staff.david, tenDigit)).ref).toBe(first.ref);

    const persons = await h.db.runner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM person WHERE ref = $1",
      [first.ref],
    );
    expect(persons[0]?.n).toBe(1);
    const audit = await auditOf(h, first.ref);
    expect(audit.map((r) => [r.action, r.actor_id])).toEqual([
      ["PERSON_CREATED", h.staff.anna.id],
      ["PERSON_MATCHED", h.staff.bo.id],
      ["PERSON_MATCHED", h.staff.david.id],
    ]);
  });

  it("stores the personnummer nowhere in clear", async () => {
    const { id, twelve } = testId("1107", "613");
    const ten = twelve.slice(2);
    const ref = expectOk(await createPerson(h.deps, h.staff.anna, id)).ref;
    expectOk(await createPerson(h.deps, h.staff.bo, id));

    const forms = [
      twelve,
      ten,
      `${twelve.slice(0, 8)}-${twelve.slice(8)}`,
      `${ten.slice(0, 6)}-${ten.slice(6)}`,
      `${ten.slice(0, 6)}+${ten.slice(6)}`,
      twelve.slice(0, 8), // the birth date
    ];
    const stored = await everyStoredText();
    expect(stored.some((v) => v.startsWith("person.ref=") && v.endsWith(ref))).toBe(true);
    for (const form of forms) {
      expect(stored.filter((v) => v.includes(form))).toEqual([]);
    }
    // Spelled out with any separator between the digits, either.
    const digitsApart = new RegExp(ten.split("").join("\\D?"));
    expect(stored.filter((v) => digitsApart.test(v))).toEqual([]);
  });

  it("keeps only a keyed hash (HMAC-SHA256 under the deployment's secret) of the number", async () => {
    const { id } = testId("0229", "157"); // 1912 was a leap year
    const ref = expectOk(await createPerson(h.deps, h.staff.anna, id)).ref;
    const [row] = await h.db.runner.query<{ identifier_hash: string }>(
      "SELECT identifier_hash FROM person WHERE ref = $1",
      [ref],
    );
    const hash = row?.identifier_hash ?? "";
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHmac("sha256", h.deps.settings.idSecret).update(id.normalized).digest("hex"));
    // Not a bare hash, which anyone could reverse by trying every number.
    expect(hash).not.toBe(createHash("sha256").update(id.normalized).digest("hex"));

    // Under another secret the same number gives another hash, so it does not meet the first person.
    const otherSecret = h.depsWith({ idSecret: "another-secret-".padEnd(40, "y") });
    const elsewhere = expectOk(await createPerson(otherSecret, h.staff.bo, id));
    expect(elsewhere.matched).toBe(false);
    expect(elsewhere.ref).not.toBe(ref);
    const [other] = await h.db.runner.query<{ identifier_hash: string }>(
      "SELECT identifier_hash FROM person WHERE ref = $1",
      [elsewhere.ref],
    );
    expect(other?.identifier_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(other?.identifier_hash).not.toBe(hash);
  });

  it("treats a samordningsnummer as its own identifier", async () => {
    const coordination = testId("0374", "326"); // day 14 + 60
    expect(coordination.id.kind).toBe("samordningsnummer");
    const a = expectOk(await createPerson(h.deps, h.staff.anna, coordination.id));
    const b = expectOk(await createPerson(h.deps, h.staff.bo, coordination.id));
    expect(b).toEqual({ ref: a.ref, matched: true });
  });
});
