import { z } from "zod";
import { type Parsed, parseCommand } from "../../src/conversation/commands.ts";
import { parsePersonRef } from "../../src/domain/person-ref.ts";
import type { LocalDate } from "../../src/domain/local-date.ts";
import { LIMITS, type SlackBlock } from "./block-limits.ts";
import type { FormOrigin, ModalView } from "./render-modal.ts";
import type { SlackTexts } from "./slack-texts.ts";

// "/sip åtagande K-7F3Q" with nothing after it opens a modal with Slack's own people and date pickers. The
// modal only helps to write the command: its answers are composed into the same text a user would type,
// checked with the core's own parser, and run as typed text, so the modal can never do more than typing.

export const COMMIT_CALLBACK_ID = "sip.commit";
const VERB = /^\/?sip\s+(åtagande|atagande|commit)\s+(\S+)\s*$/i;
const MAX_WHAT = 500;
const MAX_OTHER = 80;

/** The person reference when the text asks for a commitment and gives nothing else; otherwise null. */
export function commitIntent(text: string): string | null {
  const m = VERB.exec(text.normalize("NFC").trim());
  return m === null ? null : parsePersonRef(m[2] ?? "");
}

function plain(text: string, max: number): { type: "plain_text"; text: string } {
  return { type: "plain_text", text: text.length <= max ? text : `${text.slice(0, max - 1)}…` };
}

export function commitmentModal(ref: string, origin: FormOrigin, t: SlackTexts): ModalView {
  const input = (
    id: string,
    label: string,
    optional: boolean,
    element: Record<string, unknown>,
  ): SlackBlock => ({
    type: "input",
    block_id: id,
    label: plain(label, LIMITS.inputLabel),
    optional,
    element: { action_id: id, ...element },
  });
  return {
    type: "modal",
    callback_id: COMMIT_CALLBACK_ID,
    title: plain(t.commitTitle, LIMITS.viewTitle),
    submit: plain(t.commitSubmit, LIMITS.viewButton),
    close: plain(t.close, LIMITS.viewButton),
    private_metadata: JSON.stringify({ r: ref, c: origin.channel, d: origin.direct }),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${ref}*` } },
      input("what", t.commitWhat, false, { type: "plain_text_input", multiline: true, max_length: MAX_WHAT }),
      input("owner", t.commitOwner, true, { type: "users_select" }),
      input("ownerOther", t.commitOwnerOther, true, { type: "plain_text_input", max_length: MAX_OTHER }),
      input("due", t.commitDue, true, { type: "datepicker" }),
    ],
  };
}

const value = z
  .object({
    value: z.string().max(LIMITS.textInputMax).nullish(),
    selected_user: z.string().max(30).nullish(),
    selected_date: z.string().max(10).nullish(),
  })
  .nullish();
const viewSchema = z.object({
  callback_id: z.literal(COMMIT_CALLBACK_ID),
  private_metadata: z.string().max(LIMITS.privateMetadata),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), value)) }),
});
const metaSchema = z.object({
  r: z.string().max(20),
  c: z
    .string()
    .regex(/^[CDG][A-Z0-9]{2,20}$/)
    .nullable(),
  d: z.boolean(),
});

export interface CommitmentAnswers {
  ref: string;
  origin: FormOrigin;
  what: string;
  ownerUser: string | null;
  ownerOther: string | null;
  due: string | null;
}

/** The answers, or field errors to show in the modal (Slack keeps it open), or null for a view not ours. */
export function readCommitment(
  view: unknown,
  t: SlackTexts,
): { answers: CommitmentAnswers } | { errors: Record<string, string> } | null {
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
  const ref = parsePersonRef(meta.r);
  if (ref === null) return null;
  const v = parsed.data.state.values;
  const text = (id: string) => v[id]?.[id]?.value?.trim() ?? "";
  const what = text("what").replace(/\s+/g, " ");
  const ownerOther = text("ownerOther");
  const ownerUser = v.owner?.owner?.selected_user ?? null;
  const due = v.due?.due?.selected_date ?? null;
  const errors: Record<string, string> = {};
  if (what === "" || what.length > MAX_WHAT) errors.what = t.commitWhatMissing;
  if (ownerUser === null && ownerOther === "") errors.owner = t.commitOwnerMissing;
  if (ownerUser !== null && ownerOther !== "") errors.ownerOther = t.commitOwnerBoth;
  if (ownerOther.length > MAX_OTHER || ownerOther.includes('"')) errors.ownerOther = t.commitOwnerBad;
  if (due !== null && !/^\d{4}-\d{2}-\d{2}$/.test(due)) errors.due = t.commitOwnerBad;
  if (Object.keys(errors).length > 0) return { errors };
  return {
    answers: {
      ref,
      origin: { channel: meta.c, direct: meta.d },
      what,
      ownerUser,
      ownerOther: ownerOther === "" ? null : ownerOther,
      due,
    },
  };
}

function matches(p: Parsed, owner: string, what: string, due: string | null): boolean {
  if (!p.ok || p.command.name !== "commit") return false;
  const o = p.command.owner;
  const label = o.kind === "staff" ? `@${o.handle}` : o.kind === "unit" ? o.name : o.label;
  return label.toLowerCase() === owner.toLowerCase() && p.command.what === what && p.command.dueDate === due;
}

/**
 * The command a user would type for these answers (`ownerToken` is "@handle" or the other owner's words),
 * or null when no way of writing it parses back to exactly these answers (e.g. a text that itself ends
 * in "senast fredag" without a due date).
 */
export function commitCommand(a: CommitmentAnswers, ownerToken: string, today: LocalDate): string | null {
  const what = a.what.replace(/"/g, "");
  const tail = `${what}${a.due === null ? "" : ` senast ${a.due}`}`;
  const owners = ownerToken.includes(" ") ? [ownerToken, `"${ownerToken}"`] : [ownerToken];
  for (const owner of owners) {
    const text = `sip åtagande ${a.ref} ${owner} ${tail}`;
    if (matches(parseCommand(text, today), ownerToken, what, a.due)) return text;
  }
  return null;
}
