// Teams activities through the running endpoint into the conversation core and back: first contact and
// registration by card, replies in personal chat, help in a channel, everything else from a channel
// answered in the asker's personal chat, redeliveries, card actions, and installation events.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CHANNEL_ID,
  cardAction,
  channelMessage,
  GROUP_CHAT_ID,
  groupChatMessage,
  installationUpdate,
  mentionOf,
  personalMessage,
  TEAM_ID,
  TENANT,
  teamMembership,
} from "./activities.ts";
import { cardOf, executeActions, expectValidCard, visibleText } from "./card-check.ts";
import { AAD, openTeamsHarness, type TeamsHarness } from "./harness.ts";

let h: TeamsHarness;
beforeAll(async () => {
  h = await openTeamsHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.connector.clear();
});

const at = () => ({ serviceUrl: h.connector.serviceUrl });
const textOf = (activity: Record<string, unknown> | undefined) =>
  activity === undefined
    ? ""
    : typeof activity.text === "string"
      ? activity.text
      : visibleText(activity.attachments);

describe("first contact", () => {
  const frida = () => h.user("frida");

  it("asks an unknown user who they are, with a registration card", async () => {
    expect((await h.post(personalMessage(frida(), "hej", at()))).status).toBe(200);
    const [sent] = h.connector.messagesTo(frida().chatId);
    const card = cardOf(sent as Record<string, unknown>);
    expect(visibleText(card)).toContain("Jag känner inte igen dig");
    const inputs = JSON.stringify(card);
    for (const id of ["in_displayName", "in_handle", "in_unit"]) expect(inputs).toContain(`"id":"${id}"`);
    expect(executeActions(card)).toEqual([
      expect.objectContaining({ verb: "staff.register", data: { sipValue: "" } }),
    ]);
  });

  it("registers from the card's submission, waiting for an operator's approval", async () => {
    const r = await h.post(
      cardAction(
        frida(),
        "staff.register",
        { sipValue: "", in_displayName: "Frida Fors", in_handle: "frida", in_unit: "Hemtjänst Norr (demo)" },
        at(),
      ),
    );
    expect(r.status).toBe(200);
    const body = r.body as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expectValidCard(body.value);
    expect(visibleText(body.value)).toContain("väntar på att en administratör godkänner");
    const staff = await h.deps.store.findStaffByIdentity("teams", TENANT, frida().aadObjectId);
    expect(staff).toMatchObject({ handle: "frida", approved: false });

    await h.post(personalMessage(frida(), "sip mina", at()));
    expect(textOf(h.connector.messagesTo(frida().chatId).at(-1))).toContain(
      "väntar fortfarande på godkännande",
    );
  });
});

describe("personal chat", () => {
  it("answers a command as markdown text, in the client's language", async () => {
    const anna = h.user("anna");
    await h.post(personalMessage(anna, "hjälp", at()));
    await h.post(personalMessage(anna, "help", { ...at(), locale: "en-US" }));
    const [sv, en] = h.connector.messagesTo(anna.chatId);
    expect(sv).toMatchObject({ textFormat: "markdown", replyToId: expect.any(String) });
    expect(textOf(sv)).toContain("**SIP-assistenten – kommandon**");
    expect(textOf(en)).toContain("**SIP assistant – commands**");
  });

  it("acts once on an activity Teams delivers twice", async () => {
    const anna = h.user("anna");
    const activity = personalMessage(anna, "sip ny", at());
    await h.post(activity);
    await h.post(activity);
    expect(h.connector.messagesTo(anna.chatId)).toHaveLength(1);
    expect(await h.db.prisma.person.count()).toBe(1);
  });

  it("stores the personal chat's reference for later proactive messages", async () => {
    const row = await h.db.prisma.chatReference.findFirst({ where: { userId: AAD.anna } });
    expect(row).toMatchObject({ kind: "PERSONAL", tenant: TENANT, conversationId: h.user("anna").chatId });
    expect(row?.reference).toMatchObject({
      serviceUrl: h.connector.serviceUrl,
      user: { aadObjectId: AAD.anna },
    });
  });

  it("refuses a card action it did not render, without changing anything", async () => {
    const anna = h.user("anna");
    for (const data of [
      { sipValue: 42 },
      { sipValue: "x".repeat(501) },
      { sipValue: "K-ZZZZ", in_reason: { nested: 1 } },
    ]) {
      const r = await h.post(cardAction(anna, "sip.dismiss.submit", data, at()));
      expect(r.body).toMatchObject({ statusCode: 400, type: "application/vnd.microsoft.error" });
    }
    const unknownVerb = await h.post(
      cardAction(anna, "admin.deleteEverything", { sipValue: "K-ZZZZ" }, at()),
    );
    expect(visibleText((unknownVerb.body as { value: unknown }).value)).toContain("Jag förstod inte");
  });
});

