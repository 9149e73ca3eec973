// The scheduling step through handleMessage / handleAction: the button after consent, the poll form, votes
// by button, the lead's proxy form, booking with a .ics file block, English replies, and hostile button
// values and form input that must change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app/deps.ts";
import { parseCommand } from "../../src/conversation/commands.ts";
import type { Button, Form, Reply } from "../../src/conversation/message.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { schedulingPorts } from "../app/scheduling-harness.ts";
import { as, type Harness, nextGeneratedId, openHarness, refIn, textOf } from "./harness.ts";

let h: Harness;
let deps: AppDeps;
beforeAll(async () => {
  h = await openHarness();
  deps = { ...h.deps, scheduling: schedulingPorts() };
});
afterAll(async () => {
  await h.close();
});

const say = (user: string, text: string, locale?: string) =>
  handleMessage(deps, as(user, locale === undefined ? {} : { locale }), text);
const press = (
  user: string,
  actionId: string,
  value: string,
  form?: Record<string, string>,
  locale?: string,
) =>
  handleAction(deps, as(user, locale === undefined ? {} : { locale }), {
    actionId,
    value,
    ...(form !== undefined && { form }),
  });

function formIn(replies: Reply[]): Form {
  for (const r of replies) for (const b of r.blocks) if (b.type === "form") return b.form;
  return expect.fail(`no form in: ${textOf(replies)}`);
}
function buttonsIn(replies: Reply[]): Button[] {
  return replies.flatMap((r) => r.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons : [])));
}
function button(replies: Reply[], label: string): Button {
  const b = buttonsIn(replies).find((x) => x.label === label);
  return (
    b ??
    expect.fail(
      `no button "${label}" in ${buttonsIn(replies)
        .map((x) => x.label)
        .join(" | ")}`,
    )
  );
}

/** anna and bo both know the person; anna starts the SIP and records consent. Returns the reference and that reply. */
async function consented(): Promise<{ ref: string; replies: Reply[] }> {
  const id = nextGeneratedId();
  const ref = refIn(textOf(await say("anna", `sip ny ${id}`)));
  await say("anna", `sip insats ${ref} hemtjänst`);
  await say("bo", `sip ny ${id}`);
  await say("bo", `sip insats ${ref} psykiatrisk öppenvård`);
  await say("anna", `sip starta ${ref}`);
  const replies = await say("anna", `sip samtycke ${ref} region kommun`);
  return { ref, replies };
}

const FORM = {
  required: "@bo, personen själv",
  optional: "närstående",
  minutes: "60",
  place: "Rådhuset",
  from: "",
  deadline: "",
  times: "",
};

