// Consent withdrawn after the SIP meeting was booked: the SIP ends, and the meeting is called off. Every
// staff member invited (and whoever booked it) gets a METHOD:CANCEL calendar file for the same UID with a
// higher SEQUENCE, carrying nothing about the person but the reference; the person's own participants
// outside the bot are not messaged by the bot at all.
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { withdrawConsent } from "../../src/app/consents.ts";
import { bookMeeting } from "../../src/app/scheduling-booking.ts";
import { openPoll } from "../../src/app/scheduling-polls.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { expectOk, harnessForThisFile, outboxAbout, sipsOf } from "./harness.ts";
import { consentedSip, withScheduling } from "./scheduling-harness.ts";

const h = await harnessForThisFile();
const deps = withScheduling(h);

async function bookedMeeting() {
  const ref = await consentedSip(h);
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
  const booked = expectOk(await bookMeeting(deps, h.staff.anna, opened.poll.id, 1));
  return { ref, booked };
}

function vevent(ics: string) {
  const e = Object.values(ical.sync.parseICS(ics)).find((c): c is ical.VEvent => c?.type === "VEVENT");
  if (e === undefined) throw new Error("no VEVENT");
  return e;
}

describe("withdrawing consent with a meeting booked", () => {
  it("cancels the meeting and sends METHOD:CANCEL to every staff participant", async () => {
    const { ref, booked } = await bookedMeeting();
    // bo withdraws on the person's behalf: anna (initiator, who booked) and bo himself both get the file.
    expectOk(await withdrawConsent(deps, h.staff.bo, ref));
    expect((await sipsOf(h, ref))[0]?.state).toBe("WITHDRAWN");

    const meetings = await h.db.runner.query<{ status: string; sequence: number }>(
      "SELECT status, sequence FROM sip_meeting WHERE id = $1",
      [booked.meeting.id],
    );
    expect(meetings).toEqual([{ status: "CANCELLED", sequence: 1 }]);

    const cancels = (await outboxAbout(h, ref)).filter((o) => o.payload.kind === "meetingCancelled");
    expect(cancels.map((c) => c.recipient_id).sort()).toEqual([h.staff.anna.id, h.staff.bo.id].sort());
    expect(cancels.every((c) => c.status === "PENDING")).toBe(true);
    for (const c of cancels) {
      const ics = String(c.payload.ics);
      expect(ics).toContain("METHOD:CANCEL");
      const e = vevent(ics);
      expect([e.uid, Number(e.sequence), e.status]).toEqual([booked.meeting.uid, 1, "CANCELLED"]);
      expect(e.start.toISOString()).toBe("2026-12-01T08:00:00.000Z");
      // Only the reference: no field beyond the notification's own, nothing of the person in the file.
      expect(Object.keys(c.payload).sort()).toEqual(["byName", "ics", "kind", "personRef", "start"]);
      expect(c.payload.personRef).toBe(ref);
      const text = renderNotification(c.payload, "sv")?.text ?? "";
      expect(text).toContain(`SIP-mötet om ${ref}`);
      expect(text).toContain("avbokat");
    }
    const audit = await h.db.runner.query<{ action: string; detail: Record<string, unknown> | null }>(
      "SELECT action, detail FROM audit_event WHERE person_ref = $1 AND action IN ('MEETING_CANCELLED', 'CONSENT_WITHDRAWN') ORDER BY id",
      [ref],
    );
    expect(audit.map((a) => a.action)).toEqual(["MEETING_CANCELLED", "CONSENT_WITHDRAWN"]);
    expect(audit[0]?.detail).toMatchObject({ reason: "consent withdrawn", sequence: 1 });
    expect(audit[1]?.detail).toMatchObject({ cancelledMeeting: booked.meeting.id });
  });

  it("leaves a meeting already held alone, and works with no meeting at all", async () => {
    const { ref, booked } = await bookedMeeting();
    h.clock.set("2026-12-02T09:00:00Z"); // the meeting was yesterday
    expectOk(await withdrawConsent(deps, h.staff.anna, ref));
    const meetings = await h.db.runner.query<{ status: string; sequence: number }>(
      "SELECT status, sequence FROM sip_meeting WHERE id = $1",
      [booked.meeting.id],
    );
    expect(meetings).toEqual([{ status: "BOOKED", sequence: 0 }]);
    expect((await outboxAbout(h, ref)).filter((o) => o.payload.kind === "meetingCancelled")).toEqual([]);

    h.clock.reset();
    const plain = await consentedSip(h);
    expectOk(await withdrawConsent(deps, h.staff.anna, plain));
    expect((await sipsOf(h, plain))[0]?.state).toBe("WITHDRAWN");
    expect((await outboxAbout(h, plain)).filter((o) => o.payload.kind === "meetingCancelled")).toEqual([]);
  });

  it("still marks the meeting cancelled when scheduling has since been switched off", async () => {
    const { ref, booked } = await bookedMeeting();
    expectOk(await withdrawConsent(h.deps, h.staff.anna, ref)); // h.deps: no calendar port
    const meetings = await h.db.runner.query<{ status: string }>(
      "SELECT status FROM sip_meeting WHERE id = $1",
      [booked.meeting.id],
    );
    expect(meetings).toEqual([{ status: "CANCELLED" }]);
    expect((await outboxAbout(h, ref)).filter((o) => o.payload.kind === "meetingCancelled")).toEqual([]);
  });
});
