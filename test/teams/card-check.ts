// Every Adaptive Card the Teams adapter produces goes through here: parsed by Microsoft's own Adaptive
// Cards library with version 1.5 as the target (Teams' limit), so an unknown element, an action the
// library does not know, or a property newer than 1.5 shows up as a parse event and fails the test.
import * as AC from "adaptivecards";
import { expect } from "vitest";

export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = card as { type?: unknown; version?: unknown };
  if (json.type !== "AdaptiveCard") problems.push(`type is ${String(json.type)}`);
  const version = typeof json.version === "string" ? json.version : "";
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (m === null || Number(m[1]) > 1 || (Number(m[1]) === 1 && Number(m[2]) > 5))
    problems.push(`version ${version} is not 1.5 or lower`);
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

export function expectValidCard(card: unknown): void {
  expect(cardProblems(card), JSON.stringify(card).slice(0, 400)).toEqual([]);
}

/** The Adaptive Card attached to a message activity, checked; fails the test when there is none. */
export function cardOf(activity: {
  attachments?: { contentType?: string; content?: unknown }[];
}): Record<string, unknown> {
  const attachment = activity.attachments?.find(
    (a) => a.contentType === "application/vnd.microsoft.card.adaptive",
  );
  if (attachment === undefined) expect.fail(`no Adaptive Card in ${JSON.stringify(activity).slice(0, 300)}`);
  expectValidCard(attachment.content);
  return attachment.content as Record<string, unknown>;
}

/** All text a reader sees on a card or message (TextBlocks, facts, labels, button titles), in order. */
export function visibleText(node: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) {
      n.forEach(walk);
      return;
    }
    if (n === null || typeof n !== "object") return;
    const o = n as Record<string, unknown>;
    for (const key of ["text", "title", "value", "label"]) if (typeof o[key] === "string") out.push(o[key]);
    for (const [key, v] of Object.entries(o)) if (key !== "data" && typeof v === "object") walk(v);
  };
  walk(node);
  return out.join("\n");
}

/** Action.Execute buttons of a card: title, verb and data. */
export function executeActions(
  card: unknown,
): { title: string; verb: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) {
      n.forEach(walk);
      return;
    }
    if (n === null || typeof n !== "object") return;
    const o = n as Record<string, unknown>;
    if (o.type === "Action.Execute")
      out.push({
        title: String(o.title),
        verb: String(o.verb),
        data: (o.data ?? {}) as Record<string, unknown>,
      });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}