describe("scheduling in the conversation", () => {
  it("goes from the button after consent to a booked meeting with an .ics attached", async () => {
    const { ref, replies } = await consented();
    const find = button(replies, "Hitta en tid för mötet");
    const form = formIn(await press("anna", find.actionId, find.value));
    expect(form.actionId).toBe("poll.open");
    expect(form.fields.map((f) => f.id)).toEqual([
      "required",
      "optional",
      "minutes",
      "place",
      "from",
      "deadline",
      "times",
    ]);

    const opened = await press("anna", "poll.open", ref, {
      ...FORM,
      times: "2026-12-01 09:00, 2 december 13:30",
    });
    expect(textOf(opened)).toContain(`Tidsförslagen för SIP-mötet om ${ref} är skickade: 2 tider`);
    expect(textOf(opened)).toContain("1. tis 1 dec 2026 09:00–10:00");
    expect(textOf(opened)).toContain("2. ons 2 dec 2026 13:30–14:30");

    // bo's invitation waits in the outbox with vote buttons; he presses "2: Ja".
    const [invitation] = await h.db.runner.query<{ payload: unknown }>(
      "SELECT payload FROM outbox_message WHERE payload->>'kind' = 'pollInvitation' AND payload->>'personRef' = $1",
      [ref],
    );
    const rendered = renderNotification(invitation?.payload, "sv");
    if (rendered === null) expect.fail("the invitation does not render");
    const vote = button([rendered], "2: Ja");
    expect(textOf(await press("bo", vote.actionId, vote.value))).toContain("Tack! Ditt svar är sparat");
    expect(textOf(await press("bo", vote.actionId, vote.value))).toContain(
      "Det svaret var redan registrerat",
    );
    await press("bo", vote.actionId, vote.value.replace('"s":2', '"s":1').replace('"a":"Y"', '"a":"N"'));

    // bo's private note is his own: anna's view shows the counts, never the note.
    await press("bo", "poll.answer.submit", JSON.parse(vote.value).p, {
      slot1: "N",
      slot2: "Y",
      note: "bara eftermiddag",
    });
    const boView = textOf(await say("bo", `sip tider ${ref}`));
    expect(boView).toContain("Din privata anteckning (syns bara för dig): bara eftermiddag");
    const annaView = await say("anna", `sip tider ${ref}`);
    expect(textOf(annaView)).not.toContain("bara eftermiddag");

    // anna records the person's answers through the proxy form; a relative is optional.
    const proxy = button(annaView, "Registrera svar för personen själv");
    const proxyForm = formIn(await press("anna", proxy.actionId, proxy.value));
    expect(proxyForm.fields.map((f) => f.id)).toEqual(["slot1", "slot2"]);
    await press("anna", proxyForm.actionId, proxyForm.value, { slot1: "Y", slot2: "M" });
    const own = await press("anna", "poll.answer.submit", JSON.parse(vote.value).p, {
      slot1: "Y",
      slot2: "Y",
    });
    expect(textOf(own)).toContain("Bäst hittills enligt reglerna: tid 2");

    const book = button(own, "Boka tid 2");
    const booked = await press("anna", book.actionId, book.value);
    expect(textOf(booked)).toContain(`SIP-mötet om ${ref} är bokat: ons 2 dec 2026 13:30–14:30, Rådhuset.`);
    expect(textOf(booked)).toContain("Skicka texten nedan och kalenderfilen till personen själv, närstående");
    expect(textOf(booked)).toContain("När: onsdag 2 december 2026 klockan 13.30–14.30");
    const file = booked.flatMap((r) => r.blocks).find((b) => b.type === "file");
    expect(file?.type === "file" && file.file).toMatchObject({
      filename: `sip-mote-${ref}.ics`,
      mimeType: "text/calendar",
    });
    expect(textOf(await say("anna", `sip vem ${ref}`))).toContain("SIP: möte bokat");
  });

  it("answers in English for an English client, with the same rules", async () => {
    const { ref } = await consented();
    const opened = await press("anna", "poll.open", ref, { ...FORM, times: "2026-12-03 10:00" }, "en");
    expect(textOf(opened)).toContain(`The times for the SIP meeting about ${ref} are out: 1 time,`);
    expect(textOf(opened)).toContain("1. Thu 3 Dec 2026 10:00–11:00");
    const bad = await press("anna", "poll.open", ref, { ...FORM, times: "2026-12-05 10:00" }, "en");
    expect(textOf(bad)).toContain("Times are already out");
  });

  it("refuses bad input with a clear answer and writes nothing", async () => {
    const { ref } = await consented();
    const cases: [Record<string, string>, RegExp][] = [
      [{ times: "2026-11-20 10:00" }, /20 november 2026 har redan varit/],
      [{ times: "2026-11-28 10:00" }, /lördag eller söndag/],
      [{ times: "2026-12-24 10:00" }, /24 december 2026 är en helgdag/],
      [{ times: "2026-12-01 18:00" }, /utanför arbetstid \(08:00–16:30\)/],
      [{ times: "i morgon bitti" }, /kan inte tolka "i morgon bitti" som en tid/],
      [
        { deadline: "2026-12-20" },
        /Svarsdagen 20 december 2026 är för sen: mötet ska hållas senast 14 december 2026/,
      ],
      [{ required: "@ingen" }, /ingen godkänd användare @ingen/],
      [{ required: "Kalle Karlsson" }, /"Kalle Karlsson" känner jag inte igen.*personen själv, närstående/],
      [{ optional: "Försäkringskassan" }, /samtycke inte omfattar/],
      [{ from: "igår" }, /tolka "igår" som ett datum/],
    ];
    for (const [more, expected] of cases) {
      expect(
        textOf(await press("anna", "poll.open", ref, { ...FORM, ...more })),
        JSON.stringify(more),
      ).toMatch(expected);
    }
    // A personnummer in any field is refused before anything is parsed or stored.
    const pnr = await press("anna", "poll.open", ref, { ...FORM, place: `Hos ${nextGeneratedId()}` });
    expect(textOf(pnr)).toContain("personnummer");
    const polls = await h.db.runner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM meeting_poll mp JOIN sip s ON s.id = mp.sip_id JOIN person p ON p.id = s.person_id WHERE p.ref = $1`,
      [ref],
    );
    expect(polls[0]?.n).toBe(0);
  });

  it("treats hostile button values as not understood", async () => {
    const { ref } = await consented();
    await press("anna", "poll.open", ref, { ...FORM, times: "2026-12-07 10:00" });
    const poll =
      (
        await h.db.runner.query<{ id: string }>(
          "SELECT id FROM meeting_poll ORDER BY created_at DESC LIMIT 1",
        )
      )[0]?.id ?? "";
    const hostile: [string, string][] = [
      ["poll.vote", "not json"],
      ["poll.vote", JSON.stringify({ p: poll, s: 1, a: "YES!" })],
      ["poll.vote", JSON.stringify({ p: "'; DROP TABLE poll_vote; --", s: 1, a: "Y" })],
      ["poll.vote", JSON.stringify({ p: poll, s: 0, a: "Y" })],
      ["poll.vote", JSON.stringify({ p: poll, s: 1.5, a: "Y" })],
      ["poll.vote", JSON.stringify({ p: poll, s: 1, a: "Y", pad: "x".repeat(500) })],
      ["poll.book", JSON.stringify([poll, 1])],
      ["poll.newTimes", "constructor"],
      ["poll.proxy", JSON.stringify({ p: poll, n: -1 })],
      ["poll.answer.submit", poll],
      ["sip.times", "K-??"],
    ];
    for (const [actionId, value] of hostile) {
      expect(textOf(await press("bo", actionId, value)), `${actionId} ${value}`).toMatch(/förstod inte/);
    }
    const votes = await h.db.runner.query(
      "SELECT v.id FROM poll_vote v JOIN poll_slot s ON s.id = v.slot_id WHERE s.poll_id = $1",
      [poll],
    );
    expect(votes).toEqual([]);
    // A vote for a time that does not exist, and from someone not invited, are clear refusals.
    expect(textOf(await press("bo", "poll.vote", JSON.stringify({ p: poll, s: 9, a: "Y" })))).toContain(
      "Den tiden finns inte",
    );
    expect(textOf(await press("eva", "poll.vote", JSON.stringify({ p: poll, s: 1, a: "Y" })))).toContain(
      "inte med bland deltagarna",
    );
    // Booking is the lead's: bo pressing a book button is refused.
    expect(textOf(await press("bo", "poll.book", JSON.stringify({ p: poll, s: 1 })))).toContain(
      "initiativtagaren",
    );
  });

  it("parses the typed commands", () => {
    expect(parseCommand("sip tider K-7F3Q", "2026-11-23")).toEqual({
      ok: true,
      command: { name: "times", ref: "K-7F3Q" },
    });
    expect(parseCommand("/sip times K-7F3Q", "2026-11-23")).toEqual({
      ok: true,
      command: { name: "times", ref: "K-7F3Q" },
    });
    expect(parseCommand("sip boka K-7F3Q 2", "2026-11-23")).toEqual({
      ok: true,
      command: { name: "book", ref: "K-7F3Q", position: 2 },
    });
    expect(parseCommand("sip boka K-7F3Q två", "2026-11-23")).toMatchObject({
      ok: false,
      problem: "badNumber",
    });
    expect(parseCommand("sip avboka K-7F3Q", "2026-11-23")).toEqual({
      ok: true,
      command: { name: "cancelMeeting", ref: "K-7F3Q" },
    });
    expect(parseCommand("sip tider", "2026-11-23")).toMatchObject({ ok: false, problem: "missingRef" });
  });

  it("renders every scheduling notification in both languages, and skips a malformed one", () => {
    const base = { personRef: "K-7F3Q", pollId: "00000000-0000-4000-8000-000000000001" };
    const slots = ["2026-12-01T08:00:00.000Z", "2026-12-02T12:30:00.000Z"];
    const payloads = [
      {
        kind: "pollInvitation",
        ...base,
        byName: "Anna",
        slots,
        place: "Rum 3",
        closesAt: "2026-11-26T23:00:00.000Z",
      },
      { kind: "pollReminder", ...base, slots, closesAt: "2026-11-26T23:00:00.000Z" },
      {
        kind: "pollProxyReminder",
        ...base,
        labels: ["personen själv"],
        closesAt: "2026-11-26T23:00:00.000Z",
      },
      { kind: "pollAllAnswered", ...base },
      { kind: "pollClosed", ...base, slots, chosen: 2, blocked: [] },
      {
        kind: "pollClosed",
        ...base,
        slots,
        chosen: null,
        blocked: [{ position: 1, no: ["Bo"], missing: [] }],
      },
      {
        kind: "meetingInvitation",
        personRef: "K-7F3Q",
        start: slots[0],
        end: slots[1],
        place: "Rum 3",
        byName: "Anna",
        sequence: 0,
        rescheduled: false,
        ics: "BEGIN:VCALENDAR",
      },
      {
        kind: "meetingCancelled",
        personRef: "K-7F3Q",
        start: slots[0],
        byName: "Anna",
        ics: "BEGIN:VCALENDAR",
      },
    ];
    for (const p of payloads) {
      for (const locale of ["sv", "en"] as const) {
        const r = renderNotification(p, locale);
        expect(r?.text, `${p.kind} ${locale}`).toMatch(/K-7F3Q/);
        expect(r?.text).not.toMatch(/undefined|NaN|Invalid/);
      }
    }
    expect(renderNotification({ ...payloads[0], slots: Array(21).fill(slots[0]) }, "sv")).toBeNull();
    expect(renderNotification({ ...payloads[6], ics: "x".repeat(50_001) }, "sv")).toBeNull();
    expect(renderNotification({ ...payloads[3], pollId: "not-a-uuid" }, "sv")).toBeNull();
  });
});
