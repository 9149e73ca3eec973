// Reminders with the clock pinned: before and on the due date and overdue (owner and coordinator), at
// 08:00 in Stockholm on either side of the end of summer time (Sunday 25 October 2026, 03:00 -> 02:00);
// snooze, hand-over and a moved due date; the follow-up reminder to the overall-responsible side.
import { describe, expect, it } from "vitest";
import { addCommitment } from "../../src/app/commitments.ts";
import { recordConsent } from "../../src/app/consents.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import { sendCommitmentReminders, sendFollowUpReminders } from "../../src/app/reminders.ts";
import { moveCommitmentDue, reassignCommitment, snoozeCommitment } from "../../src/app/reminders-actions.ts";
import { localInstant, ownerReminders } from "../../src/app/reminders-schedule.ts";
import { startSip, updatePlan } from "../../src/app/sips.ts";
import { expectFail, expectOk, harnessForThisFile, personWithBothPrincipals } from "./harness.ts";

const h = await harnessForThisFile();
const settings = { reminderLeadDays: 1, reminderHour: 8, followUpLeadDays: 7, catchUpDays: 14 };
const deps: AppDeps = h.depsWith({ followThrough: settings });

describe("reminder times (pure)", () => {
  it("stay at 08:00 in Stockholm across the DST change", () => {
    const iso = (d: Date) => d.toISOString();
    // Due Monday 26 Oct: the day before is the Sunday of the change (CET from 03:00).
    expect(
      ownerReminders({ dueDate: "2026-10-26", snoozedUntil: null }, settings).map((r) => [r.kind, iso(r.at)]),
    ).toEqual([
      ["before", "2026-10-25T07:00:00.000Z"],
      ["due", "2026-10-26T07:00:00.000Z"],
      ["overdue", "2026-10-27T07:00:00.000Z"],
    ]);
    // Due on the Sunday itself: the reminder the day before is still in summer time.
    expect(
      ownerReminders({ dueDate: "2026-10-25", snoozedUntil: null }, settings).map((r) => [r.kind, iso(r.at)]),
    ).toEqual([
      ["before", "2026-10-24T06:00:00.000Z"],
      ["due", "2026-10-25T07:00:00.000Z"],
      ["overdue", "2026-10-26T07:00:00.000Z"],
    ]);
    // Spring forward too (29 March 2026).
    expect(localInstant("2026-03-28", 8).toISOString()).toBe("2026-03-28T07:00:00.000Z");
    expect(localInstant("2026-03-29", 8).toISOString()).toBe("2026-03-29T06:00:00.000Z");
  });

  it("snoozing past the due date replaces the reminders with one on the chosen day", () => {
    const r = ownerReminders({ dueDate: "2026-10-26", snoozedUntil: "2026-10-30" }, settings);
    expect(r.map((x) => [x.kind, x.about, x.at.toISOString()])).toEqual([
      ["snoozed", "2026-10-30", "2026-10-30T07:00:00.000Z"],
    ]);
    // Snoozed to a day before the due date: the reminders before that day are dropped, the rest stay.
    const early = ownerReminders(
      { dueDate: "2026-10-30", snoozedUntil: "2026-10-29" },
      { ...settings, reminderLeadDays: 3 },
    );
    expect(early.map((x) => x.kind)).toEqual(["due", "overdue"]);
  });
});

async function consentedSip(): Promise<string> {
  const ref = await personWithBothPrincipals(h);
  expectOk(await startSip(h.deps, h.staff.bo, ref));
  expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: ["REGION", "MUNICIPALITY"] }));
  return ref;
}

async function reminderRows(number: number) {
  return h.db.runner.query<{ dedupe_key: string; recipient_id: string; kind: string; role: string | null }>(
    `SELECT dedupe_key, recipient_id, payload->>'kind' AS kind, payload->>'role' AS role FROM outbox_message
      WHERE (payload->>'number')::int = $1 AND dedupe_key LIKE 'reminder:%' ORDER BY created_at, dedupe_key`,
    [number],
  );
}

