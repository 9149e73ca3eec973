// createPerson against the real store: pseudonymous references, meeting on the same reference from both
// principals by a keyed hash, and the personnummer kept out of every stored column.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app/deps.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { createPerson } from "../../src/app/persons.ts";
import type { Store } from "../../src/app/ports.ts";
import { whoIsResponsible } from "../../src/app/responsibility.ts";
import { parseSwedishId, type SwedishId } from "../../src/domain/personnummer.ts";
import {
  auditOf,
  expectFail,
  expectOk,
  generatedPersonnummer,
  linksOf,
  luhnCheckDigit,
  harnessForThisFile,
  START,
} from "./harness.ts";

const REF = /^K-[0-9A-HJKMNP-TV-Z]{4}$/;

const h = await harnessForThisFile();

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
    // The creator is linked to the reference: that is what lets them see it later.
    expect(await linksOf(h, a.ref)).toEqual({ [h.staff.anna.id]: "CREATED" });
    expect(await linksOf(h, b.ref)).toEqual({ [h.staff.anna.id]: "CREATED" });
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
    expect(await linksOf(h, first.ref)).toEqual({
      [h.staff.anna.id]: "CREATED",
      [h.staff.bo.id]: "MATCHED",
      [h.staff.david.id]: "MATCHED",
    });
  });

  it("keeps one link per staff member: a creator who gives the number again stays the creator", async () => {
    const { id } = testId("0612", "044");
    const first = expectOk(await createPerson(h.deps, h.staff.anna, id));
    const again = expectOk(await createPerson(h.deps, h.staff.anna, id));
    expect(again).toEqual({ ref: first.ref, matched: true });
    expect(await linksOf(h, first.ref)).toEqual({ [h.staff.anna.id]: "CREATED" });
    expect((await auditOf(h, first.ref)).map((r) => r.action)).toEqual(["PERSON_CREATED", "PERSON_MATCHED"]);
  });

  it("lets staff who met the reference by personnummer see the person, and only their own principal's part", async () => {
    const { anna, david } = h.staff;
    const { id } = testId("0903", "275");
    const ref = expectOk(await createPerson(h.deps, anna, id)).ref;
    expectOk(await registerEffort(h.deps, anna, { ref, effort: "hemtjänst" }));
    expectFail(await whoIsResponsible(h.deps, david, ref), "personNotFound");

    expect(expectOk(await createPerson(h.deps, david, id))).toEqual({ ref, matched: true });
    const view = expectOk(await whoIsResponsible(h.deps, david, ref));
    expect(view.sections.map((s) => [s.principal, s.efforts.length])).toEqual([["REGION", 0]]);
    expect(view.withheld).toBe(true);
    const reads = (await auditOf(h, ref)).filter((r) => r.action === "PERSON_READ");
    expect(reads.map((r) => [r.actor_id, r.basis])).toEqual([
      [david.id, "DENIED"],
      [david.id, "OWN_PRINCIPAL"],
    ]);
  });

  it("links and audits a match found only after a concurrent registration of the same number", async () => {
    const { id } = testId("1019", "508");
    const ref = expectOk(await createPerson(h.deps, h.staff.anna, id)).ref;
    // The first lookup misses, as if anna's registration committed between bo's lookup and his insert:
    // his insert then meets her identifier hash and createPerson falls back to her reference.
    let missed = false;
    const late = (store: Store): Store =>
      new Proxy(store, {
        get(target, prop) {
          if (prop === "transaction") {
            return <T>(fn: (tx: Store) => Promise<T>) => target.transaction((tx) => fn(late(tx)));
          }
          if (prop === "findPersonByIdentifierHash" && !missed) {
            return async () => {
              missed = true;
              return null;
            };
          }
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    const racing: AppDeps = { ...h.deps, store: late(h.store) };
    expect(expectOk(await createPerson(racing, h.staff.bo, id))).toEqual({ ref, matched: true });
    expect(missed).toBe(true);
    expect(await linksOf(h, ref)).toEqual({ [h.staff.anna.id]: "CREATED", [h.staff.bo.id]: "MATCHED" });
    expect((await auditOf(h, ref)).map((r) => [r.action, r.actor_id])).toEqual([
      ["PERSON_CREATED", h.staff.anna.id],
      ["PERSON_MATCHED", h.staff.bo.id],
    ]);
    const hash = createHmac("sha256", h.deps.settings.idSecret).update(id.normalized).digest("hex");
    const persons = await h.db.runner.query<{ ref: string }>(
      "SELECT ref FROM person WHERE identifier_hash = $1",
      [hash],
    );
    expect(persons).toEqual([{ ref }]);
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
