// Opening an availability poll: the proposed times keep every rule, participants are checked (unknown,
// names instead of roles, another principal without consent), and bad input leaves nothing half-written.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { openPoll, type PollInput } from "../../src/app/scheduling-polls.ts";
import { ZONE } from "../../src/domain/local-date.ts";
import { auditOf, expectFail, expectOk, harnessForThisFile, outboxAbout, sipsOf } from "./harness.ts";
import { consentedSip, pollRows, withScheduling } from "./scheduling-harness.ts";

const h = await harnessForThisFile();
const deps = withScheduling(h);
const local = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat("ccc yyyy-MM-dd HH:mm");

function input(ref: string, more: Partial<PollInput> = {}): PollInput {
  return {
    ref,
    participants: [
      { handle: "@bo", required: true },
      { label: "personen själv", required: true },
      { label: "närstående", required: false },
    ],
    place: "Rådhuset, rum 3",
    ...more,
  };
}

describe("openPoll", () => {
  it("proposes weekday times in working hours after the answer deadline and within the region's limit", async () => {
    const ref = await consentedSip(h);
    const opened = expectOk(await openPoll(deps, h.staff.anna, input(ref)));
    // Consent on Monday 23 November: the first meeting by 14 December (21 days); answers by Thursday.
    expect(opened.limit).toBe("2026-12-14");
    expect(opened.poll.closesAt.toISOString()).toBe("2026-11-26T23:00:00.000Z");
    expect(opened.poll.slots.map((s) => local(s.start))).toEqual([
      "Fri 2026-11-27 09:00",
      "Mon 2026-11-30 13:00",
      "Tue 2026-12-01 10:30",
      "Wed 2026-12-02 14:30",
      "Thu 2026-12-03 09:00",
      "Fri 2026-12-04 13:00",
    ]);
    expect(opened.poll.participants.map((p) => [p.name, p.kind, p.required])).toEqual([
      ["Anna Andersson (demo)", "STAFF", true],
      ["Bo Berg (demo)", "STAFF", true],
      ["personen själv", "PERSON", true],
      ["närstående", "RELATIVE", false],
    ]);
    expect((await sipsOf(h, ref))[0]?.state).toBe("SCHEDULING");
    // bo is invited (a chat user); the person and relatives are not chat users and get nothing here.
    const out = (await outboxAbout(h, ref)).filter((o) => o.payload.kind === "pollInvitation");
    expect(out.map((o) => o.recipient_id)).toEqual([h.staff.bo.id]);
    expect(out[0]?.payload).toMatchObject({ place: "Rådhuset, rum 3", byName: "Anna Andersson (demo)" });
    expect((await auditOf(h, ref)).map((a) => a.action)).toContain("POLL_OPENED");

    // One open poll at a time.
    expectFail(await openPoll(deps, h.staff.anna, input(ref)), "pollOpen");
  });

  it("takes the initiator's own times, checked against every rule", async () => {
    const ref = await consentedSip(h);
    const opened = expectOk(
      await openPoll(
        deps,
        h.staff.anna,
        input(ref, {
          times: [
            { date: "2026-12-08", time: "13:00" },
            { date: "2026-12-07", time: "09:30" },
            { date: "2026-12-07", time: "09.30" }, // the same time twice is one time
          ],
        }),
      ),
    );
    expect(opened.poll.slots.map((s) => local(s.start))).toEqual([
      "Mon 2026-12-07 09:30",
      "Tue 2026-12-08 13:00",
    ]);
  });

  it("refuses bad input with a clear reason and writes nothing", async () => {
    const ref = await consentedSip(h);
    const bad: [Partial<PollInput>, string][] = [
      [{ times: [{ date: "2026-11-20", time: "10:00" }] }, "inPast"],
      [{ times: [{ date: "2026-11-28", time: "10:00" }] }, "weekend"],
      [{ times: [{ date: "2026-12-24", time: "10:00" }] }, "holiday"],
      [{ times: [{ date: "2026-12-01", time: "07:00" }] }, "outsideHours"],
      [{ times: [{ date: "2026-12-15", time: "10:00" }] }, "afterLimit"],
      [{ times: [{ date: "2026-12-01", time: "25:00" }] }, "badTime"],
      [{ times: [{ date: "2026-11-25", time: "10:00" }] }, "slotBeforeDeadline"],
      [{ deadline: "2026-11-20" }, "deadlineInPast"],
      [{ deadline: "2026-12-14" }, "deadlineAfterLimit"],
      [{ from: "2026-11-01" }, "dateInPast"],
      [{ participants: [{ handle: "@nobody", required: true }] }, "unknownParticipant"],
      [{ participants: [{ label: "Kalle Karlsson", required: true }] }, "unknownLabel"],
      [{ participants: [{ label: "Försäkringskassan", required: false }] }, "participantNotCovered"],
      [{ place: "   " }, "emptyPlace"],
      [{ place: "x".repeat(301) }, "placeTooLong"],
      [{ durationMinutes: 5 }, "badDuration"],
      [
        { times: Array.from({ length: 13 }, (_, i) => ({ date: "2026-12-01", time: `${8 + (i % 8)}:00` })) },
        "tooManySlots",
      ],
    ];
    for (const [more, reason] of bad) {
      const r = await openPoll(deps, h.staff.anna, input(ref, more));
      expect(r.ok ? "ok" : r.reason, JSON.stringify(more).slice(0, 80)).toBe(reason);
    }
    expect(await pollRows(h, ref)).toEqual([]);
    expect((await sipsOf(h, ref))[0]?.state).toBe("CONSENTED");
    expect((await outboxAbout(h, ref)).filter((o) => String(o.payload.kind).startsWith("poll"))).toEqual([]);
  });

  it("invites another organisation only when the consent covers it, and staff of the other side only with consent", async () => {
    const ref = await consentedSip(h, ["REGION", "MUNICIPALITY"], "vårdcentralen, Försäkringskassan");
    const opened = expectOk(
      await openPoll(deps, h.staff.anna, input(ref, { participants: [{ label: "FK", required: false }] })),
    );
    expect(opened.poll.participants.map((p) => p.name)).toContain("Försäkringskassan");

    // Before consent there is no poll at all: the SIP is not yet consented.
    const { personWithBothPrincipals } = await import("./harness.ts");
    const { startSip } = await import("../../src/app/sips.ts");
    const early = await personWithBothPrincipals(h);
    expectOk(await startSip(h.deps, h.staff.anna, early));
    expectFail(await openPoll(deps, h.staff.anna, input(early)), "notConsented");
  });

  it("refuses staff of another organisation when the consent covers only region and kommun", async () => {
    const unit = await h.store.createUnit("Försäkringskassan Syd (test)", "OTHER");
    await h.store.createStaff({
      handle: "fia",
      displayName: "Fia (test)",
      principal: "OTHER",
      role: "STAFF",
      unitId: unit.id,
      locale: "sv",
    });
    const ref = await consentedSip(h);
    const r = await openPoll(
      deps,
      h.staff.anna,
      input(ref, { participants: [{ handle: "@fia", required: false }] }),
    );
    expect(r).toEqual({ ok: false, reason: "participantNotCovered", detail: { name: "@fia" } });
    const covered = await consentedSip(h, ["REGION", "MUNICIPALITY", "OTHER"]);
    expectOk(
      await openPoll(
        deps,
        h.staff.anna,
        input(covered, { participants: [{ handle: "@fia", required: false }] }),
      ),
    );
  });

  it("lets only the SIP's lead open a poll, and says so when scheduling is not set up", async () => {
    const ref = await consentedSip(h);
    expectFail(await openPoll(deps, h.staff.bo, input(ref)), "notAllowed");
    expectFail(await openPoll(h.deps, h.staff.anna, input(ref)), "schedulingNotConfigured");
    // eva (kommun) sees the person under consent, but has no part in the SIP.
    expectFail(await openPoll(deps, h.staff.eva, input(ref)), "notAllowed");
  });

  it("keeps wall-clock times across the change to winter time (last Sunday of October)", async () => {
    h.clock.set("2026-10-20T08:00:00Z");
    const ref = await consentedSip(h);
    const opened = expectOk(
      await openPoll(
        deps,
        h.staff.anna,
        input(ref, {
          deadline: "2026-10-21",
          times: [
            { date: "2026-10-23", time: "09:00" },
            { date: "2026-10-26", time: "09:00" },
          ],
        }),
      ),
    );
    expect(opened.poll.slots.map((s) => s.start.toISOString())).toEqual([
      "2026-10-23T07:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
    ]);
    expect(opened.poll.slots.map((s) => local(s.start))).toEqual([
      "Fri 2026-10-23 09:00",
      "Mon 2026-10-26 09:00",
    ]);
  });
});
