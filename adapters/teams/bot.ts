import { type Activity, ActivityTypes, type CloudAdapter, TeamsInfo, TurnContext } from "botbuilder";
import { type AppDeps, today } from "../../src/app/deps.ts";
import { findStaff, type PlatformUser } from "../../src/app/staff.ts";
import { parseCommand } from "../../src/conversation/commands.ts";
import { type Incoming, type Reply, reply } from "../../src/conversation/message.ts";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { findSwedishIds, looksLikeReserveNumber } from "../../src/domain/personnummer.ts";
import { cardAction } from "./card-action.ts";
import {
  baseConversationId,
  chatKind,
  PLATFORM,
  personalReference,
  removeReference,
  saveReference,
} from "./references.ts";
import { CARD_CONTENT_TYPE, toCard } from "./render-card.ts";
import { sendReplies } from "./replies.ts";
import { forTurn, type RetryPolicy, statusOf } from "./retry.ts";
import { teamsTexts } from "./teams-texts.ts";

// One Teams turn: who speaks, where, and what they said or pressed, handed to the conversation core; its
// replies rendered back. Privacy decides where a reply goes: a channel or group chat is read by many, so
// there the bot answers only `hjälp` in place and everything else (which may concern a person's case) in
// the asker's personal chat.

// A command names at most a few colleagues; more mentions than this are left as names, unresolved, so a
// message cannot make the bot look up a whole team.
const MAX_MENTIONS = 5;

/** The audience of the bot's tokens to the Bot Connector (public cloud). */
const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com";

export interface TeamsBot {
  deps: AppDeps;
  adapter: CloudAdapter;
  /** "" in local-development mode. */
  botAppId: string;
  localDev: boolean;
  retry: RetryPolicy;
  /** Time all replies of one turn may take, retries included (default TURN_BUDGET_MS). */
  turnBudgetMs?: number;
  log: (line: string) => void;
  /** After a turn that may have queued messages for others (a suggestion, an assignment): send them now. */
  afterTurn: () => void;
}

function tenantOf(a: Partial<Activity>): string | undefined {
  const channelData = a.channelData as { tenant?: { id?: string } } | undefined;
  return (channelData?.tenant?.id ?? a.conversation?.tenantId)?.toLowerCase();
}

/** The speaker as the core knows them: Entra object id in a tenant. The Emulator has neither. */
export function identify(bot: Pick<TeamsBot, "localDev">, a: Partial<Activity>): PlatformUser | null {
  const tenant = tenantOf(a);
  const userId = a.from?.aadObjectId?.toLowerCase();
  if (tenant !== undefined && userId !== undefined) return { platform: PLATFORM, tenant, userId };
  if (!bot.localDev || a.from?.id === undefined) return null;
  return { platform: PLATFORM, tenant: tenant ?? "local-dev", userId: userId ?? a.from.id };
}

/** The staff handle behind a Teams @-mention of a colleague (Teams sends only their 29: id and name). */
async function mentionedHandle(
  bot: TeamsBot,
  context: TurnContext,
  memberId: string,
): Promise<string | null> {
  try {
    const member = await TeamsInfo.getMember(context, memberId);
    const tenant = tenantOf(context.activity);
    const aad = member.aadObjectId?.toLowerCase();
    if (tenant === undefined || aad === undefined) return null;
    return (await findStaff(bot.deps.store, { platform: PLATFORM, tenant, userId: aad }))?.handle ?? null;
  } catch {
    return null; // not resolvable (the member left, or no team): the display name stays as typed
  }
}

/**
 * The typed text without the bot's @mention (channels). A colleague picked from Teams' mention list
 * becomes "@handle", as a command expects; a mention that cannot be resolved is reduced to the name.
 */
export async function messageText(bot: TeamsBot, context: TurnContext): Promise<string> {
  const a = context.activity;
  let text = a.text === undefined ? "" : TurnContext.removeRecipientMention(a);
  const mentions = (a.entities ?? [])
    .filter((e) => e.type === "mention")
    .map((e) => e as { mentioned?: { id?: string }; text?: string })
    .filter((e) => e.mentioned?.id !== a.recipient.id)
    .slice(0, MAX_MENTIONS);
  for (const { mentioned, text: tag } of mentions) {
    if (mentioned?.id === undefined || tag === undefined) continue;
    if (!text.includes(tag)) continue;
    const handle = await mentionedHandle(bot, context, mentioned.id);
    if (handle !== null) text = text.replace(tag, `@${handle}`);
  }
  return text
    .replace(/<at>([^<]*)<\/at>/g, "$1")
    .replace(/&nbsp;/g, " ")
    .trim();
}

