// "My overview" in the conversation: `sip mina` answers with ONE reply holding my commitments, my open SIPs
// and the polls waiting for my answer; the poll's button opens the poll; English texts; the views keep
// within their item cap and write times on the Stockholm clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app/deps.ts";
import type { MyOverview, MySip } from "../../src/app/my-overview.ts";
import type { Block, Button, Reply } from "../../src/conversation/message.ts";
import {
  MAX_ITEMS,
  mySipsBlocks,
  sipLine,
  withMyOverview,
} from "../../src/conversation/my-overview-views.ts";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { texts } from "../../src/conversation/locale.ts";
import { reply } from "../../src/conversation/message.ts";
import type { ViewContext } from "../../src/conversation/views.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
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
const press = (user: string, actionId: string, value: string) =>
  handleAction(deps, as(user), { actionId, value });
const buttonsIn = (replies: Reply[]): Button[] =>
  replies.flatMap((r) => r.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons : [])));

/** anna and bo know the person; anna starts the SIP, records consent and asks bo for times. */
async function pollWithBo(): Promise<string> {
  const id = nextGeneratedId();
  const ref = refIn(textOf(await say("anna", `sip ny ${id}`)));
  await say("anna", `sip insats ${ref} hemtjänst`);
  await say("bo", `sip ny ${id}`);
  await say("bo", `sip insats ${ref} psykiatrisk öppenvård`);
  await say("anna", `sip starta ${ref}`);
  await say("anna", `sip samtycke ${ref} region kommun`);
  const opened = await handleAction(deps, as("anna"), {
    actionId: "poll.open",
    value: ref,
    form: {
      required: "@bo",
      optional: "",
      minutes: "60",
      place: "Rådhuset",
      from: "",
      deadline: "",
      times: "",
    },
  });
  expect(textOf(opened)).toContain(`Tidsförslagen för SIP-mötet om ${ref} är skickade`);
  return ref;
}

describe("sip mina", () => {
  it("answers with one reply: commitments, my open SIPs, and the poll waiting for my answer", async () => {
    const ref = await pollWithBo();
    const replies = await say("bo", "sip mina");
    expect(replies).toHaveLength(1);
    const text = textOf(replies);
    expect(text).toContain("Du har inga öppna åtaganden");
    expect(text).toContain("Mina pågående SIP:ar");
    expect(text).toContain(
      `${ref} · tid söks · du deltar · Nästa steg: svar på mötesförfrågan senast 26 november 2026`,
    );
    expect(text).toContain("Mötesförfrågningar som väntar på ditt svar");
    expect(text).toContain(
      `${ref} · svara senast 26 november 2026 (Europe/Stockholm) · du har svarat för 0 av 6 tider`,
    );
    expect(text).not.toMatch(/1212|\d{8}-?\d{4}/);

    // The button opens the poll with its vote buttons.
    const answer = buttonsIn(replies).find((b) => b.label === `Svara ${ref}`);
    expect(answer?.actionId).toBe("poll.show");
    const shown = await press("bo", answer?.actionId ?? "", answer?.value ?? "");
    expect(buttonsIn(shown).some((b) => b.actionId === "poll.vote")).toBe(true);
    // The same button pressed by someone outside the plan shows nothing of it.
    const outsider = await press("eva", answer?.actionId ?? "", answer?.value ?? "");
    expect(buttonsIn(outsider).some((b) => b.actionId === "poll.vote")).toBe(false);
    expect(textOf(outsider)).not.toContain("Rådhuset");
  });

  it("tells someone with nothing open so, in English when asked", async () => {
    const text = textOf(await say("eva", "sip mina", "en-GB"));
    expect(text).toContain("You take part in no open SIP.");
    expect(text).toContain("No meeting polls are waiting for your answer.");
    const sv = textOf(await say("eva", "sip mina"));
    expect(sv).toContain("Du deltar inte i någon pågående SIP.");
    expect(sv).toContain("Inga mötesförfrågningar väntar på ditt svar.");
  });
});

const ctx = (locale: "sv" | "en"): ViewContext => ({
  t: texts(locale),
  locale,
  taxonomy: new EffortTaxonomy(),
  today: "2026-11-23",
});

describe("my overview views", () => {
  const sip = (n: number): MySip => ({
    personRef: `K-${String(n).padStart(4, "0")}`,
    state: "SCHEDULED",
    role: "PARTICIPANT",
    next: "meeting",
    // 08:00 UTC in winter is 09:00 in Stockholm.
    nextDate: { kind: "meeting", start: new Date("2026-12-01T08:00:00Z") },
  });

  it("writes a meeting's time on the Stockholm clock", () => {
    expect(sipLine(ctx("sv"), sip(1))).toBe(
      "*K-0001* · möte bokat · du deltar\nNästa steg: SIP-mötet tis 1 dec 2026 09:00",
    );
    expect(sipLine(ctx("en"), sip(1))).toBe(
      "*K-0001* · meeting booked · you take part\nNext step: the SIP meeting Tue 1 Dec 2026 09:00",
    );
  });

  it("shows at most MAX_ITEMS per section and says how many more there are", () => {
    const many = Array.from({ length: MAX_ITEMS + 3 }, (_, i) => sip(i));
    const blocks = mySipsBlocks(ctx("sv"), many);
    expect(blocks.filter((b) => b.type === "section")).toHaveLength(MAX_ITEMS + 1);
    expect(blocks.at(-1)).toEqual({ type: "context", text: "… och 3 till" });
    expect(mySipsBlocks(ctx("sv"), many.slice(0, MAX_ITEMS)).some((b) => b.type === "context")).toBe(false);
  });

  it("joins the sections to the commitments with dividers, none inside the commitments part", () => {
    const v: MyOverview = { sips: [sip(1)], polls: [] };
    const merged = withMyOverview(ctx("sv"), reply("Mina åtaganden"), v);
    const kinds = merged.blocks.map((b: Block) => b.type);
    expect(kinds).toEqual(["section", "divider", "section", "section", "divider", "section"]);
    expect(merged.text.startsWith("Mina åtaganden\n\n")).toBe(true);
  });
});
