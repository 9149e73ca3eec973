// Slack's text conventions, both ways. Incoming: Slack escapes &, < and > and wraps mentions, channels and
// links in <...>; the core wants what the user typed, with colleagues as "@handle". Outgoing: every text
// from the core is escaped, so a commitment text such as "<!channel>" can never ping anyone.

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A Slack user id (U…/W…), as in <@U0123ABC> or <@U0123ABC|name>. */
const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * Turns Slack message text into what the user meant. `handleOf` maps a mentioned Slack user to the
 * staff handle the core knows (null: not registered), so "<@U123>" reaches the core as "@bo".
 */
export async function normaliseIncoming(
  raw: string,
  handleOf: (slackUserId: string) => Promise<string | null>,
  options: { stripLeadingMention?: string } = {},
): Promise<string> {
  let text = raw.trim();
  if (options.stripLeadingMention !== undefined) {
    // "@SIP-assistenten vem K-7F3Q": the mention of the bot itself is how the message reached us.
    const lead = new RegExp(`^<@${options.stripLeadingMention}(?:\\|[^>]*)?>[\\s:,]*`);
    text = text.replace(lead, "");
  }
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/<([^<>]{1,500})>/g)) {
    parts.push(unescapeEntities(text.slice(last, m.index)));
    parts.push(await replaceSpecial(m[1] ?? "", handleOf));
    last = m.index + m[0].length;
  }
  parts.push(unescapeEntities(text.slice(last)));
  return parts.join("").trim();
}

async function replaceSpecial(
  inner: string,
  handleOf: (id: string) => Promise<string | null>,
): Promise<string> {
  const [target = "", label] = inner.split("|", 2);
  if (target.startsWith("@")) {
    const id = target.slice(1);
    if (!USER_ID.test(id)) return "";
    return `@${(await handleOf(id)) ?? id}`;
  }
  if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
  // Broadcasts (<!here>, <!channel>) and user groups mean nothing to the core.
  if (target.startsWith("!")) return "";
  return unescapeEntities(label ?? target);
}
