import type { SlackBlock } from "./block-limits.ts";

// Fits the App Home's body into the blocks a view may hold. `sip mina` answers with my commitments, then
// (after a divider each) my open SIPs and the polls waiting for my answer; the core caps the last two, so
// when a long list of commitments does not fit, it is the commitments that are shortened, with a pointer
// to `/sip mina`, and the other sections stay whole.

const MORE: SlackBlock = { type: "context", elements: [{ type: "mrkdwn", text: "… `/sip mina`" }] };

/** Splits blocks into parts that each start at a divider (the first part may not). */
function parts(body: readonly SlackBlock[]): SlackBlock[][] {
  const out: SlackBlock[][] = [[]];
  for (const b of body) {
    if (b.type === "divider") out.push([]);
    out.at(-1)?.push(b);
  }
  return out;
}

/** The first `n` blocks, without a trailing section whose buttons would be cut off from it. */
function head(blocks: readonly SlackBlock[], n: number): SlackBlock[] {
  const kept = blocks.slice(0, n);
  if (kept.at(-1)?.type === "section" && blocks[n]?.type === "actions") kept.pop();
  return kept;
}

export function fitHome(body: readonly SlackBlock[], room: number): SlackBlock[] {
  if (body.length <= room) return [...body];
  const [first = [], ...rest] = parts(body);
  const restLength = rest.reduce((n, p) => n + p.length, 0);
  const firstRoom = room - restLength - 1;
  // Only if the capped sections alone overflow (they do not, by design): keep the start, as before.
  if (firstRoom < 1) return [...head(body, room - 1), MORE];
  return [...head(first, firstRoom), MORE, ...rest.flat()];
}