describe("the reminder scan", () => {
  it("sends each reminder once, at its time, and the overdue notice to owner and coordinator", async () => {
    h.clock.set("2026-10-20T09:00:00Z");
    const ref = await consentedSip();
    // bo (who started the SIP, so its coordinator) gives anna a commitment due Monday 26 October.
    const c = expectOk(
      await addCommitment(deps, h.staff.bo, {
        ref,
        owner: { kind: "staff", handle: "anna" },
        what: "Ansöka om boendestöd",
        dueDate: "2026-10-26",
      }),
    );
    const run = async (at: string) => {
      h.clock.set(at);
      return sendCommitmentReminders(deps);
    };
    await run("2026-10-25T06:59:00Z"); // 07:59 CET
    expect(await reminderRows(c.number)).toEqual([]);
    await run("2026-10-25T07:00:00Z"); // 08:00 CET
    await run("2026-10-25T07:15:00Z");
    expect((await reminderRows(c.number)).map((r) => r.dedupe_key)).toEqual([
      `reminder:before:${c.id}:2026-10-26:${h.staff.anna.id}`,
    ]);
    await run("2026-10-26T07:00:00Z");
    await run("2026-10-27T06:59:00Z");
    expect((await reminderRows(c.number)).map((r) => r.kind)).toEqual([
      "commitmentReminder",
      "commitmentReminder",
    ]);
    await run("2026-10-27T07:00:00Z");
    await run("2026-10-27T07:15:00Z");
    const rows = await reminderRows(c.number);
    expect(rows.map((r) => [r.kind, r.role, r.recipient_id])).toEqual([
      ["commitmentReminder", null, h.staff.anna.id],
      ["commitmentReminder", null, h.staff.anna.id],
      ["commitmentOverdue", "owner", h.staff.anna.id],
      ["commitmentOverdue", "coordinator", h.staff.bo.id],
    ]);

    // Snoozed until Friday: nothing until Friday 08:00, then one reminder.
    h.clock.set("2026-10-27T10:00:00Z");
    expectOk(await snoozeCommitment(deps, h.staff.anna, c.number, "2026-10-30"));
    await run("2026-10-30T06:59:00Z");
    expect(await reminderRows(c.number)).toHaveLength(4);
    await run("2026-10-30T07:00:00Z");
    await run("2026-10-30T08:00:00Z");
    const after = await reminderRows(c.number);
    expect(after).toHaveLength(5);
    expect(after[4]?.dedupe_key).toBe(`reminder:snoozed:${c.id}:2026-10-30:${h.staff.anna.id}`);
  });

  it("a moved due date tells the owner and re-arms the reminders for the new date", async () => {
    h.clock.set("2026-11-02T09:00:00Z");
    const ref = await consentedSip();
    const c = expectOk(
      await addCommitment(deps, h.staff.bo, {
        ref,
        owner: { kind: "staff", handle: "anna" },
        what: "Kontakta FK",
        dueDate: "2026-11-04",
      }),
    );
    expectOk(await moveCommitmentDue(deps, h.staff.bo, c.number, "2026-11-10"));
    const notice = await h.db.runner.query<{ recipient_id: string; payload: Record<string, unknown> }>(
      "SELECT recipient_id, payload FROM outbox_message WHERE dedupe_key LIKE 'commitment-due:%' AND (payload->>'number')::int = $1",
      [c.number],
    );
    expect(notice.map((n) => [n.recipient_id, n.payload.oldDue, n.payload.newDue])).toEqual([
      [h.staff.anna.id, "2026-11-04", "2026-11-10"],
    ]);
    h.clock.set("2026-11-03T07:00:00Z"); // the old date's "before" time: nothing any more
    await sendCommitmentReminders(deps);
    expect(await reminderRows(c.number)).toEqual([]);
    h.clock.set("2026-11-09T07:00:00Z");
    await sendCommitmentReminders(deps);
    expect((await reminderRows(c.number)).map((r) => r.dedupe_key)).toEqual([
      `reminder:before:${c.id}:2026-11-10:${h.staff.anna.id}`,
    ]);
    expectFail(await moveCommitmentDue(deps, h.staff.bo, c.number, "2026-11-01"), "dueInPast");
  });

  it("hand-over goes to a colleague of the same principal only, and tells the old and the new owner", async () => {
    h.clock.set("2026-11-02T09:00:00Z");
    const ref = await consentedSip();
    const c = expectOk(
      await addCommitment(deps, h.staff.bo, {
        ref,
        owner: { kind: "staff", handle: "anna" },
        what: "Hembesök",
        dueDate: "2026-11-20",
      }),
    );
    expectFail(await reassignCommitment(deps, h.staff.bo, c.number, "david"), "otherPrincipal");
    expectFail(await reassignCommitment(deps, h.staff.bo, c.number, "anna"), "sameOwner");
    expectFail(await reassignCommitment(deps, h.staff.bo, c.number, "nobody"), "unknownOwner");
    expectFail(await reassignCommitment(deps, h.staff.david, 999_999, "eva"), "commitmentNotFound");
    const r = expectOk(await reassignCommitment(deps, h.staff.bo, c.number, "@eva"));
    expect(r.to.handle).toBe("eva");
    const notes = await h.db.runner.query<{ recipient_id: string; role: string }>(
      `SELECT recipient_id, payload->>'role' AS role FROM outbox_message
        WHERE dedupe_key LIKE 'commitment-owner:%' AND (payload->>'number')::int = $1 ORDER BY role`,
      [c.number],
    );
    expect(notes).toEqual([
      { recipient_id: h.staff.eva.id, role: "newOwner" },
      { recipient_id: h.staff.anna.id, role: "oldOwner" },
    ]);
    const owner = await h.db.runner.query<{ owner_staff_id: string }>(
      "SELECT owner_staff_id::text FROM commitment WHERE number = $1",
      [c.number],
    );
    expect(owner[0]?.owner_staff_id).toBe(h.staff.eva.id);
    const history = await h.db.runner.query<{ change: string }>(
      "SELECT change FROM commitment_history h JOIN commitment c ON c.id = h.commitment_id WHERE c.number = $1 ORDER BY h.at",
      [c.number],
    );
    expect(history.map((x) => x.change).sort()).toEqual(["CREATED", "REASSIGNED"]);
  });

  it("refuses snoozes in the past or beyond three months, and strangers", async () => {
    h.clock.set("2026-11-02T09:00:00Z");
    const ref = await consentedSip();
    const c = expectOk(
      await addCommitment(deps, h.staff.bo, {
        ref,
        owner: { kind: "staff", handle: "anna" },
        what: "X",
        dueDate: "2026-11-20",
      }),
    );
    expectFail(await snoozeCommitment(deps, h.staff.anna, c.number, "2026-11-02"), "snoozeInPast");
    expectFail(await snoozeCommitment(deps, h.staff.anna, c.number, "2027-06-01"), "snoozeTooFar");
    // david (region, vårdcentral) may read the plan under consent, but the commitment is not his to put off.
    expectFail(await snoozeCommitment(deps, h.staff.david, c.number, "2026-11-10"), "notYours");
    expectFail(await snoozeCommitment(deps, h.staff.david, 999_999, "2026-11-10"), "commitmentNotFound");
  });
});

