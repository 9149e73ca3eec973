import type { EffortRegistration } from "../app/efforts.ts";
import type { CommitmentRecord, Locale, UnitRecord } from "../app/ports.ts";
import type { ResponsibilityView } from "../app/responsibility.ts";
import { isOverdue } from "../domain/commitment.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import { effortName, formatDate } from "./format.ts";
import type { Block, Reply } from "./message.ts";
import type { Texts } from "./texts.ts";

// Replies built from use-case results, in the neutral message model. No platform markup here: *bold* and
// `code` are the only emphasis, and each adapter maps them to its own.

export interface ViewContext {
  t: Texts;
  locale: Locale;
  taxonomy: EffortTaxonomy;
  today: LocalDate;
}

export function helpReply({ t }: ViewContext): Reply {
  return {
    text: [t.helpTitle, ...t.helpLines].join("\n"),
    blocks: [
      { type: "section", text: `*${t.helpTitle}*` },
      { type: "section", text: t.helpLines.map((l) => `• ${l}`).join("\n") },
    ],
  };
}

export function suggestionBlocks(t: Texts, ref: string, text: string): Block[] {
  return [
    { type: "section", text },
    {
      type: "buttons",
      buttons: [
        { label: t.startButton, actionId: "sip.start", value: ref, style: "primary" },
        { label: t.dismissButton, actionId: "sip.dismiss", value: ref },
      ],
    },
  ];
}

export function effortRegisteredReply(
  ctx: ViewContext,
  r: EffortRegistration,
  suggestionText: string | null,
): Reply {
  const { t, locale } = ctx;
  const line = t.effortRegistered(
    r.personRef,
    locale === "en" ? r.kind.en : r.kind.sv,
    t.principalDefinite[r.effort.principal],
  );
  if (r.suggestion === null || suggestionText === null)
    return { text: line, blocks: [{ type: "section", text: line }] };
  return {
    text: `${line}\n${suggestionText}`,
    blocks: [
      { type: "section", text: line },
      { type: "divider" },
      ...suggestionBlocks(t, r.personRef, suggestionText),
    ],
  };
}

export function principalChoiceReply(ctx: ViewContext, ref: string, effortCode: string): Reply {
  const { t } = ctx;
  const name = effortName(ctx.taxonomy, effortCode, ctx.locale);
  const text = t.principalUnclear(name);
  return {
    text,
    blocks: [
      { type: "section", text },
      {
        type: "buttons",
        buttons: (["MUNICIPALITY", "REGION", "OTHER"] as const).map((p) => ({
          label: t.principal[p],
          actionId: "effort.principal",
          value: JSON.stringify({ ref, effort: effortCode, principal: p }),
        })),
      },
    ],
  };
}

export function dismissFormReply({ t }: ViewContext, ref: string): Reply {
  return {
    text: t.dismissTitle,
    blocks: [
      {
        type: "form",
        form: {
          actionId: "sip.dismiss.submit",
          value: ref,
          title: t.dismissTitle,
          submitLabel: t.dismissSubmit,
          fields: [
            {
              type: "text",
              id: "reason",
              label: t.dismissReason,
              required: true,
              multiline: true,
              maxLength: 300,
            },
          ],
        },
      },
    ],
  };
}

export function consentFormReply({ t }: ViewContext, ref: string): Reply {
  return {
    text: t.consentFormTitle(ref),
    blocks: [
      {
        type: "form",
        form: {
          actionId: "consent.submit",
          value: ref,
          title: t.consentFormTitle(ref),
          submitLabel: t.consentSubmit,
          fields: [
            {
              type: "select",
              id: "principals",
              label: t.consentPrincipals,
              required: true,
              multiple: true,
              options: (["MUNICIPALITY", "REGION", "OTHER"] as const).map((p) => ({
                label: t.principal[p],
                value: p,
              })),
            },
            { type: "date", id: "validTo", label: t.consentValidTo, required: false },
            { type: "text", id: "parties", label: t.consentParties, required: false, maxLength: 500 },
            {
              type: "text",
              id: "exclusions",
              label: t.consentExclusions,
              required: false,
              multiline: true,
              maxLength: 500,
            },
            {
              type: "select",
              id: "givenBy",
              label: t.consentGivenBy,
              required: true,
              options: (["PERSON", "GUARDIAN", "LEGAL_REPRESENTATIVE"] as const).map((g) => ({
                label: t.givenBy[g],
                value: g,
              })),
            },
          ],
        },
      },
    ],
  };
}

