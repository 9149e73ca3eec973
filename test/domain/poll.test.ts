import { describe, expect, it } from "vitest";
import {
  type Answer,
  checkAnswerDeadline,
  choose,
  dueReminder,
  endOfStockholmDay,
  hasAnsweredAll,
  meetingLimit,
  parseExternalLabel,
  tally,
  type VoteFacts,
} from "../../src/domain/poll.ts";

// The choosing rules exactly as stated: every required participant yes or if-need-be; then most yes; then
// fewest if-need-be; then earliest. Slot ids are named for their day so a failure reads easily.
const slots = [
  { id: "mon", start: new Date("2026-12-07T08:00:00Z") },
  { id: "tue", start: new Date("2026-12-08T12:00:00Z") },
  { id: "wed", start: new Date("2026-12-09T08:00:00Z") },
];
const participants = [
  { id: "anna", required: true },
  { id: "bo", required: true },
  { id: "fk", required: false },
];
const codes: Record<string, Answer> = { y: "YES", m: "IF_NEED_BE", n: "NO" };
/** votes({ anna: "yyn" }): anna answers yes, yes, no for mon, tue, wed ("-" for no answer). */
function votes(answers: Record<string, string>): VoteFacts[] {
  return Object.entries(answers).flatMap(([participantId, row]) =>
    [...row].flatMap((c, i) => {
      const answer = codes[c];
      const slot = slots[i];
      return answer === undefined || slot === undefined ? [] : [{ slotId: slot.id, participantId, answer }];
    }),
  );
}
const pick = (answers: Record<string, string>) => {
  const c = choose(slots, participants, votes(answers));
  return c.kind === "chosen" ? c.slotId : "none";
};

describe("choosing the time", () => {
  it("needs every required participant at yes or if-need-be", () => {
    // mon has three yes but bo (required) said no; tue is the only time both required can come.
    expect(pick({ anna: "yym", bo: "nmn", fk: "yyy" })).toBe("tue");
  });

  it("prefers the most yes, optional participants included", () => {
    expect(pick({ anna: "yyy", bo: "yyy", fk: "nyn" })).toBe("tue");
  });

  it("breaks a tie in yes by the fewest if-need-be", () => {
    expect(pick({ anna: "ymy", bo: "myy", fk: "nnn" })).toBe("wed");
  });

  it("breaks a full tie by the earliest time", () => {
    expect(pick({ anna: "yyy", bo: "yyy", fk: "nnn" })).toBe("mon");
    expect(pick({ anna: "mmm", bo: "mmm" })).toBe("mon");
  });

  it("lets an optional participant's no stand, but never a required one's", () => {
    expect(pick({ anna: "yyy", bo: "ymm", fk: "nyy" })).toBe("mon"); // fk (optional) said no to mon
    expect(pick({ anna: "nyy", bo: "yny", fk: "yyn" })).toBe("wed");
  });

  it("says who blocks which time when no time works, counting missing answers too", () => {
    const c = choose(slots, participants, votes({ anna: "ny-", bo: "yn", fk: "yyy" }));
    expect(c.kind).toBe("none");
    if (c.kind !== "none") return;
    expect(c.blocked.map((b) => [b.slotId, b.blockers, b.missing])).toEqual([
      ["mon", ["anna"], []],
      ["tue", ["bo"], []],
      ["wed", [], ["anna", "bo"]],
    ]);
  });

  it("tallies without double counting and counts the unanswered", () => {
    const t = tally(slots, participants, votes({ anna: "ymn", fk: "y" }));
    expect(t.map((x) => [x.yes, x.ifNeedBe, x.no, x.unanswered])).toEqual([
      [2, 0, 0, 1],
      [0, 1, 0, 2],
      [0, 0, 1, 2],
    ]);
    expect(hasAnsweredAll("anna", slots, votes({ anna: "ymn" }))).toBe(true);
    expect(hasAnsweredAll("fk", slots, votes({ fk: "y" }))).toBe(false);
  });
});

describe("participants who are not chat users", () => {
  it("accepts role labels only, in a canonical form", () => {
    expect(parseExternalLabel("Den enskilde")).toEqual({ kind: "PERSON", label: "personen själv" });
    expect(parseExternalLabel("närstående 2")).toEqual({ kind: "RELATIVE", label: "närstående 2" });
    expect(parseExternalLabel("FK")).toEqual({ kind: "ORGANISATION", label: "Försäkringskassan" });
    expect(parseExternalLabel("  god   man ")).toEqual({ kind: "RELATIVE", label: "god man" });
  });

  it("refuses anything else, such as a name", () => {
    expect(parseExternalLabel("Kalle Karlsson")).toBeNull();
    expect(parseExternalLabel("närstående 1")).toBeNull();
    expect(parseExternalLabel("constructor")).toBeNull();
    expect(parseExternalLabel("")).toBeNull();
    expect(parseExternalLabel("x".repeat(10_000))).toBeNull();
  });
});

describe("deadlines and reminders", () => {
  const now = new Date("2026-11-23T09:00:00Z");

  it("closes at the end of the deadline day in Stockholm, on either side of the October change", () => {
    expect(endOfStockholmDay("2026-11-26").toISOString()).toBe("2026-11-26T23:00:00.000Z");
    expect(endOfStockholmDay("2026-10-24").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(endOfStockholmDay("2026-10-25").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("refuses a deadline in the past, on or after the limit, or after the first proposed time", () => {
    const reason = (deadline: string, first: Date | null, limit: string | null) => {
      const r = checkAnswerDeadline(deadline, now, first, limit);
      return r.ok ? "ok" : r.reason;
    };
    const first = new Date("2026-11-30T08:00:00Z");
    expect(reason("2026-11-22", first, null)).toBe("deadlineInPast");
    expect(reason("2026-11-23", first, null)).toBe("ok"); // today is still open
    expect(reason("2026-12-14", null, meetingLimit("2026-11-23", 21))).toBe("deadlineAfterLimit");
    expect(reason("2026-12-13", null, meetingLimit("2026-11-23", 21))).toBe("ok");
    expect(reason("2026-11-30", first, null)).toBe("slotBeforeDeadline");
    expect(reason("2026-11-29", first, null)).toBe("ok");
  });

  it("is due once per reminder time, the latest passed, and never after closing or before opening", () => {
    const opened = new Date("2026-11-23T09:00:00Z");
    const closes = new Date("2026-11-26T23:00:00Z");
    const hours = [48, 4];
    expect(dueReminder(opened, closes, hours, new Date("2026-11-24T22:59:00Z"))).toBeNull();
    expect(dueReminder(opened, closes, hours, new Date("2026-11-24T23:00:00Z"))?.toISOString()).toBe(
      "2026-11-24T23:00:00.000Z",
    );
    expect(dueReminder(opened, closes, hours, new Date("2026-11-26T20:00:00Z"))?.toISOString()).toBe(
      "2026-11-26T19:00:00.000Z",
    );
    expect(dueReminder(opened, closes, hours, closes)).toBeNull();
    // A poll opened less than 48 hours before its deadline gets only the 4-hour reminder.
    const late = new Date("2026-11-26T00:00:00Z");
    expect(dueReminder(late, closes, hours, new Date("2026-11-26T10:00:00Z"))).toBeNull();
  });
});
