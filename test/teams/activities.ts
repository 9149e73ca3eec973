// Bot Framework activities as Microsoft Teams sends them (shapes taken from activities Teams delivers to a
// bot: personal chat, channel @mention, Action.Execute invoke, installation and membership updates). Only
// the serviceUrl differs: it points at the loopback fake connector instead of smba.trafficmanager.net.

export const APP_ID = "5d8a3b2e-6f0c-4c1a-9e7b-2a4f6c8d0e1f";
export const TENANT = "9b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
export const OTHER_TENANT = "0f0e0d0c-0b0a-4090-8070-605040302010";
export const BOT = { id: `28:${APP_ID}`, name: "SIP-assistenten" };

export interface TeamsUser {
  /** The Teams user id (29:...), per bot. */
  id: string;
  name: string;
  /** Entra object id: the identity the core knows. */
  aadObjectId: string;
  /** The id of this user's personal chat with the bot. */
  chatId: string;
}

let sequence = 1763888400000;
const nextId = () => String(sequence++);

export function teamsUser(handle: string, aadObjectId: string): TeamsUser {
  return {
    id: `29:1${handle}-teams-user-id`,
    name: `${handle[0]?.toUpperCase() ?? ""}${handle.slice(1)} (demo)`,
    aadObjectId,
    chatId: `a:1${handle}PersonalChatWithSipAssistant`,
  };
}

const clientInfo = (locale: string) => ({
  locale,
  country: locale.endsWith("SE") ? "SE" : "US",
  platform: "Web",
  timezone: "Europe/Stockholm",
  type: "clientInfo",
});

interface Common {
  serviceUrl: string;
  tenant?: string;
  locale?: string;
}

function base(user: TeamsUser, c: Common) {
  const tenant = c.tenant ?? TENANT;
  const locale = c.locale ?? "sv-SE";
  return {
    timestamp: "2026-11-23T09:00:00.000Z",
    localTimestamp: "2026-11-23T10:00:00.000+01:00",
    id: nextId(),
    channelId: "msteams",
    serviceUrl: c.serviceUrl,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    entities: [clientInfo(locale)],
    channelData: { tenant: { id: tenant } },
    locale,
    localTimezone: "Europe/Stockholm",
    tenant,
  };
}

export function personalMessage(user: TeamsUser, text: string, c: Common): Record<string, unknown> {
  const { tenant, ...b } = base(user, c);
  return {
    ...b,
    type: "message",
    text,
    textFormat: "plain",
    conversation: { conversationType: "personal", tenantId: tenant, id: user.chatId },
  };
}

export const CHANNEL_ID = "19:4f1e2d3c5b6a47898a7b6c5d4e3f2a1b@thread.tacv2";
export const TEAM_ID = "19:0a1b2c3d4e5f46078899aabbccddeeff@thread.tacv2";

/** How Teams writes an @-mention of someone into the message text. */
export const mentionOf = (u: { name: string }) => `<at>${u.name}</at>`;

/**
 * A message in a team channel that @mentions the bot (Teams puts the mention in the text and entities),
 * and the colleagues in `mentions`, whose tags the text should contain (see mentionOf).
 */
export function channelMessage(
  user: TeamsUser,
  text: string,
  c: Common,
  mentions: TeamsUser[] = [],
): Record<string, unknown> {
  const { tenant, ...b } = base(user, c);
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...b,
    type: "message",
    text: `${mention} ${text}\n`,
    textFormat: "plain",
    attachments: [
      { contentType: "text/html", content: `<div><div><at id="0">${BOT.name}</at> ${text}</div></div>` },
    ],
    entities: [
      { mentioned: BOT, text: mention, type: "mention" },
      ...mentions.map((m) => ({
        mentioned: { id: m.id, name: m.name },
        text: mentionOf(m),
        type: "mention",
      })),
      ...b.entities,
    ],
    conversation: {
      isGroup: true,
      conversationType: "channel",
      tenantId: tenant,
      id: `${CHANNEL_ID};messageid=${b.id}`,
    },
    channelData: {
      teamsChannelId: CHANNEL_ID,
      teamsTeamId: TEAM_ID,
      channel: { id: CHANNEL_ID },
      team: { id: TEAM_ID },
      tenant: { id: tenant },
    },
  };
}

export const GROUP_CHAT_ID = "19:meeting_7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2@thread.v2";

/** A message in a group chat (not a team) that @mentions the bot. */
export function groupChatMessage(user: TeamsUser, text: string, c: Common): Record<string, unknown> {
  const { tenant, ...b } = base(user, c);
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...b,
    type: "message",
    text: `${mention} ${text}`,
    textFormat: "plain",
    entities: [{ mentioned: BOT, text: mention, type: "mention" }, ...b.entities],
    conversation: { isGroup: true, conversationType: "groupChat", tenantId: tenant, id: GROUP_CHAT_ID },
  };
}

/** A press of an Action.Execute button (or a form submit) on a card in the user's personal chat. */
export function cardAction(
  user: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  c: Common & { conversation?: "personal" | "channel" },
): Record<string, unknown> {
  const { tenant, ...b } = base(user, c);
  const inChannel = c.conversation === "channel";
  return {
    ...b,
    id: `f:${b.id}`,
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId: String(sequence - 2),
    conversation: inChannel
      ? {
          isGroup: true,
          conversationType: "channel",
          tenantId: tenant,
          id: `${CHANNEL_ID};messageid=${b.id}`,
        }
      : { conversationType: "personal", tenantId: tenant, id: user.chatId },
    channelData: { tenant: { id: tenant }, source: { name: "message" }, legacy: { replyToId: "1:1abc" } },
    value: { action: { type: "Action.Execute", title: verb, verb, data }, trigger: "manual" },
  };
}

/** The app installed in (or removed from) the user's personal scope. */
export function installationUpdate(
  user: TeamsUser,
  action: "add" | "remove",
  c: Common,
): Record<string, unknown> {
  const { tenant, ...b } = base(user, c);
  return {
    ...b,
    id: `f:${b.id}`,
    type: "installationUpdate",
    action,
    conversation: { conversationType: "personal", tenantId: tenant, id: user.chatId },
    channelData: { source: { name: "message" }, tenant: { id: tenant } },
  };
}

/** The bot added to (or removed from) a team: the conversation is the team's General channel. */
export function teamMembership(
  user: TeamsUser,
  change: "added" | "removed",
  c: Common,
): Record<string, unknown> {
  const { tenant, ...b } = base(user, c);
  return {
    ...b,
    id: `f:${b.id}`,
    type: "conversationUpdate",
    ...(change === "added" ? { membersAdded: [{ id: BOT.id }] } : { membersRemoved: [{ id: BOT.id }] }),
    conversation: { isGroup: true, conversationType: "channel", tenantId: tenant, id: TEAM_ID },
    channelData: {
      team: { aadGroupId: "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5", name: "SIP Norr", id: TEAM_ID },
      eventType: change === "added" ? "teamMemberAdded" : "teamMemberRemoved",
      tenant: { id: tenant },
    },
  };
}
