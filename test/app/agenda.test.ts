// The accepted agenda: a human edits the draft and accepts it, the text is stored per SIP in versions (the
// newest wins), and it goes with the kallelse: in the notification text and in the .ics DESCRIPTION as a
// calendar parser reads it back. Without one, the invitation says plainly that there is no agenda.
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { acceptAgenda, agendaFingerprint, agendaForEditing } from "../../src/app/drafting-agenda.ts";
import { bookMeeting } from "../../src/app/scheduling-booking.ts";
import { openPoll } from "../../src/app/scheduling-polls.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { luhnCheckDigit } from "../helpers/test-personnummer.ts";
import { expectFail, expectOk, harnessForThisFile, outboxAbout } from "./harness.ts";
import { consentedSip, withScheduling } from "./scheduling-harness.ts";

const h = await harnessForThisFile();
const deps = withScheduling(h);

async function bookFirstTime(ref: string) {
  const opened = expectOk(
    await openPoll(deps, h.staff.anna, {
      ref,
      participants: [
        { handle: "@bo", required: true },
        { label: "personen själv", required: true },
      ],
      place: "Rådhuset, rum 3",
      times: [{ date: "2026-12-01", time: "09:00" }],
    }),
  );
  return expectOk(await bookMeeting(deps, h.staff.anna, opened.poll.id, 1));
}

function description(ics: string): string {
  const e = Object.values(ical.sync.parseICS(ics)).find((c): c is ical.VEvent => c?.type === "VEVENT");
  if (e === undefined) throw new Error("no VEVENT");
  const d: unknown = e.description;
  return typeof d === "string" ? d : String((d as { val?: string } | undefined)?.val ?? "");
}

async function agendaRows(ref: string) {
  return h.db.runner.query<{ version: number; text: string; edited: boolean; source: string }>(
    `SELECT a.version, a.text, a.edited, a.source FROM sip_agenda a JOIN sip s ON s.id = a.sip_id
      JOIN person p ON p.id = s.person_id WHERE p.ref = $1 ORDER BY a.version`,
    [ref],
  );
}

