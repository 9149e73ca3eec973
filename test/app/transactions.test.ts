// All or nothing: a use case that fails midway leaves no trace, and concurrent registrations for one person
// meet on a single suggestion. PGlite runs one transaction at a time, so the concurrency test guards the
// logic (and the "one open SIP per person" index), not a PostgreSQL race between replicas.
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app/deps.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import type { Store } from "../../src/app/ports.ts";
import {
  auditOf,
  expectOk,
  identifiedPerson,
  meetPerson,
  newPerson,
  harnessForThisFile,
  outboxAbout,
  sipsOf,
  TODAY,
} from "./harness.ts";

const h = await harnessForThisFile();

async function effortKinds(ref: string): Promise<string[]> {
  const rows = await h.db.runner.query<{ kind: string }>(
    "SELECT e.kind FROM effort e JOIN person p ON p.id = e.person_id WHERE p.ref = $1 ORDER BY e.kind",
    [ref],
  );
  return rows.map((r) => r.kind);
}

/** The real store, except that writing to the outbox fails: the last step of a suggestion. */
function outboxDown(store: Store): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "transaction") {
        return <T>(fn: (tx: Store) => Promise<T>) => target.transaction((tx) => fn(outboxDown(tx)));
      }
      if (prop === "enqueueOutbox") {
        return async () => {
          throw new Error("outbox unavailable");
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("transactions", () => {
  it("rolls back every write of a store transaction whose callback throws", async () => {
    const ref = await newPerson(h);
    const person = await h.store.findPersonByRef(ref);
    if (person === null) throw new Error("person missing");
    const attempt = h.store.transaction(async (tx) => {
      await tx.createEffort({
        personId: person.id,
        kind: "hemtjanst",
        principal: "MUNICIPALITY",
        unitId: h.staff.anna.unitId,
        startDate: TODAY,
        endDate: null,
        source: "chat",
        registeredById: h.staff.anna.id,
      });
      expect(await tx.listEfforts(person.id)).toHaveLength(1); // visible inside the transaction
      throw new Error("midway");
    });
    await expect(attempt).rejects.toThrow("midway");
    expect(await effortKinds(ref)).toEqual([]);
  });

  it("leaves no effort, SIP, audit row or notification when a use case fails at its last step", async () => {
    const ref = await identifiedPerson(h);
    expectOk(await registerEffort(h.deps, h.staff.anna, { ref, effort: "hemtjänst" }));
    await meetPerson(h, h.staff.bo, ref);
    const auditBefore = await auditOf(h, ref);
    const broken: AppDeps = { ...h.deps, store: outboxDown(h.store) };

    await expect(registerEffort(broken, h.staff.bo, { ref, effort: "psykiatri" })).rejects.toThrow(
      "outbox unavailable",
    );
    expect(await effortKinds(ref)).toEqual(["hemtjanst"]);
    expect(await sipsOf(h, ref)).toEqual([]);
    expect(await outboxAbout(h, ref)).toEqual([]);
    expect(await auditOf(h, ref)).toEqual(auditBefore);

    // The same registration goes through once the outbox is back.
    const retried = expectOk(await registerEffort(h.deps, h.staff.bo, { ref, effort: "psykiatri" }));
    expect(retried.suggestion?.sip.state).toBe("SUGGESTED");
    expect(await outboxAbout(h, ref)).toHaveLength(1);
  });

  it("creates exactly one suggestion when 20 registrations for one person arrive at once", async () => {
    const ref = await identifiedPerson(h);
    await meetPerson(h, h.staff.bo, ref);
    const municipal = [
      "hemtjänst",
      "boendestöd",
      "särskilt boende",
      "daglig verksamhet",
      "gruppbostad",
      "ledsagare",
      "kontaktperson",
      "försörjningsstöd",
      "korttidsboende",
      "dagverksamhet",
    ];
    const regional = [
      "vårdcentral",
      "psykiatrisk öppenvård",
      "psykiatrisk slutenvård",
      "BUP",
      "beroendevård",
      "habilitering",
      "specialistrehabilitering",
      "specialistvård",
      "slutenvård",
      "psykiatri", // the same kind as "psykiatrisk öppenvård": one of the two is refused
    ];
    const results = await Promise.all([
      ...municipal.map((effort) => registerEffort(h.deps, h.staff.anna, { ref, effort })),
      ...regional.map((effort) => registerEffort(h.deps, h.staff.bo, { ref, effort })),
    ]);

    const refused = results.flatMap((r) => (r.ok ? [] : [r.reason]));
    expect(refused).toEqual(["alreadyRegistered"]);
    expect(await effortKinds(ref)).toHaveLength(19);
    const suggestions = results.flatMap((r) =>
      r.ok && r.value.suggestion !== null ? [r.value.suggestion] : [],
    );
    expect(suggestions).toHaveLength(1);
    const sips = await sipsOf(h, ref);
    expect(sips).toEqual([expect.objectContaining({ id: suggestions[0]?.sip.id, state: "SUGGESTED" })]);
    const suggested = (await auditOf(h, ref)).filter((r) => r.action === "SIP_SUGGESTED");
    expect(suggested).toHaveLength(1);
    // One notification per person told, never two for the same SIP.
    const notes = await outboxAbout(h, ref);
    expect(new Set(notes.map((n) => n.recipient_id)).size).toBe(notes.length);
    expect(notes).toHaveLength(1);
  });
});
