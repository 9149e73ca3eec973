// Overlap detection after an import: one set-based query, the same rule as src/domain/overlap.ts, and the
// suggestion reaching the staff of the units concerned with no more than the consent rules allow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerEffort } from "../../src/app/efforts.ts";
import { overlapRules } from "../../src/app/import.ts";
import { createPerson } from "../../src/app/persons.ts";
import { addDays, type LocalDate } from "../../src/domain/local-date.ts";
import { sipCandidateReason, type SipFacts } from "../../src/domain/overlap.ts";
import { identifierHash } from "../../src/domain/person-ref.ts";
import { parseSwedishId } from "../../src/domain/personnummer.ts";
import type { SipState } from "../../src/domain/sip-lifecycle.ts";
import { expectOk, TODAY } from "../app/harness.ts";
import { BACKENDS, type IngestHarness } from "./backends.ts";
import { csv, pnr, runImport } from "./helpers.ts";

interface OutboxRow {
  recipient_id: string;
  payload: Record<string, unknown>;
}

async function outboxFor(h: IngestHarness, ref: string): Promise<OutboxRow[]> {
  return h.db.runner.query<OutboxRow>(
    "SELECT recipient_id::text, payload FROM outbox_message WHERE payload->>'personRef' = $1 ORDER BY recipient_id",
    [ref],
  );
}

async function refOf(h: IngestHarness, source: string, line: string): Promise<string> {
  const rows = await h.db.runner.query<{ ref: string }>(
    `SELECT p.ref FROM effort e JOIN person p ON p.id = e.person_id WHERE e.source = $1 AND e.kind = $2 LIMIT 1`,
    [source, line],
  );
  if (rows[0] === undefined) throw new Error("no such effort");
  return rows[0].ref;
}

