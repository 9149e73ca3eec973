// The SIP flow through Teams activities alone, as the console e2e does it through the terminal: a
// municipal and a regional colleague register efforts for one person; the bot suggests a SIP to both
// (the other one proactively); the suggestion card starts the plan; the consent card records consent;
// a commitment reaches its owner as a card whose button closes it; `vem` shows both principals' parts.
// Every card the bot sends is parsed against Adaptive Cards 1.5; no personnummer leaves the bot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cardAction,
  channelMessage,
  installationUpdate,
  mentionOf,
  personalMessage,
  type TeamsUser,
} from "./activities.ts";
import { cardOf, executeActions, expectValidCard, visibleText } from "./card-check.ts";
import { openTeamsHarness, type TeamsHarness } from "./harness.ts";

const TEST_PNR = "19121212-1212"; // Skatteverket's published test number

let h: TeamsHarness;
let anna: TeamsUser;
let bo: TeamsUser;
let ref = "";

beforeAll(async () => {
  h = await openTeamsHarness();
  anna = h.user("anna");
  bo = h.user("bo");
});
afterAll(() => h.close());

const at = () => ({ serviceUrl: h.connector.serviceUrl });

/** What the user saw after the last call: the text, or the visible text of the card. */
function lastSeen(user: TeamsUser): string {
  const last = h.connector.messagesTo(user.chatId).at(-1);
  if (last === undefined) return "";
  return (typeof last.text === "string" ? last.text : visibleText(cardOf(last))).replace(/\*\*/g, "");
}

async function say(user: TeamsUser, text: string): Promise<string> {
  const before = h.connector.messagesTo(user.chatId).length;
  const r = await h.post(personalMessage(user, text, at()));
  expect(r.status).toBe(200);
  const replies = h.connector.messagesTo(user.chatId).slice(before);
  expect(replies.length, `a reply to "${text}"`).toBeGreaterThan(0);
  // Markdown's ** is how Teams shows the core's *bold*; the words are what the test reads.
  return replies
    .map((m) => (typeof m.text === "string" ? m.text : visibleText(cardOf(m))))
    .join("\n")
    .replace(/\*\*/g, "");
}

async function press(user: TeamsUser, verb: string, data: Record<string, unknown>): Promise<string> {
  const r = await h.post(cardAction(user, verb, data, at()));
  expect(r.status).toBe(200);
  const body = r.body as { statusCode: number; type: string; value: unknown };
  expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
  expectValidCard(body.value);
  return visibleText(body.value).replace(/\*\*/g, "");
}

