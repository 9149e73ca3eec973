// The weekly digest against a hand-computed fixture (digest-fixture.ts): five weeks across the DST change,
// the clock pinned to Monday 23 November 2026, 07:00 in Stockholm.
import { beforeAll, describe, expect, it } from "vitest";
import { computeDigest, digestOnDemand } from "../../src/app/digest.ts";
import { digestNotification, sendWeeklyDigests } from "../../src/app/digest-weekly.ts";
import type { DigestChartPort } from "../../src/app/digest-ports.ts";
import type { UnitRecord } from "../../src/app/ports.ts";
import {
  digestWeek,
  FIGURE_KEYS,
  lastCompleteWeek,
  median,
  parseDigestWeek,
  trendOf,
  trendWeeks,
} from "../../src/domain/digest.ts";
import { type FixtureIds, writeDigestFixture } from "./digest-fixture.ts";
import { expectOk, harnessForThisFile } from "./harness.ts";

const h = await harnessForThisFile();
const MONDAY_0700 = "2026-11-23T06:00:00Z";
let ids: FixtureIds;
let unit: UnitRecord;

beforeAll(async () => {
  const anna = h.staff.anna;
  const bo = h.staff.bo;
  if (anna.unitId === null || bo.unitId === null) throw new Error("demo staff without units");
  ids = await writeDigestFixture(h.db.runner, {
    unitId: anna.unitId,
    regionUnitId: bo.unitId,
    actorId: anna.id,
  });
  const found = (await h.store.listUnits()).find((u) => u.id === anna.unitId);
  if (found === undefined) throw new Error("unit missing");
  unit = found;
});

// Worked out by hand from the fixture, week by week (43 ... 47).
const EXPECTED: Record<(typeof FIGURE_KEYS)[number], number[]> = {
  sipsSuggested: [1, 0, 1, 1, 1],
  sipsConsented: [1, 0, 0, 1, 0],
  sipsScheduled: [0, 1, 0, 1, 0],
  sipsHeld: [1, 0, 1, 0, 1],
  sipsFollowedUp: [0, 0, 0, 0, 1],
  sipsClosed: [0, 0, 0, 0, 1],
  sipsDeclined: [0, 0, 0, 0, 1],
  sipsWithdrawn: [0, 0, 0, 0, 0],
  sipsActive: [2, 2, 3, 3, 2],
  commitmentsOpen: [1, 2, 3, 2, 2],
  commitmentsDone: [0, 0, 0, 1, 1],
  commitmentsOverdue: [1, 1, 0, 1, 1],
  bothPrincipalsNoSip: [0, 2, 2, 2, 2],
  pollsWithoutAnswers: [0, 0, 1, 0, 0],
};