async function firstDelivery(bot: TeamsBot, a: Activity): Promise<boolean> {
  // Teams redelivers a message it thinks we missed; the same id in the same conversation acts once.
  if (a.id === undefined) return true;
  return bot.deps.store.markEventProcessed(PLATFORM, `${baseConversationId(a.conversation.id)}|${a.id}`);
}

/**
 * What may be answered where it was asked in a channel or group chat: help, and the warning about a
 * personnummer typed there (everyone saw the number already; the warning tells them it was not kept).
 */
function answersInPlace(deps: AppDeps, text: string): boolean {
  if (findSwedishIds(text, deps.clock.now()).length > 0 || looksLikeReserveNumber(text)) return true;
  const parsed = parseCommand(text, today(deps));
  return parsed.ok && parsed.command.name === "help";
}

/**
 * Sends replies to the user's personal chat with the bot: the stored one, or one Teams opens for a member
 * of a team where the app is installed. False when neither works (the app is not installed for them).
 */
async function sendPrivately(
  bot: TeamsBot,
  a: Activity,
  user: PlatformUser,
  replies: Reply[],
): Promise<boolean> {
  const stored = await personalReference(bot.deps.store, user.tenant, user.userId);
  // The adapter's onTurnError would swallow a failed send inside the callback; keep it to decide.
  const failed: { error: Error | null } = { error: null };
  const send = async (ctx: TurnContext) => {
    try {
      await sendReplies(ctx, replies, a.locale, bot.retry);
    } catch (e) {
      failed.error = e instanceof Error ? e : new Error("send failed");
    }
  };
  try {
    if (stored !== null) {
      await bot.adapter.continueConversationAsync(bot.botAppId, stored, send);
      if (failed.error !== null) throw failed.error;
      return true;
    }

    await bot.adapter.createConversationAsync(
      bot.botAppId,
      a.channelId,
      a.serviceUrl,
      BOT_FRAMEWORK_SCOPE,
      {
        isGroup: false,
        bot: a.recipient,
        members: [a.from],
        tenantId: user.tenant,
        channelData: { tenant: { id: user.tenant } },
      },
      async (ctx) => {
        const created = {
          ...ctx.activity,
          from: a.from,
          conversation: { ...ctx.activity.conversation, conversationType: "personal" },
        };
        await saveReference(bot.deps.store, created, user.tenant, user.userId);
        await send(ctx);
      },
    );
    if (failed.error !== null) throw failed.error;
    return true;
  } catch (e) {
    const status = statusOf(e);
    // A stored chat Teams refuses belongs to an app that was removed: forget it, as the sender does.
    const storedId = (stored?.conversation as { id?: string } | undefined)?.id;
    if (storedId !== undefined && (status === 403 || status === 404))
      await removeReference(bot.deps.store, storedId);
    bot.log(
      `Teams: kunde inte svara i en personlig chatt (${status ?? (e as Error).name}); appen är troligen inte installerad för användaren.`,
    );
    return false;
  }
}

async function onMessage(bot: TeamsBot, context: TurnContext): Promise<void> {
  const a = context.activity;
  const t = teamsTexts(a.locale);
  const user = identify(bot, a);
  if (user === null) {
    await context.sendActivity(t.cannotIdentify);
    return;
  }
  if (!(await firstDelivery(bot, a))) return;
  const kind = chatKind(a);
  if (kind === "PERSONAL")
    await saveReference(bot.deps.store, a, user.tenant, user.userId, { skipUnchanged: true });
  const text = await messageText(bot, context);
  if (text === "") return;
  const incoming: Incoming = {
    user,
    conversation: kind === "PERSONAL" ? "direct" : "group",
    ...(a.locale !== undefined && { locale: a.locale }),
  };
  const replies = await handleMessage(bot.deps, incoming, text);
  if (kind === "PERSONAL" || answersInPlace(bot.deps, text)) {
    await sendReplies(context, replies, a.locale, bot.retry);
  } else {
    const sent = await sendPrivately(bot, a, user, replies);
    await sendReplies(context, [reply(sent ? t.answeredPrivately : t.openPersonalChat)], a.locale, bot.retry);
  }
  bot.afterTurn();
}

