import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import type { ChatReferenceRecord, Store } from "../../src/app/ports.ts";

// Conversation references: where the bot can write later without being spoken to (suggestions,
// assignments, reminders). Teams gives one when the app is installed and with every message; the
// personal chat's is kept per user, a channel's or group chat's per conversation.

export const PLATFORM = "teams";

export type ChatKind = ChatReferenceRecord["kind"];

export function chatKind(activity: Partial<Activity>): ChatKind {
  switch (activity.conversation?.conversationType) {
    case "channel":
      return "CHANNEL";
    case "groupChat":
      return "GROUP";
    default:
      // "personal", or nothing at all (the Bot Framework Emulator sends no conversation type).
      return activity.conversation?.isGroup === true ? "GROUP" : "PERSONAL";
  }
}

/** A reply in a channel thread carries ";messageid=..." in its conversation id; the channel is the part before. */
export function baseConversationId(id: string): string {
  return id.split(";messageid=")[0] ?? id;
}

// Every message carries the reference again, nearly always unchanged: writing it each time was a third of a
// turn's writes (bench/teams-turn.bench.ts). What this process last wrote, per store and conversation, lets
// a message skip an unchanged write for a while; installs and removals always go to the store.
const REWRITE_AFTER_MS = 10 * 60 * 1000;
const written = new WeakMap<Store, Map<string, { json: string; at: number }>>();

function writtenIn(store: Store): Map<string, { json: string; at: number }> {
  let map = written.get(store);
  if (map === undefined) {
    map = new Map();
    written.set(store, map);
  }
  return map;
}

export async function saveReference(
  store: Store,
  activity: Partial<Activity>,
  tenant: string,
  userId: string | null,
  o: { skipUnchanged?: boolean } = {},
): Promise<void> {
  const reference = TurnContext.getConversationReference(activity);
  const kind = chatKind(activity);
  const conversationId = baseConversationId(activity.conversation?.id ?? "");
  if (conversationId === "") return;
  const record = {
    platform: PLATFORM,
    tenant,
    conversationId,
    kind,
    userId: kind === "PERSONAL" ? userId : null,
    // The activity id points at one message; a later proactive send starts a new one.
    reference: {
      ...reference,
      activityId: undefined,
      conversation: { ...reference.conversation, id: conversationId },
    },
  };
  const json = JSON.stringify(record);
  const seen = writtenIn(store);
  const last = seen.get(conversationId);
  if (o.skipUnchanged === true && last?.json === json && Date.now() - last.at < REWRITE_AFTER_MS) return;
  await store.saveChatReference(record);
  if (seen.size >= 10_000) seen.clear();
  seen.set(conversationId, { json, at: Date.now() });
}

export async function personalReference(
  store: Store,
  tenant: string,
  userId: string,
): Promise<Partial<ConversationReference> | null> {
  const found = await store.findPersonalChatReference(PLATFORM, tenant, userId);
  if (found === null || typeof found.reference !== "object" || found.reference === null) return null;
  const reference: Partial<ConversationReference> = found.reference;
  return reference;
}

export function removeReference(store: Store, conversationId: string): Promise<boolean> {
  const id = baseConversationId(conversationId);
  written.get(store)?.delete(id);
  return store.removeChatReference(PLATFORM, id);
}
