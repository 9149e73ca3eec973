import type { MyOverview, MyPoll, MySip, NextDate } from "../app/my-overview.ts";
import { formatDate } from "./format.ts";
import type { Block, Reply } from "./message.ts";
import { myOverviewTexts } from "./my-overview-texts.ts";
import { formatDeadline, formatWhen } from "./scheduling-format.ts";
import type { ViewContext } from "./views.ts";

// "My overview" as neutral blocks: my open SIPs and the polls waiting for my answer, each section with its
// own heading and an empty-state line. Each section shows at most MAX_ITEMS, so a Slack Home tab (50
// blocks) always has room for both after the commitments.

export const MAX_ITEMS = 8;

function dateText(ctx: ViewContext, d: NextDate): string {
  const o = myOverviewTexts(ctx.locale);
  switch (d.kind) {
    case "day":
      return o.onDay(formatDate(d.date, ctx.locale));
    case "deadline":
      return o.answerBy(formatDeadline(d.closesAt, ctx.locale));
    case "meeting":
      return o.meetingAt(formatWhen(d.start, null, ctx.locale));
  }
}

export function sipLine(ctx: ViewContext, s: MySip): string {
  const o = myOverviewTexts(ctx.locale);
  const next = o.next[s.next] + (s.nextDate === null ? "" : ` ${dateText(ctx, s.nextDate)}`);
  return o.sipLine(s.personRef, ctx.t.sipState[s.state], o.role[s.role], next);
}

export function pollLine(ctx: ViewContext, p: MyPoll): string {
  const o = myOverviewTexts(ctx.locale);
  const line = o.pollLine(p.personRef, formatDeadline(p.closesAt, ctx.locale), p.answered, p.slotCount);
  return p.required ? line : `${line} · ${o.optional}`;
}

function moreBlock(ctx: ViewContext, total: number): Block[] {
  return total > MAX_ITEMS
    ? [{ type: "context", text: myOverviewTexts(ctx.locale).more(total - MAX_ITEMS) }]
    : [];
}

export function mySipsBlocks(ctx: ViewContext, sips: readonly MySip[]): Block[] {
  const o = myOverviewTexts(ctx.locale);
  if (sips.length === 0) return [{ type: "section", text: `*${o.sipsTitle}*\n${o.sipsEmpty}` }];
  return [
    { type: "section", text: `*${o.sipsTitle}*` },
    ...sips.slice(0, MAX_ITEMS).map((s): Block => ({ type: "section", text: sipLine(ctx, s) })),
    ...moreBlock(ctx, sips.length),
  ];
}

export function myPollsBlocks(ctx: ViewContext, polls: readonly MyPoll[]): Block[] {
  const o = myOverviewTexts(ctx.locale);
  if (polls.length === 0) return [{ type: "section", text: `*${o.pollsTitle}*\n${o.pollsEmpty}` }];
  return [
    { type: "section", text: `*${o.pollsTitle}*` },
    ...polls.slice(0, MAX_ITEMS).flatMap((p): Block[] => [
      { type: "section", text: pollLine(ctx, p) },
      {
        type: "buttons",
        buttons: [{ label: o.answerButton(p.personRef), actionId: "poll.show", value: p.pollId }],
      },
    ]),
    ...moreBlock(ctx, polls.length),
  ];
}

/** Plain text of both sections, for clients that show no blocks. */
export function myOverviewText(ctx: ViewContext, v: MyOverview): string {
  const o = myOverviewTexts(ctx.locale);
  const plain = (s: string) => s.replace(/\*/g, "").replace(/\n/g, " · ");
  const list = <T>(items: readonly T[], empty: string, line: (x: T) => string): string[] =>
    items.length === 0
      ? [empty]
      : [
          ...items.slice(0, MAX_ITEMS).map((x) => `• ${plain(line(x))}`),
          ...(items.length > MAX_ITEMS ? [o.more(items.length - MAX_ITEMS)] : []),
        ];
  const sips = list(v.sips, o.sipsEmpty, (s) => sipLine(ctx, s));
  const polls = list(v.polls, o.pollsEmpty, (p) => pollLine(ctx, p));
  return [o.sipsTitle, ...sips, "", o.pollsTitle, ...polls].join("\n");
}

/**
 * `sip mina`: the commitments reply followed by my open SIPs and my polls, as ONE reply (one message on
 * every platform). The sections are separated by dividers, and the commitments part has none, so an
 * adapter that must shorten the whole (a Slack Home tab) can shorten the first part and keep the rest.
 */
export function withMyOverview(ctx: ViewContext, mine: Reply, v: MyOverview): Reply {
  return {
    text: `${mine.text}\n\n${myOverviewText(ctx, v)}`,
    blocks: [
      ...mine.blocks,
      { type: "divider" },
      ...mySipsBlocks(ctx, v.sips),
      { type: "divider" },
      ...myPollsBlocks(ctx, v.polls),
    ],
  };
}