describe.each(BACKENDS)("overlap after import on $name", ({ available, open }) => {
  let h: IngestHarness;
  beforeAll(async () => {
    if (available) h = await open();
  });
  afterAll(async () => {
    if (available) await h.close();
  });

  it.skipIf(!available)("suggests once and tells the staff of both units, never which efforts", async () => {
    const id = pnr(10);
    const muni = await runImport(
      h.deps,
      csv(`treserva;${id};hemtjänst;kommun;Hemtjänst Norr (demo);2026-01-10;`),
    );
    expect(expectOk(muni).suggested).toBe(0);
    const region = csv(`cosmic;${id};psykiatrisk öppenvård;region;Psykiatrisk öppenvård (demo);2026-03-01;`);
    const r = expectOk(await runImport(h.deps, region, { source: "cosmic" }));
    expect(r).toMatchObject({ added: 1, suggested: 1 });

    const ref = await refOf(h, "cosmic", "psykiatrisk-oppenvard");
    const sips = await h.db.runner.query<{ state: string }>(
      "SELECT s.state::text FROM sip s JOIN person p ON p.id = s.person_id WHERE p.ref = $1",
      [ref],
    );
    expect(sips).toEqual([{ state: "SUGGESTED" }]);
    const out = await outboxFor(h, ref);
    const byRecipient = new Map(out.map((o) => [o.recipient_id, o.payload]));
    // anna and cecilia work in Hemtjänst Norr, bo in the psychiatric clinic; david and eva are not concerned.
    expect([...byRecipient.keys()].sort()).toEqual(
      [h.staff.anna.id, h.staff.bo.id, h.staff.cecilia.id].sort(),
    );
    expect(byRecipient.get(h.staff.anna.id)).toEqual({
      kind: "sipSuggested",
      personRef: ref,
      reason: "BOTH_PRINCIPALS",
      strict: false,
      otherPrincipal: "REGION",
    });
    expect(byRecipient.get(h.staff.bo.id)).toMatchObject({ otherPrincipal: "MUNICIPALITY", strict: false });
    expect(JSON.stringify(out)).not.toMatch(/hemtj|psyk/i);

    // Importing again suggests nothing more, and the audit trail has the suggestion once.
    expect(expectOk(await runImport(h.deps, region, { source: "cosmic" })).suggested).toBe(0);
    const audits = await h.db.runner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_event WHERE person_ref = $1 AND action = 'SIP_SUGGESTED'",
      [ref],
    );
    expect(audits[0]?.n).toBe(1);
  });

  it.skipIf(!available)("finds the person a colleague created in chat and tells the registrar", async () => {
    const id = pnr(11);
    const swedishId = parseSwedishId(id, new Date());
    if (swedishId === null) throw new Error("test number does not parse");
    const { ref } = expectOk(await createPerson(h.deps, h.staff.eva, swedishId));
    expectOk(await registerEffort(h.deps, h.staff.eva, { ref, effort: "boendestöd" }));
    const r = expectOk(
      await runImport(
        h.deps,
        csv(`cosmic;${id};vårdcentral;region;Vårdcentralen Centrum (demo);2026-05-01;`),
        {
          source: "cosmic",
        },
      ),
    );
    expect(r.suggested).toBe(1);
    const recipients = (await outboxFor(h, ref)).map((o) => o.recipient_id).sort();
    expect(recipients).toEqual([h.staff.david.id, h.staff.eva.id].sort());
  });

  it.skipIf(!available)(
    "words a discharge strictly for the municipality (or for everyone when chosen)",
    async () => {
      const id = pnr(12);
      const ended = addDays(TODAY, -5);
      const body = csv(
        `cosmic;${id};somatisk slutenvård;region;Avdelning 12 (test);2026-10-01;${ended}`,
        `cosmic;${id};hemtjänst;kommun;Hemtjänst Norr (demo);2026-11-01;`,
      );
      // One source may report both principals' efforts (a shared export); each row says whose it is.
      expectOk(await runImport(h.deps, body, { source: "cosmic" }));
      const ref = await refOf(h, "cosmic", "somatisk-slutenvard");
      const out = await outboxFor(h, ref);
      const anna = out.find((o) => o.recipient_id === h.staff.anna.id)?.payload;
      expect(anna).toMatchObject({ reason: "DISCHARGE", strict: true, otherPrincipal: null });

      const strict = h.depsWith({ suggestionWording: "strict" });
      const id2 = pnr(13);
      expectOk(
        await runImport(
          strict,
          csv(
            `cosmic;${id2};BUP;region;Psykiatrisk öppenvård (demo);2026-10-01;`,
            `cosmic;${id2};hemtjänst;kommun;Hemtjänst Norr (demo);2026-11-01;`,
          ),
          { source: "cosmic" },
        ),
      );
      const rows = await outboxFor(h, await refOf(h, "cosmic", "bup"));
      expect(rows.length).toBe(3);
      for (const r of rows) expect(r.payload).toMatchObject({ strict: true, otherPrincipal: null });
    },
  );

  it.skipIf(!available)("applies the same rule as the domain, person by person, on random data", async () => {
    // A seeded generator: the same cases every run, many combinations of periods and SIP states.
    let seed = 20261123;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const kinds: [string, string][] = [
      ["hemtjänst", "kommun"],
      ["boendestöd", "kommun"],
      ["vårdcentral", "region"],
      ["somatisk slutenvård", "region"],
      ["psykiatrisk slutenvård", "region"],
      ["personlig assistans", "övrig"],
    ];
    const date = (offset: number): LocalDate => addDays(TODAY, offset);
    const rows: string[] = [];
    for (let p = 0; p < 150; p++) {
      const id = pnr(200 + p);
      for (let e = 0; e < 1 + rand(3); e++) {
        const [kind, principal] = kinds[rand(kinds.length)] ?? ["hemtjänst", "kommun"];
        const start = date(-rand(120));
        const end = rand(3) === 0 ? date(-rand(60)) : rand(4) === 0 ? date(rand(30)) : null;
        const fixedEnd = end !== null && end < start ? start : end;
        rows.push(`random;${id};${kind};${principal};;${start};${fixedEnd ?? ""}`);
      }
      // Every tenth person is discharged three days ago and has home care: a DISCHARGE case for sure.
      if (p % 10 === 0) {
        rows.push(`random;${id};somatisk slutenvård;region;;${date(-20)};${date(-3)}`);
        rows.push(`random;${id};hemtjänst;kommun;;${date(-100)};`);
      }
    }
    // Imported "years ago", when none of it had started: no suggestion is made now, the SIPs below decide.
    h.clock.set("2020-01-01T09:00:00Z");
    expectOk(await runImport(h.deps, csv(...rows), { source: "random" }));
    h.clock.reset();
    // SIP histories straight into the table: open ones block, recent declines block, old ones do not.
    const persons = await h.db.runner.query<{ id: string; ref: string; hash: string }>(
      `SELECT DISTINCT p.id::text, p.ref, p.identifier_hash AS hash FROM person p JOIN effort e ON e.person_id = p.id
        WHERE e.source = 'random' ORDER BY p.identifier_hash`,
    );
    // The discharged persons by their hash, so that no SIP history hides them.
    const discharged = new Set(
      Array.from({ length: 15 }, (_, i) => identifierHash(pnr(200 + i * 10), h.deps.settings.idSecret)),
    );
    const states: (SipState | null)[] = [null, null, null, "SCHEDULED", "DECLINED", "WITHDRAWN", "CLOSED"];
    const sipsOf = new Map<string, SipFacts[]>();
    for (const p of persons) {
      const state = states[rand(states.length)] ?? null;
      if (state === null || discharged.has(p.hash)) continue;
      const closedDaysAgo = rand(200);
      const closedAt = ["DECLINED", "WITHDRAWN", "CLOSED"].includes(state)
        ? new Date(Date.parse(`${TODAY}T12:00:00Z`) - closedDaysAgo * 86_400_000)
        : null;
      await h.db.runner.query(
        `INSERT INTO sip (id, person_id, state, closed_at, updated_at) VALUES (gen_random_uuid(), $1::uuid, $2::"SipState", $3, now())`,
        [p.id, state, closedAt?.toISOString() ?? null],
      );
      sipsOf.set(p.id, [{ state, endedOn: closedAt === null ? null : addDays(TODAY, -closedDaysAgo) }]);
    }
    const found = await h.deps.store.imports.findCandidates("all", overlapRules(h.deps));
    const bySql = new Map(found.map((c) => [c.personId, c.reason]));
    // The domain's answer for every imported person, from the efforts as stored.
    let compared = 0;
    for (const p of persons) {
      const efforts = await h.deps.store.listEfforts(p.id);
      const reason = sipCandidateReason(efforts, sipsOf.get(p.id) ?? [], TODAY, h.deps.settings.overlap);
      expect({ ref: p.ref, reason: bySql.get(p.id) ?? null }).toEqual({ ref: p.ref, reason });
      compared++;
    }
    expect(compared).toBe(150);
    expect([...bySql.values()].filter((r) => r === "DISCHARGE").length).toBeGreaterThan(0);
    expect([...bySql.values()].filter((r) => r === "BOTH_PRINCIPALS").length).toBeGreaterThan(0);
  });
});