describe("digest weeks", () => {
  it("are Monday to Monday in Stockholm, 167 hours across the end of summer time", () => {
    const w43 = digestWeek("2026-10-21");
    expect(w43.start).toBe("2026-10-19");
    expect(w43.from.toISOString()).toBe("2026-10-18T22:00:00.000Z");
    expect(w43.to.toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect((w43.to.getTime() - w43.from.getTime()) / 3_600_000).toBe(169);
    expect(w43.isoWeek).toBe(43);
    expect(lastCompleteWeek(new Date(MONDAY_0700)).start).toBe("2026-11-16");
    expect(trendWeeks(digestWeek("2026-11-16")).map((w) => w.isoWeek)).toEqual([43, 44, 45, 46, 47]);
  });

  it("parse from a number, an ISO week or a date, and refuse anything else", () => {
    expect(parseDigestWeek("47", "2026-11-23")?.start).toBe("2026-11-16");
    expect(parseDigestWeek("v47", "2026-11-23")?.start).toBe("2026-11-16");
    expect(parseDigestWeek("2026-W01", "2026-11-23")?.start).toBe("2025-12-29");
    expect(parseDigestWeek("2026-11-18", "2026-11-23")?.start).toBe("2026-11-16");
    for (const bad of ["54", "0", "w", "2026-13-01", "x".repeat(500), "47; DROP TABLE sip"])
      expect(parseDigestWeek(bad, "2026-11-23")).toBeNull();
  });

  it("median and trend follow their definitions", () => {
    expect(median([])).toBeNull();
    expect(median([15, 9, 14])).toBe(14);
    expect(median([15, 14])).toBe(14.5);
    expect(trendOf(6, [2, 2, 3, 3]).direction).toBe("up");
    expect(trendOf(0, [2, 2, 3, 3]).direction).toBe("down");
    expect(trendOf(3, [2, 2, 3, 3])).toEqual({ current: 3, previousMean: 2.5, direction: "flat" });
  });
});

describe("the digest of Hemtjänst Norr, week 47 of 2026", () => {
  it("matches the hand-computed figures for each of the five weeks", async () => {
    h.clock.set(MONDAY_0700);
    const d = await computeDigest(h.deps, [unit], null, { id: null, unitId: null });
    expect(d.week.start).toBe("2026-11-16");
    const section = d.units[0];
    if (section === undefined) throw new Error("no section");
    const weeks = [...section.previous, section.current];
    expect(weeks.map((w) => w.weekStart)).toEqual([
      "2026-10-19",
      "2026-10-26",
      "2026-11-02",
      "2026-11-09",
      "2026-11-16",
    ]);
    for (const k of FIGURE_KEYS) expect({ [k]: weeks.map((w) => w[k]) }).toEqual({ [k]: EXPECTED[k] });
    expect(weeks.map((w) => w.medianDaysToMeeting)).toEqual([9, null, 14, null, 15]);
    expect(weeks.map((w) => w.medianDaysToFollowUp)).toEqual([null, null, null, null, 15]);
  });

  it("lists overdue commitments oldest first with references, and names only consented persons", async () => {
    h.clock.set(MONDAY_0700);
    const d = await computeDigest(h.deps, [unit], null, { id: null, unitId: null });
    const s = d.units[0];
    expect(s?.overdue).toEqual([
      {
        number: ids.commitmentNumbers.C2,
        unitId: ids.unitId,
        principal: "MUNICIPALITY",
        dueDate: "2026-11-13",
        daysOverdue: 9,
        personRef: ids.refs.P1,
      },
    ]);
    // P5 and P6 are both counted; only P5's consent covers both principals.
    expect(s?.current.bothPrincipalsNoSip).toBe(2);
    expect(s?.bothPrincipalsRefs).toEqual([ids.refs.P5]);
    expect(s?.trends.sipsActive).toEqual({ current: 2, previousMean: 2.5, direction: "flat" });
  });

  it("the region's unit gets its own commitment and none of Hemtjänst Norr's", async () => {
    h.clock.set(MONDAY_0700);
    const region = (await h.store.listUnits()).find((u) => u.id === ids.regionUnitId);
    if (region === undefined) throw new Error("no region unit");
    const d = await computeDigest(h.deps, [region], null, { id: null, unitId: null });
    expect(d.units[0]?.current.commitmentsOverdue).toBe(1);
    expect(d.units[0]?.overdue.map((o) => o.number)).toEqual([ids.commitmentNumbers.C6]);
  });
});

describe("who may see which digest", () => {
  it("a manager sees their own unit; other staff and other units are refused", async () => {
    h.clock.set(MONDAY_0700);
    const own = expectOk(await digestOnDemand(h.deps, h.staff.cecilia, { unitName: null, week: null }));
    expect(own.units.map((u) => u.unit.id)).toEqual([ids.unitId]);
    const r1 = await digestOnDemand(h.deps, h.staff.anna, { unitName: null, week: null });
    expect(r1.ok ? "ok" : r1.reason).toBe("notManager");
    const r2 = await digestOnDemand(h.deps, h.staff.cecilia, {
      unitName: "Psykiatrisk öppenvård (demo)",
      week: null,
    });
    expect(r2.ok ? "ok" : r2.reason).toBe("notYourUnit");
    const r3 = await digestOnDemand(h.deps, h.staff.cecilia, { unitName: "Finns inte", week: null });
    expect(r3.ok ? "ok" : r3.reason).toBe("unknownUnit");
  });

  it("every reference shown is audited with its basis", async () => {
    h.clock.set(MONDAY_0700);
    expectOk(await digestOnDemand(h.deps, h.staff.cecilia, { unitName: null, week: null }));
    const rows = await h.db.runner.query<{ person_ref: string; basis: string }>(
      "SELECT DISTINCT person_ref, basis FROM audit_event WHERE action = 'DIGEST_REFERENCE_SHOWN' AND actor_id = $1 ORDER BY person_ref",
      [h.staff.cecilia.id],
    );
    expect(rows).toEqual([
      { person_ref: ids.refs.P1, basis: "OWN_PRINCIPAL" },
      { person_ref: ids.refs.P5, basis: "CONSENT" },
    ]);
  });
});

describe("the Monday run", () => {
  const fakeChart: DigestChartPort = {
    render: async () => ({ pngBase64: "iVBORw0KGgo=", altText: "diagram" }),
  };

  it("writes one digest per manager and week, however often it runs", async () => {
    h.clock.set(MONDAY_0700);
    const first = await sendWeeklyDigests(h.deps, fakeChart);
    expect(first).toMatchObject({ managers: 1, enqueued: 1 });
    const again = await sendWeeklyDigests(h.deps, fakeChart);
    expect(again.enqueued).toBe(0);
    const rows = await h.db.runner.query<{
      dedupe_key: string;
      recipient_id: string;
      payload: Record<string, unknown>;
    }>("SELECT dedupe_key, recipient_id, payload FROM outbox_message WHERE dedupe_key LIKE 'digest:%'");
    expect(rows.map((r) => [r.dedupe_key, r.recipient_id])).toEqual([
      [`digest:${h.staff.cecilia.id}:2026-11-16`, h.staff.cecilia.id],
    ]);
    expect(rows[0]?.payload).toMatchObject({ kind: "weeklyDigest", weekStart: "2026-11-16", isoWeek: 47 });
  });

  it("falls back to the text-only digest when the chart cannot be drawn", async () => {
    h.clock.set(MONDAY_0700);
    const d = await computeDigest(h.deps, [unit], null, { id: null, unitId: null });
    const failing: DigestChartPort = {
      render: () => Promise.reject(Object.assign(new Error("no font"), { code: "FONT_MISSING" })),
    };
    const { digestWithChart } = await import("../../src/app/digest-weekly.ts");
    const note = await digestWithChart(h.deps, failing, d, "sv");
    expect(note.chart).toBeNull();
    expect(note.units[0]?.figures.sipsActive).toBe(2);
    expect(digestNotification(d, null).chart).toBeNull();
  });
});
