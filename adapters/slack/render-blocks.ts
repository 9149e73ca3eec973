import type { Block, Button, Form, Reply } from "../../src/conversation/message.ts";
import { type ButtonElement, LIMITS, type SlackBlock, type SlackMessage } from "./block-limits.ts";
import { escapeMrkdwn } from "./slack-text.ts";

// The neutral reply rendered as Block Kit. Nothing is cut silently: a long section becomes several
// sections, a long reply several messages; only button labels (a few words by design) are shortened.
// Forms are not blocks in Slack (they become modals) and pictures and files are uploads, so both are
// handed back beside the messages for the sender to deal with.

export interface Upload {
  filename: string;
  title: string;
  altText?: string;
  data: Buffer;
}

export interface RenderedReply {
  messages: SlackMessage[];
  form: Form | null;
  uploads: Upload[];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Slack wants each action_id unique within a message; ours repeat (one "done" per commitment). */
export function encodeActionId(actionId: string, n: number): string {
  return `${actionId}~${n}`;
}

export function decodeActionId(slackActionId: string): string {
  return slackActionId.replace(/~\d{1,6}$/, "");
}

function escapedLength(ch: string): number {
  return ch === "&" ? 5 : ch === "<" || ch === ">" ? 4 : ch.length;
}

/** Splits text so that each escaped piece fits `max`, preferring line breaks, then spaces. */
export function splitEscaped(raw: string, max: number): string[] {
  const out: string[] = [];
  let rest = raw;
  while (rest.length > 0) {
    let len = 0;
    let fit = 0;
    for (const ch of rest) {
      if (len + escapedLength(ch) > max) break;
      len += escapedLength(ch);
      fit += ch.length;
    }
    if (fit >= rest.length) {
      out.push(escapeMrkdwn(rest));
      break;
    }
    const head = rest.slice(0, fit);
    // Break at a line end, else a space, as long as that keeps at least half of what fits.
    const nl = head.lastIndexOf("\n");
    const sp = head.lastIndexOf(" ");
    const cut = nl > fit / 2 ? nl : sp > fit / 2 ? sp : fit;
    out.push(escapeMrkdwn(rest.slice(0, cut)));
    rest = rest.slice(cut).replace(/^[\n ]/, "");
  }
  return out.filter((p) => p.trim().length > 0);
}

function sections(raw: string): SlackBlock[] {
  return splitEscaped(raw, LIMITS.sectionText).map((text) => ({
    type: "section",
    text: { type: "mrkdwn", text },
  }));
}

function label(text: string): string {
  const plain = text.trim() === "" ? "…" : text;
  return plain.length <= LIMITS.buttonText ? plain : `${plain.slice(0, LIMITS.buttonText - 1)}…`;
}

function buttonElement(b: Button, n: number): ButtonElement | null {
  const actionId = encodeActionId(b.actionId, n);
  // Our values are short ids by design (the core refuses anything over 500); a longer one is a bug that
  // Slack would answer by refusing the whole message, so the button is left out instead.
  if (actionId.length > LIMITS.actionId || b.value.length > LIMITS.buttonValue) {
    console.warn(`slack: a button (${b.actionId.slice(0, 40)}) is over Slack's limits and was left out`);
    return null;
  }
  return {
    type: "button",
    text: { type: "plain_text", text: label(b.label), emoji: true },
    action_id: actionId,
    value: b.value,
    ...(b.style !== undefined && { style: b.style }),
  };
}

function fieldsBlocks(fields: { label: string; value: string }[]): SlackBlock[] {
  const texts = fields.map((f) => `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`);
  if (texts.every((t) => t.length <= LIMITS.fieldText)) {
    const out: SlackBlock[] = [];
    for (let i = 0; i < texts.length; i += LIMITS.fieldsPerSection) {
      out.push({
        type: "section",
        fields: texts.slice(i, i + LIMITS.fieldsPerSection).map((text) => ({ type: "mrkdwn", text })),
      });
    }
    return out;
  }
  // A field too long for a column becomes a heading and its own sections.
  return fields.flatMap((f) => [...sections(`*${f.label}*`), ...sections(f.value)]);
}

interface Counter {
  n: number;
}

function renderBlock(b: Block, counter: Counter, uploads: Upload[]): SlackBlock[] {
  switch (b.type) {
    case "section":
      return sections(b.text);
    case "fields":
      return b.fields.length === 0 ? [] : fieldsBlocks(b.fields);
    case "context":
      return splitEscaped(b.text, LIMITS.contextText).map((text) => ({
        type: "context",
        elements: [{ type: "mrkdwn", text }],
      }));
    case "divider":
      return [{ type: "divider" }];
    case "buttons": {
      const elements = b.buttons
        .map((button) => buttonElement(button, counter.n++))
        .filter((e): e is ButtonElement => e !== null);
      const out: SlackBlock[] = [];
      for (let i = 0; i < elements.length; i += LIMITS.elementsPerActions)
        out.push({ type: "actions", elements: elements.slice(i, i + LIMITS.elementsPerActions) });
      return out;
    }
    case "image": {
      const data = Buffer.from(b.image.pngBase64, "base64");
      if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
        uploads.push({
          filename: `${slug(b.image.title)}.png`,
          title: b.image.title,
          altText: b.image.altText,
          data,
        });
      }
      // The description stands in the message too: screen readers, and clients that show no files.
      return sections(`${b.image.title}: ${b.image.altText}`);
    }
    case "file":
      uploads.push({
        filename: b.file.filename,
        title: b.file.filename,
        data: Buffer.from(b.file.content, "utf8"),
      });
      return [];
    case "form":
      return [];
  }
}

function slug(title: string): string {
  const s = title
    .normalize("NFKD")
    .replace(/[^\w -]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .toLowerCase()
    .slice(0, 60);
  return s === "" ? "bild" : s;
}

/** The notification text of one message: the reply's own text first, then what the part begins with. */
function fallbackText(blocks: SlackBlock[], whole: string | null): string {
  const first = blocks.find((b) => b.type === "section" && b.text !== undefined);
  const raw = whole ?? (first?.type === "section" ? (first.text?.text ?? "…") : "…");
  const text = raw.length <= LIMITS.sectionText ? raw : `${raw.slice(0, LIMITS.sectionText - 1)}…`;
  return whole === null ? text : escapeMrkdwn(text);
}

export function renderReply(reply: Reply, maxBlocks: number = LIMITS.blocksPerMessage): RenderedReply {
  const uploads: Upload[] = [];
  const counter: Counter = { n: 0 };
  const source: Block[] = reply.blocks.length > 0 ? reply.blocks : [{ type: "section", text: reply.text }];
  const form = source.find((b): b is Extract<Block, { type: "form" }> => b.type === "form")?.form ?? null;
  const all = source.flatMap((b) => renderBlock(b, counter, uploads));
  // A reply that was only a form or only an attachment has nothing left to post.
  const meaningful = all.some((b) => b.type !== "divider");
  const messages: SlackMessage[] = [];
  if (meaningful) {
    for (let i = 0; i < all.length; i += maxBlocks) {
      const blocks = all.slice(i, i + maxBlocks);
      messages.push({ text: fallbackText(blocks, i === 0 ? reply.text : null), blocks });
    }
  }
  return { messages, form, uploads };
}