function invokeResponse(context: TurnContext, status: number, body: unknown): Promise<unknown> {
  return context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}

async function onCardAction(bot: TeamsBot, context: TurnContext): Promise<void> {
  const a = context.activity;
  const t = teamsTexts(a.locale);
  const user = identify(bot, a);
  const action = cardAction(a.value);
  if (user === null || action === null) {
    // The universal-actions error shape; Teams shows the message to the person who pressed.
    await invokeResponse(context, 200, {
      statusCode: 400,
      type: "application/vnd.microsoft.error",
      value: { code: "BadRequest", message: user === null ? t.cannotIdentify : "Bad card action" },
    });
    return;
  }
  const kind = chatKind(a);
  const incoming: Incoming = {
    user,
    conversation: kind === "PERSONAL" ? "direct" : "group",
    ...(a.locale !== undefined && { locale: a.locale }),
  };
  const replies = await handleAction(bot.deps, incoming, action);
  if (kind === "PERSONAL") {
    await saveReference(bot.deps.store, a, user.tenant, user.userId);
    // The first reply replaces the pressed card (a vote, a consent, "done"); any further ones follow it.
    const [first = reply(""), ...rest] = replies;
    await invokeResponse(context, 200, {
      statusCode: 200,
      type: CARD_CONTENT_TYPE,
      value: toCard(first, a.locale),
    });
    await sendReplies(context, rest, a.locale, bot.retry);
  } else {
    const sent = await sendPrivately(bot, a, user, replies);
    await invokeResponse(context, 200, {
      statusCode: 200,
      type: "application/vnd.microsoft.activity.message",
      value: sent ? t.answeredPrivately : t.openPersonalChat,
    });
  }
  bot.afterTurn();
}

/** First contact in a personal chat: the core answers "hjälp" with help, or with the registration form. */
async function welcome(bot: TeamsBot, context: TurnContext): Promise<void> {
  const a = context.activity;
  const user = identify(bot, a);
  if (user === null || chatKind(a) !== "PERSONAL") return;
  const incoming: Incoming = {
    user,
    conversation: "direct",
    ...(a.locale !== undefined && { locale: a.locale }),
  };
  await sendReplies(context, await handleMessage(bot.deps, incoming, "hjälp"), a.locale, bot.retry);
}

async function onMembership(bot: TeamsBot, context: TurnContext): Promise<void> {
  const a = context.activity;
  const user = identify(bot, a);
  // A team's or chat's reference needs only the tenant; the installer may be unknown.
  const tenant = user?.tenant ?? tenantOf(a) ?? (bot.localDev ? "local-dev" : undefined);
  const botId = a.recipient.id;
  if (a.membersRemoved?.some((m) => m.id === botId) === true || a.action?.startsWith("remove") === true) {
    await removeReference(bot.deps.store, a.conversation.id);
    return;
  }
  const added = a.membersAdded?.some((m) => m.id === botId) === true || a.action?.startsWith("add") === true;
  if (!added || tenant === undefined) return;
  await saveReference(bot.deps.store, a, tenant, user?.userId ?? null);
  if (a.type === "installationUpdate" && a.action === "add") await welcome(bot, context);
}

export function teamsTurn(shared: TeamsBot): (context: TurnContext) => Promise<void> {
  return async (context) => {
    // One deadline for every send of this turn, counted from its start: Teams waits 15 s for the turn.
    const bot: TeamsBot = { ...shared, retry: forTurn(shared.retry, shared.turnBudgetMs) };
    const type: string = context.activity.type;
    switch (type) {
      case "message":
        return onMessage(bot, context);
      case "invoke":
        // Other invokes get botbuilder's 501 (not implemented): the manifest declares nothing else.
        if (context.activity.name === "adaptiveCard/action") return onCardAction(bot, context);
        return;
      case "conversationUpdate":
      case "installationUpdate":
        return onMembership(bot, context);
      default:
        return;
    }
  };
}
