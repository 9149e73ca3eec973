// Slack's documented Block Kit limits (docs.slack.dev/reference/block-kit). Going over one makes Slack
// refuse the whole message with invalid_blocks, so the renderer stays inside them and the tests check
// every rendered reply against this one table.
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextText: 3000,
  elementsPerActions: 25,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  /** The top-level `text` is truncated by Slack beyond this; ours is only the notification fallback. */
  messageText: 40000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  textInputMax: 3000,
} as const;

export type TextObject =
  { type: "plain_text"; text: string; emoji?: boolean } | { type: "mrkdwn"; text: string };

export interface ButtonElement {
  type: "button";
  text: { type: "plain_text"; text: string; emoji?: boolean };
  action_id: string;
  value: string;
  style?: "primary" | "danger";
}

export type SlackBlock =
  | { type: "section"; text?: TextObject; fields?: TextObject[]; block_id?: string }
  | { type: "actions"; elements: ButtonElement[]; block_id?: string }
  | { type: "context"; elements: TextObject[] }
  | { type: "divider" }
  | {
      type: "input";
      block_id: string;
      label: TextObject;
      optional: boolean;
      element: Record<string, unknown>;
      hint?: TextObject;
    };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Every limit a message breaks, as readable strings (empty when it is fine). Used by tests and a guard. */
export function limitProblems(blocks: SlackBlock[], maxBlocks: number = LIMITS.blocksPerMessage): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  const seenIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.type === "section") {
      if (b.text !== undefined && b.text.text.length > LIMITS.sectionText)
        problems.push(`${at}: text too long`);
      if (b.text !== undefined && b.text.text.length === 0) problems.push(`${at}: empty text`);
      if (b.fields !== undefined) {
        if (b.fields.length > LIMITS.fieldsPerSection) problems.push(`${at}: too many fields`);
        for (const f of b.fields)
          if (f.text.length > LIMITS.fieldText) problems.push(`${at}: field too long`);
      }
    } else if (b.type === "context") {
      for (const e of b.elements)
        if (e.text.length > LIMITS.contextText) problems.push(`${at}: text too long`);
    } else if (b.type === "input") {
      if (b.label.text.length > LIMITS.inputLabel || b.label.text.length === 0) problems.push(`${at}: label`);
      if (b.block_id.length > LIMITS.blockId) problems.push(`${at}: block_id too long`);
      const options = (b.element.options ?? []) as { text: { text: string }; value: string }[];
      if (options.length > LIMITS.optionsPerSelect) problems.push(`${at}: too many options`);
      for (const o of options)
        if (o.text.text.length > LIMITS.optionText || o.value.length > LIMITS.optionValue)
          problems.push(`${at}: option too long`);
      const max = b.element.max_length;
      if (typeof max === "number" && max > LIMITS.textInputMax) problems.push(`${at}: max_length`);
    } else if (b.type === "actions") {
      if (b.elements.length > LIMITS.elementsPerActions) problems.push(`${at}: too many elements`);
      for (const e of b.elements) {
        if (e.text.text.length > LIMITS.buttonText || e.text.text.length === 0)
          problems.push(`${at}: button text`);
        if (e.action_id.length > LIMITS.actionId) problems.push(`${at}: action_id too long`);
        if (e.value.length > LIMITS.buttonValue) problems.push(`${at}: value too long`);
        // Slack refuses two elements with one action_id in a message.
        if (seenIds.has(e.action_id)) problems.push(`${at}: duplicate action_id ${e.action_id}`);
        seenIds.add(e.action_id);
      }
    }
  });
  return problems;
}