describe("accepting an agenda", () => {
  it("stores the edited text, versioned, and the newest one goes with the kallelse and its .ics", async () => {
    const ref = await consentedSip(h);
    const draft = expectOk(await agendaForEditing(deps, h.staff.bo, ref, "sv"));
    expect(draft.text).toMatch(/^1\. Personens egna frågor/);
    expect(draft.text).toContain("8. Nästa uppföljning");

    const edited = `${draft.text}\n- Parkering finns bakom Rådhuset`;
    const first = expectOk(
      await acceptAgenda(deps, h.staff.bo, ref, {
        text: edited,
        source: "template",
        edited: agendaFingerprint(edited) !== agendaFingerprint(draft.text),
      }),
    );
    expect(first.agenda.version).toBe(1);
    const second = expectOk(
      await acceptAgenda(deps, h.staff.anna, ref, {
        text: "1. Personens egna frågor\r\n- Boendet   \n\n\n\n2. Hur vi följer upp\u0007",
        source: "template",
        edited: true,
      }),
    );
    expect(second.agenda.version).toBe(2);
    expect(await agendaRows(ref)).toEqual([
      { version: 1, text: edited, edited: true, source: "template" },
      // Line endings normalised, trailing spaces, blank runs and control characters gone.
      {
        version: 2,
        text: "1. Personens egna frågor\n- Boendet\n\n2. Hur vi följer upp",
        edited: true,
        source: "template",
      },
    ]);

    const booked = await bookFirstTime(ref);
    expect(booked.agenda).toBe(second.agenda.text);
    const desc = description(booked.ics);
    expect(desc).toContain("Dagordning:\n1. Personens egna frågor\n- Boendet\n\n2. Hur vi följer upp");
    expect(desc).not.toContain("Parkering"); // the superseded version is not sent
    expect(desc).not.toMatch(/dagordning saknas/i);

    const invite = (await outboxAbout(h, ref)).find((o) => o.payload.kind === "meetingInvitation");
    expect(invite?.recipient_id).toBe(h.staff.bo.id);
    expect(invite?.payload.agenda).toBe(second.agenda.text);
    const shown = renderNotification(invite?.payload, "sv");
    expect(shown?.text).toContain("Kallelse till SIP-möte");
    expect(shown?.text).toContain("Dagordning:\n1. Personens egna frågor\n- Boendet");
    expect(renderNotification(invite?.payload, "en")?.text).toContain("Agenda:\n1. Personens egna frågor");

    const audit = await h.db.runner.query<{ action: string; detail: Record<string, unknown> | null }>(
      `SELECT action, detail FROM audit_event WHERE person_ref = $1
        AND action IN ('AGENDA_EDIT', 'AGENDA_ACCEPTED', 'MEETING_BOOKED') ORDER BY id`,
      [ref],
    );
    expect(audit.map((a) => a.action)).toEqual([
      "AGENDA_EDIT",
      "AGENDA_ACCEPTED",
      "AGENDA_ACCEPTED",
      "MEETING_BOOKED",
    ]);
    expect(audit[2]?.detail).toMatchObject({ version: 2, edited: true, source: "template" });
    expect(audit[3]?.detail).toMatchObject({ agendaVersion: 2 });
  });

  it("says plainly in the kallelse and the .ics that there is no agenda when none was accepted", async () => {
    const ref = await consentedSip(h);
    const booked = await bookFirstTime(ref);
    expect(booked.agenda).toBeNull();
    expect(description(booked.ics)).toMatch(/Dagordning saknas/);
    const invite = (await outboxAbout(h, ref)).find((o) => o.payload.kind === "meetingInvitation");
    expect(invite?.payload.agenda).toBeNull();
    expect(renderNotification(invite?.payload, "sv")?.text).toMatch(/Dagordning saknas/);
    expect(renderNotification(invite?.payload, "en")?.text).toContain("No agenda");
  });

  it("lets only someone with a role in the case accept, and refuses bad text storing nothing", async () => {
    const ref = await consentedSip(h);
    const submission = { text: "1. Inledning", source: "template" as const, edited: false };
    // david and eva may read the plan under consent but have no part in it: neither may accept, nor open
    // the draft for accepting.
    const reasons: Record<string, string> = {};
    for (const outsider of [h.staff.david, h.staff.eva]) {
      const r = await acceptAgenda(deps, outsider, ref, submission);
      const opened = await agendaForEditing(deps, outsider, ref, "sv");
      reasons[outsider.handle] = `${r.ok ? "ok" : r.reason}/${opened.ok ? "ok" : opened.reason}`;
    }
    expect(reasons).toEqual({ david: "notAllowed/notAllowed", eva: "notAllowed/notAllowed" });
    expectFail(await acceptAgenda(deps, h.staff.bo, "K-ZZZZ", submission), "personNotFound");

    // A test personnummer (1 January 1920, serial 912), computed, in long and short forms.
    const nine = "200101912";
    const personnummer = `19${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
    const other = ref === "K-7F3Q" ? "K-8G4R" : "K-7F3Q";
    for (const [text, reason] of [
      ["", "agendaEmpty"],
      [" \n\t\n ", "agendaEmpty"],
      ["x".repeat(3001), "agendaTooLong"],
      [`1. Inledning\n- Gäller ${personnummer}`, "agendaNotAcceptable"],
      [`1. Inledning\n- Gäller ${personnummer.slice(2).replace("-", "")}`, "agendaNotAcceptable"],
      [`1. Inledning\n- Jämför med ${other}`, "agendaNotAcceptable"],
    ] as const) {
      expectFail(await acceptAgenda(deps, h.staff.anna, ref, { ...submission, text }), reason);
    }
    expect(await agendaRows(ref)).toEqual([]);
    // Their own reference is fine: it is on the invitation anyway.
    expectOk(await acceptAgenda(deps, h.staff.anna, ref, { ...submission, text: `Möte om ${ref}` }));
    expect((await agendaRows(ref)).map((r) => r.version)).toEqual([1]);
  });
});
