import { z } from "zod";
import type { Action } from "../../src/conversation/message.ts";
import { INPUT_PREFIX, VALUE_KEY } from "./render-card.ts";

// An `adaptiveCard/action` invoke back into the neutral Action. Everything here came from the client and
// is as untrusted as typed text: the shape is checked and sizes are bounded; the conversation core then
// checks the meaning (src/conversation/actions.ts).

const MAX_FIELDS = 30;
const MAX_FIELD_LENGTH = 2_000;

const invokeValue = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

export function cardAction(value: unknown): Action | null {
  const parsed = invokeValue.safeParse(value);
  if (!parsed.success) return null;
  const { verb, data = {} } = parsed.data.action;
  const raw = data[VALUE_KEY] ?? "";
  if (typeof raw !== "string" || raw.length > 500) return null;
  const form: Record<string, string> = {};
  const inputs = Object.entries(data).filter(([k]) => k.startsWith(INPUT_PREFIX));
  if (inputs.length > MAX_FIELDS) return null;
  for (const [key, v] of inputs) {
    // Teams sends every input as a string (a multi-select as "A,B"); anything else did not come from our card.
    if (typeof v !== "string" || v.length > MAX_FIELD_LENGTH) return null;
    form[key.slice(INPUT_PREFIX.length)] = v;
  }
  return { actionId: verb, value: raw, ...(inputs.length > 0 && { form }) };
}
