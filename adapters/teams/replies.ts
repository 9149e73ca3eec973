import { type Activity, ActivityTypes, CardFactory, type TurnContext } from "botbuilder";
import type { Reply } from "../../src/conversation/message.ts";
import { needsCard, toCard, toMarkdownText } from "./render-card.ts";
import { type RetryPolicy, withRetry } from "./retry.ts";

// A neutral reply as a Teams message: plain sections as markdown text (searchable, quotable), anything
// interactive or structured as an Adaptive Card.

const SUMMARY_MAX = 200;

export function replyActivity(reply: Reply, locale: string | undefined): Partial<Activity> {
  if (!needsCard(reply))
    return { type: ActivityTypes.Message, text: toMarkdownText(reply), textFormat: "markdown" };
  return {
    type: ActivityTypes.Message,
    attachments: [CardFactory.adaptiveCard(toCard(reply, locale))],
    // What notification banners and the chat list show for a card.
    summary: reply.text.slice(0, SUMMARY_MAX),
  };
}

/** Sends the replies in order; returns the id Teams gave the last one (the outbox records it). */
export async function sendReplies(
  context: TurnContext,
  replies: Reply[],
  locale: string | undefined,
  retry: RetryPolicy,
): Promise<string | null> {
  let last: string | null = null;
  for (const r of replies) {
    const sent = await withRetry(() => context.sendActivity(replyActivity(r, locale)), retry);
    last = sent?.id ?? last;
  }
  return last;
}
