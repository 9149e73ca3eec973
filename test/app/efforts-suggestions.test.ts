// registerEffort / endEffort and the SIP suggestion they trigger, against the real store.
import { describe, expect, it } from "vitest";
import { endEffort, registerEffort } from "../../src/app/efforts.ts";
import { whoIsResponsible } from "../../src/app/responsibility.ts";
import {
  auditOf,
  expectFail,
  expectOk,
  identifiedPerson,
  linksOf,
  meetPerson,
  newPerson,
  harnessForThisFile,
  outboxAbout,
  personWithBothPrincipals,
  sipsOf,
  TODAY,
} from "./harness.ts";

const h = await harnessForThisFile();

interface EffortRow {
  kind: string;
  principal: string;
  unit_id: string | null;
  start_date: string;
  end_date: string | null;
  source: string;
  registered_by_id: string | null;
}

async function effortsOf(ref: string): Promise<EffortRow[]> {
  return h.db.runner.query<EffortRow>(
    `SELECT e.kind, e.principal::text AS principal, e.unit_id, e.start_date::text AS start_date,
            e.end_date::text AS end_date, e.source, e.registered_by_id
       FROM effort e JOIN person p ON p.id = e.person_id WHERE p.ref = $1 ORDER BY e.created_at, e.id`,
    [ref],
  );
}

describe("registerEffort and the SIP suggestion", () => {
  it("suggests a SIP once, when the second principal's effort arrives, and tells the other side", async () => {
    const { anna, bo } = h.staff;
    const ref = await identifiedPerson(h);

    const first = expectOk(await registerEffort(h.deps, anna, { ref, effort: "Hemtjänsten" }));
    expect(first.suggestion).toBeNull();
    expect(first.kind.code).toBe("hemtjanst");
    expect(await sipsOf(h, ref)).toEqual([]);
    expect(await outboxAbout(h, ref)).toEqual([]);
    expect(await effortsOf(ref)).toEqual([
      {
        kind: "hemtjanst",
        principal: "MUNICIPALITY",
        unit_id: anna.unitId,
        start_date: TODAY,
        end_date: null,
        source: "chat",
        registered_by_id: anna.id,
      },
    ]);

    await meetPerson(h, bo, ref); // bo knows the person by personnummer, not by having heard the reference
    const second = expectOk(await registerEffort(h.deps, bo, { ref, effort: "psykiatrisk öppenvård" }));
    expect(second.suggestion?.reason).toBe("BOTH_PRINCIPALS");
    expect(second.suggestion?.sip.state).toBe("SUGGESTED");
    const sips = await sipsOf(h, ref);
    expect(sips).toHaveLength(1);
    expect(sips[0]).toMatchObject({ id: second.suggestion?.sip.id, state: "SUGGESTED", initiator_id: null });

    const outbox = await outboxAbout(h, ref);
    // To anna only: bo, the actor, sees the suggestion in the reply.
    expect(outbox.map((o) => o.recipient_id)).toEqual([anna.id]);
    expect(outbox[0]?.payload).toStrictEqual({
      kind: "sipSuggested",
      personRef: ref,
      reason: "BOTH_PRINCIPALS",
      strict: false,
      otherPrincipal: "REGION",
    });
    // Nothing about what the other side does: no effort kind, unit or date.
    const text = JSON.stringify(outbox[0]?.payload).toLowerCase();
    for (const leak of ["psyk", "hemtj", "öppenvård", "oppenvard", "2026", "demo", bo.id]) {
      expect(text).not.toContain(leak);
    }

    // A third effort (either side) does not suggest again. eva meets the reference first, as bo did.
    await meetPerson(h, h.staff.eva, ref);
    const third = expectOk(await registerEffort(h.deps, h.staff.eva, { ref, effort: "boendestöd" }));
    expect(third.suggestion).toBeNull();
    const fourth = expectOk(await registerEffort(h.deps, bo, { ref, effort: "vårdcentralen" }));
    expect(fourth.suggestion).toBeNull();
    expect(await sipsOf(h, ref)).toHaveLength(1);
    expect(await outboxAbout(h, ref)).toHaveLength(1);
  });

  it("names the municipality to regional staff in the standard wording", async () => {
    const ref = await identifiedPerson(h, h.staff.bo);
    expectOk(await registerEffort(h.deps, h.staff.bo, { ref, effort: "psykiatri" }));
    await meetPerson(h, h.staff.anna, ref);
    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    const outbox = await outboxAbout(h, ref);
    expect(outbox.map((o) => [o.recipient_id, o.payload.otherPrincipal])).toEqual([
      [h.staff.bo.id, "MUNICIPALITY"],
    ]);
  });

  it("names no principal in the strict wording", async () => {
    const strict = h.depsWith({ suggestionWording: "strict" });
    const ref = await identifiedPerson(h);
    expectOk(await registerEffort(strict, h.staff.anna, { ref, effort: "hemtjänst" }));
    await meetPerson(h, h.staff.bo, ref);
    const r = expectOk(await registerEffort(strict, h.staff.bo, { ref, effort: "psykiatrisk öppenvård" }));
    expect(r.suggestion).not.toBeNull();
    const outbox = await outboxAbout(h, ref);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.payload).toStrictEqual({
      kind: "sipSuggested",
      personRef: ref,
      reason: "BOTH_PRINCIPALS",
      strict: true,
      otherPrincipal: null,
    });
  });

  it("asks for the principal of an effort whose principal varies between regions", async () => {
    const ref = await identifiedPerson(h);
    expectFail(
      await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemsjukvård" }),
      "principalUnclear",
    );
    expect(await effortsOf(ref)).toEqual([]);

    const municipal = expectOk(
      await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemsjukvård", principal: "MUNICIPALITY" }),
    );
    expect(municipal.effort).toMatchObject({ kind: "hemsjukvard", principal: "MUNICIPALITY" });
    expect(municipal.effort.unitId).toBe(h.staff.anna.unitId);

    // Told by the person that the region runs their home health care: no unit, since it is not anna's.
    await meetPerson(h, h.staff.eva, ref);
    const regional = expectOk(
      await registerEffort(h.deps, h.staff.eva, { ref, effort: "hemsjukvård", principal: "REGION" }),
    );
    expect(regional.effort).toMatchObject({ principal: "REGION", unitId: null });
    expect(regional.suggestion?.reason).toBe("BOTH_PRINCIPALS");
  });

  it("rejects unknown efforts, unknown references, bad dates and duplicates without writing", async () => {
    const ref = await identifiedPerson(h);
    const unknown = await registerEffort(h.deps, h.staff.anna, { ref, effort: "trädgårdsskötsel" });
    expectFail(unknown, "unknownEffort");
    expectFail(
      await registerEffort(h.deps, h.staff.anna, { ref: "K-ZZZZ", effort: "hemtjänst" }),
      "personNotFound",
    );
    expectFail(
      await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst", startDate: "2026-02-30" }),
      "badDate",
    );
    expect(await effortsOf(ref)).toEqual([]);

    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    await meetPerson(h, h.staff.eva, ref);
    const again = await registerEffort(h.deps, h.staff.eva, { ref, effort: "hemtjänsten" });
    expectFail(again, "alreadyRegistered");
    expect(await effortsOf(ref)).toHaveLength(1);
  });

  it("takes the start date from the Stockholm calendar, whatever the server's zone", async () => {
    const ref = await identifiedPerson(h);
    await meetPerson(h, h.staff.bo, ref);
    // 23:30 in Stockholm on the 23rd is already the 24th in Kiritimati (the test zone).
    h.clock.set("2026-11-23T22:30:00Z");
    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    // 00:30 in Stockholm on the 24th is still the 23rd in UTC.
    h.clock.set("2026-11-23T23:30:00Z");
    expectOk(await registerEffort(h.deps, h.staff.bo, { ref, effort: "psykiatri" }));
    expect((await effortsOf(ref)).map((e) => e.start_date)).toEqual(["2026-11-23", "2026-11-24"]);
  });
});

