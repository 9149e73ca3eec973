import type { ParsedNotification } from "../app/notifications.ts";
import type { Locale } from "../app/ports.ts";
import { digestWeek, FIGURE_KEYS } from "../domain/digest.ts";
import { addDays } from "../domain/local-date.ts";
import type { Fail } from "../domain/result.ts";
import { failureText } from "./failures.ts";
import { formatDate } from "./format.ts";
import { texts } from "./locale.ts";
import type { Block, Button, Reply } from "./message.ts";
import type { Texts } from "./texts.ts";

// Replies for the follow-through notifications (reminders, overdue notices, changes, follow-ups, the weekly
// digest) and for the follow-through commands. Neutral message model only; each adapter renders it.

type FollowThroughKind =
  "commitmentReminder" | "commitmentOverdue" | "commitmentChanged" | "followUpReminder" | "weeklyDigest";
export type FollowThroughNotification = Extract<ParsedNotification, { kind: FollowThroughKind }>;
export type DigestNotification = Extract<ParsedNotification, { kind: "weeklyDigest" }>;

/** What the owner can do from a reminder: done, snooze a week, hand over. */
function reminderButtons(t: Texts, n: number): Block {
  const buttons: Button[] = [
    { label: t.doneButton, actionId: "commitment.done", value: String(n), style: "primary" },
    { label: t.ft.snoozeButton, actionId: "commitment.snooze", value: String(n) },
    { label: t.ft.reassignButton, actionId: "commitment.reassign", value: String(n) },
  ];
  return { type: "buttons", buttons };
}

const section = (text: string): Block => ({ type: "section", text });

export function renderFollowThroughNotification(n: FollowThroughNotification, locale: Locale): Reply {
  const t = texts(locale);
  const d = (date: string) => formatDate(date, locale);
  switch (n.kind) {
    case "commitmentReminder": {
      const text = t.ft.reminder[n.when](n.number, n.personRef, n.what, d(n.dueDate));
      return { text, blocks: [section(text), reminderButtons(t, n.number)] };
    }
    case "commitmentOverdue": {
      if (n.role === "owner") {
        const text = t.ft.overdueOwner(n.number, n.personRef, n.what, d(n.dueDate));
        return { text, blocks: [section(text), reminderButtons(t, n.number)] };
      }
      const text = t.ft.overdueCoordinator(n.number, n.personRef, n.what, d(n.dueDate), n.ownerName);
      return { text, blocks: [section(text)] };
    }
    case "commitmentChanged": {
      let text: string;
      if (n.change === "due")
        text = t.ft.dueChanged(
          n.number,
          n.personRef,
          n.what,
          n.oldDue === null ? null : d(n.oldDue),
          n.newDue === null ? "" : d(n.newDue),
          n.byName,
        );
      else if (n.role === "oldOwner")
        text = t.ft.ownerChangedOld(n.number, n.personRef, n.what, n.toName ?? "", n.byName);
      else
        text = t.ft.ownerChangedNew(
          n.number,
          n.personRef,
          n.what,
          n.newDue === null ? null : d(n.newDue),
          n.byName,
        );
      const blocks: Block[] = [section(text)];
      if (n.role !== "oldOwner") blocks.push(reminderButtons(t, n.number));
      return { text, blocks };
    }
    case "followUpReminder": {
      const head = t.ft.followUp(n.personRef, d(n.followUpDate));
      const lines = n.open.map((o) =>
        o.what === null
          ? t.ft.followUpOther(
              o.number,
              t.principalDefinite[o.principal],
              o.dueDate === null ? null : d(o.dueDate),
            )
          : `${o.number}. ${o.what}${o.dueDate === null ? "" : ` – ${t.due(d(o.dueDate))}`}`,
      );
      const list =
        lines.length === 0
          ? t.ft.followUpNone
          : `${t.ft.followUpOpen}\n${lines.map((l) => `• ${l}`).join("\n")}`;
      return { text: `${head}\n${list}`, blocks: [section(head), section(list)] };
    }
    case "weeklyDigest":
      return digestReply(n, locale);
  }
}

const ARROW = { up: "↑", down: "↓", flat: "→" } as const;

/** The digest as a reply; with `textOnly` the chart is left out (its alt text stays in the text). */
export function digestReply(
  n: DigestNotification,
  locale: Locale,
  options: { textOnly?: boolean } = {},
): Reply {
  const t = texts(locale);
  const from = formatDate(n.weekStart, locale);
  const to = formatDate(addDays(n.weekStart, 6), locale);
  const blocks: Block[] = [];
  const lines: string[] = [];
  if (n.units.length === 0) return { text: t.ft.digestNoUnits, blocks: [section(t.ft.digestNoUnits)] };
  for (const u of n.units) {
    const title = t.ft.digestTitle(u.name, n.isoWeek, from, to);
    const fields = FIGURE_KEYS.map((k) => {
      const dir = u.direction[k] ?? "flat";
      const mean = u.previousMean[k] ?? 0;
      return {
        label: t.ft.figure[k],
        value: `${u.figures[k] ?? 0} ${ARROW[dir]} (${t.ft.trendAgainst(String(mean).replace(".", locale === "sv" ? "," : "."))})`,
      };
    });
    const num = (x: number | null) =>
      x === null ? null : String(x).replace(".", locale === "sv" ? "," : ".");
    const medians = [
      t.ft.medianToMeeting(num(u.medianDaysToMeeting)),
      t.ft.medianToFollowUp(num(u.medianDaysToFollowUp)),
    ];
    const overdue =
      u.overdue.length === 0
        ? t.ft.overdueNone
        : [
            t.ft.overdueTitle,
            ...u.overdue.map(
              (o) =>
                `• ${t.ft.overdueLine(o.number, o.personRef, formatDate(o.dueDate, locale), o.daysOverdue)}`,
            ),
          ].join("\n");
    const extra = [
      ...(u.bothPrincipalsRefs.length > 0 ? [t.ft.bothRefs(u.bothPrincipalsRefs.join(", "))] : []),
    ];
    blocks.push(
      section(`*${title}*`),
      { type: "fields", fields },
      section(medians.join("\n")),
      section(overdue),
      ...(extra.length > 0 ? [{ type: "context" as const, text: extra.join("\n") }] : []),
    );
    lines.push(title, ...fields.map((f) => `${f.label}: ${f.value}`), ...medians, overdue, ...extra, "");
  }
  if (n.chart !== null && options.textOnly !== true) {
    blocks.push({
      type: "image",
      image: {
        title: t.ft.chartTitle(
          n.units.map((u) => u.name).join(", "),
          digestWeek(addDays(n.weekStart, -28)).isoWeek,
          n.isoWeek,
        ),
        altText: n.chart.altText,
        pngBase64: n.chart.pngBase64,
      },
    });
  }
  if (n.chart !== null) lines.push(n.chart.altText);
  return { text: lines.join("\n").trim(), blocks };
}

export function reassignFormReply(t: Texts, number: number): Reply {
  return {
    text: t.ft.reassignTitle,
    blocks: [
      {
        type: "form",
        form: {
          actionId: "commitment.reassign.submit",
          value: String(number),
          title: t.ft.reassignTitle,
          submitLabel: t.ft.reassignSubmit,
          fields: [{ type: "text", id: "handle", label: t.ft.reassignHandle, required: true, maxLength: 60 }],
        },
      },
    ],
  };
}

/** Follow-through failures in words (failures.ts holds the sentences of every reason). */
export function followThroughFailure(t: Texts, f: Fail): Reply {
  const text = failureText(t, f);
  return { text, blocks: [section(text)] };
}
