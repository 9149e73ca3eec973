import type { Block, FileAttachment, Form, FormField, Reply } from "../../src/conversation/message.ts";
import { teamsTexts, type TeamsTexts } from "./teams-texts.ts";

// The neutral reply as a Microsoft Teams Adaptive Card. Teams renders schema 1.5 at most, so every card
// says 1.5 and uses nothing newer. Buttons and form submits are Action.Execute (universal actions): the
// press arrives as an `adaptiveCard/action` invoke, and the card the bot answers with replaces the pressed
// card for the person who pressed it.

export const CARD_VERSION = "1.5";
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
/** Where a button's or form's neutral value travels in Action.Execute data (inputs are merged beside it). */
export const VALUE_KEY = "sipValue";
/** Form inputs get this prefix so that a field id can never overwrite VALUE_KEY in the merged data. */
export const INPUT_PREFIX = "in_";
// Teams refuses messages over about 28 KB; a picture bigger than this is shown as its alt text instead.
const MAX_INLINE_IMAGE_BASE64 = 20_000;

export type CardElement = Record<string, unknown>;
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: typeof CARD_VERSION;
  body: CardElement[];
  fallbackText: string;
  msteams: { width: "Full" };
}

/** The neutral model's *bold* and `code` in Adaptive Card markdown (which has bold but no code). */
function markdown(text: string): string {
  return text.replace(/\*([^*\n]+)\*/g, "**$1**").replace(/`([^`\n]+)`/g, "$1");
}

const textBlock = (text: string, extra: CardElement = {}): CardElement => ({
  type: "TextBlock",
  text: markdown(text),
  wrap: true,
  ...extra,
});

function input(field: FormField, t: TeamsTexts): CardElement {
  const common = {
    id: `${INPUT_PREFIX}${field.id}`,
    label: field.label,
    isRequired: field.required,
    ...(field.required && { errorMessage: t.requiredField }),
  };
  switch (field.type) {
    case "text":
      return {
        type: "Input.Text",
        ...common,
        maxLength: field.maxLength,
        ...(field.multiline === true && { isMultiline: true }),
        ...(field.placeholder !== undefined && { placeholder: field.placeholder }),
        ...(field.initial !== undefined && { value: field.initial }),
      };
    case "select":
      return {
        type: "Input.ChoiceSet",
        ...common,
        choices: field.options.map((o) => ({ title: o.label, value: o.value })),
        // Few options read best as radio buttons or check boxes; long lists (units) as a drop-down.
        style: field.options.length <= 5 ? "expanded" : "compact",
        ...(field.multiple === true && { isMultiSelect: true }),
      };
    case "date":
      return { type: "Input.Date", ...common };
  }
}

function formElements(form: Form, t: TeamsTexts): CardElement[] {
  return [
    textBlock(form.title, { weight: "Bolder" }),
    ...form.fields.map((f) => input(f, t)),
    {
      type: "ActionSet",
      actions: [
        {
          type: "Action.Execute",
          title: form.submitLabel,
          verb: form.actionId,
          data: { [VALUE_KEY]: form.value },
          associatedInputs: "auto",
          style: "positive",
        },
      ],
    },
  ];
}

function fileElements(file: FileAttachment, t: TeamsTexts): CardElement[] {
  // A bot cannot attach a file to a message in a channel or group chat, and in a personal chat only after
  // the user accepts a consent card into their OneDrive. Every message the core sends with an .ics already
  // states the time (Stockholm) and place in its text, so the card only says that the file is missing.
  const isCalendar = file.mimeType === "text/calendar" || file.filename.toLowerCase().endsWith(".ics");
  return [
    textBlock(isCalendar ? t.calendarNotAttached(file.filename) : t.fileNotAttached(file.filename), {
      isSubtle: true,
    }),
  ];
}

function blockElements(block: Block, t: TeamsTexts): CardElement[] {
  switch (block.type) {
    case "section":
      return [textBlock(block.text)];
    case "context":
      return [textBlock(block.text, { isSubtle: true, size: "Small" })];
    case "fields":
      return [
        {
          type: "FactSet",
          facts: block.fields.map((f) => ({ title: f.label, value: markdown(f.value) })),
        },
      ];
    case "buttons":
      return [
        {
          type: "ActionSet",
          actions: block.buttons.map((b) => ({
            type: "Action.Execute",
            title: b.label,
            verb: b.actionId,
            data: { [VALUE_KEY]: b.value },
            ...(b.style === "primary" && { style: "positive" }),
            ...(b.style === "danger" && { style: "destructive" }),
          })),
        },
      ];
    case "form":
      return formElements(block.form, t);
    case "divider":
      return []; // marks the next element (see toCard)
    case "image":
      if (block.image.pngBase64.length > MAX_INLINE_IMAGE_BASE64)
        return [textBlock(`**${block.image.title}**\n\n${block.image.altText}`)];
      return [
        textBlock(block.image.title, { weight: "Bolder" }),
        {
          type: "Image",
          url: `data:image/png;base64,${block.image.pngBase64}`,
          altText: block.image.altText,
        },
      ];
    case "file":
      return fileElements(block.file, t);
  }
}

export function toCard(reply: Reply, locale = "sv"): AdaptiveCard {
  const t = teamsTexts(locale);
  const blocks: Block[] = reply.blocks.length > 0 ? reply.blocks : [{ type: "section", text: reply.text }];
  const body: CardElement[] = [];
  let separate = false;
  for (const block of blocks) {
    if (block.type === "divider") {
      separate = body.length > 0;
      continue;
    }
    const elements = blockElements(block, t);
    const [first, ...rest] = elements;
    if (first === undefined) continue;
    body.push(separate ? { ...first, separator: true, spacing: "Medium" } : first, ...rest);
    separate = false;
  }
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    body,
    fallbackText: reply.text,
    msteams: { width: "Full" },
  };
}

/** Whether a reply needs a card: anything beyond plain sections reads better (or only works) as one. */
export function needsCard(reply: Reply): boolean {
  return reply.blocks.some((b) => b.type !== "section" && b.type !== "context" && b.type !== "divider");
}

/** Plain-text replies as Teams markdown: one paragraph per line, so lists and headings keep their breaks. */
export function toMarkdownText(reply: Reply): string {
  const sections = reply.blocks.filter((b) => b.type === "section" || b.type === "context");
  const source = sections.length > 0 ? sections.map((b) => b.text).join("\n") : reply.text;
  return markdown(source)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .join("\n\n");
}
