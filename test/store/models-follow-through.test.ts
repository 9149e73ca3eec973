// The follow-through migration on both backends: a commitment's snoozed-until date (a date, not an
// instant) and a SIP's goals, through Prisma and through the raw SQL the reminder scan and the digest use.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestWeek } from "../../src/domain/digest.ts";
import type { Database } from "../../src/store/database.ts";
import { DigestSql } from "../../src/store/digest-store.ts";
import { storeBackends } from "../helpers/store-backends.ts";

describe.each(storeBackends)("commitment.snoozed_until and sip.goals on $name", ({ available, open }) => {
  let db: Database;
  let dispose = async () => {};
  beforeAll(async () => {
    if (!available) return;
    ({ db, dispose } = await open());
  });
  afterAll(() => dispose());

  it.skipIf(!available)("is a nullable date, written by snooze and cleared by a hand-over", async () => {
    const p = db.prisma;
    const unit = await p.unit.create({ data: { name: "Hemtjänst Norr", principal: "MUNICIPALITY" } });
    const anna = await p.staffProfile.create({
      data: { handle: "anna", displayName: "Anna", principal: "MUNICIPALITY", unitId: unit.id },
    });
    const eva = await p.staffProfile.create({
      data: { handle: "eva", displayName: "Eva", principal: "MUNICIPALITY", unitId: unit.id },
    });
    const person = await p.person.create({ data: { ref: "K-7F3Q" } });
    const sip = await p.sip.create({ data: { personId: person.id, state: "CONSENTED" } });
    const c = await p.commitment.create({
      data: {
        sipId: sip.id,
        what: "Ringa",
        principal: "MUNICIPALITY",
        ownerStaffId: anna.id,
        ownerUnitId: unit.id,
        dueDate: new Date("2026-11-20T00:00:00Z"),
        createdById: anna.id,
        createdAt: new Date("2026-11-17T10:00:00Z"),
      },
    });
    expect(c.snoozedUntil).toBeNull();
    const sql = new DigestSql(p);
    await sql.snoozeCommitment(c.id, "2026-11-27", anna.id, new Date("2026-11-21T10:00:00Z"));
    const read = await p.commitment.findUniqueOrThrow({ where: { id: c.id } });
    expect(read.snoozedUntil?.toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(await sql.snoozedUntil(c.id)).toBe("2026-11-27");
    expect((await sql.reminderCandidates("2026-11-26", "2026-11-27")).map((r) => r.number)).toEqual([
      c.number,
    ]);
    await sql.reassignCommitment(
      c.id,
      { staffId: eva.id, unitId: unit.id },
      anna.id,
      new Date("2026-11-21T11:00:00Z"),
    );
    expect(await sql.snoozedUntil(c.id)).toBeNull();
    const history = await p.commitmentHistory.findMany({
      where: { commitmentId: c.id },
      orderBy: { at: "asc" },
    });
    expect(history.map((h) => [h.change, h.at.toISOString()])).toEqual([
      ["SNOOZED", "2026-11-21T10:00:00.000Z"],
      ["REASSIGNED", "2026-11-21T11:00:00.000Z"],
    ]);
    // sip.goals: a text array, empty by default, appended to up to a limit in one statement.
    expect(await sql.sipGoals(sip.id)).toEqual([]);
    expect(await sql.addSipGoal(sip.id, "Att kunna bo kvar hemma", 2)).toBe(true);
    expect(await sql.addSipGoal(sip.id, "Träffa barnbarnen", 2)).toBe(true);
    expect(await sql.addSipGoal(sip.id, "Ett för mycket", 2)).toBe(false);
    expect((await p.sip.findUniqueOrThrow({ where: { id: sip.id } })).goals).toEqual([
      "Att kunna bo kvar hemma",
      "Träffa barnbarnen",
    ]);
    // The digest counts it for the unit at the end of week 47 (open and overdue: due 20 Nov).
    const [fig] = await sql.digestFigures([unit.id], [digestWeek("2026-11-16")]);
    expect(fig).toMatchObject({ commitmentsOpen: 1, commitmentsOverdue: 1 });
  });
});
