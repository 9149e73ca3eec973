// registerEffort / endEffort and the SIP suggestion they trigger, against the real store.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { endEffort, registerEffort } from "../../src/app/efforts.ts";
import {
  expectFail,
  expectOk,
  type Harness,
  newPerson,
  openHarness,
  outboxAbout,
  personWithBothPrincipals,
  sipsOf,
  TODAY,
} from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.clock.reset();
});

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
    const ref = await newPerson(h);

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

    // A third effort (either side) does not suggest again.
    const third = expectOk(await registerEffort(h.deps, h.staff.eva, { ref, effort: "boendestöd" }));
    expect(third.suggestion).toBeNull();
    const fourth = expectOk(await registerEffort(h.deps, bo, { ref, effort: "vårdcentralen" }));
    expect(fourth.suggestion).toBeNull();
    expect(await sipsOf(h, ref)).toHaveLength(1);
    expect(await outboxAbout(h, ref)).toHaveLength(1);
  });

  it("names the municipality to regional staff in the standard wording", async () => {
    const ref = await newPerson(h, h.staff.bo);
    expectOk(await registerEffort(h.deps, h.staff.bo, { ref, effort: "psykiatri" }));
    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    const outbox = await outboxAbout(h, ref);
    expect(outbox.map((o) => [o.recipient_id, o.payload.otherPrincipal])).toEqual([
      [h.staff.bo.id, "MUNICIPALITY"],
    ]);
  });

  it("names no principal in the strict wording", async () => {
    const strict = h.depsWith({ suggestionWording: "strict" });
    const ref = await newPerson(h);
    expectOk(await registerEffort(strict, h.staff.anna, { ref, effort: "hemtjänst" }));
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
    const ref = await newPerson(h);
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
    const regional = expectOk(
      await registerEffort(h.deps, h.staff.eva, { ref, effort: "hemsjukvård", principal: "REGION" }),
    );
    expect(regional.effort).toMatchObject({ principal: "REGION", unitId: null });
    expect(regional.suggestion?.reason).toBe("BOTH_PRINCIPALS");
  });

  it("rejects unknown efforts, unknown references, bad dates and duplicates without writing", async () => {
    const ref = await newPerson(h);
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
    const again = await registerEffort(h.deps, h.staff.eva, { ref, effort: "hemtjänsten" });
    expectFail(again, "alreadyRegistered");
    expect(await effortsOf(ref)).toHaveLength(1);
  });

  it("takes the start date from the Stockholm calendar, whatever the server's zone", async () => {
    const ref = await newPerson(h);
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
    const ref = await newPerson(h, h.staff.bo);
    const stay = await registerEffort(h.deps, h.staff.bo, {
      ref,
      effort: "psykiatrisk slutenvård",
      startDate,
    });
    expect(expectOk(stay).suggestion).toBeNull();
    expectOk(await endEffort(h.deps, h.staff.bo, { ref, effort: "psykiatrisk slutenvård", endDate }));
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
