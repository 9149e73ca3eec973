// App Home's three sections, through the real Bolt receiver and the fake Slack's views.publish: my
// commitments, my open SIPs (state, next step and date), and the polls waiting for my answer with a button
// that opens the poll; a long list of commitments is shortened, never the other two sections.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitHome } from "../../adapters/slack/home-fit.ts";
import { limitProblems, LIMITS, type SlackBlock } from "../../adapters/slack/block-limits.ts";
import { addCommitment } from "../../src/app/commitments.ts";
import { openPoll } from "../../src/app/scheduling-polls.ts";
import { nextGeneratedId, refIn } from "../conversation/harness.ts";
import {
  blocksText,
  dmEvent,
  knownUser,
  openSlackHarness,
  press,
  sendEvent,
  type SlackHarness,
  shownTo,
} from "./slack-harness.ts";

let h: SlackHarness;
const ANNA = "U0ANNA002";
const BO = "U0BO00002";
const EVA = "U0EVA0002";
let ref = "";
let pollId = "";

beforeAll(async () => {
  h = await openSlackHarness();
  await knownUser(h, ANNA, "annah", "Hemtjänst Norr (demo)");
  await knownUser(h, BO, "boh", "Psykiatrisk öppenvård (demo)");
  await knownUser(h, EVA, "evah", "Biståndsenheten (demo)");
  const id = nextGeneratedId();
  await sendEvent(h, dmEvent(ANNA, `sip ny ${id}`));
  h.fake.clear();
  await sendEvent(h, dmEvent(BO, `sip ny ${id}`));
  ref = refIn(shownTo(h, BO));
  await sendEvent(h, dmEvent(ANNA, `sip insats ${ref} hemtjänst`));
  await sendEvent(h, dmEvent(BO, `sip insats ${ref} psykiatrisk mottagning`));
  await sendEvent(h, dmEvent(ANNA, `sip starta ${ref}`));
  await sendEvent(h, dmEvent(ANNA, `sip samtycke ${ref} region kommun`));
  const deps = h.runtime.deps;
  const anna = await deps.store.findStaffByHandle("annah");
  if (anna === null) throw new Error("annah missing");
  const opened = await openPoll(deps, anna, {
    ref,
    participants: [{ handle: "@boh", required: true }],
    place: "Rådhuset, rum 3",
  });
  if (!opened.ok) throw new Error(`poll not opened: ${opened.reason}`);
  pollId = opened.value.poll.id;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

async function home(user: string): Promise<SlackBlock[]> {
  h.fake.clear();
  await sendEvent(h, {
    type: "app_home_opened",
    user,
    channel: `D${user.slice(1)}`,
    tab: "home",
    event_ts: "1",
  });
  const published = h.fake.of("views.publish");
  expect(published).toHaveLength(1);
  return (published[0]?.params.view as { blocks: SlackBlock[] }).blocks;
}

function homeButtons(blocks: SlackBlock[]): { action_id: string; value: string }[] {
  return (blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);
}

describe("App Home overview", () => {
  it("shows bo his open SIP with its next step and the poll waiting for his answer", async () => {
    const blocks = await home(BO);
    const text = blocksText(blocks);
    expect(text).toContain("Du har inga öppna åtaganden");
    expect(text).toContain("*Mina pågående SIP:ar*");
    expect(text).toMatch(
      new RegExp(
        `\\*${ref}\\* · tid söks · du deltar\\nNästa steg: svar på mötesförfrågan senast \\d+ \\w+ 20\\d\\d`,
      ),
    );
    expect(text).toContain("*Mötesförfrågningar som väntar på ditt svar*");
    expect(text).toMatch(
      new RegExp(`\\*${ref}\\* · svara senast .* \\(Europe/Stockholm\\) · du har svarat för 0 av \\d tider`),
    );
    expect(limitProblems(blocks, LIMITS.blocksPerView)).toEqual([]);

    // The answer button opens the poll, with vote buttons, in bo's DM.
    const answer = homeButtons(blocks).find((b) => b.action_id.startsWith("poll.show~"));
    expect(answer?.value).toBe(pollId);
    h.fake.clear();
    await press(h, BO, answer ?? { action_id: "", value: "" }, { inHome: true });
    const dm = h.fake.of("chat.postMessage").filter((c) => c.params.channel === `D${BO.slice(1)}`);
    expect(JSON.stringify(dm)).toContain("poll.vote~");
  });

  it("shows someone outside the plan empty sections and no reference", async () => {
    const text = blocksText(await home(EVA));
    expect(text).toContain("Du deltar inte i någon pågående SIP.");
    expect(text).toContain("Inga mötesförfrågningar väntar på ditt svar.");
    expect(text).not.toContain(ref);
  });

  it("shortens a long list of commitments and keeps both other sections whole", async () => {
    const deps = h.runtime.deps;
    const anna = await deps.store.findStaffByHandle("annah");
    if (anna === null) throw new Error("annah missing");
    for (let i = 0; i < 55; i++) {
      const r = await addCommitment(deps, anna, {
        ref,
        owner: { kind: "staff", handle: "annah" },
        what: `Uppgift ${i}`,
        dueDate: null,
      });
      expect(r.ok).toBe(true);
    }
    const blocks = await home(ANNA);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    expect(limitProblems(blocks, LIMITS.blocksPerView)).toEqual([]);
    const text = blocksText(blocks);
    expect(text).toContain("… `/sip mina`");
    expect(text).toContain("*Mina pågående SIP:ar*");
    expect(text).toContain("*Mötesförfrågningar som väntar på ditt svar*");
    expect(homeButtons(blocks).map((b) => b.value)).toContain(pollId);
    // Some commitments are shown with their done buttons, not all 55.
    const done = homeButtons(blocks).filter((b) => b.action_id.startsWith("commitment.done~"));
    expect(done.length).toBeGreaterThan(20);
    expect(done.length).toBeLessThan(55);
  }, 60_000);
});

describe("fitHome", () => {
  const section = (t: string): SlackBlock => ({ type: "section", text: { type: "mrkdwn", text: t } });
  const actions: SlackBlock = { type: "actions", elements: [] };
  const divider: SlackBlock = { type: "divider" };

  it("leaves a body that fits alone", () => {
    const body = [section("a"), divider, section("b")];
    expect(fitHome(body, 3)).toEqual(body);
  });

  it("cuts the first part, never a section from its buttons, and keeps the parts after dividers", () => {
    const body = [
      section("t"),
      section("1"),
      actions,
      section("2"),
      actions,
      divider,
      section("s"),
      divider,
      section("p"),
    ];
    const fitted = fitHome(body, 7);
    expect(fitted.length).toBeLessThanOrEqual(7);
    expect(fitted.slice(-4)).toEqual([divider, section("s"), divider, section("p")]);
    expect(fitted.slice(0, 2)).toEqual([
      section("t"),
      { type: "context", elements: [{ type: "mrkdwn", text: "… `/sip mina`" }] },
    ]);
  });

  it("falls back to the start when the later parts alone do not fit", () => {
    const body = [section("a"), divider, section("b"), section("c"), section("d")];
    const fitted = fitHome(body, 3);
    expect(fitted).toHaveLength(3);
    expect(fitted[0]).toEqual(section("a"));
  });
});
