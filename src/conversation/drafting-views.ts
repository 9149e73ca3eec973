import type { AgendaDraft, QuestionsDraft } from "../app/drafting.ts";
import { agendaFingerprint, MAX_AGENDA_TEXT } from "../app/drafting-agenda.ts";
import type { DraftSource } from "../app/drafting-port.ts";
import { draftingTexts } from "../app/drafting-templates.ts";
import type { FreeTextUnderstanding, ProposedOwner } from "../domain/free-text.ts";
import { ownerToken } from "../domain/free-text.ts";
import { effortName, formatDate } from "./format.ts";
import type { Block, Button, Reply } from "./message.ts";
import type { ViewContext } from "./views.ts";

// Replies for drafts and proposals. Drafts are shown as drafts, with where they came from; proposals
// each get their own confirm button, whose value carries exactly what will be stored, so that pressing it
// runs the same command typing would and nothing else.

// Buttons carry at most this much (see actions.ts); a longer proposal is offered as a command instead.
const MAX_BUTTON_VALUE = 500;

function sourceLine(ctx: ViewContext, source: DraftSource): string {
  const d = ctx.t.drafting;
  if (source.kind === "model") return d.sourceModel;
  return source.fallback === null ? d.sourceTemplate : d.sourceFallback;
}

export function agendaReply(ctx: ViewContext, draft: AgendaDraft): Reply {
  const d = ctx.t.drafting;
  const title = d.agendaTitle(draft.ref);
  const lines = [title, ""];
  const blocks: Block[] = [
    { type: "section", text: `*${title}*` },
    { type: "context", text: `${d.draftNote} ${sourceLine(ctx, draft.source)}` },
  ];
  draft.sections.forEach((s, i) => {
    const heading = `${i + 1}. ${s.title}`;
    blocks.push({ type: "section", text: `*${heading}*\n${s.points.map((p) => `• ${p}`).join("\n")}` });
    lines.push(heading, ...s.points.map((p) => `   • ${p}`));
  });
  lines.push("", d.draftNote);
  blocks.push({
    type: "buttons",
    buttons: [{ label: d.acceptAgenda, actionId: "agenda.accept", value: draft.ref, style: "primary" }],
  });
  // The same agenda as a text file: easy to edit and to attach to the invitation once accepted.
  blocks.push({
    type: "file",
    file: { filename: `dagordning-${draft.ref}.txt`, mimeType: "text/plain", content: lines.join("\n") },
  });
  return { text: [...lines, sourceLine(ctx, draft.source)].join("\n"), blocks };
}

/**
 * The draft in an editable text field; submitting it accepts the text as it then reads. The form's value
 * carries the reference, the draft's source and a fingerprint of the draft, so the submission can tell
 * whether the text was edited.
 */
export function agendaEditReply(ctx: ViewContext, ref: string, draft: AgendaDraft, text: string): Reply {
  const d = ctx.t.drafting;
  const value = JSON.stringify({
    r: ref,
    s: draft.source.kind === "model" ? "m" : "t",
    h: agendaFingerprint(text),
  });
  return {
    text: d.editAgendaTitle(ref),
    blocks: [
      {
        type: "form",
        form: {
          actionId: "agenda.save",
          value,
          title: d.editAgendaTitle(ref),
          submitLabel: d.saveAgenda,
          fields: [
            {
              type: "text",
              id: "agenda",
              label: d.agendaField,
              required: true,
              multiline: true,
              maxLength: MAX_AGENDA_TEXT,
              initial: text,
            },
          ],
        },
      },
    ],
  };
}