describe("channels", () => {
  it("answers help in the channel thread, with the bot's @mention removed", async () => {
    const anna = h.user("anna");
    await h.post(channelMessage(anna, "hjälp", at()));
    const [sent] = h.connector.calls;
    expect(sent?.conversationId).toBe(
      `${CHANNEL_ID};messageid=${String((sent?.body.replyToId as string) ?? "")}`,
    );
    expect(textOf(sent?.body)).toContain("SIP-assistenten – kommandon");
  });

  it("answers anything else in the asker's personal chat and says so in the channel", async () => {
    const anna = h.user("anna");
    await h.post(channelMessage(anna, "sip mina", at()));
    const personal = h.connector.messagesTo(anna.chatId);
    expect(personal).toHaveLength(1);
    const inChannel = h.connector.calls.filter((c) => c.conversationId?.startsWith(CHANNEL_ID));
    expect(inChannel).toHaveLength(1);
    expect(textOf(inChannel[0]?.body)).toContain("Jag har svarat dig i vår personliga chatt");
  });

  it("opens a personal chat for a team member who never wrote to the bot", async () => {
    const bo = h.user("bo");
    await h.post(channelMessage(bo, "sip mina", at()));
    const create = h.connector.calls.find((c) => c.kind === "create");
    expect(create?.body).toMatchObject({ isGroup: false, members: [{ id: bo.id }], tenantId: TENANT });
    const created = create?.answeredId ?? "";
    expect(h.connector.messagesTo(created)).toHaveLength(1);
    const row = await h.db.prisma.chatReference.findFirst({ where: { userId: AAD.bo } });
    expect(row?.conversationId).toBe(created);
  });

  it("tells the asker to open a personal chat when Teams will not open one", async () => {
    const eva = h.user("eva");
    h.connector.failNext(403);
    await h.post(channelMessage(eva, "sip mina", at()));
    const inChannel = h.connector.calls.filter((c) => c.conversationId?.startsWith(CHANNEL_ID));
    expect(textOf(inChannel[0]?.body)).toContain("visas därför bara i en personlig chatt");
    expect(h.connector.calls.filter((c) => c.kind === "send" || c.kind === "reply")).toHaveLength(1);
  });

  it("warns in the channel about a personnummer, and never repeats the number", async () => {
    const anna = h.user("anna");
    await h.post(channelMessage(anna, "sip ny 19121212-1212", at()));
    const [sent] = h.connector.calls;
    expect(textOf(sent?.body)).toContain("Skriv aldrig personnummer i en kanal");
    expect(JSON.stringify(h.connector.calls)).not.toMatch(/1212-?1212|191212121212/);
  });

  it("looks up at most five mentioned colleagues per message, and survives ones it cannot find", async () => {
    const anna = h.user("anna");
    const strangers = ["p1", "p2", "p3", "p4", "p5", "p6", "p7"].map((n) => h.user(n));
    const lookupsBefore = h.connector.memberLookups;
    const text = `sip mina ${strangers.map(mentionOf).join(" ")}`;
    expect((await h.post(channelMessage(anna, text, at(), strangers))).status).toBe(200);
    expect(h.connector.memberLookups - lookupsBefore).toBe(5);
    expect(h.connector.messagesTo(anna.chatId)).toHaveLength(1);
  });

  it("keeps a card press in a channel out of the channel", async () => {
    const anna = h.user("anna");
    const r = await h.post(
      cardAction(anna, "commitment.done", { sipValue: "999" }, { ...at(), conversation: "channel" }),
    );
    expect(r.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    expect(h.connector.messagesTo(anna.chatId)).toHaveLength(1);
  });
});

describe("group chats", () => {
  it("answer help in the chat and anything else in the asker's personal chat", async () => {
    const anna = h.user("anna");
    await h.post(groupChatMessage(anna, "hjälp", at()));
    await h.post(groupChatMessage(anna, "vem K-ZZZZ", at()));
    const inChat = h.connector.messagesTo(GROUP_CHAT_ID).map(textOf);
    expect(inChat).toHaveLength(2);
    expect(inChat[0]).toContain("SIP-assistenten – kommandon");
    expect(inChat[1]).toContain("Jag har svarat dig i vår personliga chatt");
    expect(inChat.join("\n")).not.toContain("K-ZZZZ");
    expect(textOf(h.connector.messagesTo(anna.chatId).at(-1))).toContain("K-ZZZZ");
  });
});

describe("installation", () => {
  it("greets a person who installs the app with help, or with the registration card if unknown", async () => {
    const david = h.user("david");
    await h.post(installationUpdate(david, "add", at()));
    expect(textOf(h.connector.messagesTo(david.chatId)[0])).toContain("SIP-assistenten – kommandon");
    const gustav = h.user("gustav");
    await h.post(installationUpdate(gustav, "add", at()));
    expect(
      visibleText(cardOf(h.connector.messagesTo(gustav.chatId)[0] as Record<string, unknown>)),
    ).toContain("Jag känner inte igen dig");
  });

  it("forgets a personal chat when the app is removed from it", async () => {
    const david = h.user("david");
    expect(await h.db.prisma.chatReference.count({ where: { userId: AAD.david } })).toBe(1);
    await h.post(installationUpdate(david, "remove", at()));
    expect(await h.db.prisma.chatReference.count({ where: { userId: AAD.david } })).toBe(0);
  });

  it("keeps a team's reference while the bot is a member, and only then", async () => {
    const anna = h.user("anna");
    await h.post(teamMembership(anna, "added", at()));
    expect(await h.db.prisma.chatReference.findFirst({ where: { conversationId: TEAM_ID } })).toMatchObject({
      kind: "CHANNEL",
      userId: null,
    });
    await h.post(teamMembership(anna, "removed", at()));
    expect(await h.db.prisma.chatReference.count({ where: { conversationId: TEAM_ID } })).toBe(0);
  });
});