describe("the follow-up reminder", () => {
  it("goes to the overall-responsible side a week ahead, with the open commitments", async () => {
    h.clock.set("2026-11-02T09:00:00Z");
    const ref = await consentedSip();
    const c = expectOk(
      await addCommitment(deps, h.staff.bo, {
        ref,
        owner: { kind: "staff", handle: "anna" },
        what: "Boka möte",
        dueDate: "2026-11-30",
      }),
    );
    expectOk(
      await updatePlan(deps, h.staff.bo, ref, {
        overallPrincipal: "MUNICIPALITY",
        followUpDate: "2026-12-10",
      }),
    );
    h.clock.set("2026-12-03T06:59:00Z");
    expect((await sendFollowUpReminders(deps)).enqueued).toBe(0);
    h.clock.set("2026-12-03T07:00:00Z");
    expect((await sendFollowUpReminders(deps)).enqueued).toBe(1);
    expect((await sendFollowUpReminders(deps)).enqueued).toBe(0);
    const rows = await h.db.runner.query<{
      recipient_id: string;
      payload: { open: { number: number; what: string | null }[] };
    }>(
      "SELECT recipient_id, payload FROM outbox_message WHERE dedupe_key LIKE 'followup:%' AND payload->>'personRef' = $1",
      [ref],
    );
    expect(rows.map((r) => r.recipient_id)).toEqual([h.staff.anna.id]);
    expect(rows[0]?.payload.open).toEqual([
      { number: c.number, what: "Boka möte", dueDate: "2026-11-30", principal: "MUNICIPALITY" },
    ]);
  });
});
