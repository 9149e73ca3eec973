import { z } from "zod";
import type { Action, Form, FormField } from "../../src/conversation/message.ts";
import { LIMITS, type SlackBlock } from "./block-limits.ts";
import { splitEscaped } from "./render-blocks.ts";
import type { SlackTexts } from "./slack-texts.ts";

// A neutral form as a Slack modal, and a submitted modal back as a neutral Action. What the modal is
// about (the action id, the person reference, where to answer) rides in private_metadata, which Slack
// returns unchanged in the signed view_submission; the values are still checked by the core like typed text.

export const MODAL_CALLBACK_ID = "sip.form";

/** Where the answer to a submitted form goes: the conversation it was opened from. */
export interface FormOrigin {
  /** Channel the form was opened from; null from App Home. */
  channel: string | null;
  direct: boolean;
}

const metaSchema = z.object({
  a: z.string().min(1).max(100),
  v: z.string().max(500),
  c: z
    .string()
    .regex(/^[CDG][A-Z0-9]{2,20}$/)
    .nullable(),
  d: z.boolean(),
});

export interface ModalView {
  type: "modal";
  callback_id: string;
  title: { type: "plain_text"; text: string };
  submit: { type: "plain_text"; text: string };
  close: { type: "plain_text"; text: string };
  private_metadata: string;
  blocks: SlackBlock[];
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function plain(text: string, max: number): { type: "plain_text"; text: string } {
  return { type: "plain_text", text: shorten(text.trim() === "" ? "…" : text, max) };
}

function inputFor(field: FormField, t: SlackTexts): SlackBlock {
  const base = {
    type: "input" as const,
    block_id: field.id,
    label: plain(field.label, LIMITS.inputLabel),
    optional: !field.required,
  };
  switch (field.type) {
    case "text":
      return {
        ...base,
        element: {
          type: "plain_text_input",
          action_id: field.id,
          multiline: field.multiline === true,
          max_length: Math.min(field.maxLength, LIMITS.textInputMax),
          ...(field.initial !== undefined && { initial_value: field.initial.slice(0, LIMITS.textInputMax) }),
          ...(field.placeholder !== undefined && {
            placeholder: plain(field.placeholder, LIMITS.placeholder),
          }),
        },
      };
    case "date":
      return { ...base, element: { type: "datepicker", action_id: field.id } };
    case "select": {
      const fits =
        field.options.length > 0 &&
        field.options.length <= LIMITS.optionsPerSelect &&
        field.options.every((o) => o.value.length <= LIMITS.optionValue);
      if (!fits) {
        // Too many choices for a Slack menu: the name is typed, and the core checks it like any input.
        return {
          ...base,
          hint: plain(t.modalTextInstead(LIMITS.optionsPerSelect), LIMITS.placeholder),
          element: { type: "plain_text_input", action_id: field.id, max_length: 200 },
        };
      }
      return {
        ...base,
        element: {
          type: field.multiple === true ? "multi_static_select" : "static_select",
          action_id: field.id,
          options: field.options.map((o) => ({ text: plain(o.label, LIMITS.optionText), value: o.value })),
        },
      };
    }
  }
}

export function formToModal(form: Form, origin: FormOrigin, t: SlackTexts): ModalView {
  const meta = JSON.stringify({ a: form.actionId, v: form.value, c: origin.channel, d: origin.direct });
  const blocks: SlackBlock[] = [];
  if (form.title.length > LIMITS.viewTitle) {
    // The modal's title bar is short; the whole title stands above the fields.
    blocks.push(
      ...splitEscaped(`*${form.title}*`, LIMITS.sectionText).map((text): SlackBlock => ({
        type: "section",
        text: { type: "mrkdwn", text },
      })),
    );
  }
  blocks.push(...form.fields.map((f) => inputFor(f, t)));
  return {
    type: "modal",
    callback_id: MODAL_CALLBACK_ID,
    title: plain(form.title, LIMITS.viewTitle),
    submit: plain(form.submitLabel, LIMITS.viewButton),
    close: plain(t.close, LIMITS.viewButton),
    private_metadata: meta,
    blocks,
  };
}

const FIELD_ID = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_VALUE = 3000;
const option = z.object({ value: z.string().max(LIMITS.optionValue) });
const stateValue = z.object({
  value: z.string().max(MAX_VALUE).nullish(),
  selected_option: option.nullish(),
  selected_options: z.array(option).max(LIMITS.optionsPerSelect).nullish(),
  selected_date: z.string().max(10).nullish(),
});
const viewSchema = z.object({
  callback_id: z.literal(MODAL_CALLBACK_ID),
  private_metadata: z.string().max(LIMITS.privateMetadata),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
});

/** The submission as the neutral Action plus where to answer; null for a view that is not ours or is malformed. */
export function readSubmission(view: unknown): { action: Action; origin: FormOrigin } | null {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return null;
  let meta: z.infer<typeof metaSchema>;
  try {
    const m = metaSchema.safeParse(JSON.parse(parsed.data.private_metadata));
    if (!m.success) return null;
    meta = m.data;
  } catch {
    return null;
  }
  const form: Record<string, string> = {};
  const entries = Object.entries(parsed.data.state.values);
  if (entries.length > 50) return null;
  for (const [blockId, actions] of entries) {
    const value = actions[blockId];
    if (!FIELD_ID.test(blockId) || value === undefined) continue;
    form[blockId] =
      value.selected_options?.map((o) => o.value).join(",") ??
      value.selected_option?.value ??
      value.selected_date ??
      value.value ??
      "";
  }
  return { action: { actionId: meta.a, value: meta.v, form }, origin: { channel: meta.c, direct: meta.d } };
}