export function registerFormReply({ t }: ViewContext, units: UnitRecord[]): Reply {
  return {
    text: t.unknownUser,
    blocks: [
      { type: "section", text: t.unknownUser },
      {
        type: "form",
        form: {
          actionId: "staff.register",
          value: "",
          title: t.registerTitle,
          submitLabel: t.registerSubmit,
          fields: [
            { type: "text", id: "displayName", label: t.registerName, required: true, maxLength: 80 },
            { type: "text", id: "handle", label: t.registerHandle, required: true, maxLength: 32 },
            {
              type: "select",
              id: "unit",
              label: t.registerUnit,
              required: true,
              options: units.map((u) => ({
                label: `${u.name} (${t.principal[u.principal]})`,
                value: u.name,
              })),
            },
          ],
        },
      },
    ],
  };
}

function ownerName(t: Texts, c: CommitmentRecord): string {
  return c.ownerStaffName ?? c.ownerUnitName ?? c.ownerLabel ?? t.principal[c.principal];
}

function commitmentLine(ctx: ViewContext, c: CommitmentRecord, withRef: boolean): string {
  const { t, locale, today } = ctx;
  const due = c.dueDate === null ? t.noDue : t.due(formatDate(c.dueDate, locale));
  const flags = c.status === "DONE" ? ` (${t.statusDone})` : isOverdue(c, today) ? ` – *${t.overdue}*` : "";
  return `#${c.number}${withRef ? ` ${c.personRef}` : ""}: ${ownerName(t, c)} – ${c.what} (${due})${flags}`;
}

export function commitmentLoggedReply(ctx: ViewContext, c: CommitmentRecord): Reply {
  const { t, locale } = ctx;
  const text = t.commitmentLogged(
    c.number,
    c.personRef,
    ownerName(t, c),
    c.what,
    c.dueDate ? formatDate(c.dueDate, locale) : null,
  );
  return { text, blocks: [{ type: "section", text }] };
}

export function mineReply(ctx: ViewContext, list: CommitmentRecord[]): Reply {
  const { t } = ctx;
  if (list.length === 0) return { text: t.mineEmpty, blocks: [{ type: "section", text: t.mineEmpty }] };
  const lines = list.map((c) => commitmentLine(ctx, c, true));
  return {
    text: [t.mineTitle, ...lines].join("\n"),
    blocks: [
      { type: "section", text: `*${t.mineTitle}*` },
      ...list.flatMap((c, i): Block[] => [
        { type: "section", text: lines[i] ?? "" },
        {
          type: "buttons",
          buttons: [
            { label: `${t.doneButton} #${c.number}`, actionId: "commitment.done", value: String(c.number) },
          ],
        },
      ]),
    ],
  };
}

export function whoReply(ctx: ViewContext, v: ResponsibilityView): Reply {
  const { t, locale } = ctx;
  const blocks: Block[] = [{ type: "section", text: `*${t.whoTitle(v.personRef)}*` }];
  const head = [
    v.sipState === null ? t.whoNoSip : t.whoState(t.sipState[v.sipState]),
    t.whoOverall(v.overallResponsibility === null ? null : t.principalDefinite[v.overallResponsibility]),
    t.whoFollowUp(v.followUpDate === null ? null : formatDate(v.followUpDate, locale)),
  ];
  blocks.push({ type: "context", text: head.join(" · ") });
  const lines = [t.whoTitle(v.personRef), head.join(" · ")];
  for (const s of v.sections) {
    if (s.principal === "OTHER" && s.efforts.length === 0 && s.commitments.length === 0) continue;
    const efforts = s.efforts.map(
      (e) => effortName(ctx.taxonomy, e.kind, locale) + (e.unitName ? ` (${e.unitName})` : ""),
    );
    const commitments = s.commitments.map((c) => commitmentLine(ctx, c, false));
    blocks.push({ type: "divider" });
    blocks.push({ type: "section", text: `*${t.principal[s.principal]}*` });
    blocks.push({
      type: "fields",
      fields: [
        { label: t.whoEfforts, value: efforts.length > 0 ? efforts.join("\n") : t.whoNothing },
        { label: t.whoCommitments, value: commitments.length > 0 ? commitments.join("\n") : t.whoNothing },
      ],
    });
    lines.push(`${t.principal[s.principal]}:`, `  ${t.whoEfforts}: ${efforts.join(", ") || t.whoNothing}`);
    lines.push(
      `  ${t.whoCommitments}: ${commitments.length > 0 ? "" : t.whoNothing}`,
      ...commitments.map((c) => `    ${c}`),
    );
  }
  const notes = [
    ...(v.withheld ? [t.whoWithheld] : []),
    ...(v.exclusions.length > 0 ? [t.whoExclusions(v.exclusions.join("; "))] : []),
    ...v.missing.map((m) => t.whoMissing[m]),
  ];
  if (notes.length > 0) {
    blocks.push({ type: "context", text: notes.join("\n") });
    lines.push(...notes);
  }
  return { text: lines.join("\n"), blocks };
}