describe("a SIP through Teams", () => {
  it("both install the app and are greeted by name-free help", async () => {
    await h.post(installationUpdate(anna, "add", at()));
    await h.post(installationUpdate(bo, "add", at()));
    expect(lastSeen(anna)).toContain("SIP-assistenten – kommandon");
    expect(lastSeen(bo)).toContain("SIP-assistenten – kommandon");
  });

  it("suggests a SIP when both principals have efforts, to the other side proactively", async () => {
    const created = await say(anna, `sip ny ${TEST_PNR}`);
    ref = /K-[0-9A-HJKMNP-TV-Z]{4,8}/.exec(created)?.[0] ?? "";
    expect(ref).not.toBe("");
    expect(await say(anna, `sip insats ${ref} hemtjänst`)).toContain("Hemtjänst (kommunen) är registrerad");
    expect(await say(bo, `sip ny ${TEST_PNR.replace("-", "")}`)).toContain(ref);

    const toBo = await say(bo, `sip insats ${ref} psykiatrisk mottagning`);
    expect(toBo).toContain("även hos kommunen");
    await h.deliverNow();
    const suggestion = h.connector.messagesTo(anna.chatId).at(-1) ?? {};
    const card = cardOf(suggestion);
    expect(visibleText(card)).toContain("även hos regionen");
    expect(visibleText(card)).not.toMatch(/psykiatri/i);
    expect(executeActions(card).map((a) => a.verb)).toEqual(["sip.start", "sip.dismiss"]);

    // Staff with no part in the person's care get the same answer as for a reference that does not exist.
    expect(await say(h.user("eva"), `sip vem ${ref}`)).toContain("Jag hittar ingen person");
  });

  it("starts the SIP from the suggestion card, which updates in place", async () => {
    const [start] = executeActions(cardOf(h.connector.messagesTo(anna.chatId).at(-1) ?? {}));
    const updated = await press(anna, start?.verb ?? "", start?.data ?? {});
    expect(updated).toMatch(new RegExp(`SIP för ${ref} är startad \\(väntar på samtycke\\)`));
  });

  it("records consent through the consent card", async () => {
    const form = await h.post(personalMessage(anna, `sip samtycke ${ref}`, at()));
    expect(form.status).toBe(200);
    const card = cardOf(h.connector.messagesTo(anna.chatId).at(-1) ?? {});
    const [submit] = executeActions(card);
    expect(submit?.verb).toBe("consent.submit");
    const recorded = await press(anna, "consent.submit", {
      ...submit?.data,
      in_principals: "REGION,MUNICIPALITY",
      in_givenBy: "PERSON",
      in_validTo: "2027-06-30",
      in_parties: "",
      in_exclusions: "",
    });
    expect(recorded).toContain("Samtycke registrerat");
    expect(recorded).toContain("Planen kan nu tas fram");
  });

  it("gives bo a commitment, named by a Teams @-mention in a channel, and bo's press marks it done", async () => {
    // Anna picks bo from Teams' mention list in the team's channel: the bot looks bo up in the team and
    // reads "@bo"; its answer about the person goes to Anna's personal chat.
    h.connector.addMember(bo);
    const before = h.connector.messagesTo(anna.chatId).length;
    const command = `sip åtagande ${ref} ${mentionOf(bo)} Ringa Försäkringskassan senast fredag`;
    expect((await h.post(channelMessage(anna, command, at(), [bo]))).status).toBe(200);
    expect(h.connector.memberLookups).toBe(1);
    const logged = h.connector.messagesTo(anna.chatId).slice(before);
    expect(logged.map((m) => String(m.text)).join("\n")).toMatch(
      /Åtagande #\d+ för K-[0-9A-Z]+: Bo Berg \(demo\)/,
    );
    await say(anna, `sip huvudansvar ${ref} kommun`);
    await h.deliverNow();
    const card = cardOf(h.connector.messagesTo(bo.chatId).at(-1) ?? {});
    expect(visibleText(card)).toContain("Ringa Försäkringskassan");
    const [done] = executeActions(card);
    expect(done?.verb).toBe("commitment.done");
    expect(await press(bo, "commitment.done", done?.data ?? {})).toMatch(/klar/i);
  });

  it("answers vem with both principals' parts, in personal chat only", async () => {
    const who = await say(bo, `sip vem ${ref}`);
    expect(who).toMatch(/Kommun[\s\S]*Hemtjänst[\s\S]*Region[\s\S]*Psykiatrisk öppenvård/);
    expect(who).toContain("Ringa Försäkringskassan");
    expect(who).toContain("Huvudansvar: kommunen");

    // Asked in a channel, the answer goes to bo's personal chat; the channel sees only the pointer.
    const before = h.connector.calls.length;
    await h.post(channelMessage(bo, `vem ${ref}`, at()));
    const channelPosts = h.connector.calls.slice(before).filter((c) => c.conversationId?.startsWith("19:"));
    expect(channelPosts).toHaveLength(1);
    expect(JSON.stringify(channelPosts[0]?.body)).not.toMatch(/Hemtjänst|Försäkringskassan|K-[0-9A-Z]{4}/);
    expect(lastSeen(bo)).toContain("Hemtjänst");
  });

  it("never sent a personnummer anywhere, and every card it sent was valid", () => {
    const everything = JSON.stringify(h.connector.calls);
    expect(everything).not.toMatch(/1212-?1212|191212121212/);
    for (const call of h.connector.calls) {
      const attachments = (call.body.attachments ?? []) as { contentType: string; content: unknown }[];
      for (const a of attachments) if (a.contentType.includes("adaptive")) expectValidCard(a.content);
    }
  });
});
