import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitProblems, type SlackBlock } from "../../adapters/slack/block-limits.ts";
import { nextGeneratedId, refIn } from "../conversation/harness.ts";
import {
  buttons,
  dmEvent,
  knownUser,
  lastModal,
  openSlackHarness,
  press,
  sendEvent,
  type SlackHarness,
  shownTo,
  slash,
  submit,
} from "./slack-harness.ts";

// Scheduling through Slack: the button after consent opens the poll form as a modal, the invitation
// reaches the other principal's DM with vote buttons, a vote is a button press, and the booking's .ics
// file is uploaded to the DMs (an upload can never be ephemeral).

let h: SlackHarness;
const ANNA = "U0ANNA001";
const BO = "U0BO00001";
beforeAll(async () => {
  h = await openSlackHarness();
  await knownUser(h, ANNA, "annas", "Hemtjänst Norr (demo)");
  await knownUser(h, BO, "bos", "Psykiatrisk öppenvård (demo)");
});
afterAll(async () => {
  await h?.close();
});

// Fixed-date holidays and eves a Tuesday can fall on (Sweden's movable ones are never on a Tuesday).
const TUESDAY_HOLIDAYS = ["01-01", "01-06", "05-01", "06-06", "12-24", "12-25", "12-26", "12-31"];

/** The next working Tuesday at least a week ahead, in Stockholm: inside the poll's window. */
function tuesdayAhead(): string {
  let d = DateTime.now().setZone("Europe/Stockholm").plus({ days: 7 });
  while (d.weekday !== 2 || TUESDAY_HOLIDAYS.includes(d.toFormat("MM-dd"))) d = d.plus({ days: 1 });
  return d.toISODate() ?? "";
}

function button(prefix: string, text?: string): { action_id: string; value: string } {
  const b = buttons(h)
    .filter((x) => x.action_id.startsWith(`${prefix}~`) && (text === undefined || x.text === text))
    .at(-1);
  return (
    b ??
    expect.fail(
      `no ${prefix} ${text ?? ""} button in ${buttons(h)
        .map((x) => x.text)
        .join(" | ")}`,
    )
  );
}

describe("a SIP meeting scheduled in Slack", () => {
  it("runs from the consent's button to a booked meeting with the .ics in the DMs", async () => {
    const id = nextGeneratedId();
    h.fake.clear();
    await sendEvent(h, dmEvent(ANNA, `sip ny ${id}`));
    const ref = refIn(shownTo(h, ANNA));
    await sendEvent(h, dmEvent(ANNA, `sip insats ${ref} hemtjänst`));
    await sendEvent(h, dmEvent(BO, `sip ny ${id}`));
    await sendEvent(h, dmEvent(BO, `sip insats ${ref} psykiatrisk öppenvård`));
    await sendEvent(h, dmEvent(ANNA, `sip starta ${ref}`));
    h.fake.clear();
    await slash(h, ANNA, `samtycke ${ref} region kommun`);
    const find = button("sip.times");

    h.fake.clear();
    await press(h, ANNA, find);
    const modal = lastModal(h);
    const day = tuesdayAhead();
    await submit(h, ANNA, modal, {
      required: "@bos",
      optional: "",
      minutes: "60",
      place: "Rådhuset",
      times: `${day} 09:00, ${day} 13:30`,
    });
    expect(shownTo(h, ANNA)).toContain(ref);
    expect(shownTo(h, ANNA)).toContain("2 tider");

    // Bo's invitation arrives in his DM through the outbox, with a button per answer.
    h.fake.clear();
    await h.mount.delivery.pass();
    expect(shownTo(h, BO)).toContain(ref);
    const vote = button("poll.vote", "2: Ja");
    h.fake.clear();
    await press(h, BO, vote);
    expect(shownTo(h, BO)).toContain("Tack! Ditt svar är sparat");

    h.fake.clear();
    await slash(h, ANNA, `boka ${ref} 2`);
    expect(shownTo(h, ANNA)).toContain("är bokat");
    // The calendar file goes to Anna's DM, never into a channel or an ephemeral answer.
    const complete = h.fake.of("files.completeUploadExternal");
    expect(complete.map((c) => c.params.channel_id)).toContain(`D${ANNA.slice(1)}`);
    expect(h.fake.of("files.getUploadURLExternal")[0]?.params.filename).toBe(`sip-mote-${ref}.ics`);
    expect(String(h.fake.of("upload")[0]?.params.raw)).toContain("BEGIN:VCALENDAR");
    for (const m of h.fake.shown()) expect(limitProblems(m.blocks as SlackBlock[])).toEqual([]);
  });
});