describe("endEffort", () => {
  it("ends only an effort of the actor's own principal", async () => {
    const ref = await personWithBothPrincipals(h);
    // bo cannot end the municipality's hemtjänst.
    expectFail(await endEffort(h.deps, h.staff.bo, { ref, effort: "hemtjänst" }), "noActiveEffort");
    expect((await effortsOf(ref)).find((e) => e.kind === "hemtjanst")?.end_date).toBeNull();

    expectFail(
      await endEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst", endDate: "2026-11-01" }),
      "badDate",
    );
    const ended = expectOk(await endEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    expect(ended.endDate).toBe(TODAY);
    expect((await effortsOf(ref)).find((e) => e.kind === "hemtjanst")?.end_date).toBe(TODAY);
    expectFail(
      await endEffort(h.deps, h.staff.anna, { ref: "K-ZZZZ", effort: "hemtjänst" }),
      "personNotFound",
    );
    expectFail(await endEffort(h.deps, h.staff.anna, { ref, effort: "vadsomhelst" }), "unknownEffort");
  });
});

describe("the discharge rule", () => {
  async function inpatientStay(startDate: string, endDate: string): Promise<string> {
    const ref = await identifiedPerson(h, h.staff.bo);
    const stay = await registerEffort(h.deps, h.staff.bo, {
      ref,
      effort: "psykiatrisk slutenvård",
      startDate,
    });
    expect(expectOk(stay).suggestion).toBeNull();
    expectOk(await endEffort(h.deps, h.staff.bo, { ref, effort: "psykiatrisk slutenvård", endDate }));
    await meetPerson(h, h.staff.anna, ref); // the municipality meets the person by personnummer
    return ref;
  }

  it("suggests a SIP when psychiatric inpatient care ended within 30 days and a municipal effort is active", async () => {
    const ref = await inpatientStay("2026-10-01", "2026-11-10");
    const r = expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    expect(r.suggestion?.reason).toBe("DISCHARGE");
    expect((await sipsOf(h, ref)).map((s) => s.state)).toEqual(["SUGGESTED"]);
  });

  it("does not suggest when the discharge was more than 30 days ago", async () => {
    const ref = await inpatientStay("2026-09-01", "2026-10-01");
    const r = expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    expect(r.suggestion).toBeNull();
    expect(await sipsOf(h, ref)).toEqual([]);
  });
});

// Regression: registerEffort once took any existing reference, and the effort then gave its registrar
// need-to-know access (canSeePerson); it answered "not found" only for references that did not exist, so
// references could be probed. Now only someone who may already see the person registers or ends efforts.
describe("who may register or end an effort", () => {
  it("answers staff with no link to the person exactly as for an unknown reference, and writes nothing", async () => {
    const { anna, eva } = h.staff;
    const ref = await newPerson(h);
    expectOk(await registerEffort(h.deps, anna, { ref, effort: "hemtjänst" }));
    const effortsBefore = await effortsOf(ref);
    const auditBefore = await auditOf(h, ref);

    // eva: municipal, another unit, no link.
    const denied = await registerEffort(h.deps, eva, { ref, effort: "boendestöd" });
    const missing = await registerEffort(h.deps, eva, { ref: "K-ZZZZ", effort: "boendestöd" });
    expect(denied).toEqual({ ok: false, reason: "personNotFound", detail: { ref } });
    expect(missing).toEqual({ ok: false, reason: "personNotFound", detail: { ref: "K-ZZZZ" } });

    expect(await effortsOf(ref)).toEqual(effortsBefore);
    expect(await sipsOf(h, ref)).toEqual([]);
    expect(await outboxAbout(h, ref)).toEqual([]);
    expect(await linksOf(h, ref)).toEqual({ [anna.id]: "CREATED" });
    // The refusal is audited, and it is the only row added.
    expect((await auditOf(h, ref)).slice(auditBefore.length)).toEqual([
      {
        actor_id: eva.id,
        action: "EFFORT_CREATE",
        person_ref: ref,
        unit_id: eva.unitId,
        basis: "DENIED",
        detail: null,
      },
    ]);
    // The attempt gave her nothing: the person is still unknown to her.
    expectFail(await whoIsResponsible(h.deps, eva, ref), "personNotFound");
  });

  it("lets the other principal's staff register once they have met the person by personnummer", async () => {
    const { anna, bo } = h.staff;
    const ref = await identifiedPerson(h);
    expectOk(await registerEffort(h.deps, anna, { ref, effort: "hemtjänst" }));
    expectFail(await registerEffort(h.deps, bo, { ref, effort: "psykiatri" }), "personNotFound");
    expect(await sipsOf(h, ref)).toEqual([]);

    await meetPerson(h, bo, ref);
    expect(await linksOf(h, ref)).toEqual({ [anna.id]: "CREATED", [bo.id]: "MATCHED" });
    const r = expectOk(await registerEffort(h.deps, bo, { ref, effort: "psykiatri" }));
    expect(r.suggestion?.reason).toBe("BOTH_PRINCIPALS");
    expect((await effortsOf(ref)).map((e) => [e.kind, e.registered_by_id])).toEqual([
      ["hemtjanst", anna.id],
      ["psykiatrisk-oppenvard", bo.id],
    ]);
    const registrations = (await auditOf(h, ref)).filter((a) => a.action === "EFFORT_CREATE");
    expect(registrations.map((a) => [a.actor_id, a.basis])).toEqual([
      [anna.id, "OWN_PRINCIPAL"],
      [bo.id, "DENIED"],
      [bo.id, "OWN_PRINCIPAL"],
    ]);
  });

  it("answers endEffort by someone with no link as for an unknown reference, and ends nothing", async () => {
    const { anna, eva } = h.staff;
    const ref = await newPerson(h);
    expectOk(await registerEffort(h.deps, anna, { ref, effort: "hemtjänst" }));
    // eva is of the same principal: without the rule she could end anna's hemtjänst.
    const denied = await endEffort(h.deps, eva, { ref, effort: "hemtjänst" });
    const missing = await endEffort(h.deps, eva, { ref: "K-ZZZZ", effort: "hemtjänst" });
    expect(denied).toEqual({ ok: false, reason: "personNotFound", detail: { ref } });
    expect(missing).toEqual({ ok: false, reason: "personNotFound", detail: { ref: "K-ZZZZ" } });
    expect((await effortsOf(ref)).map((e) => e.end_date)).toEqual([null]);

    // anna's end is audited as a read and as the change.
    expectOk(await endEffort(h.deps, anna, { ref, effort: "hemtjänst" }));
    expect((await effortsOf(ref)).map((e) => e.end_date)).toEqual([TODAY]);
    const ends = (await auditOf(h, ref)).filter((a) => a.action.startsWith("EFFORT_END"));
    expect(ends.map((a) => [a.actor_id, a.action, a.basis])).toEqual([
      [eva.id, "EFFORT_END", "DENIED"],
      [anna.id, "EFFORT_END", "OWN_PRINCIPAL"],
      [anna.id, "EFFORT_ENDED", "OWN_PRINCIPAL"],
    ]);
  });
});