export function questionsReply(ctx: ViewContext, draft: QuestionsDraft): Reply {
  const d = ctx.t.drafting;
  const title = d.questionsTitle(draft.ref);
  const blocks: Block[] = [
    { type: "section", text: `*${title}*` },
    { type: "context", text: `${d.draftNote} ${sourceLine(ctx, draft.source)}` },
  ];
  const lines = [title];
  for (const r of draft.roles) {
    const roleTitle = draftingTexts(ctx.locale).roleTitle[r.role];
    blocks.push({ type: "section", text: `*${roleTitle}*\n${r.questions.map((q) => `• ${q}`).join("\n")}` });
    lines.push("", roleTitle, ...r.questions.map((q) => `   • ${q}`));
  }
  lines.push("", sourceLine(ctx, draft.source));
  return { text: lines.join("\n"), blocks };
}

function ownerLabel(owner: ProposedOwner): string {
  switch (owner.kind) {
    case "staff":
      return `@${owner.handle}`;
    case "unit":
      return `"${owner.name}"`;
    case "other":
      return owner.label;
  }
}

function rejectButton(ctx: ViewContext): Button {
  return { label: ctx.t.drafting.reject, actionId: "proposal.reject", value: "-" };
}

/** Each proposal with its own buttons; `ref` is the one person the message is about. */
export function proposalsReply(ctx: ViewContext, ref: string, u: FreeTextUnderstanding): Reply {
  const { t, locale } = ctx;
  const d = t.drafting;
  const blocks: Block[] = [{ type: "section", text: d.understood }];
  const lines = [d.understood];
  for (const e of u.efforts) {
    const name = effortName(ctx.taxonomy, e.code, locale);
    if (e.principal === null) {
      const text = d.proposalEffortAskPrincipal(name);
      lines.push(`• ${text}`);
      blocks.push({ type: "section", text });
      blocks.push({
        type: "buttons",
        buttons: [
          ...(["MUNICIPALITY", "REGION", "OTHER"] as const).map((p) => ({
            label: t.principal[p],
            actionId: "effort.principal",
            value: JSON.stringify({ ref, effort: e.code, principal: p }),
          })),
          rejectButton(ctx),
        ],
      });
      continue;
    }
    const text = d.proposalEffort(name, t.principalDefinite[e.principal]);
    lines.push(`• ${text}`);
    blocks.push({ type: "section", text });
    blocks.push({
      type: "buttons",
      buttons: [
        {
          label: d.confirmEffort,
          actionId: "effort.principal",
          value: JSON.stringify({ ref, effort: e.code, principal: e.principal }),
          style: "primary",
        },
        rejectButton(ctx),
      ],
    });
  }
  for (const c of u.commitments) {
    const text = d.proposalCommitment(
      ownerLabel(c.owner),
      c.what,
      c.dueDate === null ? null : formatDate(c.dueDate, locale),
    );
    lines.push(`• ${text}`);
    blocks.push({ type: "section", text });
    const value = JSON.stringify({ ref, owner: ownerToken(c.owner), what: c.what, due: c.dueDate });
    if (value.length > MAX_BUTTON_VALUE) {
      blocks.push({ type: "context", text: d.tooLongForButton });
      continue;
    }
    blocks.push({
      type: "buttons",
      buttons: [
        { label: d.confirmCommitment, actionId: "proposal.commit", value, style: "primary" },
        rejectButton(ctx),
      ],
    });
  }
  return { text: lines.join("\n"), blocks };
}

/** What was understood, without buttons, when the message does not say which one person it is about. */
export function proposalsWithoutRefReply(ctx: ViewContext, u: FreeTextUnderstanding, note: string): Reply {
  const { t, locale } = ctx;
  const d = t.drafting;
  const lines = [
    ...u.efforts.map(
      (e) =>
        `• ${d.proposalEffortAskPrincipal(effortName(ctx.taxonomy, e.code, locale)).split(".")[0] ?? ""}`,
    ),
    ...u.commitments.map(
      (c) =>
        `• ${d.proposalCommitment(ownerLabel(c.owner), c.what, c.dueDate === null ? null : formatDate(c.dueDate, locale))}`,
    ),
  ];
  const text = [note, ...lines].join("\n");
  return { text, blocks: [{ type: "section", text }] };
}
